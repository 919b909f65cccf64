"""A new person, organisation, place or event the proposer found in a story, and what the
desk did with it (articles/proposals.py, articles/proposer)."""

from django.conf import settings
from django.db import models

from articles.models.stories import Article
from events.models import Event, Organization, Person, Place


class EntityProposal(models.Model):
    """A new person, organisation, place or event the proposer (articles/proposer) found in a
    story, with the sentence that says so, and what the desk did with it.

    One row serves three ends: a *created* row is the evidence an entity keeps of the story and
    sentence it came from (shown on its admin page); a *dismissed* row stops the editor
    offering the name again for that story; a *proposed* row is a draft that
    `import_story --propose-drafts` left for the desk to confirm. A proposal is not an entity:
    nothing here is on any public page until someone creates the entity from it.
    """

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANIZATION = "organization", "Organization"
        PLACE = "place", "Place"
        EVENT = "event", "Event"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed, waiting for the desk"
        CREATED = "created", "Created"
        DISMISSED = "dismissed", "Dismissed"

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="entity_proposals",
        help_text="The story that names it; empty for a story not saved yet.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=255)
    mention = models.CharField(max_length=255, help_text="The words of the story that name it.")
    evidence = models.TextField(help_text="The sentence of the story that says so.")
    title = models.CharField("post", max_length=255, blank=True)
    organization_name = models.CharField("organisation", max_length=255, blank=True)
    country_name = models.CharField("country", max_length=100, blank=True)
    aliases = models.TextField(blank=True, help_text="One per line: an acronym, a surname.")
    category = models.CharField(max_length=20, blank=True, help_text="Airport, venue, summit, …")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="story_evidence"
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="story_evidence",
    )
    place = models.ForeignKey(
        Place, on_delete=models.SET_NULL, null=True, blank=True, related_name="story_evidence"
    )
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="story_evidence"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "kind", "name"],
                name="entity_proposal_once_per_story",
                violation_error_message="This story already has this proposal.",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} “{self.name}”"

    @property
    def entity(self):
        return self.person or self.organization or self.place or self.event
