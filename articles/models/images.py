"""The desk's library of pictures, with their renditions."""

from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models
from django.dispatch import Signal

from core.caching import KeyedQuerySet
from core.images import (
    RENDITION_WIDTHS,
    clean_image_bytes,
    make_rendition,
    validate_image_file,
)

# Sent when a new picture file is saved, with the Image (`image`): its renditions are made.
picture_uploaded = Signal()


class Image(models.Model):
    """A picture in the desk's library, with the words a reader and a screen reader need."""

    file = models.ImageField(
        upload_to="images/%Y/%m/",
        width_field="width",
        height_field="height",
        validators=[validate_image_file],
        help_text="JPEG, PNG, GIF or WebP, up to 10 MB and 40 megapixels. "
        "Location and camera data are removed when it is saved.",
    )
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    alt_text = models.CharField(
        "alt text",
        max_length=255,
        help_text="What the picture shows, for readers who cannot see it.",
    )
    caption = models.TextField(blank=True)
    credit = models.CharField(max_length=255, blank=True, help_text="Photographer / agency.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    renditions = models.JSONField(
        default=dict, editable=False, help_text="Width in pixels → stored file name."
    )

    objects = KeyedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.alt_text

    def save(self, *args, **kwargs):
        is_new_upload = bool(self.file) and not self.file._committed
        if is_new_upload:
            self.file = clean_image_bytes(self.file)
        super().save(*args, **kwargs)
        if is_new_upload:
            # Seconds of work for a large picture: a worker does it (articles/tasks.py
            # listens; the models know no task).
            picture_uploaded.send(sender=Image, image=self)

    def store_renditions(self):
        """Scaled copies for the widths the templates ask for, made once after upload."""
        storage = self.file.storage
        extension = Path(self.file.name).suffix.lower()
        renditions = {}
        for width in RENDITION_WIDTHS:
            if self.width and width < self.width:
                name = storage.save(
                    f"renditions/{self.pk}/{width}{extension}",
                    ContentFile(make_rendition(self.file, width)),
                )
                renditions[str(width)] = name
        self.renditions = renditions
        # A save, not an update(): the pages showing the picture are purged from every cache
        # (the story page was cached with the original only).
        self.save(update_fields=["renditions"])

    def rendition_url(self, width):
        """URL of the smallest copy at least `width` wide, or of the original."""
        fitting = sorted(int(size) for size in self.renditions if int(size) >= width)
        if fitting:
            return self.file.storage.url(self.renditions[str(fitting[0])])
        return self.file.url

    @property
    def srcset(self):
        """`srcset` for an <img>: every rendition and the original, with their widths."""
        storage = self.file.storage
        entries = [
            f"{storage.url(name)} {width}w"
            for width, name in sorted(self.renditions.items(), key=lambda item: int(item[0]))
        ]
        if self.width:
            entries.append(f"{self.file.url} {self.width}w")
        return ", ".join(entries)
