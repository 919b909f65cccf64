"""Small text helpers shared by the apps: alias lists one per line, slugs, a query's words."""


def split_lines(text):
    """Return the non-blank, stripped lines of a multi-line field, in order, without repeats."""
    seen = []
    for line in (text or "").splitlines():
        line = line.strip()
        if line and line not in seen:
            seen.append(line)
    return seen


def unique_slug(model, text, *, max_length=None, exclude_pk=None):
    """A slug for `text` that no other row of `model` has yet: "cis-summit", "cis-summit-2", …"""
    from django.utils.text import slugify

    max_length = max_length or model._meta.get_field("slug").max_length
    base = slugify(text)[:max_length].strip("-") or model._meta.model_name
    candidate, number = base, 1
    others = model._default_manager.exclude(pk=exclude_pk) if exclude_pk else model._default_manager
    while others.filter(slug=candidate).exists():
        number += 1
        suffix = f"-{number}"
        candidate = f"{base[: max_length - len(suffix)]}{suffix}"
    return candidate


# A query's words are bounded in number and length (the site's search, the API's `?q=`).
MAX_QUERY_LENGTH = 200
MAX_TERMS = 10


def search_terms(query):
    """The words of a query, without repeats, bounded in number and length."""
    # A NUL separates words too: PostgreSQL refuses it in any text (a 500, not "no results").
    words = (query or "")[:MAX_QUERY_LENGTH].replace("\x00", " ").split()
    return list(dict.fromkeys(word for word in words if word))[:MAX_TERMS]
