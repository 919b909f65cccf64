"""Two tables kept in step with the stories, so that no uncached read counts or searches a
million of them: `StoryCount` (how many published stories a section, a person, an event … has,
and how many there are in all) and `CountryStory` (which stories are about each country).

Signals keep them current inside the transaction of every change made through the ORM: a
story's save (its status, section, dateline or publication time), a link added or removed from
either side, a story deleted, a person or a place moved to another country or deleted. Writers
that go around signals (`bulk_create`, `QuerySet.update()`, fixtures, raw saves) call
`rebuild()` when they are done: `seed_synthetic`, `load_demo` and `restore_database` do, and
`manage.py rebuild_story_index` does it by hand. A test compares both tables with a recount
after every kind of change.

A count never trusts the clock: stories come due without a write, so `StoryCount` counts every
story with the status "published", and a reader's count subtracts the `ScheduledLink` rows of
the stories still in the future.
"""

from collections import Counter

from django.apps import apps as django_apps
from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from articles.entity_links import COUNTRY_LINK_FIELDS, ENTITY_LINKS
from articles.models import Article, CountryStory, ScheduledLink, Section, StoryCount
from core import previous_state
from core.caching.keys import letter_of, record
from events.models import Person, Place

PUBLISHED = Article.Status.PUBLISHED
# The links a story is counted under, and those listed on their country's page too
# (articles/entity_links.py).
LINKED_MODELS = {link.field: link.model for link in ENTITY_LINKS}
COUNTRY_LINKS = COUNTRY_LINK_FIELDS
BATCH = 500  # rows per statement: SQLite allows 32,766 parameters, PostgreSQL's plans stay small
BEFORE = "_story_index_before"


def through(link):
    return Article._meta.get_field(link).remote_field.through


def target_field(link):
    """The through table's field naming the linked row: "person" for "people"."""
    return Article._meta.get_field(link).m2m_reverse_field_name()


def target_column(link):
    return f"{target_field(link)}_id"


# Reading


def published_story_count(link, now=None):
    """An annotation: how many published stories link the annotated row by `link` ("people",
    "section"), 0 when none. One row of StoryCount, less the stories still scheduled (at
    `now`: the present if not given)."""
    counted = StoryCount.objects.filter(link=link, object_id=OuterRef("pk")).values("stories")
    scheduled = (
        ScheduledLink.objects.ahead(now)
        .filter(link=link, object_id=OuterRef("pk"))
        .order_by()
        .values("object_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted[:1]), 0) - Coalesce(
        Subquery(scheduled, output_field=IntegerField()), 0
    )


def published_story_total():
    """How many stories are published now (the sitemap index pages them)."""
    row = StoryCount.objects.filter(link=StoryCount.Link.ALL, object_id=0).first()
    scheduled = ScheduledLink.objects.ahead().filter(link=StoryCount.Link.ALL)
    # The index lists every story: a list of them all, purged by any story's change.
    record(letter_of(Article))
    return (row.stories if row else 0) - scheduled.count()


# Keeping StoryCount in step


def links_of(article_pk):
    """{(link, pk)} of everything a story links, in one query."""
    parts = [
        through(link)
        .objects.filter(article_id=article_pk)
        .annotate(link=Value(link))
        .values_list("link", target_column(link))
        for link in LINKED_MODELS
    ]
    return set(parts[0].union(*parts[1:], all=True))


def counted_keys(section_id, links):
    keys = {(StoryCount.Link.ALL, 0), *links}
    if section_id is not None:
        keys.add((StoryCount.Link.SECTION, section_id))
    return keys


def add_to_counts(deltas):
    """Add each {(link, pk): n} to its count, creating the rows it lacks, in a few statements.
    In a stable order, so that two transactions never wait on each other's rows in a cycle."""
    rows = sorted((str(link), pk, n) for (link, pk), n in deltas.items() if n)
    table = connection.ops.quote_name(StoryCount._meta.db_table)
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        values = ", ".join(["(%s, %s, %s)"] * len(batch))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (link, object_id, stories) VALUES {values} "
                f"ON CONFLICT (link, object_id) DO UPDATE "
                f"SET stories = {table}.stories + excluded.stories",
                [value for row in batch for value in row],
            )


