"""Where uploaded pictures and their renditions live: the local disk, or an S3-compatible bucket.

With more than one web machine, media cannot stay on one machine's disk: an upload made on
server A and a rendition made by a worker elsewhere must be readable by every server. With
`NEWSROOM_MEDIA_STORAGE=s3` they go to one bucket (django-storages over boto3), which any
S3-compatible store serves: AWS, Swift's s3api, Ceph, MinIO. Every piece of code reaches media
through Django's storage API (`save`, `open`, `url`, `exists`, `delete`), never a path on disk.

Addresses: pages are kept for a day by the caches in front, so a picture's address must not
expire. With `NEWSROOM_S3_PUBLIC_URL` (a CDN in front of the bucket, or the store's own
anonymous path) addresses are that base plus the object's name; without it they are signed
by the store and expire (`NEWSROOM_S3_SIGNED_URL_SECONDS`), which suits a private bucket only.
"""

import functools

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.storage import default_storage
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class MediaStoreUnavailable(Exception):
    """The media store did not answer, or refused: the request that needed it cannot finish.

    Raised instead of boto's own errors so that the site can say what happened (a form error
    for an upload, a 503 otherwise: `core/availability.py`) rather than answer a 500.
    """


def _store_errors_said_plainly(method):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey"):
                raise  # an absent object is the caller's to handle (FileNotFoundError paths)
            raise MediaStoreUnavailable(_describe(error)) from error
        except BotoCoreError as error:
            raise MediaStoreUnavailable(_describe(error)) from error

    return wrapper


def _describe(error):
    return f"The media store could not be reached or refused the request ({error})."


class BucketStorage(S3Storage):
    """An S3 bucket, with addresses under a public base when one is configured."""

    def __init__(self, *, public_url="", timeout_seconds=5.0, **options):
        self.public_url = public_url.rstrip("/") + "/" if public_url else ""
        # A store that is down must fail the request in seconds, not hold a worker a minute.
        options.setdefault(
            "client_config",
            Config(
                connect_timeout=timeout_seconds,
                read_timeout=timeout_seconds,
                retries={"max_attempts": 2, "mode": "standard"},
                signature_version="s3v4",
            ),
        )
        super().__init__(**options)

    _save = _store_errors_said_plainly(S3Storage._save)
    _open = _store_errors_said_plainly(S3Storage._open)
    exists = _store_errors_said_plainly(S3Storage.exists)
    delete = _store_errors_said_plainly(S3Storage.delete)
    size = _store_errors_said_plainly(S3Storage.size)
    listdir = _store_errors_said_plainly(S3Storage.listdir)

    @_store_errors_said_plainly
    def check_reachable(self):
        """One round trip that proves the bucket is there and answers (HEAD on the bucket)."""
        self.connection.meta.client.head_bucket(Bucket=self.bucket_name)

    def url(self, name, parameters=None, expire=None, http_method=None):
        if self.public_url:
            return self.public_url + filepath_to_uri(self._normalize_name(clean_name(name)))
        return super().url(name, parameters, expire, http_method)


def check_media_store():
    """Raise MediaStoreUnavailable when the configured media store does not answer.

    Called by an upload form before it accepts a file, so that a store that is down gives the
    desk a form error with everything typed kept, not a failed save. The local disk is always
    there.
    """
    check = getattr(default_storage, "check_reachable", None)
    if check is not None:
        check()
