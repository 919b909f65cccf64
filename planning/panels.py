"""The diary's two panels on the desk's home page (desk/home.py's registry): "My assignments"
for whoever covers something, "Today and tomorrow" for editors. Each reads a bounded number of
rows along indexes (planning/diary.py), the same queries at 10 events or 10,000."""

import datetime

from django.utils import timezone

from desk.home import register_panel
from planning import diary, rules


def my_assignments(user):
    if not rules.can_see_diary(user):
        return None
    items = diary.assignments_of(user, limit=diary.LIST_LENGTH + 1)
    return {"items": items[: diary.LIST_LENGTH], "more": len(items) > diary.LIST_LENGTH}


def today_and_tomorrow(user):
    if not rules.can_plan(user):
        return None
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    subjects, more = diary.subjects_between(today, tomorrow)
    late = diary.late_items(limit=diary.LIST_LENGTH + 1)
    filed = diary.filed_items(limit=diary.LIST_LENGTH + 1)
    return {
        "days": diary.days(today, tomorrow, subjects),
        "more": more,
        "gaps": sum(1 for subject in subjects if subject.is_gap),
        "late": late[: diary.LIST_LENGTH],
        "more_late": len(late) > diary.LIST_LENGTH,
        "filed": filed[: diary.LIST_LENGTH],
        "more_filed": len(filed) > diary.LIST_LENGTH,
    }


def register():
    register_panel(
        "planning-my-assignments",
        template="planning/panels/my_assignments.html",
        context=my_assignments,
        order=10,
    )
    register_panel(
        "planning-today",
        template="planning/panels/today.html",
        context=today_and_tomorrow,
        order=20,
    )