def refresh_schedule(article_pks):
    """Write again what these stories will count for when they come due (nothing unless
    scheduled), and prune the rows of stories already due."""
    ScheduledLink.objects.come_due().delete()
    ScheduledLink.objects.filter(article_id__in=article_pks).delete()
    scheduled = (
        Article.objects.scheduled()
        .filter(pk__in=article_pks)
        .only("pk", "section_id", "published_at", "embargoed_until")
    )
    # `published_at` here is when the story becomes public: its embargo's end when later.
    ScheduledLink.objects.bulk_create(
        ScheduledLink(link=link, object_id=pk, article_id=story.pk, published_at=story.public_from)
        for story in scheduled
        for link, pk in sorted(counted_keys(story.section_id, links_of(story.pk)))
    )


# Keeping CountryStory in step


def refresh_countries(article_pks):
    """Write again the countries of these stories, from their people, places and dateline."""
    article_pks = sorted(set(article_pks))
    for start in range(0, len(article_pks), BATCH):
        chunk = article_pks[start : start + BATCH]
        CountryStory.objects.filter(article_id__in=chunk).delete()
        pairs = set()
        for link in COUNTRY_LINKS:
            country = f"{target_field(link)}__country"
            pairs.update(
                through(link)
                .objects.filter(article_id__in=chunk, **{f"{country}__isnull": False})
                .values_list("article_id", f"{country}_id")
            )
        pairs.update(
            Article._base_manager.filter(
                pk__in=chunk, dateline_place__country__isnull=False
            ).values_list("pk", "dateline_place__country_id")
        )
        published_at = dict(
            Article._base_manager.filter(pk__in=chunk).values_list("pk", "published_at")
        )
        CountryStory.objects.bulk_create(
            CountryStory(article_id=pk, country_id=country, published_at=published_at[pk])
            for pk, country in sorted(pairs)
        )


def stories_of(link, pk):
    """The pks of the stories linking one person, place… (and datelined at a place)."""
    pks = set(
        through(link)
        .objects.filter(**{target_column(link): pk})
        .values_list("article_id", flat=True)
    )
    if link == "places":
        pks.update(Article._base_manager.filter(dateline_place_id=pk).values_list("pk", flat=True))
    return pks


# Signals


def article_before_save(sender, instance, raw=False, **kwargs):
    before = None
    if (row := previous_state.previous(instance)) is not None:
        before = {
            "status": row.status,
            "section_id": row.section_id,
            "published_at": row.published_at,
            "embargoed_until": row.embargoed_until,
            "dateline_place_id": row.dateline_place_id,
        }
    setattr(instance, BEFORE, before)


def article_after_save(sender, instance, created, raw=False, **kwargs):
    if raw:  # fixtures: their loader rebuilds the tables
        return
    before = getattr(instance, BEFORE, None) or {
        "status": None,
        "section_id": None,
        "published_at": None,
        "embargoed_until": None,
        "dateline_place_id": None,
    }
    was_published = before["status"] == PUBLISHED
    now_published = instance.status == PUBLISHED
    if (was_published or now_published) and (
        was_published != now_published or before["section_id"] != instance.section_id
    ):
        links = set() if created else links_of(instance.pk)
        deltas = Counter()
        if was_published:
            deltas.subtract(counted_keys(before["section_id"], links))
        if now_published:
            deltas.update(counted_keys(instance.section_id, links))
        add_to_counts(deltas)
    was_scheduled = (
        was_published
        and Article(
            published_at=before["published_at"], embargoed_until=before["embargoed_until"]
        ).public_from
        > timezone.now()
    )
    if was_scheduled or instance.is_scheduled:
        refresh_schedule([instance.pk])
    if created or before["dateline_place_id"] != instance.dateline_place_id:
        refresh_countries([instance.pk])
    elif before["published_at"] != instance.published_at:
        CountryStory.objects.filter(article_id=instance.pk).update(
            published_at=instance.published_at
        )


