"""The audit trail in the desk: a list editors read and filter (person, action, date, search),
its CSV export of exactly what the filters show, hostile names shown as words, bad filters
answered without a 500, and a page's queries independent of its length."""

import csv
import datetime
import html
import io
import re
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import transaction
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from audit.export import safe_cell
from audit.models import AuditEntry
from audit.recording import record
from tests.audit.helpers import erase
from tests.factories import ArticleFactory, EditorFactory, UserFactory
from tests.hardening.test_no_script_runs import CHUNKS, executable_markup
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db
LIST = reverse("admin:audit_auditentry_changelist")
EXPORT = reverse("admin:audit_auditentry_export")
IDS = [f"payloads-{n}" for n in range(len(CHUNKS))]


@pytest.fixture
def as_editor(client):
    sign_in(client, EditorFactory(username="erin"))
    erase()  # the account and role the fixture made: not what these tests read
    return client


def a_trail():
    """Two people, three actions, over two days."""
    sam = UserFactory(username="sam")
    story = ArticleFactory(headline="Budget approved")
    erase()
    record("signed_in", actor=sam, target=sam)
    record("story_published", actor=sam, target=story, detail="In review → Published")
    record("sign_in_failed", actor_username="mallory", detail="Wrong password")
    yesterday = record("token_created", actor=sam, detail="Laptop")
    erase(AuditEntry.objects.filter(pk=yesterday.pk))
    yesterday.pk, yesterday._state.adding = None, True
    yesterday.when = timezone.now() - datetime.timedelta(days=1)
    yesterday.save(force_insert=True)
    return sam, story


def exported(client, query=""):
    response = client.get(EXPORT + query)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-trail-')
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def listed(client, query=""):
    response = client.get(LIST + query)
    assert response.status_code == 200
    return [entry.pk for entry in response.context["cl"].result_list], response


def test_editors_read_the_trail_newest_first_in_words(as_editor):
    a_trail()
    pks, response = listed(as_editor)
    assert pks == list(AuditEntry.objects.order_by("-when", "-pk").values_list("pk", flat=True))
    page = response.text
    for words in ("Story published", "Budget approved", "Sign-in failed", "mallory", "sam"):
        assert words in page
    table = page.split('id="result_list"')[1].split("</table>")[0]
    assert "Story published" in table and "story_published" not in table  # labels, not codes
    assert "Export these entries as CSV" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?who=sam", {"signed_in", "story_published", "token_created"}),
        ("?who=mallory", {"sign_in_failed"}),
        ("?action=story_published", {"story_published"}),
        ("?q=mallory", {"sign_in_failed"}),
        ("?q=Budget", {"story_published"}),
        ("?who=sam&action=token_created", {"token_created"}),
    ],
)
def test_filters_and_the_export_show_the_same_entries(as_editor, query, expected):
    a_trail()
    pks, _ = listed(as_editor, query)
    assert {AuditEntry.objects.get(pk=pk).action for pk in pks} == expected
    rows = exported(as_editor, query)
    assert rows[0][:3] == ["when (UTC)", "who", "action"]
    assert [row[2] for row in rows[1:]] == [AuditEntry.objects.get(pk=pk).action for pk in pks]


def test_the_date_filter_narrows_to_one_day(as_editor):
    a_trail()
    today = timezone.localdate()
    query = f"?when__year={today.year}&when__month={today.month}&when__day={today.day}"
    pks, _ = listed(as_editor, query)
    assert len(pks) == 3
    assert len(exported(as_editor, query)) == 1 + 3
    assert "token_created" not in {row[2] for row in exported(as_editor, query)}


def test_the_export_says_who_what_when_and_where(as_editor):
    _sam, story = a_trail()
    rows = exported(as_editor, "?action=story_published")
    header, row = rows
    line = dict(zip(header, row, strict=True))
    assert line["who"] == "sam" and line["action name"] == "Story published"
    assert line["target type"] == "article" and line["target id"] == str(story.pk)
    assert line["what"] == "Budget approved" and line["origin"] == "command"
    when = datetime.datetime.strptime(line["when (UTC)"], "%Y-%m-%dT%H:%M:%SZ")
    assert abs(when.replace(tzinfo=datetime.UTC) - timezone.now()) < datetime.timedelta(minutes=1)


