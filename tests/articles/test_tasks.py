"""Slow work leaves the request: renditions and bulk linking run on the real task queue, and
the pages cope while they are pending."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PillowImage

from articles.admin.stories import LINK_IN_REQUEST_AT_MOST
from articles.models import Article, Image
from tests.conftest import run_worker_once
from tests.factories import ArticleFactory, EditorFactory, PersonFactory
from tests.signing_in import sign_in


def test_an_upload_answers_before_its_renditions_and_the_story_shows_the_original(
    task_queue, client
):
    sign_in(client, EditorFactory())
    output = io.BytesIO()
    PillowImage.new("RGB", (1000, 500), "navy").save(output, format="JPEG")
    response = client.post(
        reverse("admin:articles_image_add"),
        {
            "file": SimpleUploadedFile("summit.jpg", output.getvalue(), "image/jpeg"),
            "alt_text": "Leaders at the Kremlin",
        },
    )
    assert response.status_code == 302
    image = Image.objects.get()
    assert image.renditions == {}  # not yet: a worker makes them
    story = ArticleFactory(lead_image=image)
    client.logout()
    page = client.get(story.get_absolute_url()).content.decode()
    assert f'<img src="{image.file.url}" srcset="{image.file.url} 1000w"' in page  # only it

    run_worker_once()
    image.refresh_from_db()
    assert sorted(image.renditions, key=int) == ["320", "640"]
    assert " 320w, " in image.srcset
    # The page cached with the original alone was purged: readers get the renditions now.
    assert f'srcset="{image.srcset}"' in client.get(story.get_absolute_url()).content.decode()


def test_linking_many_stories_runs_in_a_worker_as_the_editor(task_queue, client):
    sign_in(client, EditorFactory())
    putin = PersonFactory(name="Vladimir Putin", aliases="Putin")
    stories = [
        ArticleFactory(body=f"<p>Putin spoke, for the {number}th time.</p>")
        for number in range(LINK_IN_REQUEST_AT_MOST + 1)
    ]
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "link_mentions", "_selected_action": [story.pk for story in stories]},
        follow=True,
    )
    assert f"Linking what {len(stories)} stories mention in the background" in response.text
    assert not Article.people.through.objects.exists()
    run_worker_once()
    assert Article.people.through.objects.filter(person=putin).count() == len(stories)
