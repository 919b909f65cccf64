"""schemathesis hooks for .ci/schemathesis: positive_data_acceptance with its one exception.

Every request the schema allows must be accepted, except one the schema cannot describe: a
well-formed name that names nothing is a 400 — a slug (`?section=no-such-section`), an id (a
desk write's `lead_image`), or a story-list cursor the API never gave out — and its mirror
image, a new slug another story already has, because a schema cannot list every slug, id or
position that exists. That answer is recognised by its exact
words, naming the very value that was sent, so any other refusal of a schema-valid request
still fails the run.
"""

import re

import schemathesis
from schemathesis.openapi.checks import RejectedPositiveData
from schemathesis.specs.openapi.checks import positive_data_acceptance

# core/api_support/filters.py, slug_filter(): "There is no section with the slug “wrld”."
UNKNOWN_NAME = re.compile(r"There is no [a-z ]+ with the [a-z_]+ “(?P<value>.*)”\.", re.DOTALL)
# Its mirror image in a desk write: a slug another story already has (Django's own words).
TAKEN_SLUG = re.compile(r"[A-Za-z ]+ with this [A-Za-z ]+ already exists\.")
# core/api_support/pagination.py, KeysetCursorPagination._decode().
UNKNOWN_CURSOR = "This cursor is not one this API gave out: start again without it."


def names_nothing(response, case):
    """True when the 400 refuses only values that name nothing, each in the exact words."""
    if response.status_code != 400:
        return False
    try:
        errors = response.json()
    except ValueError:
        return False
    if not isinstance(errors, dict) or not errors:
        return False
    # Query parameters, and the fields of a write's JSON body (the desk's links).
    sent = {**(case.query or {}), **(case.body if isinstance(case.body, dict) else {})}
    for parameter, messages in errors.items():
        if parameter not in sent or not isinstance(messages, list) or len(messages) != 1:
            return False
        if parameter == "cursor" and messages == [UNKNOWN_CURSOR]:
            continue
        if parameter == "slug" and TAKEN_SLUG.fullmatch(str(messages[0])):
            continue
        values = sent[parameter] if isinstance(sent[parameter], list) else [sent[parameter]]
        match = UNKNOWN_NAME.fullmatch(str(messages[0]))
        if match is None or match["value"] not in map(str, values):
            return False
    return True


@schemathesis.check
def positive_data_acceptance_but_unknown_names(ctx, response, case):
    """schemathesis's positive_data_acceptance, which lets only an unknown name's 400 through."""
    try:
        return positive_data_acceptance(ctx, response, case)
    except RejectedPositiveData:
        if names_nothing(response, case):
            return None
        raise
