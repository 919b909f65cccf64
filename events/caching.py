"""Which surrogate keys the world the stories report on shows and touches
(see core/caching/keys.py).

People are `p`, events `e`, event series `r`, agreements `g`, places `l`, countries `c`,
organizations `o`. Positions, participations and agreement parties are shown on the pages of
what they join (a position on its person's page and, through the person, on every story page
that names them with their title then).
"""

from core import caching
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


def register():
    """Called once from EventsConfig.ready()."""
    caching.register(Person, "p")
    caching.register(Event, "e")
    caching.register(EventSeries, "r")
    caching.register(Agreement, "g")
    caching.register(Place, "l")
    caching.register(Country, "c")
    caching.register(Organization, "o")
    caching.register_dependent(Position)
    caching.register_dependent(Participation)
    caching.register_dependent(AgreementParty)
