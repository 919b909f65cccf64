"""schema.org descriptions of the world's pages as JSON-LD: events, places and people.

The template tags in `events.templatetags.events_json_ld` put them on the page.
"""

from core.structured_data import SCHEMA_ORG, without_empty_values
from events.models import Event

# schema.org has no status for an event that is only proposed, so such an event has none.
EVENT_STATUS = {
    Event.Status.SCHEDULED: f"{SCHEMA_ORG}/EventScheduled",
    Event.Status.HELD: f"{SCHEMA_ORG}/EventScheduled",  # it took place as scheduled
    Event.Status.POSTPONED: f"{SCHEMA_ORG}/EventPostponed",
    Event.Status.CANCELLED: f"{SCHEMA_ORG}/EventCancelled",
}


def person_reference(person, absolute):
    data = {"@type": "Person", "name": person.name, "url": absolute(person.get_absolute_url())}
    # On a story page the view attaches the positions held on the story's date.
    titles = [position.title for position in getattr(person, "positions_then", ())]
    if titles:
        data["jobTitle"] = titles
    return data


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
    return without_empty_values(data)


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
        "mainEntity": without_empty_values(entity),
    }
