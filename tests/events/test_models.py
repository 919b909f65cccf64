"""The rules of the world model that the database itself enforces."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.models import AgreementParty, Country, Event, Position
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    CountryFactory,
    EventFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    PlaceFactory,
    PositionFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def refused(create):
    """Assert the database refuses the row `create` tries to write."""
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


@pytest.mark.parametrize(
    "factory",
    [
        CountryFactory,
        OrganizationFactory,
        PlaceFactory,
        PersonFactory,
        EventFactory,
        AgreementFactory,
    ],
)
def test_slugs_are_unique(factory):
    factory(slug="taken")
    refused(lambda: factory(slug="taken"))


def test_event_cannot_end_before_it_starts():
    refused(lambda: EventFactory(start_date=D(2024, 10, 8), end_date=D(2024, 10, 7)))


def test_event_cannot_have_an_end_without_a_start():
    refused(lambda: EventFactory(start_date=None, end_date=D(2024, 10, 7)))


def test_event_may_span_days_or_have_no_date_yet():
    sochi = EventFactory(start_date=D(2017, 10, 10), end_date=D(2017, 10, 11))
    proposed = EventFactory(start_date=None, status=Event.Status.PROPOSED)
    assert sochi.pk and proposed.pk


def test_event_end_before_start_is_a_validation_error_with_a_clear_message():
    event = EventFactory.build(start_date=D(2024, 10, 8), end_date=D(2024, 10, 1))
    with pytest.raises(ValidationError, match="An event cannot end before it starts"):
        event.full_clean()


def test_position_cannot_end_before_it_starts():
    refused(lambda: PositionFactory(start_date=D(2020, 1, 1), end_date=D(2019, 1, 1)))


def test_positions_held_on_a_date():
    person = PersonFactory()
    past = PositionFactory(person=person, start_date=D(2003, 3, 14), end_date=D(2016, 12, 13))
    current = PositionFactory(person=person, start_date=D(2016, 12, 14), end_date=None)
    assert list(Position.objects.held_on(D(2010, 1, 1))) == [past]
    assert list(Position.objects.held_on(D(2024, 10, 8))) == [current]
    assert current.is_current and not past.is_current


def test_one_party_per_agreement_and_country():
    party = AgreementPartyFactory()
    refused(lambda: AgreementPartyFactory(agreement=party.agreement, country=party.country))


def test_ratification_cannot_precede_signature():
    refused(
        lambda: AgreementPartyFactory(
            status=AgreementParty.Status.RATIFIED,
            signed_on=D(2023, 10, 13),
            ratified_on=D(2023, 1, 1),
        )
    )


def test_agreement_period_cannot_end_before_it_starts():
    refused(lambda: AgreementFactory(period_start=D(2027, 1, 1), period_end=D(2025, 1, 1)))


def test_one_role_per_person_and_event():
    participation = ParticipationFactory()
    refused(
        lambda: ParticipationFactory(
            event=participation.event, person=participation.person, role=participation.role
        )
    )


def test_country_code_must_be_two_capital_letters():
    refused(lambda: Country.objects.create(name="Nowhere", slug="nowhere", iso_code="x1"))


def test_country_codes_are_unique():
    CountryFactory(iso_code="UZ")
    refused(lambda: CountryFactory(iso_code="UZ"))


def test_place_coordinates_must_be_on_earth():
    refused(lambda: PlaceFactory(latitude=91, longitude=0))


def test_linker_names_are_the_name_then_aliases_without_repeats():
    person = PersonFactory(name="Vladimir Putin", aliases="Putin\n\nPresident Putin\nPutin\n")
    assert person.linker_names() == ["Vladimir Putin", "Putin", "President Putin"]
    agreement = AgreementFactory(title="Long title", short_title="IRLO treaty")
    assert agreement.linker_names() == ["Long title", "IRLO treaty"]
    organization = OrganizationFactory(name="Commonwealth of Independent States", short_name="CIS")
    assert organization.linker_names() == ["Commonwealth of Independent States", "CIS"]