@pytest.mark.parametrize(
    "cell",
    ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"],
)
def test_a_formula_is_written_as_text(as_editor, cell):
    record("sign_in_failed", actor_username=cell[:150], target_repr=cell, detail=cell)
    [_, row] = exported(as_editor)
    for column in (1, 6, 10):  # who, what, detail
        assert row[column] == "'" + cell
    assert safe_cell("Plain words") == "Plain words"


@pytest.mark.parametrize(
    "query",
    [
        "?when__year=abc",
        "?when__year=2026&when__month=13",
        "?when__year=2026&when__month=2&when__day=31",
        "?who=%3Cscript%3E",
        "?action=%00",
        "?who=sam%00",
        "?origin=%00",
        "?q=%00",
        "?when__year=2026%00",
        "?o=99",
        "?o=abc",
        "?p=abc",
        "?p=999",
        "?q=%00%27%22",
        "?nonsense=1",
        "?actor__password__startswith=a",
        "?origin=nowhere",
        "?e=1",
    ],
)
def test_bad_filter_input_is_never_a_server_error(as_editor, query):
    a_trail()
    assert as_editor.get(LIST + query).status_code in (200, 302, 400)
    assert as_editor.get(EXPORT + query).status_code in (200, 400)


def more_readers(count):
    readers = [UserFactory(username=f"reader{number}") for number in range(count)]
    erase(AuditEntry.objects.filter(action="user_created"))
    for reader in readers:
        record("signed_in", actor=reader, target=reader)


def test_the_lists_queries_do_not_grow_with_its_length(as_editor, django_assert_num_queries):
    a_trail()
    as_editor.get(LIST)  # the content types, read once per process
    # The session and its user, the page's rows, the filters' choices (people, actions,
    # origins), the dates of the date hierarchy, the count, and django-otp's read of the device
    # this session passed its second factor with: not one more per row.
    with django_assert_num_queries(11):
        as_editor.get(LIST)
    more_readers(40)
    with django_assert_num_queries(11):
        response = as_editor.get(LIST)
    assert len(response.context["cl"].result_list) == 44


def test_the_exports_queries_do_not_grow_with_its_length(as_editor, django_assert_max_num_queries):
    a_trail()
    more_readers(40)
    # 13: one more for the second factor's device (django-otp reads it on every desk request).
    with django_assert_max_num_queries(13):
        rows = exported(as_editor)
    assert len(rows) == 1 + 44


# --- hostile words ------------------------------------------------------------------------------

BASELINE = []


def desk_markup(client, text):
    user = UserFactory(username=text[:150].replace(" ", "_"), first_name=text[:150])
    record("signed_in", actor=user, target=user)
    record("sign_in_failed", actor_username=text, target_repr=text, detail=text)
    record(text[:64], actor=user, target_repr=text, detail=text)
    entry = AuditEntry.objects.filter(actor_username=user.username).first()
    markup = Counter()
    for path in (
        LIST,
        LIST + "?who=" + user.username,
        LIST + "?q=" + text[:40],
        reverse("admin:audit_auditentry_change", args=[entry.pk]),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        markup += Counter(executable_markup(response.content.decode()))
    return markup


@pytest.mark.parametrize("text", CHUNKS, ids=IDS)
def test_hostile_names_add_no_executable_markup_to_the_trail(as_editor, text):
    if not BASELINE:  # the admin's own scripts, on harmless words
        with transaction.atomic():
            BASELINE.append(desk_markup(as_editor, "Plain words"))
            transaction.set_rollback(True)
    assert desk_markup(as_editor, text) - BASELINE[0] == Counter()


def test_the_export_link_carries_the_lists_filters(as_editor):
    a_trail()
    _, response = listed(as_editor, "?who=sam&action=token_created")
    [link] = re.findall(r'href="([^"]*export\.csv[^"]*)"', response.text)
    link = html.unescape(link)
    assert link.startswith(EXPORT + "?")
    assert parse_qs(urlsplit(link).query) == {"who": ["sam"], "action": ["token_created"]}
    rows = exported(as_editor, "?" + urlsplit(link).query)
    assert [row[2] for row in rows[1:]] == ["token_created"]
