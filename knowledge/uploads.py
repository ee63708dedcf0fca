"""Images for wiki pages: images only, size-capped, decoded and re-encoded with Pillow.

Re-encoding drops whatever else rode along in the file (metadata, trailing payloads, scripts in
polyglots); the result goes through Django's storage API, so S3 serves it in production.
"""

from __future__ import annotations

import threading
import uuid
import warnings
from io import BytesIO

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from PIL import Image, UnidentifiedImageError

# Pillow format → (extension, format to write). GIF and WebP become PNG: one frame, no surprises.
_OUTPUT = {"JPEG": ("jpg", "JPEG"), "PNG": ("png", "PNG"), "GIF": ("png", "PNG"),
           "WEBP": ("png", "PNG")}  # fmt: skip

# Decoding costs about 4 bytes a pixel, and more while resizing: a 6300×6300 PNG of 166 KB
# took 330 MB. 16 Mpx (a 12 Mpx phone photo fits) is ~64 MB at worst, and it is checked from
# the file's header, before any pixel is decoded. Pillow refuses past it as well (it warns past
# MAX_IMAGE_PIXELS and raises DecompressionBombError past twice that).
MAX_PIXELS = 16_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
# Between one and two times the limit Pillow only warns; the form refuses those itself.
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)

# At most this many images are decoded at once in one process; an upload that cannot get a
# slot within DECODE_WAIT_SECONDS is told to try again rather than queueing without bound.
CONCURRENT_DECODES = 2
DECODE_WAIT_SECONDS = 5
DECODES = threading.BoundedSemaphore(CONCURRENT_DECODES)

TOO_MANY_PIXELS = (
    "That image is {width:,}×{height:,} pixels ({megapixels:.1f} megapixels); images may have "
    "at most {limit} megapixels. Make it smaller and try again."
)
FAR_TOO_MANY_PIXELS = (
    "That image has far too many pixels; images may have at most {limit} megapixels. Make it "
    "smaller and try again."
)
BUSY = "The server is busy with other images. Try again in a moment."
UNREADABLE = "That file is not an image we can read (PNG, JPEG, GIF or WebP)."


class ImageUploadForm(forms.Form):
    image = forms.FileField(label="Image", help_text="PNG, JPEG, GIF or WebP.")

    def clean_image(self):
        upload = self.cleaned_data["image"]
        cap = settings.MARKDOWNX_UPLOAD_MAX_SIZE
        if upload.size > cap:
            raise forms.ValidationError(
                f"That file is {filesizeformat(upload.size)}; images may be at most "
                f"{filesizeformat(cap)}."
            )
        if upload.content_type not in settings.MARKDOWNX_UPLOAD_CONTENT_TYPES:
            raise forms.ValidationError("Only images can be uploaded (PNG, JPEG, GIF or WebP).")
        try:
            # Image.open reads the header only: format and size, no pixels yet.
            with Image.open(upload) as probe:
                if probe.format not in _OUTPUT:
                    raise forms.ValidationError("Only PNG, JPEG, GIF or WebP images are accepted.")
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise forms.ValidationError(
                        TOO_MANY_PIXELS.format(
                            width=width,
                            height=height,
                            megapixels=width * height / 1e6,
                            limit=MAX_PIXELS // 1_000_000,
                        )
                    )
        except Image.DecompressionBombError as exc:  # more than twice MAX_PIXELS
            raise forms.ValidationError(
                FAR_TOO_MANY_PIXELS.format(limit=MAX_PIXELS // 1_000_000)
            ) from exc
        except (UnidentifiedImageError, OSError, SyntaxError) as exc:
            raise forms.ValidationError(UNREADABLE) from exc
        if not DECODES.acquire(timeout=DECODE_WAIT_SECONDS):
            raise forms.ValidationError(BUSY)
        try:
            upload.seek(0)
            self.encoded = _reencode(upload)
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
            raise forms.ValidationError(UNREADABLE) from exc
        finally:
            DECODES.release()
        return upload

    def save(self) -> str:
        """Store the re-encoded image, return its public URL."""
        data, extension = self.encoded
        path = (
            timezone.now().strftime(settings.MARKDOWNX_MEDIA_PATH) + f"{uuid.uuid4()}.{extension}"
        )
        name = default_storage.save(path, ContentFile(data))
        return default_storage.url(name)


def _reencode(upload) -> tuple[bytes, str]:
    """Decode (a JPEG at the smallest scale that still covers the target size), shrink to
    MARKDOWNX_IMAGE_MAX_SIZE, encode again: (bytes, extension)."""
    limit = settings.MARKDOWNX_IMAGE_MAX_SIZE
    box = limit.get("size", (1600, 1600))
    with Image.open(upload) as image:
        extension, fmt = _OUTPUT[image.format]
        image.seek(0)
        width, height = image.size
        ratio = min(box[0] / width, box[1] / height, 1)
        target = (max(1, round(width * ratio)), max(1, round(height * ratio)))
        if image.format == "JPEG":
            # The JPEG decoder scales by 1/2, 1/4 or 1/8 while decoding: far fewer pixels.
            image.draft("RGB", target)
        image.thumbnail(target)  # loads (decodes) here, then shrinks
        if fmt == "JPEG":
            image = image.convert("RGB")
        elif image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGBA")
        out = BytesIO()
        options = {"quality": limit.get("quality", 85), "optimize": True} if fmt == "JPEG" else {}
        image.save(out, fmt, **options)
    return out.getvalue(), extension
