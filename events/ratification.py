"""How far an agreement is ratified: counted by the database, in the query that lists it.

A story box, an agreement's page and the list of agreements all show "4 of 9 ratified"; the
counts are annotations so that showing thirty agreements costs one query, not thirty-one.
"""

from django.db.models import Count, Q

from events.models import AgreementParty

# The statuses after which an agreement binds a country, taken from the model's own rule
# (`AgreementParty.is_in_force_for_party`) so the count and the table never disagree.
BOUND_STATUSES = [
    status
    for status in AgreementParty.Status
    if AgreementParty(status=status).is_in_force_for_party
]


def with_ratification_counts(agreements):
    """`agreements` annotated with `party_count` and `ratified_count`."""
    return agreements.annotate(
        party_count=Count("parties", distinct=True),
        ratified_count=Count(
            "parties", filter=Q(parties__status__in=BOUND_STATUSES), distinct=True
        ),
    )
