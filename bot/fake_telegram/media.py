"""sendPhoto and sendDocument: uploads become stored files with Telegram-shaped PhotoSize/Document JSON."""

from __future__ import annotations

import dataclasses
import mimetypes
import struct
from urllib.parse import urlparse

from bot.fake_telegram.errors import ApiError
from bot.fake_telegram.messages import ApiRequest, deliver, render_caption
from bot.fake_telegram.records import JSONDict, UploadedFile, UploadPart
from bot.fake_telegram.server import ServerState

# Telegram's limit for files a bot uploads (larger requests are refused before the method runs).
UPLOAD_LIMIT = 50 * 1024 * 1024
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Telegram stores several sizes of every photo; a thumbnail and a "large" one are enough here.
_PHOTO_SIZES = (("s", 90), ("y", 1280))


def image_size(content: bytes) -> tuple[int, int]:
    """Width and height of a PNG (what our charts are); a typical photo size for anything else."""
    if content.startswith(_PNG_SIGNATURE) and len(content) >= 24:
        width, height = struct.unpack(">II", content[16:24])
        return int(width), int(height)
    return 800, 600


def _stored_file(tg: ServerState, req: ApiRequest, field: str) -> UploadedFile:
    """The file a media parameter refers to: a fresh upload, a known file_id, or an HTTP URL."""
    part = req.uploads.get(field)
    if part is not None:
        if len(part.content) > UPLOAD_LIMIT:
            raise ApiError(413, "Request Entity Too Large")
        return tg.register_upload(part)
    reference = req.string(field)
    if reference is None:
        raise ApiError.bad_request(f"there is no {field} in the request")
    if reference in tg.files:
        return tg.files[reference]
    if reference.startswith(("http://", "https://")):
        name = urlparse(reference).path.rsplit("/", 1)[-1] or "file"
        mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return tg.register_upload(UploadPart(name, b"", mime))
    raise ApiError.bad_request("wrong file identifier/HTTP URL specified")


def photo_sizes(tg: ServerState, photo: UploadedFile) -> list[JSONDict]:
    """PhotoSize JSON for each stored size; every size's file_id can be sent again."""
    width, height = image_size(photo.content)
    # Re-sending a size's file_id must give back the same ids, as on Telegram.
    base_id, base_unique_id = photo.file_id, photo.file_unique_id
    for suffix, _ in _PHOTO_SIZES:
        if base_id.endswith(f"-{suffix}"):
            base_id, base_unique_id = base_id[: -len(suffix) - 1], base_unique_id[: -len(suffix) - 1]
    sizes: list[JSONDict] = []
    for suffix, longest_side in _PHOTO_SIZES:
        scale = min(1.0, longest_side / max(width, height, 1))
        size = dataclasses.replace(photo, file_id=f"{base_id}-{suffix}", file_unique_id=f"{base_unique_id}-{suffix}")
        tg.files[size.file_id] = size
        sizes.append({
            "file_id": size.file_id,
            "file_unique_id": size.file_unique_id,
            "file_size": max(1, round(len(photo.content) * scale * scale)),
            "width": max(1, round(width * scale)),
            "height": max(1, round(height * scale)),
        })
    return sizes


async def send_photo(tg: ServerState, req: ApiRequest) -> JSONDict:
    """sendPhoto."""
    chat = tg.resolve_chat(req.params.get("chat_id"))
    caption, entities = render_caption(req)
    photo = _stored_file(tg, req, "photo")
    content = {"photo": photo_sizes(tg, photo), "caption": caption, "caption_entities": entities or None}
    return deliver(tg, chat, req, content, source_text=req.string("caption"), upload=photo).raw


async def send_document(tg: ServerState, req: ApiRequest) -> JSONDict:
    """sendDocument."""
    chat = tg.resolve_chat(req.params.get("chat_id"))
    caption, entities = render_caption(req)
    document = _stored_file(tg, req, "document")
    document_json = {
        "file_id": document.file_id,
        "file_unique_id": document.file_unique_id,
        "file_name": document.filename,
        "mime_type": document.mime_type,
        "file_size": len(document.content),
    }
    content = {"document": document_json, "caption": caption, "caption_entities": entities or None}
    return deliver(tg, chat, req, content, source_text=req.string("caption"), upload=document).raw
