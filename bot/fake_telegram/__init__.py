"""An in-process fake of the Telegram Bot API, plugged into PTB at the BaseRequest level.

Used by the tests and by the terminal sandbox::

    fake = FakeTelegram()
    app = ApplicationBuilder().token("123:ABC").request(FakeRequest(fake)) \\
        .get_updates_request(FakeRequest(fake)).build()
    fake.enqueue(fake.user_sends(42, "/start"))
"""

from bot.fake_telegram.errors import ApiError
from bot.fake_telegram.formatting import parse_html, utf16_len
from bot.fake_telegram.limits import RateLimits, Refusal
from bot.fake_telegram.records import ApiCall, Button, SentMessage, UploadedFile, UploadPart
from bot.fake_telegram.request import FakeRequest
from bot.fake_telegram.state import FakeTelegram

__all__ = [
    "ApiCall",
    "ApiError",
    "Button",
    "FakeRequest",
    "FakeTelegram",
    "RateLimits",
    "Refusal",
    "SentMessage",
    "UploadPart",
    "UploadedFile",
    "parse_html",
    "utf16_len",
]
