"""What the desk does with the proposer's proposals (articles/proposer): create the entity one
describes, dismiss it for a story, or keep an imported story's proposals as drafts.

Creating is always someone's act — a click in the editor, the admin's action on drafts — never
a side effect of reading a story: a wrong person on the public site is worse than a missing
one. The entity created keeps the story and the sentence it came from (an `EntityProposal`
row, shown on its admin page), as the demo's annotations keep theirs; a person's post becomes
a Position held from the story's date, with the sentence as its evidence.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles.entity_links import LINK_FIELDS
from articles.linker import get_linker
from articles.models import Article, EntityProposal, Section
from articles.proposer import Proposal, propose
from core.html import entity_references
from core.text import split_lines, unique_slug
from events.models import Country, Event, Organization, Person, Place, Position

EVENT_KINDS = {"summit": Event.Kind.SUMMIT, "conference": Event.Kind.CONFERENCE}


class ProposalError(ValueError):
    """A proposal that cannot be acted on; the message says why."""


def story_proposals(text, *, article=None, linker=None):
    """The proposals for `text`, less those the desk dismissed or created for `article`."""
    linker = linker or get_linker()
    proposals = propose(
        text, linker=linker, section_names=Section.objects.values_list("name", flat=True)
    )
    if article is None or article.pk is None or not proposals:
        return proposals
    decided = set(
        EntityProposal.objects.filter(article=article)
        .exclude(status=EntityProposal.Status.PROPOSED)
        .values_list("kind", "name")
    )
    return [proposal for proposal in proposals if (proposal.kind, proposal.name) not in decided]


def suggested_aliases(proposal, linker=None):
    """Aliases the story itself uses: an acronym in parentheses, or a person's surname when
    the story names them by it alone (and no known entity is called that)."""
    aliases = list(proposal.aliases)
    if proposal.kind == EntityProposal.Kind.PERSON:
        surname = proposal.name.split()[-1]
        linker = linker or get_linker()
        said_alone = any(text == surname for text, _start, _end in proposal.mentions)
        if said_alone and not linker.knows(surname) and surname not in aliases:
            aliases.append(surname)
    return aliases


def story_day(article):
    """The day a story's facts hold from: its publication date, or today for a new one."""
    if article is not None and article.published_at is not None:
        return timezone.localtime(article.published_at).date()
    return timezone.localdate()


@transaction.atomic
def entity_proposal_create(*, proposal, article=None, user=None, aliases=None):
    """Create the entity `proposal` describes and record where it came from.

    Returns (the EntityProposal row, the entity). Raises ProposalError when the desk knows
    the name by now (someone created it meanwhile).
    """
    if get_linker().knows(proposal.name):
        raise ProposalError(f"“{proposal.name}” is known to the desk now: link it with ⊕ instead.")
    aliases = suggested_aliases(proposal) if aliases is None else aliases
    country = _country_named(proposal.country)
    entity = _create_entity(proposal, country=country, aliases=aliases, day=story_day(article))
    facts = _row_facts(proposal, aliases)
    kind_field = {
        EntityProposal.Kind.PERSON: "person",
        EntityProposal.Kind.ORGANIZATION: "organization",
        EntityProposal.Kind.PLACE: "place",
        EntityProposal.Kind.EVENT: "event",
    }[proposal.kind]
    decision = {
        "status": EntityProposal.Status.CREATED,
        kind_field: entity,
        "decided_by": user,
        "decided_at": timezone.now(),
    }
    if article is not None and article.pk is not None:
        row, _created = EntityProposal.objects.update_or_create(
            article=article, kind=proposal.kind, name=proposal.name, defaults={**facts, **decision}
        )
        getattr(article, LINK_FIELDS[proposal.kind]).add(entity)
    else:
        row = EntityProposal.objects.create(
            kind=proposal.kind, name=proposal.name, **facts, **decision
        )
    return row, entity


def entity_proposal_dismiss(*, proposal, article, user=None):
    """Remember that the desk does not want `proposal` for `article`: not offered again."""
    row, _created = EntityProposal.objects.update_or_create(
        article=article,
        kind=proposal.kind,
        name=proposal.name,
        defaults={
            **_row_facts(proposal, list(proposal.aliases)),
            "status": EntityProposal.Status.DISMISSED,
            "decided_by": user,
            "decided_at": timezone.now(),
        },
    )
    return row


