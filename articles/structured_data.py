"""schema.org descriptions of the stories' pages as JSON-LD, for search engines and readers'
tools: the story (NewsArticle) and the site with its search box (WebSite).

The template tags in `articles.templatetags.structured_data` put them on the page.
"""

import re

from django.conf import settings
from django.urls import reverse

from core.structured_data import SCHEMA_ORG, publisher, without_empty_values
from events.structured_data import person_reference

# "Jane Roe, John Doe and Ann Poe" → three names.
_BYLINE_SEPARATORS = re.compile(r"\s*(?:,|&|\band\b)\s*")


def byline_names(bylines):
    """The people in a printed byline: "By Jane Roe and John Doe" → ["Jane Roe", "John Doe"]."""
    bylines = re.sub(r"^\s*by\s+", "", bylines or "", flags=re.IGNORECASE)
    return [name for name in _BYLINE_SEPARATORS.split(bylines) if name]


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
    return without_empty_values(data)


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
