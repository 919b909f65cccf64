"""Media storage from the environment: the local disk, or an S3-compatible bucket.

Read by settings (no Django import here); the bucket's backend is `core/media_storage.py`.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

MEDIA_BUCKET_BACKEND = "core.media_storage.BucketStorage"


def media_storage_settings(environ):
    """STORAGES["default"] for the environment: the local disk unless NEWSROOM_MEDIA_STORAGE=s3."""
    kind = environ.get("NEWSROOM_MEDIA_STORAGE", "local").strip().lower()
    if kind in ("", "local"):
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(
            f"NEWSROOM_MEDIA_STORAGE={kind!r}: say `local` (the default) or `s3`."
        )
    bucket = environ.get("NEWSROOM_S3_BUCKET", "").strip()
    if not bucket:
        raise ImproperlyConfigured(
            "NEWSROOM_MEDIA_STORAGE=s3 needs NEWSROOM_S3_BUCKET, the bucket the media go to."
        )
    public_url = environ.get("NEWSROOM_S3_PUBLIC_URL", "").strip()
    if public_url and urlsplit(public_url).scheme not in ("http", "https"):
        raise ImproperlyConfigured(
            f"NEWSROOM_S3_PUBLIC_URL={public_url!r} must be an http(s) address, "
            "for example https://media.example.org/."
        )
    options = {
        "bucket_name": bucket,
        "endpoint_url": environ.get("NEWSROOM_S3_ENDPOINT_URL") or None,
        "region_name": environ.get("NEWSROOM_S3_REGION") or None,
        # The standard AWS variables work too (boto3 reads them) when these are unset.
        "access_key": environ.get("NEWSROOM_S3_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("NEWSROOM_S3_SECRET_ACCESS_KEY") or None,
        # Path-style addresses: S3-compatible stores on one host name have no per-bucket DNS.
        "addressing_style": environ.get("NEWSROOM_S3_ADDRESSING_STYLE", "path"),
        "public_url": public_url,
        "querystring_auth": not public_url,
        "querystring_expire": int(environ.get("NEWSROOM_S3_SIGNED_URL_SECONDS", "3600")),
        # Two uploads named alike keep both (photo.jpg, photo_a1B2c3.jpg), as on the disk.
        "file_overwrite": False,
        # A picture is written once and never changes: readers and CDNs may keep it a year.
        "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        "timeout_seconds": float(environ.get("NEWSROOM_S3_TIMEOUT_SECONDS", "5")),
    }
    return {"BACKEND": MEDIA_BUCKET_BACKEND, "OPTIONS": options}


def media_origin(environ):
    """The origin pictures are served from when not this site's (for the CSP's img-src)."""
    if environ.get("NEWSROOM_MEDIA_STORAGE", "local").strip().lower() != "s3":
        return None
    address = environ.get("NEWSROOM_S3_PUBLIC_URL") or environ.get("NEWSROOM_S3_ENDPOINT_URL")
    if not address:
        return None  # AWS's own addresses: the CSP names them by region below
    parts = urlsplit(address)
    return f"{parts.scheme}://{parts.netloc}"
