"""`manage.py seed_diary`: a synthetic year for benchmarks, with gaps, late and filed items,
refused with a sentence when there is nobody to assign."""

import pytest
from django.core.management import CommandError, call_command

from events.models import Event
from planning import diary
from planning.models import CoverageItem, DiaryEntry

pytestmark = pytest.mark.django_db


def test_seed_diary_makes_a_year_with_every_state_a_desk_sees(editor):
    call_command("seed_diary", "--events", "70", "--items", "300")
    assert Event.objects.filter(slug__startswith="synthetic-event-").count() == 70
    assert CoverageItem.objects.count() == 300 and DiaryEntry.objects.count() == 3
    statuses = set(CoverageItem.objects.values_list("status", flat=True))
    assert {"planned", "assigned", "done", "cancelled"} <= statuses
    covered = set(CoverageItem.objects.values_list("event", flat=True))
    assert len(covered) == 60  # every 7th event is a gap
    assert diary.late_items()


def test_seed_diary_needs_someone_to_assign(db):
    with pytest.raises(CommandError, match="create one first"):
        call_command("seed_diary", "--events", "5", "--items", "5")


def test_seed_diary_refuses_sizes_that_make_no_diary(editor):
    with pytest.raises(CommandError, match="at least one event"):
        call_command("seed_diary", "--events", "0")
