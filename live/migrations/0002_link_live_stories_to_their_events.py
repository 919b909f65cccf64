"""Every live story is among the stories of the event it covers: LiveCoverage.save() links
them from now on; this links the coverages made before it."""

from django.db import migrations


def link_events(apps, schema_editor):
    LiveCoverage = apps.get_model("live", "LiveCoverage")
    Article = apps.get_model("articles", "Article")
    links = Article.events.through
    wanted = set(
        LiveCoverage.objects.filter(event__isnull=False).values_list("article_id", "event_id")
    )
    present = set(
        links.objects.filter(article_id__in={article for article, _ in wanted}).values_list(
            "article_id", "event_id"
        )
    )
    links.objects.bulk_create(
        [links(article_id=article, event_id=event) for article, event in wanted - present]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("live", "0001_initial"),
        ("articles", "0010_story_index"),
    ]

    operations = [migrations.RunPython(link_events, migrations.RunPython.noop, elidable=True)]
