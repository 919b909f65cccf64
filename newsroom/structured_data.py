"""schema.org descriptions of the site's pages as JSON-LD, for search engines and readers' tools.

Each builder takes the object and `absolute`, a function turning a path into a full URL on the
current host (`request.build_absolute_uri`). The template tags in
`newsroom.templatetags.structured_data` put the result on the page.
"""

import json
import re

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from events.models import Event

SCHEMA_ORG = "https://schema.org"

# schema.org has no status for an event that is only proposed, so such an event has none.
EVENT_STATUS = {
    Event.Status.SCHEDULED: f"{SCHEMA_ORG}/EventScheduled",
    Event.Status.HELD: f"{SCHEMA_ORG}/EventScheduled",  # it took place as scheduled
    Event.Status.POSTPONED: f"{SCHEMA_ORG}/EventPostponed",
    Event.Status.CANCELLED: f"{SCHEMA_ORG}/EventCancelled",
}

# The characters that could end the <script> element or open a comment inside it, written as
# JSON escapes so the data means the same and the HTML parser never sees them, as Django's
# json_script does.
_SCRIPT_SAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}

# "Jane Roe, John Doe and Ann Poe" → three names.
_BYLINE_SEPARATORS = re.compile(r"\s*(?:,|&|\band\b)\s*")


def json_ld_script(data):
    """`data` as a <script type="application/ld+json"> element, safe whatever the strings hold."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_SAFE)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


def byline_names(bylines):
    """The people in a printed byline: "By Jane Roe and John Doe" → ["Jane Roe", "John Doe"]."""
    bylines = re.sub(r"^\s*by\s+", "", bylines or "", flags=re.IGNORECASE)
    return [name for name in _BYLINE_SEPARATORS.split(bylines) if name]


def publisher(absolute):
    return {"@type": "NewsMediaOrganization", "name": settings.SITE_NAME, "url": absolute("/")}


def person_reference(person, absolute):
    data = {"@type": "Person", "name": person.name, "url": absolute(person.get_absolute_url())}
    # On a story page the view attaches the positions held on the story's date.
    titles = [position.title for position in getattr(person, "positions_then", ())]
    if titles:
        data["jobTitle"] = titles
    return data


def news_article(article, absolute):
    url = absolute(article.get_absolute_url())
    people = list(article.people.all())
    if names := byline_names(article.bylines):
        authors = [{"@type": "Person", "name": name} for name in names]
    elif article.agency_id:
        authors = [{"@type": "Organization", "name": article.agency.name}]
        if article.agency.url:
            authors[0]["url"] = article.agency.url
    else:
        authors = [publisher(absolute)]
    data = {
        "@context": SCHEMA_ORG,
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article.summary,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": article.published_at,
        "dateModified": article.updated_at,
        "inLanguage": article.language,
        "isAccessibleForFree": True,
        "author": authors,
        "publisher": publisher(absolute),
        "about": [person_reference(person, absolute) for person in people],
        "mentions": [
            *(
                {"@type": "Event", "name": event.title, "url": absolute(event.get_absolute_url())}
                for event in article.events.all()
            ),
            *(
                {
                    "@type": "Legislation",
                    "name": agreement.title,
                    "url": absolute(agreement.get_absolute_url()),
                }
                for agreement in article.agreements.all()
            ),
        ],
    }
    if article.section_id:
        data["articleSection"] = article.section.name
    if article.dateline_place_id:
        data["dateline"] = article.dateline_place.name
    if article.lead_image_id and article.lead_image.file:
        data["image"] = [absolute(article.lead_image.file.url)]
    corrections = list(article.corrections.all())
    if corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": correction.text,
                "datePublished": correction.published_at,
            }
            for correction in corrections
        ]
    return _without_empty_values(data)


def place(place_):
    """A Place with its town and country; expects `parent` and the countries selected."""
    data = {"@type": "Place", "name": place_.name}
    town = place_ if place_.kind == place_.Kind.CITY else place_.parent
    country = place_.country or (place_.parent.country if place_.parent_id else None)
    address = {"@type": "PostalAddress"}
    if town:
        address["addressLocality"] = town.name
    if country:
        address["addressCountry"] = country.iso_code
    if len(address) > 1:
        data["address"] = address
    return data


def event(event_, absolute):
    data = {
        "@context": SCHEMA_ORG,
        "@type": "Event",
        "name": event_.title,
        "description": event_.summary,
        "url": absolute(event_.get_absolute_url()),
        "startDate": event_.start_date,
        "endDate": event_.end_date or event_.start_date,
        "eventStatus": EVENT_STATUS.get(event_.status),
        "eventAttendanceMode": f"{SCHEMA_ORG}/OfflineEventAttendanceMode",
    }
    if event_.place_id:
        data["location"] = place(event_.place)
    if event_.organization_id:
        data["organizer"] = {
            "@type": "Organization",
            "name": event_.organization.name,
            "url": absolute(event_.organization.get_absolute_url()),
        }
    return _without_empty_values(data)


def profile_page(person, current_titles, absolute):
    entity = {
        "@type": "Person",
        "name": person.name,
        "url": absolute(person.get_absolute_url()),
        "alternateName": person.alias_list,
        "description": person.bio,
        "jobTitle": current_titles,
    }
    if person.photo:
        entity["image"] = absolute(person.photo.url)
    if person.country_id:
        entity["nationality"] = {"@type": "Country", "name": person.country.name}
    return {
        "@context": SCHEMA_ORG,
        "@type": "ProfilePage",
        "dateModified": person.updated_at,
        "mainEntity": _without_empty_values(entity),
    }


def website(absolute):
    """The site itself, with the search box search engines may offer under its name."""
    search_url = absolute(reverse("search"))
    return {
        "@context": SCHEMA_ORG,
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": absolute("/"),
        "potentialAction": {
            "@type": "SearchAction",
            "target": f"{search_url}?q={{search_terms}}",
            "query-input": "required name=search_terms",
        },
    }


def _without_empty_values(data):
    """Leave out what is not known rather than state it as empty."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}
