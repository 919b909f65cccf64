"""Image uploads: only whole still pictures of allowed formats, stored without EXIF."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PillowImage

import core.images
from articles.models import Image
from tests.factories import EditorFactory
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db
ADD = reverse("admin:articles_image_add")


def picture_bytes(image_format="JPEG", size=(800, 600), color="navy", **save_options):
    output = io.BytesIO()
    PillowImage.new("RGB", size, color).save(output, format=image_format, **save_options)
    return output.getvalue()


@pytest.fixture
def editor_client(client):
    sign_in(client, EditorFactory())
    return client


def upload(client, name, content, content_type="image/jpeg"):
    data = {
        "file": SimpleUploadedFile(name, content, content_type=content_type),
        "alt_text": "Leaders at the Kremlin",
        "caption": "The group photo",
        "credit": "Press service",
    }
    return client.post(ADD, data)


def form_error(response):
    assert response.status_code == 200, "the upload should have been refused"
    return " ".join(response.context["adminform"].form.errors.get("file", []))


@pytest.fixture(scope="module")
def decompression_bomb():
    """A PNG of 10000×10000 pixels that weighs about 12 KB."""
    output = io.BytesIO()
    PillowImage.new("1", (10_000, 10_000)).save(output, format="PNG", optimize=True)
    assert len(output.getvalue()) < 50_000
    return output.getvalue()


def test_a_real_picture_is_stored_with_renditions(editor_client):
    response = upload(editor_client, "summit.jpg", picture_bytes(size=(1000, 500)))
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (1000, 500)
    assert sorted(image.renditions, key=int) == ["320", "640"]  # never enlarged to 1280
    assert image.rendition_url(300).endswith("/320.jpg")
    assert image.rendition_url(2000) == image.file.url
    with image.file.storage.open(image.renditions["320"]) as rendition:
        assert PillowImage.open(rendition).size == (320, 160)
    assert image.srcset.count("w,") == 2


def test_a_text_file_renamed_jpg_is_refused(editor_client):
    response = upload(editor_client, "notes.jpg", b"Just some notes, not a picture.\n" * 20)
    assert "not a picture in an accepted format" in form_error(response)
    assert not Image.objects.exists()


def test_a_truncated_jpeg_is_refused(editor_client):
    whole = picture_bytes(size=(800, 600), color="red", quality=95)
    response = upload(editor_client, "cut.jpg", whole[: len(whole) // 2])
    assert "damaged or incomplete" in form_error(response)
    assert not Image.objects.exists()


def test_a_decompression_bomb_is_refused(editor_client, decompression_bomb):
    response = upload(editor_client, "bomb.png", decompression_bomb, "image/png")
    assert "too large" in form_error(response)
    assert not Image.objects.exists()


def test_an_svg_with_a_script_is_refused(editor_client):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
    response = upload(editor_client, "logo.svg", svg, "image/svg+xml")
    assert "SVG" in form_error(response)
    response = upload(editor_client, "logo.png", svg, "image/png")  # disguised
    assert "SVG" in form_error(response)
    assert not Image.objects.exists()


def test_a_picture_whose_name_lies_about_its_format_is_refused(editor_client):
    response = upload(editor_client, "photo.jpg", picture_bytes("PNG"), "image/jpeg")
    assert "named .jpg but is really a PNG" in form_error(response)


def test_an_animated_picture_is_refused(editor_client):
    frames = [PillowImage.new("RGB", (50, 50), color) for color in ("red", "blue")]
    output = io.BytesIO()
    frames[0].save(output, format="GIF", save_all=True, append_images=frames[1:])
    response = upload(editor_client, "anim.gif", output.getvalue(), "image/gif")
    assert "Animated" in form_error(response)


def test_a_file_over_the_byte_limit_is_refused_before_decoding(editor_client, monkeypatch):
    monkeypatch.setattr(core.images, "MAX_BYTES", 1024)
    response = upload(editor_client, "big.jpg", picture_bytes(size=(400, 400), quality=95))
    assert "the limit is" in form_error(response) or "larger than" in form_error(response)


def test_exif_location_is_removed_and_orientation_kept(editor_client):
    exif = PillowImage.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif[0x8825] = {2: (41.0, 18.0, 0.0), 1: "N"}  # GPSInfo: latitude 41°18′N
    exif[0x010F] = "Camera maker"
    response = upload(editor_client, "gps.jpg", picture_bytes(size=(40, 20), exif=exif.tobytes()))
    assert response.status_code == 302
    image = Image.objects.get()
    with image.file.open("rb") as stored, PillowImage.open(stored) as picture:
        assert picture.size == (20, 40)  # turned upright, as the camera meant
        assert dict(picture.getexif()) == {}
    assert (image.width, image.height) == (20, 40)


def test_alt_text_is_required(editor_client):
    data = {"file": SimpleUploadedFile("a.jpg", picture_bytes(), "image/jpeg"), "alt_text": ""}
    response = editor_client.post(ADD, data)
    assert "alt_text" in response.context["adminform"].form.errors
