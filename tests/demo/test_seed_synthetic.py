"""seed_synthetic: a realistic archive in every state, resumable, deterministic, sane."""

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from events.models import Agreement, Event, Person

pytestmark = pytest.mark.django_db


def seed(**options):
    call_command("seed_synthetic", no_progress=True, **{"batch_size": 70, **options})


def test_it_writes_the_archive_it_was_asked_for():
    seed(articles=400, people=30, events=6, agreements=3)
    assert Article.objects.filter(slug__startswith="synthetic-").count() == 400
    assert (Person.objects.count(), Event.objects.count(), Agreement.objects.count()) == (30, 6, 3)
    through = Article.people.through.objects
    assert through.count() >= 400  # every story names at least one person
    assert through.values("person").distinct().count() > 10


def test_the_archive_has_stories_in_every_state_and_a_long_tail_of_readers():
    seed(articles=600)
    published = Article.objects.published().count()
    assert 540 <= published < 600
    assert Article.objects.scheduled().exists()
    assert Article.objects.filter(status=Article.Status.DRAFT).exists()
    views = sorted(Article.objects.values_list("view_count", flat=True))
    assert views[-1] > 10 * views[len(views) // 2]  # the most read far above the median


def test_running_again_continues_where_it_stopped_without_duplicates():
    seed(articles=150, people=20)
    first_slugs = set(Article.objects.values_list("slug", flat=True))
    seed(articles=150, people=20)
    assert Article.objects.count() == 150
    seed(articles=260, people=20)
    assert Article.objects.count() == 260
    assert first_slugs <= set(Article.objects.values_list("slug", flat=True))


def test_the_same_seed_gives_the_same_archive():
    seed(articles=50, seed=7)
    first = list(Article.objects.order_by("slug").values_list("slug", "headline", "view_count"))
    Article.objects.all().delete()
    seed(articles=50, seed=7)
    again = list(Article.objects.order_by("slug").values_list("slug", "headline", "view_count"))
    assert first == again


@pytest.mark.parametrize("option", ["articles", "people", "batch_size"])
def test_nonsense_numbers_are_refused_with_a_clear_message(option):
    with pytest.raises(CommandError, match="must be at least 1"):
        seed(**{"articles": 10, option: 0})
    assert not Article.objects.exists()
