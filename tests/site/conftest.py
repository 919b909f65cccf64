"""Fixtures of the public site's tests: a small world of the CIS summit story, readers and staff."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from articles.models import Article, Section
from events.models import (
    Agreement,
    AgreementParty,
    Country,
    Event,
    Organization,
    Participation,
    Person,
    Place,
)
from tests.factories import (
    AgencyFactory,
    AgreementFactory,
    AgreementPartyFactory,
    ArticleFactory,
    CorrectionFactory,
    CountryFactory,
    EventFactory,
    EventSeriesFactory,
    ImageFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    PlaceFactory,
    PositionFactory,
    QuoteFactory,
    SectionFactory,
    UserFactory,
)
from tests.signing_in import sign_in

MONTH = datetime.timedelta(days=30)
# Each kind of page, and how its stories are reached (to pick the richest for a short tour).
STORIES_OF = {
    Section: "articles",
    Person: "articles",
    Event: "articles",
    Agreement: "articles",
    Place: "articles",
    Country: "people__articles",
    Organization: "articles",
}

STORY_BODY = (
    "<p>President Vladimir Putin chaired the CIS Council of Heads of State session in "
    "Moscow. Putin welcomed President Shavkat Mirziyoyev of Uzbekistan.</p>"
    "<p>Putin hoped that every member would ratify the Russian Language Treaty. "
    "Mirziyoyev agreed &amp; said so.</p>"
)


@pytest.fixture
def world(db):
    """The 8 October 2024 CIS session, its people, series, agreement and a published story."""
    return build_world()


def build_world():
    """The `world` fixture's data, for a test that must build it at a moment of its choosing."""
    russia = CountryFactory(name="Russia", slug="russia", iso_code="RU")
    uzbekistan = CountryFactory(name="Uzbekistan", slug="uzbekistan", iso_code="UZ")
    kyrgyzstan = CountryFactory(name="Kyrgyzstan", slug="kyrgyzstan", iso_code="KG")
    kazakhstan = CountryFactory(name="Kazakhstan", slug="kazakhstan", iso_code="KZ")
    cis = OrganizationFactory(
        name="Commonwealth of Independent States", slug="cis", short_name="CIS"
    )
    council = OrganizationFactory(
        name="CIS Council of Heads of State", slug="cis-council", parent=cis
    )
    moscow = PlaceFactory(name="Moscow", slug="moscow", country=russia)
    kremlin = PlaceFactory(name="Kremlin", slug="kremlin", kind=Place.Kind.VENUE, parent=moscow)
    bishkek = PlaceFactory(name="Bishkek", slug="bishkek", country=kyrgyzstan)
    putin = PersonFactory(
        name="Vladimir Putin", slug="vladimir-putin", aliases="Putin", country=russia
    )
    mirziyoyev = PersonFactory(
        name="Shavkat Mirziyoyev",
        slug="shavkat-mirziyoyev",
        aliases="Mirziyoyev",
        country=uzbekistan,
    )
    PositionFactory(person=putin, title="President of Russia", start_date=datetime.date(2012, 5, 7))
    PositionFactory(
        person=putin,
        title="Prime Minister of Russia",
        start_date=datetime.date(2008, 5, 8),
        end_date=datetime.date(2012, 5, 7),
    )
    PositionFactory(person=mirziyoyev, title="President of Uzbekistan")
    summits = EventSeriesFactory(name="CIS summits", slug="cis-summits", organization=cis)
    bishkek_summit = EventFactory(
        title="CIS summit in Bishkek",
        slug="cis-summit-2023",
        series=summits,
        start_date=datetime.date(2023, 10, 13),
        place=bishkek,
        organization=council,
    )
    session = EventFactory(
        title="CIS Council of Heads of State session",
        slug="cis-session-2024",
        kind="session",
        series=summits,
        start_date=datetime.date(2024, 10, 8),
        place=kremlin,
        organization=council,
        summary="The leaders met in the Kremlin.",
    )
    next_summit = EventFactory(
        title="CIS summit in Dushanbe",
        slug="cis-summit-2025",
        series=summits,
        start_date=datetime.date(2025, 10, 10),
        status="scheduled",
    )
    ParticipationFactory(event=session, person=putin, role=Participation.Role.CHAIR)
    ParticipationFactory(event=session, person=putin, role=Participation.Role.HOST)
    ParticipationFactory(event=session, person=mirziyoyev, role=Participation.Role.ATTENDEE)
    treaty = AgreementFactory(
        title="Treaty on the International Organization for the Russian Language",
        short_title="Russian Language Treaty",
        slug="russian-language-treaty",
        adopted_at=bishkek_summit,
        signed_on=datetime.date(2023, 10, 13),
    )
    treaty.initiators.add(putin)
    signed = datetime.date(2023, 10, 13)
    AgreementPartyFactory(
        agreement=treaty,
        country=russia,
        status=AgreementParty.Status.RATIFIED,
        signed_on=signed,
        ratified_on=datetime.date(2024, 4, 22),
    )
    AgreementPartyFactory(
        agreement=treaty,
        country=kyrgyzstan,
        status=AgreementParty.Status.RATIFIED,
        signed_on=signed,
        ratified_on=datetime.date(2024, 6, 1),
    )
    AgreementPartyFactory(
        agreement=treaty,
        country=uzbekistan,
        status=AgreementParty.Status.SIGNED,
        signed_on=signed,
    )
    AgreementPartyFactory(agreement=treaty, country=kazakhstan, status=AgreementParty.Status.SIGNED)
    section = SectionFactory(name="World", slug="world")
    story = ArticleFactory(
        headline="Presidents gather at the Kremlin",
        slug="presidents-gather-at-the-kremlin",
        summary="CIS leaders met in Moscow for the Council of Heads of State.",
        body=STORY_BODY,
        section=section,
        agency=AgencyFactory(
            name="National News Agency of Uzbekistan", short_name="UzA", url="https://uza.uz/"
        ),
        bylines="Jane Roe and John Doe",
        dateline_place=moscow,
        lead_image=ImageFactory(
            alt_text="Leaders pose for a group photo",
            caption="The group photo.",
            credit="Kremlin press",
        ),
    )
    story.people.add(putin, mirziyoyev)
    story.events.add(session)
    story.agreements.add(treaty)
    story.places.add(moscow)
    story.organizations.add(cis)
    CorrectionFactory(article=story, text="An earlier version misdated the session.")
    QuoteFactory(
        article=story,
        speaker=putin,
        event=session,
        text="For us, the CIS member states are our closest neighbors.",
    )
    return SimpleNamespace(
        russia=russia,
        uzbekistan=uzbekistan,
        kyrgyzstan=kyrgyzstan,
        kazakhstan=kazakhstan,
        cis=cis,
        council=council,
        moscow=moscow,
        kremlin=kremlin,
        bishkek=bishkek,
        putin=putin,
        mirziyoyev=mirziyoyev,
        summits=summits,
        bishkek_summit=bishkek_summit,
        session=session,
        next_summit=next_summit,
        treaty=treaty,
        section=section,
        story=story,
    )


