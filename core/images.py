"""Safe image uploads: only real pictures of allowed formats and sizes, stored without EXIF.

Django's own ImageField lets through a 12 KB PNG of 10000×10000 pixels with only a warning,
trusts the file name's extension, and keeps EXIF (GPS position included). Every picture that
enters the desk goes through `validate_image_file` (a model-field validator, so the admin, the
API and a shell all get it) and is re-encoded by `clean_image_bytes` before it is stored.
"""

import io
import warnings
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image as PillowImage
from PIL import ImageOps, UnidentifiedImageError

from core.media_storage import MediaStoreUnavailable, check_media_store

# Pillow format name → the file extensions that may carry it.
ALLOWED_FORMATS = {
    "JPEG": {".jpg", ".jpeg"},
    "PNG": {".png"},
    "GIF": {".gif"},
    "WEBP": {".webp"},
}
MAX_BYTES = getattr(settings, "NEWSROOM_MAX_IMAGE_BYTES", 10 * 1024 * 1024)
MAX_PIXELS = getattr(settings, "NEWSROOM_MAX_IMAGE_PIXELS", 40_000_000)
MAX_SIDE = 12_000
MAX_FRAMES = 1
RENDITION_WIDTHS = (320, 640, 1280)


def _read(file):
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data


def validate_image_file(file):
    """Refuse anything but a whole, reasonably sized still picture in an allowed format."""
    name = getattr(file, "name", "") or ""
    size = getattr(file, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError(
            f"The file is {size / 1_048_576:.1f} MB; the limit is {MAX_BYTES // 1_048_576} MB.",
            code="image_too_large",
        )
    data = _read(file)
    if not data:
        raise ValidationError("The file is empty.", code="image_empty")
    if len(data) > MAX_BYTES:
        raise ValidationError(
            f"The file is larger than {MAX_BYTES // 1_048_576} MB.", code="image_too_large"
        )
    head = data[:512].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml", b"<!doctype", b"<html")) or b"<svg" in head:
        raise ValidationError(
            "SVG and other text-based files are not accepted: upload a JPEG, PNG, GIF or WebP.",
            code="image_svg",
        )
    with warnings.catch_warnings():
        # Pillow only warns about a decompression bomb below twice its own limit: make it fatal.
        warnings.simplefilter("error", PillowImage.DecompressionBombWarning)
        try:
            picture = PillowImage.open(io.BytesIO(data), formats=list(ALLOWED_FORMATS))
        except UnidentifiedImageError:
            raise ValidationError(
                "This is not a picture in an accepted format (JPEG, PNG, GIF or WebP).",
                code="image_invalid",
            ) from None
        except (PillowImage.DecompressionBombError, PillowImage.DecompressionBombWarning):
            raise ValidationError(
                _too_many_pixels_message(), code="image_too_many_pixels"
            ) from None
        with picture:
            width, height = picture.size
            # Judged from the header, before any pixel is decoded.
            if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                raise ValidationError(
                    _too_many_pixels_message(width, height), code="image_too_many_pixels"
                )
            if getattr(picture, "n_frames", 1) > MAX_FRAMES:
                raise ValidationError(
                    "Animated pictures are not accepted: upload a still image.",
                    code="image_animated",
                )
            extension = Path(name).suffix.lower()
            if extension and extension not in ALLOWED_FORMATS[picture.format]:
                raise ValidationError(
                    f"The file is named {extension} but is really a {picture.format} picture: "
                    "rename it or export it again.",
                    code="image_extension_mismatch",
                )
            try:
                picture.load()  # decodes every pixel: a truncated file fails here
            except (OSError, SyntaxError, ValueError):
                raise ValidationError(
                    "The picture is damaged or incomplete (truncated): export it again.",
                    code="image_truncated",
                ) from None


def _too_many_pixels_message(width=None, height=None):
    size = f" ({width}×{height})" if width else ""
    return (
        f"The picture is too large{size}: at most {MAX_PIXELS // 1_000_000} megapixels "
        f"and {MAX_SIDE} pixels a side."
    )


def clean_image_bytes(file):
    """Re-encode a validated picture: orientation applied to the pixels, EXIF and other
    metadata (GPS position, camera serial numbers) dropped. Returns a ContentFile."""
    data = _read(file)
    with PillowImage.open(io.BytesIO(data), formats=list(ALLOWED_FORMATS)) as picture:
        image_format = picture.format
        upright = ImageOps.exif_transpose(picture)
        if image_format == "JPEG" and upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        output = io.BytesIO()
        options = {"quality": 88, "optimize": True} if image_format in ("JPEG", "WEBP") else {}
        upright.save(output, format=image_format, **options)
    return ContentFile(output.getvalue(), name=Path(getattr(file, "name", "image")).name)


def make_rendition(file, width):
    """A copy of the picture at most `width` pixels wide (never enlarged), same format."""
    data = _read(file)
    with PillowImage.open(io.BytesIO(data), formats=list(ALLOWED_FORMATS)) as picture:
        image_format = picture.format
        copy = picture.copy()
    if copy.width > width:
        copy.thumbnail((width, width * 10))
    output = io.BytesIO()
    options = {"quality": 85, "optimize": True} if image_format in ("JPEG", "WEBP") else {}
    copy.save(output, format=image_format, **options)
    return output.getvalue()


class ImageUploadField(forms.ImageField):
    """The admin's image field: our clear refusals first, then Django's own checks."""

    def to_python(self, data):
        if data is not None and hasattr(data, "read"):
            validate_image_file(data)
            try:
                check_media_store()
            except MediaStoreUnavailable as error:
                raise ValidationError(
                    "The picture cannot be stored right now: the media store is not answering. "
                    "Nothing was saved; try again in a minute.",
                    code="media_store_unavailable",
                ) from error
        return super().to_python(data)
