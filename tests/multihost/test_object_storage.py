"""Media in a real S3 object store (Swift's s3api): uploads, renditions and every address the
site gives for a picture go through the storage API, never a path on this machine's disk."""

import io
import re
import urllib.request
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from PIL import Image as PillowImage

from articles.models import Image
from tests.admin.test_image_uploads import form_error, picture_bytes, upload
from tests.factories import ArticleFactory, PersonFactory

pytestmark = pytest.mark.django_db
SOURCE = Path(__file__).resolve().parents[2]
# Where the local media folder is named on purpose: runserver serves it in development, and
# copy_media reads it (through a FileSystemStorage) to move it into a bucket.
LOCAL_DISK_ON_PURPOSE = {"urls.py", "copy_media.py"}


@pytest.fixture
def empty_local_disk(settings, tmp_path):
    """This machine's media folder, empty: anything written to it is a path assumed on disk."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def fetch_picture(url):
    """The picture at `url`, fetched as a reader's browser would (anonymously)."""
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        body = response.read()
    with PillowImage.open(io.BytesIO(body)) as picture:
        return picture.size


def test_an_upload_and_its_renditions_are_in_the_bucket_and_served_from_it(
    media_in_bucket, object_store, as_editor, empty_local_disk
):
    response = upload(as_editor, "summit.jpg", picture_bytes(size=(1000, 500)))
    assert response.status_code == 302
    image = Image.objects.get()
    public = object_store.public_url(media_in_bucket)
    assert image.file.url.startswith(public)
    assert fetch_picture(image.file.url) == (1000, 500)
    assert sorted(image.renditions, key=int) == ["320", "640"]
    for width, name in image.renditions.items():
        url = default_storage.url(name)
        assert url.startswith(public)
        assert fetch_picture(url)[0] == int(width)
    stored = object_store.client().list_objects_v2(Bucket=media_in_bucket)["Contents"]
    assert len(stored) == 3
    assert not Path(empty_local_disk).exists() or not any(Path(empty_local_disk).rglob("*"))


def test_pages_the_api_and_ninjs_give_the_buckets_addresses(
    media_in_bucket, object_store, as_editor, client, empty_local_disk
):
    upload(as_editor, "summit.jpg", picture_bytes(size=(1000, 500)))
    image = Image.objects.get()
    story = ArticleFactory(lead_image=image)
    as_editor.logout()
    public = re.escape(object_store.public_url(media_in_bucket))

    page = client.get(story.get_absolute_url()).content.decode()
    addresses = re.findall(rf'{public}[^" ,]+', page)
    assert len(set(addresses)) >= 3  # the original and its renditions in the srcset
    for address in set(addresses):
        fetch_picture(address)

    item = client.get(f"/api/articles/{story.slug}/").json()
    lead = item["lead_image"]
    assert lead["url"].startswith(object_store.public_url(media_in_bucket))
    assert len(lead["renditions"]) == 2
    for rendition in lead["renditions"]:
        assert rendition["url"].startswith(object_store.public_url(media_in_bucket))

    ninjs = client.get(f"/api/articles/{story.slug}/ninjs/").json()
    hrefs = [r["href"] for a in ninjs["associations"] for r in a.get("renditions", [])]
    assert len(hrefs) == 3
    assert all(href.startswith(object_store.public_url(media_in_bucket)) for href in hrefs)


def test_a_store_that_is_down_gives_the_upload_form_an_error_and_saves_nothing(
    settings, object_store, bucket, as_editor, empty_local_disk
):
    from newsroom.settings.media import media_storage_settings
    from tests.conftest import free_port

    down = object_store.environment(bucket, endpoint_url=f"http://127.0.0.1:{free_port()}")
    down["NEWSROOM_S3_TIMEOUT_SECONDS"] = "1"
    settings.STORAGES = {**settings.STORAGES, "default": media_storage_settings(down)}

    response = upload(as_editor, "summit.jpg", picture_bytes())
    assert "the media store is not answering" in form_error(response)
    assert 'value="Leaders at the Kremlin"' in response.content.decode()  # what was typed is kept
    assert not Image.objects.exists()