def article_before_delete(sender, instance, **kwargs):
    # Its links are still there to read; its CountryStory rows go with it (CASCADE).
    row = Article._base_manager.filter(pk=instance.pk).values("status", "section_id").first()
    if row and row["status"] == PUBLISHED:
        add_to_counts(
            Counter(dict.fromkeys(counted_keys(row["section_id"], links_of(instance.pk)), -1))
        )


def links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    link = next(name for name in LINKED_MODELS if through(name) is sender)
    if action in ("pre_remove", "pre_clear"):
        # remove() reports every pk it was given, linked or not; clear() reports none.
        if reverse:
            linked = set(
                sender.objects.filter(**{target_column(link): instance.pk}).values_list(
                    "article_id", flat=True
                )
            )
        else:
            linked = set(
                sender.objects.filter(article_id=instance.pk).values_list(
                    target_column(link), flat=True
                )
            )
        setattr(instance, BEFORE + link, linked & pk_set if action == "pre_remove" else linked)
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if action != "post_add":
        pk_set = getattr(instance, BEFORE + link, set())
    if not pk_set:
        return
    sign = 1 if action == "post_add" else -1
    stories = pk_set if reverse else {instance.pk}
    published = {
        story.pk: story.public_from
        for story in Article._base_manager.filter(pk__in=stories, status=PUBLISHED).only(
            "pk", "published_at", "embargoed_until"
        )
    }
    if reverse:  # person.articles.add(story, …): each published story counts
        add_to_counts({(link, instance.pk): sign * len(published)})
    elif published:
        add_to_counts({(link, pk): sign for pk in pk_set})
    now = timezone.now()
    scheduled = [pk for pk, public_from in published.items() if public_from > now]
    if scheduled:
        refresh_schedule(scheduled)
    if link in COUNTRY_LINKS:
        refresh_countries(stories)


def linked_before_save(sender, instance, raw=False, **kwargs):
    row = previous_state.previous(instance)
    setattr(instance, BEFORE, row.country_id if row is not None else None)


def linked_after_save(sender, instance, created, raw=False, **kwargs):
    """A person or a place moved to another country moves their stories with them."""
    if raw or created or getattr(instance, BEFORE, None) == instance.country_id:
        return
    refresh_countries(stories_of(link_of_model(sender), instance.pk))


def linked_before_delete(sender, instance, **kwargs):
    # Its links go without m2m signals (a cascade): read its stories while they are there.
    if sender in (Person, Place):
        setattr(instance, BEFORE, stories_of(link_of_model(sender), instance.pk))


def linked_after_delete(sender, instance, **kwargs):
    StoryCount.objects.filter(link=link_of_model(sender), object_id=instance.pk).delete()
    ScheduledLink.objects.filter(link=link_of_model(sender), object_id=instance.pk).delete()
    if sender in (Person, Place):
        refresh_countries(getattr(instance, BEFORE, ()))


def link_of_model(model):
    if model is Section:
        return StoryCount.Link.SECTION
    return next(link for link, linked in LINKED_MODELS.items() if linked is model)


def connect_signals():
    """Called once from ArticlesConfig.ready()."""
    uid = "story-index"
    previous_state.track(Article)
    pre_save.connect(article_before_save, sender=Article, dispatch_uid=uid)
    post_save.connect(article_after_save, sender=Article, dispatch_uid=uid)
    pre_delete.connect(article_before_delete, sender=Article, dispatch_uid=uid)
    for link in LINKED_MODELS:
        m2m_changed.connect(links_changed, sender=through(link), dispatch_uid=f"{uid}-{link}")
    for model in (*LINKED_MODELS.values(), Section):
        pre_delete.connect(linked_before_delete, sender=model, dispatch_uid=uid)
        post_delete.connect(linked_after_delete, sender=model, dispatch_uid=uid)
    for model in (Person, Place):
        previous_state.track(model)
        pre_save.connect(linked_before_save, sender=model, dispatch_uid=uid)
        post_save.connect(linked_after_save, sender=model, dispatch_uid=uid)


# Rebuilding from scratch


def rebuild_after_restore(sender, **kwargs):
    """`core.signals.database_restored`: the tables are not backed up, so they are made again
    inside the restore's transaction."""
    rebuild()


