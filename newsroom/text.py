"""Small text helpers shared by the apps: alias lists stored one per line."""


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
