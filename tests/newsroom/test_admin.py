"""Every admin page renders, search works, and bad input gets a form error, never a 500."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django_tasks_db.models import DBTaskResult, get_date_max
from rest_framework.authtoken.models import TokenProxy

from articles.models import Agency, Article, Correction, EntityProposal, Image, Quote, Section
from articles.tasks import make_renditions
from audit.models import AuditEntry
from audit.recording import record
from distribution.models import Delivery, Subscriber
from events.models import (
    Agreement,
    AgreementParty,
    Country,
    Event,
    EventSeries,
    Organization,
    Participation,
    Person,
    Place,
    Position,
)
from live.models import LiveCoverage
from newsroom.models import User
from tests import factories

pytestmark = pytest.mark.django_db

OBJECT_MAKERS = {
    User: factories.UserFactory,
    Group: lambda: Group.objects.create(name="Desk"),
    TokenProxy: lambda: TokenProxy.objects.create(user=factories.UserFactory()),
    AuditEntry: lambda: record("signed_in", actor=factories.UserFactory(), detail="Laptop"),
    Section: factories.SectionFactory,
    Agency: factories.AgencyFactory,
    Image: factories.ImageFactory,
    Article: factories.ArticleFactory,
    Correction: factories.CorrectionFactory,
    Quote: factories.QuoteFactory,
    EntityProposal: factories.EntityProposalFactory,
    Country: factories.CountryFactory,
    Organization: factories.OrganizationFactory,
    Place: factories.PlaceFactory,
    Person: factories.PersonFactory,
    Position: factories.PositionFactory,
    EventSeries: factories.EventSeriesFactory,
    Event: factories.EventFactory,
    Participation: factories.ParticipationFactory,
    Agreement: factories.AgreementFactory,
    AgreementParty: factories.AgreementPartyFactory,
    Subscriber: factories.SubscriberFactory,
    Delivery: factories.DeliveryFactory,
    LiveCoverage: factories.LiveCoverageFactory,
    DBTaskResult: lambda: DBTaskResult.objects.create(
        task_path=make_renditions.module_path,
        args_kwargs={"args": [1], "kwargs": {}},
        backend_name="default",
        run_after=get_date_max(),  # "as soon as possible"
    ),
}
REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_registered_model_has_an_object_maker():
    assert set(REGISTERED) <= set(OBJECT_MAKERS), "add a factory for the new admin model"


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_changelist_add_and_change_pages_render(admin_client, model):
    obj = OBJECT_MAKERS[model]()
    request = admin_client.get(admin_url(model, "changelist")).wsgi_request
    # Some admins only show what workers wrote (deliveries, task results): no add page.
    can_add = admin.site._registry[model].has_add_permission(request)
    for url in (
        admin_url(model, "changelist"),
        *([admin_url(model, "add")] if can_add else []),
        admin_url(model, "change", obj.pk),
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize(
    "model",
    [model for model in REGISTERED if admin.site._registry[model].search_fields],
    ids=lambda model: model._meta.label,
)
def test_admin_search_answers_for_every_searchable_model(admin_client, model):
    OBJECT_MAKERS[model]()
    response = admin_client.get(admin_url(model, "changelist"), {"q": "zzz-no-such-thing"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


def test_admin_search_finds_a_story_by_headline(admin_client):
    wanted = factories.ArticleFactory(headline="Presidents gather at the Kremlin")
    factories.ArticleFactory(headline="Informal meeting of the CIS Heads of States")
    response = admin_client.get(admin_url(Article, "changelist"), {"q": "kremlin"})
    assert list(response.context["cl"].result_list) == [wanted]


def test_admin_search_finds_a_person_by_alias(admin_client):
    putin = factories.PersonFactory(name="Vladimir Putin", aliases="the Kremlin leader")
    response = admin_client.get(admin_url(Person, "changelist"), {"q": "kremlin leader"})
    assert list(response.context["cl"].result_list) == [putin]


def test_autocomplete_finds_people_for_the_story_form(admin_client):
    factories.PersonFactory(name="Shavkat Mirziyoyev")
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "mirzi", "app_label": "articles", "model_name": "article", "field_name": "people"},
    )
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["Shavkat Mirziyoyev"]


def inline_management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def event_form(**overrides):
    data = {
        "title": "CIS summit",
        "slug": "cis-summit",
        "kind": Event.Kind.SUMMIT,
        "status": Event.Status.HELD,
        "start_date": "2024-10-08",
        "end_date": "",
        **inline_management("participations"),
    }
    data.update(overrides)
    return data


def test_admin_refuses_an_event_that_ends_before_it_starts(admin_client):
    response = admin_client.post(admin_url(Event, "add"), event_form(end_date="2024-10-01"))
    assert response.status_code == 200
    assert "An event cannot end before it starts." in response.text
    assert not Event.objects.exists()


def test_admin_refuses_a_duplicate_slug_with_a_form_error(admin_client):
    factories.EventFactory(slug="cis-summit")
    response = admin_client.post(admin_url(Event, "add"), event_form())
    assert response.status_code == 200
    assert "Event with this Slug already exists." in response.text
    assert Event.objects.count() == 1


def test_admin_refuses_a_malformed_date_with_a_form_error(admin_client):
    response = admin_client.post(admin_url(Event, "add"), event_form(start_date="8 Octobre"))
    assert response.status_code == 200
    assert "Enter a valid date." in response.text


def test_admin_refuses_the_same_country_twice_on_an_agreement(admin_client):
    country = factories.CountryFactory()
    data = {
        "title": "Treaty on the International Russian Language Organization",
        "slug": "irlo-treaty",
        "kind": Agreement.Kind.TREATY,
        **inline_management("parties", total=2),
    }
    for index in range(2):
        data[f"parties-{index}-country"] = str(country.pk)
        data[f"parties-{index}-status"] = AgreementParty.Status.SIGNED
    response = admin_client.post(admin_url(Agreement, "add"), data)
    assert response.status_code == 200
    assert "Please correct the duplicate data for country" in response.text
    assert not Agreement.objects.exists()


def test_admin_refuses_a_ratification_before_signature(admin_client):
    data = {
        "title": "A treaty",
        "slug": "a-treaty",
        "kind": Agreement.Kind.TREATY,
        **inline_management("parties", total=1),
        "parties-0-country": str(factories.CountryFactory().pk),
        "parties-0-status": AgreementParty.Status.RATIFIED,
        "parties-0-signed_on": "2023-10-13",
        "parties-0-ratified_on": "2023-01-01",
    }
    response = admin_client.post(admin_url(Agreement, "add"), data)
    assert response.status_code == 200
    assert "A country cannot ratify before it signs." in response.text
    assert not Agreement.objects.exists()


def test_admin_records_who_wrote_a_new_story(admin_client, admin_user):
    section = factories.SectionFactory()
    data = {
        "headline": "Council approves budget",
        "slug": "council-approves-budget",
        "body": "<p>Details.</p><script>alert(1)</script>",
        "status": Article.Status.DRAFT,
        "section": str(section.pk),
        "language": "en",
        **inline_management("corrections"),
        **inline_management("quotes"),
    }
    response = admin_client.post(admin_url(Article, "add"), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    story = Article.objects.get(slug="council-approves-budget")
    assert story.created_by == admin_user
    assert story.body == "<p>Details.</p>"


def test_publishing_without_a_publication_time_publishes_now(admin_client):
    data = {
        "headline": "Council approves budget",
        "slug": "council-approves-budget",
        "status": Article.Status.PUBLISHED,
        "published_at_0": "",
        "published_at_1": "",
        "language": "en",
        **inline_management("corrections"),
        **inline_management("quotes"),
    }
    response = admin_client.post(admin_url(Article, "add"), data)
    assert response.status_code == 302
    story = Article.objects.get(slug="council-approves-budget")
    assert story.is_published


def test_change_page_links_to_the_story_on_the_site(admin_client):
    story = factories.ArticleFactory()
    response = admin_client.get(admin_url(Article, "change", story.pk))
    assert "View on site" in response.text


def test_agreement_changelist_shows_ratification_progress(admin_client):
    agreement = factories.AgreementFactory()
    for status in ["ratified", "ratified", "signed"]:
        factories.AgreementPartyFactory(agreement=agreement, status=status)
    response = admin_client.get(admin_url(Agreement, "changelist"))
    assert "2 of 3" in response.text