def test_a_store_that_fails_after_the_form_was_accepted_answers_503_and_saves_nothing(
    settings, object_store, bucket, as_editor, empty_local_disk, monkeypatch
):
    """The store answers the form's check, then fails on the write: a clear 503, no row."""
    from core import media_storage
    from newsroom.settings.media import media_storage_settings

    settings.STORAGES = {
        **settings.STORAGES,
        "default": media_storage_settings(object_store.environment(bucket)),
    }

    def store_fails(self, name, content):
        raise media_storage.MediaStoreUnavailable("The media store refused the request (test).")

    monkeypatch.setattr(media_storage.BucketStorage, "_save", store_fails)
    as_editor.raise_request_exception = False
    response = upload(as_editor, "summit.jpg", picture_bytes())
    assert response.status_code == 503
    assert "media store is not answering" in response.content.decode()
    assert not Image.objects.exists()


def test_a_persons_photo_goes_to_the_bucket(media_in_bucket, object_store, as_editor):
    person = PersonFactory(name="Shavkat Mirziyoyev")
    from django.core.files.base import ContentFile

    person.photo.save("portrait.jpg", ContentFile(picture_bytes(size=(300, 400))))
    assert person.photo.url.startswith(object_store.public_url(media_in_bucket))
    assert fetch_picture(person.photo.url) == (300, 400)


def test_no_code_assumes_a_path_on_disk_for_media():
    """Media are reached through the storage API only: `.path` on a file field, MEDIA_ROOT or
    `os.path`/`open()` on a stored name work on one machine's disk and break on a bucket."""
    offenders = []
    for module in SOURCE.rglob("*.py"):
        relative = module.relative_to(SOURCE)
        if (
            relative.parts[0] in {".venv", "tests", "bench", "deploy", "tools"}
            or "migrations" in relative.parts
        ):
            continue
        if relative.parts[:2] == ("newsroom", "settings") or relative.name in LOCAL_DISK_ON_PURPOSE:
            continue
        for number, line in enumerate(module.read_text().splitlines(), 1):
            if re.search(r"(image|photo|file|field_file|storage)\w*\.path\b|MEDIA_ROOT", line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []


def point_media_at(settings, object_store, bucket):
    from newsroom.settings.media import media_storage_settings

    settings.STORAGES = {
        **settings.STORAGES,
        "default": media_storage_settings(object_store.environment(bucket)),
    }


def test_a_backup_restored_into_an_empty_bucket_brings_the_pictures_back(
    settings, object_store, media_in_bucket, as_editor, tmp_path, client
):
    from django.core.management import call_command

    upload(as_editor, "summit.jpg", picture_bytes(size=(1000, 500)))
    story = ArticleFactory(lead_image=Image.objects.get())
    backup = tmp_path / "newsroom-backup.json.gz"
    call_command("backup_database", str(backup), stdout=io.StringIO())
    assert (tmp_path / "newsroom-backup.media.tar").is_file()

    # The bucket is lost: a new, empty one, and the rows restored from the backup.
    point_media_at(settings, object_store, object_store.new_bucket())
    assert not default_storage.exists(Image.objects.get().file.name)
    call_command("restore_database", str(backup), yes=True, stdout=io.StringIO())

    image = Image.objects.get()
    assert fetch_picture(image.file.url) == (1000, 500)
    for name in image.renditions.values():
        fetch_picture(default_storage.url(name))
    as_editor.logout()
    page = client.get(story.get_absolute_url()).content.decode()
    assert image.file.url in page


def test_copy_media_moves_a_local_folder_into_the_bucket_once(
    settings, object_store, media_in_bucket, tmp_path
):
    from django.core.management import call_command

    folder = tmp_path / "old-media"
    (folder / "images" / "2024" / "10").mkdir(parents=True)
    (folder / "images" / "2024" / "10" / "kremlin.jpg").write_bytes(picture_bytes(size=(200, 100)))
    (folder / "renditions" / "3").mkdir(parents=True)
    (folder / "renditions" / "3" / "320.jpg").write_bytes(picture_bytes(size=(320, 160)))

    output = io.StringIO()
    call_command("copy_media", "--from", str(folder), stdout=output)
    assert "Copied 2 files; 0 were already" in output.getvalue()
    assert fetch_picture(default_storage.url("images/2024/10/kremlin.jpg")) == (200, 100)
    output = io.StringIO()
    call_command("copy_media", "--from", str(folder), stdout=output)
    assert "Copied 0 files; 2 were already" in output.getvalue()


def test_copy_media_refuses_a_missing_folder_and_a_local_target(settings, tmp_path):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="no such folder"):
        call_command("copy_media", "--from", str(tmp_path / "nowhere"))
    (tmp_path / "media").mkdir()
    with pytest.raises(CommandError, match="NEWSROOM_MEDIA_STORAGE=s3"):
        call_command("copy_media", "--from", str(tmp_path / "media"))
