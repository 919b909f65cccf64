"""Operations on stories that touch several models: moving through the workflow, saving
against edit conflicts, restoring revisions, linking the entities a story mentions."""

from html import unescape

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from articles import workflow
from articles.entity_links import LINK_FIELDS
from articles.linker import find_mentions
from articles.models import Article, StatusChange
from core.html import entity_references


class EditConflict(Exception):
    """Someone saved the story after the editor opened it: their save would overwrite it."""

    def __init__(self, article):
        self.article = article
        super().__init__(edit_conflict_message(article))


def edit_conflict_message(current):
    """What an editor reads when their save comes second."""
    who = current.revisions.order_by("-version").values_list("created_by__username", flat=True)
    author = next(iter(who), None)
    by = f" by {author}" if author else ""
    return (
        f"Someone else saved this story{by} at {timezone.localtime(current.updated_at):%H:%M:%S} "
        f"(version {current.version}) after you opened it. Nothing was saved: your text is "
        "still in the form below. Copy what you need, reload the story, and apply your changes "
        "to the latest version."
    )


def article_check_version(*, article_id, expected_version):
    """Lock the story's row and raise EditConflict unless it is still at `expected_version`.

    Call inside a transaction: the lock holds until it ends, so two saves of the same
    version cannot both pass.
    """
    current = Article.objects.select_for_update().get(pk=article_id)
    if current.version != expected_version:
        raise EditConflict(current)
    return current


def article_transition(*, article, to_status, user, published_at=None, with_other_changes=False):
    """Move `article` to `to_status` on behalf of `user`, and record the step.

    Publishing without a time publishes now; a time in the future schedules. Raises
    PermissionDenied when the user may not make this move, ValidationError when the move
    does not exist. `with_other_changes`: the caller has changed other fields of `article` (or
    not saved it yet): they are saved with the move, as one version and one revision.
    """
    from_status = article.status
    if (from_status, to_status) not in workflow.TRANSITIONS:
        raise ValidationError(
            f"A story that is {article.get_status_display().lower()} cannot become "
            f"{Article.Status(to_status).label.lower()}."
        )
    if not workflow.can_transition(user, article, to_status):
        raise PermissionDenied(
            f"You may not move this story from {article.get_status_display().lower()} to "
            f"{Article.Status(to_status).label.lower()}."
        )
    if published_at is not None and not workflow.can_set_publication_time(user):
        raise PermissionDenied("Only editors choose when a story is published.")
    with transaction.atomic():
        article.status = to_status
        if to_status == Article.Status.PUBLISHED:
            article.published_at = published_at or article.published_at or timezone.now()
            if published_at is None and article.published_at > timezone.now():
                article.published_at = timezone.now()  # "publish now" means now
        if with_other_changes:
            article.save(revision_author=user)
        else:
            article.save(update_fields=["status", "published_at", "updated_at"])
        StatusChange.objects.create(
            article=article,
            from_status=from_status,
            to_status=to_status,
            published_at=article.published_at,
            changed_by=user,
        )
    return article


def record_status_change(*, article, from_status, user):
    """Record a status change already saved by a form (the admin's status field)."""
    if article.status != from_status:
        StatusChange.objects.create(
            article=article,
            from_status=from_status,
            to_status=article.status,
            published_at=article.published_at,
            changed_by=user,
        )


def article_restore_revision(*, article, revision, user):
    """Put a revision's words back as the story's text, as a new revision."""
    if revision.article_id != article.pk:
        raise ValidationError("This revision belongs to another story.")
    if not workflow.can_edit(user, article):
        raise PermissionDenied("You may not edit this story.")
    article.headline = revision.headline
    article.summary = revision.summary
    article.body = revision.body
    article.save(revision_author=user, revision_note=f"Restored from version {revision.version}")
    return article


def article_plain_text(article):
    """Headline, summary and body as plain text, the way the linker reads a story."""
    body = unescape(strip_tags(article.body.replace("</p>", "</p>\n\n")))
    return "\n\n".join(part for part in (article.headline, article.summary, body) if part)


def article_suggested_links(article):
    """Entities the story mentions but does not link yet: {kind: [object, …]} in text order."""
    wanted = {}  # kind → {pk: None}: a dict keeps the order of first mention
    for mention in find_mentions(article_plain_text(article)):
        if mention.kind in LINK_FIELDS:
            wanted.setdefault(mention.kind, {})[mention.pk] = None
    suggestions = {}
    for kind, pks in wanted.items():
        pks = list(pks)
        field = getattr(article, LINK_FIELDS[kind])
        linked = set(field.filter(pk__in=pks).values_list("pk", flat=True))
        missing = [pk for pk in pks if pk not in linked]
        if missing:
            by_pk = field.model.objects.in_bulk(missing)
            suggestions[kind] = [by_pk[pk] for pk in missing if pk in by_pk]
    return suggestions


def article_link_mentions(*, article):
    """Link everything the linker finds in the story and it does not link yet.

    Returns the number of links added.
    """
    added = 0
    for kind, objects in article_suggested_links(article).items():
        getattr(article, LINK_FIELDS[kind]).add(*objects)
        added += len(objects)
    return added


def article_link_body_entities(*, article):
    """Add to the story's relations every entity its body links to (`data-entity`).

    A link made in the editor names its entity; the story is then about it too. Links to
    entities deleted since are left for the page to show as plain words. Returns the number
    of relations added.
    """
    wanted = {}
    for kind, pk in entity_references(article.body):
        wanted.setdefault(kind, set()).add(pk)
    added = 0
    for kind, pks in wanted.items():
        field = getattr(article, LINK_FIELDS[kind])
        missing = pks - set(field.filter(pk__in=pks).values_list("pk", flat=True))
        existing = list(field.model.objects.filter(pk__in=missing))
        field.add(*existing)
        added += len(existing)
    return added


def article_link_entity(*, article, kind, pk):
    """Link one entity the editor picked. Raises ValidationError for an unknown one."""
    if kind not in LINK_FIELDS:
        raise ValidationError(f"Stories do not link to a “{kind}”.")
    field = getattr(article, LINK_FIELDS[kind])
    entity = field.model.objects.filter(pk=pk).first()
    if entity is None:
        raise ValidationError(f"There is no {kind} number {pk}.")
    field.add(entity)
    return entity