def entity_proposals_record(*, article, proposals, linker=None):
    """Keep `proposals` as drafts for the desk to confirm (`import_story --propose-drafts`).

    A proposal the desk already created or dismissed for this story stays as decided.
    Returns the number of new drafts.
    """
    added = 0
    for proposal in proposals:
        _row, created = EntityProposal.objects.get_or_create(
            article=article,
            kind=proposal.kind,
            name=proposal.name,
            defaults=_row_facts(proposal, suggested_aliases(proposal, linker)),
        )
        added += created
    return added


def entity_proposal_confirm(*, row, user=None):
    """Create the entity a draft describes (the admin's action on proposed rows)."""
    if row.status != EntityProposal.Status.PROPOSED:
        raise ProposalError(f"{row} was already {row.get_status_display().lower()}.")
    proposal = Proposal(
        kind=row.kind,
        name=row.name,
        text=row.mention,
        start=0,
        end=0,
        evidence=row.evidence,
        title=row.title,
        organization=row.organization_name,
        country=row.country_name,
        category=row.category,
    )
    article = Article.objects.filter(pk=row.article_id).first()
    return entity_proposal_create(
        proposal=proposal, article=article, user=user, aliases=split_lines(row.aliases)
    )


def entity_proposals_adopt(*, article, user):
    """Give a story saved for the first time the evidence of the entities its writer created
    from its proposals while it had no number yet (the editor's add page): the rows of
    `user` without a story, from the last day, whose entity the body links to."""
    linked = {
        (kind, int(pk)) for kind, pk in entity_references(article.body) if kind in LINK_FIELDS
    }
    if not linked:
        return 0
    adopted = 0
    since = timezone.now() - datetime.timedelta(days=1)
    rows = EntityProposal.objects.filter(
        article=None, decided_by=user, status=EntityProposal.Status.CREATED, decided_at__gte=since
    )
    for row in rows:
        entity = row.entity
        if entity is not None and (row.kind, entity.pk) in linked:
            row.article = article
            row.save(update_fields=["article"])
            adopted += 1
    return adopted


def _row_facts(proposal, aliases):
    return {
        "mention": proposal.text[:255],
        "evidence": proposal.evidence,
        "title": proposal.position_title[:255] if proposal.kind == "person" else "",
        "organization_name": proposal.organization[:255],
        "country_name": proposal.country[:100],
        "aliases": "\n".join(aliases),
        "category": proposal.category[:20],
    }


def _create_entity(proposal, *, country, aliases, day):
    name = proposal.name
    if proposal.kind == EntityProposal.Kind.PERSON:
        person = Person.objects.create(
            name=name, slug=unique_slug(Person, name), country=country, aliases="\n".join(aliases)
        )
        if proposal.title:
            Position.objects.create(
                person=person,
                title=proposal.position_title[:255],
                organization=_organization_named(proposal.organization),
                country=country,
                start_date=day,
                evidence=proposal.evidence,
            )
        return person
    if proposal.kind == EntityProposal.Kind.ORGANIZATION:
        short_name = next((alias for alias in aliases if alias.isupper() and len(alias) <= 50), "")
        return Organization.objects.create(
            name=name,
            slug=unique_slug(Organization, name),
            short_name=short_name,
            aliases="\n".join(alias for alias in aliases if alias != short_name),
        )
    if proposal.kind == EntityProposal.Kind.PLACE:
        kind = proposal.category if proposal.category in Place.Kind.values else Place.Kind.CITY
        return Place.objects.create(
            name=name, slug=unique_slug(Place, name), kind=kind, country=country
        )
    if proposal.kind == EntityProposal.Kind.EVENT:
        return Event.objects.create(
            title=name,
            slug=unique_slug(Event, name),
            kind=EVENT_KINDS.get(proposal.category, Event.Kind.MEETING),
            start_date=None,
        )
    raise ProposalError(f"The desk cannot create a “{proposal.kind}”.")


def _country_named(name):
    """The desk's Country called `name` (by name or alias), or None: a country the desk does
    not have is not created behind its back."""
    if not name:
        return None
    for country in Country.objects.filter(Q(name=name) | Q(aliases__icontains=name)):
        if country.name == name or name in country.alias_list:
            return country
    return None


def _organization_named(name):
    if not name:
        return None
    return Organization.objects.filter(Q(name=name) | Q(short_name=name)).first()
