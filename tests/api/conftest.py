"""Fixtures for the API tests: a client, a story linked to everything, the desk's accounts."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import AccessToken
from accounts.policy import factor_required
from tests.factories import (
    AgencyFactory,
    AgreementFactory,
    AgreementPartyFactory,
    ArticleFactory,
    CorrectionFactory,
    CountryFactory,
    EventFactory,
    ImageFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    PlaceFactory,
    PositionFactory,
    QuoteFactory,
)
from tests.signing_in import authenticator


@pytest.fixture
def api_client():
    return APIClient()


def token_client(user):
    client = APIClient()
    if factor_required(user):
        authenticator(user)  # an editor's token works only while the account has its factor
    _, key = AccessToken.issue(user=user, name="Tests", days=30)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.fixture
def reporter_client(reporter):
    return token_client(reporter)


@pytest.fixture
def editor_client(editor):
    return token_client(editor)


def results(response):
    """The entries of a list response, after checking it answered 200."""
    assert response.status_code == 200, response.content
    return response.json()["results"]


def slugs(response):
    return [entry["slug"] for entry in results(response)]


@pytest.fixture
def linked_story(db):
    """A published story linked to one of everything a story can link to."""
    uzbekistan = CountryFactory(name="Uzbekistan", slug="uzbekistan", iso_code="UZ")
    cis = OrganizationFactory(
        name="Commonwealth of Independent States", slug="cis", short_name="CIS"
    )
    cis.member_countries.add(uzbekistan)
    moscow = PlaceFactory(
        name="Moscow",
        slug="moscow",
        country=uzbekistan,
        latitude="55.755800",
        longitude="37.617300",
    )
    kremlin = PlaceFactory(name="Kremlin", slug="kremlin", kind="venue", parent=moscow)
    president = PersonFactory(
        name="Shavkat Mirziyoyev", slug="shavkat-mirziyoyev", country=uzbekistan
    )
    PositionFactory(person=president, title="President of Uzbekistan", country=uzbekistan)
    summit = EventFactory(
        title="CIS summit",
        slug="cis-summit",
        place=kremlin,
        organization=cis,
        start_date=datetime.date(2024, 10, 8),
    )
    ParticipationFactory(event=summit, person=president, role="attendee")
    treaty = AgreementFactory(title="Treaty on cooperation", slug="treaty", adopted_at=summit)
    AgreementPartyFactory(agreement=treaty, country=uzbekistan, status="ratified")
    story = ArticleFactory(
        headline="Leaders meet in Moscow",
        slug="leaders-meet",
        body="<p>The leaders <b>met</b> in the Kremlin.</p>",
        bylines="Jane Roe",
        agency=AgencyFactory(
            name="National News Agency of Uzbekistan", short_name="UzA", url="https://uza.uz/"
        ),
        dateline_place=moscow,
        lead_image=ImageFactory(
            file__width=700, file__height=400, caption="The leaders", credit="UzA"
        ),
    )
    story.people.add(president)
    story.events.add(summit)
    story.agreements.add(treaty)
    story.places.add(moscow, kremlin)
    story.organizations.add(cis)
    CorrectionFactory(article=story, text="An earlier version misspelt the venue.")
    QuoteFactory(article=story, speaker=president, event=summit, text="We agreed.")
    story.related_articles.add(
        ArticleFactory(headline="Earlier story", slug="earlier-story"),
        ArticleFactory(headline="Unpublished related", slug="unpublished-related", draft=True),
    )
    story.refresh_from_db()
    return story


@pytest.fixture
def stories_about(db):
    """`stories_about(**links)`: one story in every state, each linked as `links` says.

    Only the published one may be listed or counted anywhere.
    """

    def make(**links):
        stories = {
            "published": ArticleFactory(headline="Published story"),
            "draft": ArticleFactory(headline="Draft story", draft=True),
            "in_review": ArticleFactory(headline="In-review story", in_review=True),
            "scheduled": ArticleFactory(headline="Scheduled story", scheduled=True),
            "withdrawn": ArticleFactory(headline="Withdrawn story", withdrawn=True),
        }
        for story in stories.values():
            for field, objects in links.items():
                getattr(story, field).add(*objects)
        return stories

    return make


def hours_ago(hours):
    return timezone.now() - datetime.timedelta(hours=hours)
