"""The world the stories report on: countries, organizations, places, people, events, agreements.

Imported in the order the models were always defined: Django lists an app's models in that
order (the admin, `dumpdata`, backups).
"""

# isort: off
from events.models.base import ALIASES_HELP, Linkable, not_before
from events.models.places import Country, Organization, Place
from events.models.people import Person, Position, PositionQuerySet, held_on
from events.models.events import Event, EventSeries, Participation
from events.models.agreements import Agreement, AgreementParty

# isort: on

__all__ = [
    "ALIASES_HELP",
    "Agreement",
    "AgreementParty",
    "Country",
    "Event",
    "EventSeries",
    "Linkable",
    "Organization",
    "Participation",
    "Person",
    "Place",
    "Position",
    "PositionQuerySet",
    "held_on",
    "not_before",
]