def rebuild(apps=django_apps):
    """Both tables recomputed from the stories in a few set-based statements (seconds at a
    million stories). Call inside a transaction: readers see the old tables until it commits.
    `apps` is a migration's registry when the migration that adds the tables fills them."""
    article = apps.get_model("articles", "Article")
    story_count = apps.get_model("articles", "StoryCount")
    country_story = apps.get_model("articles", "CountryStory")
    quote = connection.ops.quote_name
    now = timezone.now()

    def table(model):
        return quote(model._meta.db_table)

    def link_table(link):
        return table(article._meta.get_field(link).remote_field.through)

    statements = [
        f"DELETE FROM {table(story_count)}",
        f"INSERT INTO {table(story_count)} (link, object_id, stories) "
        f"SELECT 'all', 0, COUNT(*) FROM {table(article)} WHERE status = %(published)s",
        f"INSERT INTO {table(story_count)} (link, object_id, stories) "
        f"SELECT 'section', section_id, COUNT(*) FROM {table(article)} "
        f"WHERE status = %(published)s AND section_id IS NOT NULL GROUP BY section_id",
    ]
    for link in LINKED_MODELS:
        column = target_column(link)
        statements.append(
            f"INSERT INTO {table(story_count)} (link, object_id, stories) "
            f"SELECT '{link}', link.{column}, COUNT(*) FROM {link_table(link)} link "
            f"JOIN {table(article)} story ON story.id = link.article_id "
            f"WHERE story.status = %(published)s GROUP BY link.{column}"
        )
    scheduled_link = apps.get_model("articles", "ScheduledLink")
    # Not public yet: a publication time or an embargo still ahead (Article.public_from).
    # (The migration that made these tables ran before stories had embargoes.)
    has_embargoes = any(field.name == "embargoed_until" for field in article._meta.fields)
    scheduled = f"{table(article)} story WHERE story.status = %(published)s " + (
        "AND (story.published_at > %(now)s OR story.embargoed_until > %(now)s)"
        if has_embargoes
        else "AND story.published_at > %(now)s"
    )
    public_from = (
        "CASE WHEN story.embargoed_until > story.published_at "
        "THEN story.embargoed_until ELSE story.published_at END"
        if has_embargoes
        else "story.published_at"
    )
    statements += [
        f"DELETE FROM {table(scheduled_link)}",
        f"INSERT INTO {table(scheduled_link)} (link, object_id, article_id, published_at) "
        f"SELECT 'all', 0, story.id, {public_from} FROM {scheduled}",
        f"INSERT INTO {table(scheduled_link)} (link, object_id, article_id, published_at) "
        f"SELECT 'section', story.section_id, story.id, {public_from} FROM {scheduled} "
        f"AND story.section_id IS NOT NULL",
    ]
    for link in LINKED_MODELS:
        statements.append(
            f"INSERT INTO {table(scheduled_link)} (link, object_id, article_id, published_at) "
            f"SELECT '{link}', link.{target_column(link)}, story.id, {public_from} "
            f"FROM {link_table(link)} link, {scheduled} AND story.id = link.article_id"
        )
    place, person = (table(apps.get_model("events", name)) for name in ("Place", "Person"))
    statements += [
        f"DELETE FROM {table(country_story)}",
        f"INSERT INTO {table(country_story)} (country_id, article_id, published_at) "
        f"SELECT about.country_id, about.article_id, story.published_at FROM ("
        f" SELECT link.article_id, person.country_id FROM {link_table('people')} link"
        f"  JOIN {person} person ON person.id = link.person_id"
        f"  WHERE person.country_id IS NOT NULL"
        f" UNION"
        f" SELECT link.article_id, place.country_id FROM {link_table('places')} link"
        f"  JOIN {place} place ON place.id = link.place_id"
        f"  WHERE place.country_id IS NOT NULL"
        f" UNION"
        f" SELECT story.id, place.country_id FROM {table(article)} story"
        f"  JOIN {place} place ON place.id = story.dateline_place_id"
        f"  WHERE place.country_id IS NOT NULL"
        f") about JOIN {table(article)} story ON story.id = about.article_id",
    ]
    with connection.cursor() as cursor:
        for statement in statements:
            params = {"published": PUBLISHED.value, "now": now} if "%(" in statement else None
            cursor.execute(statement, params)
