"""FakeRequest: PTB's network layer, answered in-process by a FakeTelegram instead of api.telegram.org."""

from __future__ import annotations

from typing import Any

from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import FieldTuple, ODVInput
from telegram.request import BaseRequest, RequestData

from bot.fake_telegram.methods import answer_call
from bot.fake_telegram.records import UploadPart
from bot.fake_telegram.state import FakeTelegram


class FakeRequest(BaseRequest):
    """A BaseRequest bound to a FakeTelegram; pass one as `request` and one as `get_updates_request`."""

    def __init__(self, fake: FakeTelegram, *, read_timeout: float | None = 5.0) -> None:
        self.fake = fake
        self._read_timeout = read_timeout

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout PTB adds to getUpdates' long-poll timeout."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Nothing to open: there is no connection pool."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Answer one HTTP request ({base_url}{token}/{method}) with Telegram's status and JSON body."""
        endpoint = url.rsplit("/", 1)[-1]
        params: dict[str, Any] = {}
        uploads: dict[str, UploadPart] = {}
        if request_data is not None:
            # Encoding like the real transport does surfaces values that can't go over the wire.
            request_data.json_parameters  # noqa: B018
            params = dict(request_data.parameters)
            uploads = {name: _upload_part(field) for name, field in request_data.multipart_data.items()}
        return await answer_call(self.fake, endpoint, params, uploads)


def _upload_part(field: FieldTuple) -> UploadPart:
    filename, content, mime_type = field
    # PTB reads files into memory unless asked not to; then the part is an open binary handle.
    data = content if isinstance(content, bytes) else content.read()
    return UploadPart(filename=filename, content=data, mime_type=mime_type)
