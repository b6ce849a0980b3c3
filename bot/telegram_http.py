"""The Bot API over aiohttp: PTB's BaseRequest interface, for every call the bot makes to Telegram.

Why not PTB's HTTPXRequest: under bench/load.py, httpx took over 40% of the bot's CPU. For each request
httpcore walks every pooled connection and asks anyio whether it has expired, which builds a dict of
socket attributes with system calls each time; with the 16 updates the webhook handles at once that
is 16+ connections per call. aiohttp keeps idle connections in a per-host queue and parses HTTP in C.

The contract is PTB's (telegram.request.BaseRequest.do_request): return the status code and body of
any answer (PTB turns 4xx/5xx into its exceptions), raise TimedOut when a timeout expires and
NetworkError for anything else that kept the call from completing. Parameters go as one JSON body
(the Bot API takes application/json for every call without files), or as multipart, the way HTTPXRequest
sends them, when files are uploaded. HTTPXRequest's urlencoded form percent-quoted every character of
the JSON-encoded keyboards one by one in Python: about 6% of the bot's CPU under bench/load.py. An HTTP
proxy comes from the environment (HTTPS_PROXY, NO_PROXY), as with httpx; SOCKS proxies are not supported.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit
from urllib.request import getproxies, proxy_bypass

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput, UploadFileDict
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

_TOKEN = re.compile(r"\d+:[A-Za-z0-9_-]{20,}")
# The slowest uplink an upload is given time for (on top of the media write timeout): 32 KB/s.
SLOW_UPLINK_BYTES_PER_SECOND = 32 * 1024
_JSON_HEADERS = {"Content-Type": "application/json"}


class AiohttpRequest(BaseRequest):
    """A BaseRequest on one aiohttp ClientSession; PTB's timeout defaults and semantics."""

    __slots__ = (
        "_connect_timeout",
        "_media_write_timeout",
        "_pool_size",
        "_pool_timeout",
        "_proxies",
        "_read_timeout",
        "_session",
        "_shut_down",
        "_write_timeout",
    )

    def __init__(
        self,
        connection_pool_size: int = 256,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None
        self._shut_down = False
        self._proxies: dict[str, str | None] = {}

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout (PTB adds it to getUpdates' long-poll timeout)."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Open the client session (again, after a shutdown)."""
        self._shut_down = False
        self._open()

    async def shutdown(self) -> None:
        """Close the session and its connections; calls fail until initialize() runs again."""
        self._shut_down = True
        if self._session is not None and not self._session.closed:
            await self._session.close()

    def _open(self) -> aiohttp.ClientSession:
        """The session, created on first use: like HTTPXRequest, calls work before initialize()."""
        if self._shut_down:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size, limit_per_host=self._pool_size)
            self._session = aiohttp.ClientSession(
                connector=connector,
                headers={"User-Agent": self.USER_AGENT},
                timeout=aiohttp.ClientTimeout(total=None),
            )
        return self._session

    def _proxy_for(self, url: str) -> str | None:
        """The HTTP(S)_PROXY for this URL's host unless NO_PROXY exempts it; looked up once per host.

        (aiohttp's trust_env would redo this, reading ~/.netrc in a thread, on every request.)
        """
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        if key not in self._proxies:
            proxy = getproxies().get(parts.scheme)
            self._proxies[key] = None if proxy is None or proxy_bypass(parts.hostname or "") else proxy
        return self._proxies[key]

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Make one call; see telegram.request.BaseRequest.do_request."""
        session = self._open()
        files = request_data.multipart_data if request_data else None
        read = _given(read_timeout, self._read_timeout)
        write = _given(write_timeout, self._media_write_timeout if files else self._write_timeout)
        if files and write is not None:
            # httpx times each socket write, so a slow upload that keeps moving never times out. aiohttp only
            # bounds the whole call: give an upload time for its size at a slow uplink's pace as well.
            write += _upload_size(files) / SLOW_UPLINK_BYTES_PER_SECOND
        connect = _given(connect_timeout, self._connect_timeout)
        pool = _given(pool_timeout, self._pool_timeout)
        # aiohttp times the wait for a pooled connection together with opening one ("connect"), and
        # each read ("sock_read"); it has no write timeout, so the whole call is also bounded by the sum.
        timeout = aiohttp.ClientTimeout(
            total=_sum(connect, pool, write, read),
            connect=_sum(connect, pool),
            sock_connect=connect,
            sock_read=read,
        )
        data = _body(request_data, files)
        headers = _JSON_HEADERS if isinstance(data, bytes) else None
        try:
            proxy = self._proxy_for(url)
            # Redirects are not followed, as with httpx: the Bot API never redirects, and aiohttp would turn
            # the POST into a GET without a body.
            async with session.request(
                method, url, data=data, headers=headers, timeout=timeout, proxy=proxy, allow_redirects=False
            ) as response:
                return response.status, await response.read()
        # Some aiohttp errors quote the URL, which holds the token: the message is scrubbed, and the original
        # exception is not chained (`from None`), so no traceback printer can reveal it.
        except TimeoutError as err:
            raise TimedOut(f"Timed out ({_described(err)})") from None
        except aiohttp.ClientError as err:
            raise NetworkError(_described(err)) from None


def _described(error: BaseException) -> str:
    """The error's class and message, with any bot token in it replaced."""
    return f"aiohttp.{type(error).__name__}: {_TOKEN.sub('<token>', str(error))}"


def _upload_size(files: UploadFileDict) -> int:
    """Bytes to upload (file handles count as nothing; the bot uploads bytes it built)."""
    return sum(len(content) for _name, content, _mime in files.values() if isinstance(content, bytes))


def _given(value: ODVInput[float], default: float | None) -> float | None:
    """The timeout passed for this call, or the instance's default when none was."""
    return default if isinstance(value, DefaultValue) else value


def _sum(*parts: float | None) -> float | None:
    """The sum of timeouts; None (no limit) when any part has no limit."""
    return None if any(part is None for part in parts) else sum(part for part in parts if part is not None)


def _body(request_data: RequestData | None, files: UploadFileDict | None) -> aiohttp.FormData | bytes | None:
    """PTB's parameters as a JSON object, or as multipart when there are files to upload."""
    if request_data is None:
        return None
    if not files:
        # `parameters` holds JSON-ready values (PTB has turned objects into dicts and dates into timestamps).
        return json.dumps(request_data.parameters).encode()
    fields = request_data.json_parameters
    form = aiohttp.FormData(quote_fields=False)
    for name, value in fields.items():
        form.add_field(name, value)
    for name, (filename, content, mime_type) in files.items():
        form.add_field(name, content, filename=filename, content_type=mime_type)
    return form
