"""Saving a story costs the same with a thousand subscribers as with none: the events are
rows, the subscribers are looked at by the worker, in a fixed number of queries."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from distribution import tasks
from distribution.models import Delivery, StoryEvent, Subscriber
from tests.factories import ArticleFactory


def queries_to_save(story):
    story.summary = f"Edited {story.version}."
    with CaptureQueriesContext(connection) as captured:
        story.save()
    return len(captured)


def add_subscribers(count, start=0):
    Subscriber.objects.bulk_create(
        Subscriber(name=f"Partner {number}", endpoint_url=f"https://93.184.215.14/{number}")
        for number in range(start, start + count)
    )


def test_saving_a_story_costs_the_same_with_a_thousand_subscribers(task_queue):
    without = ArticleFactory()
    baseline = queries_to_save(without)
    add_subscribers(1000)
    with_them = ArticleFactory()
    assert queries_to_save(with_them) == baseline


def test_fanning_out_takes_a_fixed_number_of_queries_plus_one_task_per_delivery(task_queue):
    def queries_to_fan_out(subscriber_count):
        Subscriber.objects.all().delete()
        add_subscribers(subscriber_count, start=subscriber_count * 100)
        story = ArticleFactory()  # published: its event waits for a worker to fan it out
        event = StoryEvent.objects.get(article=story)
        with CaptureQueriesContext(connection) as captured:
            tasks.fan_out.call(event.pk)
        assert Delivery.objects.filter(event=event).count() == subscriber_count
        return len(captured)

    few, many = queries_to_fan_out(3), queries_to_fan_out(30)
    # The database backend stores each delivery's task as a row; RQ puts it in Redis.
    per_task = 1 if task_queue == "database" else 0
    assert many - few == 27 * per_task