@pytest.fixture
def editor(db):
    """A staff member allowed to see stories in the admin, and so to preview them."""
    return make_editor()


def make_editor():
    user = UserFactory(username="editor", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    return user


@pytest.fixture
def editor_client(client, editor):
    sign_in(client, editor)
    return client


def add_what_the_demo_lacks():
    """Load the demo and add what it lacks for a tour of every kind of page: a lead image,
    bylines, a correction, related stories, a second page of a section and a coming event.
    Returns a draft story, for a preview."""
    call_command("load_demo", verbosity=0)
    story = Article.objects.published().latest_first().first()
    assert story, "the demo fixtures hold no published story"
    story.lead_image = ImageFactory(
        alt_text="Leaders pose for a group photo", caption="The group photo.", credit="Press"
    )
    story.bylines = "Jane Roe"
    story.save()
    CorrectionFactory(article=story, text="An earlier version misdated the session.")
    story.related_articles.add(*Article.objects.published().exclude(pk=story.pk))
    ArticleFactory.create_batch(21, section=story.section)
    EventFactory(title="Summit next month", start_date=timezone.localdate() + MONTH)
    return ArticleFactory(headline="Draft story", draft=True)


def public_pages(every_object=True):
    """{name: path} of the site's pages over what the database holds: every story, the
    lists, search and archive, and the page of every person, event, agreement, section, place,
    country and organization (or, with every_object=False, of the one with most stories)."""
    latest = Article.objects.published().latest_first().first()
    pages = {
        "front": "/",
        "archive": "/archive/",
        "archive-year": f"/archive/{latest.published_at:%Y}/",
        "archive-month": f"/archive/{latest.published_at:%Y/%m}/",
        "search": "/search/",
        "search-results": "/search/?q=CIS",
        "search-nothing": "/search/?q=zzyzx",
        "events": "/events/",
        "people": "/people/",
        "agreements": "/agreements/",
        "not-found": "/no/such/page/",
    }
    for story in Article.objects.published():
        pages[f"story-{story.slug}"] = story.get_absolute_url()
    for model, stories in STORIES_OF.items():
        objects = model.objects.all()
        if not every_object:
            objects = objects.annotate(story_count=Count(stories, distinct=True)).order_by(
                "-story_count", "pk"
            )[:1]
        for obj in objects:
            pages[f"{model._meta.model_name}-{obj.slug}"] = obj.get_absolute_url()
    return pages
