"""SQLite only: a trigram index over each story's headline, summary and body, for search.

SQLite's own answer to substring search (FTS5's `trigram` tokenizer, SQLite 3.34): it finds
the stories holding a word of three characters or more, ignoring case, without reading the text
of every story as `icontains` (LIKE) does; articles/search.py then checks those candidates
with the same lookups as before. The index reads its text from articles_article (an external
content table: no second copy of the stories), and triggers keep it right whoever writes the
row (admin, API, importer, loaddata, bulk seeding). PostgreSQL has its own vector (0006), and
there this migration does nothing.

A later migration that makes Django rebuild articles_article on SQLite (altering a column)
drops these triggers with the old table: it must create them again (the search tests fail
otherwise: a new story is no longer found).
"""

from django.db import migrations

TABLE = "articles_article_search"
COLUMNS = "headline, summary, body"

CREATE = [
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5({COLUMNS}, content='articles_article', "
    "content_rowid='id', tokenize='trigram')",
    f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')",
    f"""CREATE TRIGGER {TABLE}_insert AFTER INSERT ON articles_article BEGIN
        INSERT INTO {TABLE}(rowid, {COLUMNS}) VALUES (new.id, new.headline, new.summary, new.body);
    END""",
    # An external content index forgets a row by being told the text it indexed.
    f"""CREATE TRIGGER {TABLE}_delete AFTER DELETE ON articles_article BEGIN
        INSERT INTO {TABLE}({TABLE}, rowid, {COLUMNS})
        VALUES ('delete', old.id, old.headline, old.summary, old.body);
    END""",
    f"""CREATE TRIGGER {TABLE}_update AFTER UPDATE OF id, {COLUMNS} ON articles_article BEGIN
        INSERT INTO {TABLE}({TABLE}, rowid, {COLUMNS})
        VALUES ('delete', old.id, old.headline, old.summary, old.body);
        INSERT INTO {TABLE}(rowid, {COLUMNS}) VALUES (new.id, new.headline, new.summary, new.body);
    END""",
]
DROP = [
    f"DROP TRIGGER {TABLE}_update",
    f"DROP TRIGGER {TABLE}_delete",
    f"DROP TRIGGER {TABLE}_insert",
    f"DROP TABLE {TABLE}",
]


def has_trigram(connection):
    # articles/search.py asks the same before it uses the index.
    return connection.vendor == "sqlite" and connection.Database.sqlite_version_info >= (3, 34)


def add_index(apps, schema_editor):
    if has_trigram(schema_editor.connection):
        for statement in CREATE:
            schema_editor.execute(statement, params=None)


def remove_index(apps, schema_editor):
    if has_trigram(schema_editor.connection):
        for statement in DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_most_read_from_an_index")]

    operations = [migrations.RunPython(add_index, remove_index, elidable=False)]
