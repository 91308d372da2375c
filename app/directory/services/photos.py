"""Profile photos: decoded and re-encoded on the server so nothing but pixels survives.

Re-encoding to a fresh JPEG drops EXIF (GPS position, camera, time), XMP, ICC and
comments; anything that is not a real image is refused before it touches the disk.
"""

import io
import warnings

from flask import current_app
from PIL import Image, ImageOps
from werkzeug.datastructures import FileStorage

from app.content import UploadError, store_upload

ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}  # MPO: phone JPEGs holding several frames
MAX_PIXELS = 40_000_000  # about 7,000 x 6,000: any real photo; refuses decompression bombs
OUTPUT_SIZE = (480, 480)


def _read_limited(file_storage, limit):
    data = file_storage.stream.read(limit + 1)
    if len(data) > limit:
        raise UploadError(f"The photo must be smaller than {limit // (1024 * 1024)} MB")
    if not data:
        raise UploadError("The selected photo is empty")
    return data


def reencode(file_storage):
    """JPEG bytes of the uploaded image, resized and stripped of metadata. Raises UploadError."""
    limit = current_app.config["DIRECTORY_PHOTO_MAX_MB"] * 1024 * 1024
    data = _read_limited(file_storage, limit)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in ACCEPTED_FORMATS:
                    raise UploadError("The photo must be a JPG, PNG or WebP image")
                if image.width * image.height > MAX_PIXELS:
                    raise UploadError("The photo is too large. Use an image under 40 megapixels")
                image.load()
                upright = ImageOps.exif_transpose(image)  # keep the orientation the camera meant
                picture = upright.convert("RGB")
    except UploadError:
        raise
    except Exception:  # Pillow signals malformed input with many types (OSError, SyntaxError, struct.error ...)
        raise UploadError("The selected file is not an image we can read. Use a JPG, PNG or WebP photo") from None
    picture.thumbnail(OUTPUT_SIZE)
    # A new image holds pixels only: Pillow would otherwise carry `info` (JPEG comment,
    # ICC profile, XMP) from the upload into the saved file.
    clean = Image.new("RGB", picture.size)
    clean.paste(picture)
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()


def store_photo(file_storage):
    """Re-encode and save the photo; returns the stored file name (removed again on rollback)."""
    clean = reencode(file_storage)
    stored = store_upload(FileStorage(stream=io.BytesIO(clean), filename="photo.jpg"), allowed={"jpg"})
    return stored.name
