"""Speaker photos: any common picture in, a clean JPEG out (no metadata, no script, bounded size)."""

from __future__ import annotations

import io
import uuid
import warnings

from PIL import Image, UnidentifiedImageError
from werkzeug.datastructures import FileStorage

from archive import services
from archive.sentences import N_

#: The largest photo accepted, in bytes.
MAX_PHOTO_BYTES = 8 * 1024 * 1024
#: Stored photos fit in this box: plenty for a speaker card, small to serve.
PHOTO_BOX = (800, 800)
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF"})
#: Pictures larger than this many pixels are refused before decoding (decompression bombs).
MAX_PIXELS = 40_000_000


class PhotoError(ValueError):
    """The uploaded photo cannot be used; the message is one sentence."""


def store_photo(
    upload: FileStorage, slug: str, folder: str = "speakers", box: tuple[int, int] = PHOTO_BOX
) -> str:
    """Re-encode a picture as a JPEG fitting ``box`` in the media store; returns its key."""
    data = upload.stream.read(MAX_PHOTO_BYTES + 1)
    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoError(
            N_("The photo %(filename)r is larger than 8 MB.") % {"filename": upload.filename}
        )
    jpeg = _reencode(data, upload.filename or "photo", box)
    # Re-encoding drops anything that is not pixels: EXIF positions, comments, polyglot tails.
    key = f"{folder}/{slug}-{uuid.uuid4().hex[:10]}.jpg"
    services.storage().put_bytes(key, jpeg, content_type="image/jpeg")
    return key


def _reencode(data: bytes, name: str, box: tuple[int, int]) -> bytes:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in ACCEPTED_FORMATS:
                    raise PhotoError(
                        N_("The photo %(name)r must be a JPEG, PNG, WebP or GIF picture.")
                        % {"name": name}
                    )
                if image.width * image.height > MAX_PIXELS:
                    raise PhotoError(N_("The photo %(name)r has too many pixels.") % {"name": name})
                picture = image.convert("RGB")
    except (
        UnidentifiedImageError,
        OSError,
        Image.DecompressionBombWarning,
        Image.DecompressionBombError,
    ):
        raise PhotoError(
            N_("The photo %(name)r is not a picture this site can read.") % {"name": name}
        ) from None
    picture.thumbnail(box)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()
