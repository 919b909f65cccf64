"""PostgreSQL only: a stored, GIN-indexed full-text vector over each story.

Headline weighs most (A), then summary (B), then body (C). A generated column keeps it right
whoever writes the row (admin, API, importer, bulk seeding), with no trigger and no save()
code. SQLite has no tsvector: there, articles/search.py falls back to plain lookups, and this
migration does nothing. The model does not declare the column, so it is never selected.
"""

from django.db import migrations

VECTOR = (
    "setweight(to_tsvector('english'::regconfig, coalesce(headline, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(summary, '')), 'B') || "
    "setweight(to_tsvector('english'::regconfig, "
    "regexp_replace(coalesce(body, ''), '<[^>]*>', ' ', 'g')), 'C')"
)


def add_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE articles_article ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({VECTOR}) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX article_search_vector ON articles_article USING gin (search_vector)"
    )


def remove_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE articles_article DROP COLUMN search_vector")


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_reporter_and_editor_groups")]

    operations = [migrations.RunPython(add_search_vector, remove_search_vector, elidable=False)]
