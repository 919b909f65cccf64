"""The diary's desk pages: the panels on the desk's home page, the week view and its filters,
an event's coverage page and its actions, diary entries, and the private calendar feed (its
secret needed, its owner's items only, revocable)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from articles.models import Article
from planning import services
from planning.models import CalendarFeed, CoverageItem, DiaryEntry
from tests.factories import (
    CountryFactory,
    CoverageItemFactory,
    DiaryEntryFactory,
    EventFactory,
    ParticipationFactory,
    PersonFactory,
    PlaceFactory,
    ReporterFactory,
    SectionFactory,
    UserFactory,
)
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db
Status = CoverageItem.Status
INDEX = reverse("admin:index")
WEEK = reverse("planning:week")


def today():
    return timezone.localdate()


def part(html, element_id):
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</div>", start)]


def test_my_assignments_lists_mine_due_soonest_first_and_marks_late_ones(client, reporter):
    event = EventFactory(title="Signing in Astana", start_date=today())
    later = CoverageItemFactory(
        event=event, assignee=reporter, due=timezone.now() + datetime.timedelta(days=1)
    )
    late = CoverageItemFactory(
        event=EventFactory(title="Vote on ratification"),
        assignee=reporter,
        due=timezone.now() - datetime.timedelta(hours=2),
    )
    CoverageItemFactory(event=EventFactory(title="Someone else's"), assignee=ReporterFactory())
    CoverageItemFactory(event=EventFactory(title="Already done"), assignee=reporter, status="done")
    sign_in(client, reporter)
    html = client.get(INDEX).text
    panel = part(html, "planning-my-assignments")
    assert panel.index("Vote on ratification") < panel.index("Signing in Astana")
    assert "late" in panel[panel.index("Vote on ratification") : panel.index("Signing in Astana")]
    assert "Someone else" not in panel and "Already done" not in panel
    assert reverse("planning:event", args=[later.event_id]) in panel
    assert reverse("planning:event", args=[late.event_id]) in panel
    # A reporter's home page has no editor's panel.
    assert 'id="planning-today"' not in html


def test_today_and_tomorrow_flags_gaps_lists_late_and_filed(client, editor, reporter):
    covered = EventFactory(title="Summit opening", start_date=today())
    EventFactory(title="Press conference", start_date=today() + datetime.timedelta(days=1))
    EventFactory(title="Next week's forum", start_date=today() + datetime.timedelta(days=7))
    EventFactory(title="Called off", start_date=today(), status="cancelled")
    CoverageItemFactory(event=covered, assignee=reporter)
    CoverageItemFactory(
        event=EventFactory(title="Yesterday's talks"),
        assignee=reporter,
        due=timezone.now() - datetime.timedelta(hours=3),
    )
    CoverageItemFactory(event=EventFactory(title="Filed piece"), assignee=reporter, status="filed")
    DiaryEntryFactory(title="Quiet visit", start_date=today())
    sign_in(client, editor)
    html = client.get(INDEX).text
    panel = html[html.index('id="planning-today"') : html.index('id="planning-late"')]
    assert "Summit opening" in panel and "Press conference" in panel and "Quiet visit" in panel
    assert "Next week" not in panel
    assert "2 with nothing planned" in panel  # the press conference and the internal visit
    gap = panel[panel.index("Press conference") :]
    assert "Gap: nothing planned" in gap[: gap.index("</li>")]
    called_off = panel[panel.index("Called off") :]
    assert "Gap" not in called_off[: called_off.index("</li>")]
    late = html[html.index('id="planning-late"') :]
    assert "Yesterday&#x27;s talks" in late and "Filed piece" in late


def test_the_week_view_shows_each_day_and_filters(client, editor, reporter):
    monday = today() - datetime.timedelta(days=today().weekday())
    russia, kazakhstan = CountryFactory(name="Russia"), CountryFactory(name="Kazakhstan")
    moscow = PlaceFactory(name="Moscow", country=russia)
    astana = PlaceFactory(name="Astana", country=kazakhstan)
    world, sport = SectionFactory(name="World"), SectionFactory(name="Sport")
    summit = EventFactory(
        title="Two-day summit",
        start_date=monday + datetime.timedelta(days=1),
        end_date=monday + datetime.timedelta(days=2),
        place=moscow,
    )
    forum = EventFactory(
        title="Astana forum", start_date=monday + datetime.timedelta(days=4), place=astana
    )
    CoverageItemFactory(event=summit, section=world, assignee=reporter)
    CoverageItemFactory(event=forum, section=sport)
    sign_in(client, editor)
    html = client.get(WEEK).text
    assert html.count("Two-day summit") == 2  # Tuesday and Wednesday
    assert "Astana forum" in html
    by_country = client.get(WEEK, {"country": kazakhstan.pk}).text
    assert "Astana forum" in by_country and "Two-day summit" not in by_country
    by_section = client.get(WEEK, {"section": world.pk}).text
    assert "Two-day summit" in by_section and "Astana forum" not in by_section
    by_person = client.get(WEEK, {"person": reporter.pk}).text
    assert "Two-day summit" in by_person and "Astana forum" not in by_person
    next_week = client.get(WEEK, {"start": (monday + datetime.timedelta(days=7)).isoformat()}).text
    assert "Two-day summit" not in next_week


def test_the_week_view_filters_by_who_takes_part(client, editor):
    putin = PersonFactory(name="Vladimir Putin")
    with_him = EventFactory(title="Talks in the Kremlin", start_date=today())
    ParticipationFactory(event=with_him, person=putin)
    EventFactory(title="Talks without him", start_date=today())
    entry = DiaryEntryFactory(title="Unannounced meeting", start_date=today())
    entry.people.add(putin)
    sign_in(client, editor)
    html = client.get(WEEK, {"taking_part": putin.pk}).text
    assert "Talks in the Kremlin" in html and "Unannounced meeting" in html
    assert "Talks without him" not in html
    assert "Vladimir Putin" in html  # the search box shows who was chosen


def test_the_week_view_answers_bad_filters_with_a_sentence_not_a_500(client, editor):
    sign_in(client, editor)
    for query in (
        {"start": "not-a-date"},
        {"section": "999999"},
        {"country": "x"},
        {"person": "-1"},
        {"taking_part": "x"},
        {"taking_part": "9" * 30},
    ):
        response = client.get(WEEK, query)
        assert response.status_code == 400, query
        assert "errornote" in response.text


def test_gaps_only_shows_events_with_nothing_planned(client, editor):
    EventFactory(title="Covered event", start_date=today())
    CoverageItemFactory(event=EventFactory(title="Has a story", start_date=today()))
    cancelled_only = EventFactory(title="Only cancelled coverage", start_date=today())
    CoverageItemFactory(event=cancelled_only, status="cancelled", cancel_reason="No room")
    sign_in(client, editor)
    html = client.get(WEEK, {"gaps": "on"}).text
    assert "Covered event" in html and "Only cancelled coverage" in html
    assert "Has a story" not in html


def test_the_diary_is_the_desk_s_only(client):
    event = EventFactory()
    for user in (None, UserFactory(is_staff=False), UserFactory(is_staff=True)):
        if user:
            sign_in(client, user)
        for path in (
            WEEK,
            reverse("planning:event", args=[event.pk]),
            reverse("planning:calendar"),
        ):
            response = client.get(path)
            assert response.status_code in (302, 403), (user, path)
            if response.status_code == 302:
                assert "/admin/login/" in response["Location"]


def test_an_editor_plans_from_the_event_page_and_a_reporter_cannot(client, editor, reporter):
    event = EventFactory(title="CIS summit", start_date=today())
    section = SectionFactory()
    path = reverse("planning:event", args=[event.pk])
    sign_in(client, reporter)
    assert "Plan coverage" not in client.get(path).text
    assert client.post(path, {"kind": "story"}).status_code == 403
    sign_in(client, editor)
    data = {
        "kind": "story",
        "section": section.pk,
        "assignee": reporter.pk,
        "due": (timezone.localtime() + datetime.timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M"),
        "notes": "800 words",
    }
    response = client.post(path, data)
    assert response.status_code == 302
    item = CoverageItem.objects.get(event=event)
    assert item.status == Status.ASSIGNED and item.assignee == reporter
    bad = client.post(path, {**data, "due": "tomorrowish", "kind": "poem"})
    assert bad.status_code == 400 and "errornote" in bad.text
    assert CoverageItem.objects.count() == 1


def test_actions_answer_refusals_with_a_message_and_keep_the_data(client, editor, reporter):
    item = CoverageItemFactory(assignee=reporter)
    url = lambda action: reverse("planning:item_action", args=[item.pk, action])  # noqa: E731
    sign_in(client, reporter)
    response = client.post(url("cancel"), {"reason": "I'm busy"}, follow=True)
    assert "Only editors cancel" in response.text
    item.refresh_from_db()
    assert item.status == Status.ASSIGNED
    assert client.get(url("accept")).status_code == 405
    assert client.post(url("dance")).status_code == 404
    client.post(url("accept"))
    item.refresh_from_db()
    assert item.accepted_at is not None
    response = client.post(url("start"))
    story = Article.objects.get()
    assert response["Location"] == reverse("admin:articles_article_change", args=[story.pk])
    sign_in(client, editor)
    response = client.post(url("cancel"), {"reason": ""}, follow=True)
    assert "Say why" in response.text
    client.post(url("cancel"), {"reason": "Moved online", "next": "https://evil.example/"})
    item.refresh_from_db()
    assert item.status == Status.CANCELLED
    response = client.post(url("reinstate"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("planning:event", args=[item.event_id])
    response = client.post(url("move"), {"to": "nonsense"}, follow=True)
    assert "Say which status" in response.text


def test_start_the_live_page_opens_the_live_desk(client, editor):
    item = CoverageItemFactory(kind="live")
    sign_in(client, editor)
    response = client.post(reverse("planning:item_action", args=[item.pk, "start"]))
    item.refresh_from_db()
    assert response["Location"] == reverse("admin:live_livecoverage_desk", args=[item.story_id])


def test_an_editor_enters_an_internal_diary_entry_and_makes_it_public(client, editor):
    place = PlaceFactory(name="Bishkek")
    sign_in(client, editor)
    response = client.post(
        reverse("planning:entry_add"),
        {
            "title": "Unannounced visit",
            "kind": "visit",
            "start_date": today().isoformat(),
            "place": place.pk,
            "notes": "Embargoed",
        },
    )
    entry = DiaryEntry.objects.get()
    assert response["Location"] == reverse("planning:entry", args=[entry.pk])
    page = client.get(response["Location"]).text
    assert "Diary entry, for the desk only" in page and "Embargoed" in page
    bad = client.post(reverse("planning:entry_add"), {"title": "", "start_date": "soon"})
    assert bad.status_code == 400
    # Not confirmed: nothing happens.
    client.post(reverse("planning:entry_public", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.event is None
    response = client.post(reverse("planning:entry_public", args=[entry.pk]), {"confirm": "yes"})
    entry.refresh_from_db()
    assert entry.event is not None and entry.event.place == place
    assert response["Location"] == reverse("planning:event", args=[entry.event_id])


def test_the_entry_form_searches_the_world_with_the_admin_s_search_boxes(client, editor):
    PlaceFactory(name="Dushanbe")
    sign_in(client, editor)
    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "planning",
            "model_name": "diaryentry",
            "field_name": "place",
            "term": "Dush",
        },
    )
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["Dushanbe"]


def test_a_reporter_cannot_enter_diary_entries(client, reporter):
    sign_in(client, reporter)
    assert client.get(reverse("planning:entry_add")).status_code == 403


def issue_feed(client, user):
    sign_in(client, user)
    response = client.post(reverse("planning:calendar"), {"action": "issue"})
    address = response.context["address"]
    client.logout()
    return address[address.index("/admin/") :]


def test_the_calendar_feed_needs_its_secret_and_shows_only_its_owner_s_items(client, reporter):
    other = ReporterFactory()
    CoverageItemFactory(
        event=EventFactory(title="Mine to cover"), assignee=reporter, notes="Bring a tripod"
    )
    CoverageItemFactory(
        event=EventFactory(title="Theirs to cover"), assignee=other, notes="Secret angle"
    )
    path = issue_feed(client, reporter)
    response = client.get(path)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    calendar = Calendar.from_ical(response.content)
    summaries = [str(component["summary"]) for component in calendar.walk("VEVENT")]
    assert summaries == ["Story: Mine to cover"]
    assert "Bring a tripod" in response.text.replace("\r\n ", "")
    assert "Theirs" not in response.text and "Secret angle" not in response.text
    assert client.get(path.replace(".ics", "x.ics")).status_code == 404
    assert client.get(reverse("planning:feed", args=["guess"])).status_code == 404
    # Only the digest is kept: the database does not hold the address.
    secret = path.rsplit("/", 1)[1].removesuffix(".ics")
    assert not CalendarFeed.objects.filter(digest=secret).exists()


def test_a_new_address_revokes_the_old_and_revoking_ends_it(client, reporter):
    CoverageItemFactory(assignee=reporter)
    first = issue_feed(client, reporter)
    second = issue_feed(client, reporter)
    assert client.get(first).status_code == 404 and client.get(second).status_code == 200
    sign_in(client, reporter)
    client.post(reverse("planning:calendar"), {"action": "revoke"})
    client.logout()
    assert client.get(second).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_a_deactivated_person_s_feed_shows_nothing(client, reporter):
    path = issue_feed(client, reporter)
    reporter.is_active = False
    reporter.save()
    assert client.get(path).status_code == 404


def test_the_subject_page_shows_history_and_start_only_to_whom_it_may_concern(
    client, editor, reporter
):
    item = CoverageItemFactory(assignee=reporter)
    services.coverage_accept(item=item, user=reporter)
    path = reverse("planning:event", args=[item.event_id])
    sign_in(client, ReporterFactory())
    assert "Start the story" not in client.get(path).text
    sign_in(client, reporter)
    page = client.get(path).text
    assert "Start the story" in page and "accepted" in page


def test_assign_from_the_event_page_and_back_to_the_desk(client, editor, reporter):
    item = CoverageItemFactory()
    sign_in(client, editor)
    page = client.get(reverse("planning:event", args=[item.event_id])).text
    assert f'name="item{item.pk}-assignee"' in page
    url = reverse("planning:item_action", args=[item.pk, "assign"])
    client.post(url, {f"item{item.pk}-assignee": reporter.pk})
    item.refresh_from_db()
    assert item.assignee == reporter and item.status == Status.ASSIGNED
    assert "selected" in client.get(reverse("planning:event", args=[item.event_id])).text
    response = client.post(url, {f"item{item.pk}-assignee": "nobody"}, follow=True)
    assert "Choose someone on the desk" in response.text
    client.post(url, {f"item{item.pk}-assignee": ""})
    item.refresh_from_db()
    assert item.assignee is None and item.status == Status.PLANNED


def test_an_event_page_runs_the_same_queries_with_one_item_or_twenty(
    client, editor, reporter, django_assert_max_num_queries
):
    event = EventFactory()
    CoverageItemFactory(event=event, assignee=reporter)
    path = reverse("planning:event", args=[event.pk])
    sign_in(client, editor)

    def count():
        client.get(path)
        with django_assert_max_num_queries(25) as captured:
            assert client.get(path).status_code == 200
        return len(captured.captured_queries)

    one = count()
    for _ in range(19):
        CoverageItemFactory(event=event, assignee=reporter)
    assert count() == one
