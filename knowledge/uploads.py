"""Images for wiki pages: images only, size-capped, decoded and re-encoded with Pillow.

Re-encoding drops whatever else rode along in the file (metadata, trailing payloads, scripts in
polyglots); the result goes through Django's storage API, so S3 serves it in production.
"""

from __future__ import annotations

import uuid
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
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding them


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
            with Image.open(upload) as probe:
                if probe.format not in _OUTPUT:
                    raise forms.ValidationError("Only PNG, JPEG, GIF or WebP images are accepted.")
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise forms.ValidationError("That image has too many pixels.")
                probe.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
            raise forms.ValidationError(
                "That file is not an image we can read (PNG, JPEG, GIF or WebP)."
            ) from exc
        upload.seek(0)
        return upload

    def save(self) -> str:
        """Re-encode, store, return the public URL."""
        upload = self.cleaned_data["image"]
        with Image.open(upload) as image:
            extension, fmt = _OUTPUT[image.format]
            image.seek(0)
            limit = settings.MARKDOWNX_IMAGE_MAX_SIZE
            max_size = limit.get("size", (1600, 1600))
            if fmt == "JPEG":
                image = image.convert("RGB")
            elif image.mode not in ("RGB", "RGBA", "L", "LA"):
                image = image.convert("RGBA")
            image.thumbnail(max_size)
            out = BytesIO()
            options = (
                {"quality": limit.get("quality", 85), "optimize": True} if fmt == "JPEG" else {}
            )
            image.save(out, fmt, **options)
        path = (
            timezone.now().strftime(settings.MARKDOWNX_MEDIA_PATH) + f"{uuid.uuid4()}.{extension}"
        )
        name = default_storage.save(path, ContentFile(out.getvalue()))
        return default_storage.url(name)
