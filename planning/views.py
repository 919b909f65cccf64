"""The diary's desk pages, inside the admin and in its look: the week, an event's (or an
internal entry's) coverage, a new diary entry, the actions on a coverage item, the calendar
feed's settings, and the private calendar feed itself.

Thin: each finds its rows, asks rules.py, and hands off to services.py or diary.py. Every page
but the feed needs a desk login (the admin's); the feed needs its secret instead, and shows
only its owner's items. None of it is ever cached.
"""

import datetime
import functools

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from events.models import Event, Participation
from planning import calendar_feed, diary, rules, services
from planning.forms import (
    AssignForm,
    CoverageForm,
    DiaryEntryForm,
    WeekFilterForm,
    desk_people,
)
from planning.models import CalendarFeed, CoverageChange, CoverageItem, DiaryEntry

Status = CoverageItem.Status


def desk_page(view):
    """The admin's login and look; then only the desk (reporters and editors)."""

    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        if not rules.can_see_diary(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return admin.site.admin_view(never_cache(checked))


def render(request, template, title, **context):
    return TemplateResponse(
        request,
        template,
        {
            **admin.site.each_context(request),
            "title": title,
            "may_plan": rules.can_plan(request.user),
            **context,
        },
    )


def monday_of(day):
    return day - datetime.timedelta(days=day.weekday())


@desk_page
def week(request):
    """The diary by day, a week at a time, filtered by section, country and who covers it."""
    form = WeekFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        first = monday_of(timezone.localdate())
        filters = diary.Filters()
        status = 400
    else:
        data = form.cleaned_data if form.is_bound else {}
        first = monday_of(data.get("start") or timezone.localdate())
        filters = diary.Filters(
            section=data.get("section"),
            country=data.get("country"),
            assignee=data.get("person"),
            taking_part=data.get("taking_part"),
            gaps_only=bool(data.get("gaps")),
        )
        status = 200
    last = first + datetime.timedelta(days=6)
    subjects, more = diary.subjects_between(first, last, filters)
    query = request.GET.copy()
    steps = {}
    for name, day in (
        ("previous", first - datetime.timedelta(days=7)),
        ("next", last + datetime.timedelta(days=1)),
        ("this", monday_of(timezone.localdate())),
    ):
        query["start"] = day.isoformat()
        steps[name] = f"?{query.urlencode()}"
    response = render(
        request,
        "planning/week.html",
        f"The diary: week of {first:%-d %B %Y}",
        form=form,
        days=diary.days(first, last, subjects),
        today=timezone.localdate(),
        more=more,
        steps=steps,
        media=form.media,
    )
    response.status_code = status
    return response


def _plan_page(request, subject, *, is_entry):
    items = diary.mark_late(
        CoverageItem.objects.filter(**{"entry" if is_entry else "event": subject})
        .select_related("assignee", "section", "story")
        .order_by("due", "pk")
    )
    changes = CoverageChange.objects.filter(item__in=items).select_related("changed_by")
    history = {}
    for change in changes:
        history.setdefault(change.item_id, []).append(change)
    user = request.user
    for item in items:
        item.history = history.get(item.pk, [])
        item.may = {
            "accept": rules.can_accept(user, item),
            "start": rules.can_start(user, item),
            "assign": rules.can_assign(user, item),
            "cancel": rules.can_cancel(user, item),
            "reinstate": rules.can_reinstate(user, item),
        }
        item.moves = rules.allowed_moves(user, item)
    form = None
    if rules.can_plan(user):
        form = CoverageForm(request.POST or None, day=subject.start_date or timezone.localdate())
        if request.method == "POST" and form.is_valid():
            item = services.coverage_plan(user=user, subject=subject, **form.cleaned_data)
            messages.success(request, f"Planned: {item.get_kind_display().lower()}.")
            return redirect(request.path)
    elif request.method == "POST":
        raise PermissionDenied
    if is_entry:
        people = list(subject.people.all())
        place, organization = subject.place, subject.organization
    else:
        people = [
            p.person for p in Participation.objects.filter(event=subject).select_related("person")
        ]
        place, organization = subject.place, subject.organization
    response = render(
        request,
        "planning/subject.html",
        f"Coverage: {subject}",
        subject=subject,
        is_entry=is_entry,
        items=items,
        form=form,
        people=list(dict.fromkeys(people)),
        place=place,
        organization=organization,
        may_make_public=is_entry and rules.can_make_public(user, subject),
        # Read once for every item's "Covered by" box (a form per item would read it per item).
        desk_people=list(desk_people()) if rules.can_plan(user) else [],
    )
    if form is not None and form.is_bound:
        response.status_code = 400
    return response


@desk_page
def event_coverage(request, pk):
    event = get_object_or_404(Event.objects.select_related("place", "organization"), pk=pk)
    return _plan_page(request, event, is_entry=False)


@desk_page
def entry_coverage(request, pk):
    entry = get_object_or_404(DiaryEntry.objects.select_related("place", "organization"), pk=pk)
    if entry.event_id is not None:
        return redirect("planning:event", entry.event_id)
    return _plan_page(request, entry, is_entry=True)


@desk_page
def entry_add(request):
    if not rules.can_plan(request.user):
        raise PermissionDenied
    form = DiaryEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry.created_by = request.user
        entry.save()
        form.save_m2m()
        messages.success(request, "In the diary, for the desk only. Plan its coverage below.")
        return redirect("planning:entry", entry.pk)
    response = render(
        request, "planning/entry_form.html", "A new diary entry", form=form, media=form.media
    )
    if form.is_bound:
        response.status_code = 400
    return response


@desk_page
def entry_make_public(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    entry = get_object_or_404(DiaryEntry, pk=pk)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "Tick the box to confirm: the event will be on the public site.")
        return redirect("planning:entry", entry.pk)
    event = services.diary_entry_make_public(entry=entry, user=request.user)
    messages.success(request, f"“{event}” is a public event now; its coverage moved with it.")
    return redirect("planning:event", event.pk)


def _back(request, item):
    wanted = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    if item.event_id:
        return reverse("planning:event", args=[item.event_id])
    return reverse("planning:entry", args=[item.entry_id])


@desk_page
def item_action(request, pk, action):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    item = get_object_or_404(CoverageItem, pk=pk)
    user = request.user
    try:
        if action == "accept":
            services.coverage_accept(item=item, user=user)
            messages.success(request, "Accepted: it is yours.")
        elif action == "start":
            story = services.coverage_start(item=item, user=user)
            if item.kind == CoverageItem.Kind.LIVE:
                return redirect("admin:live_livecoverage_desk", story.pk)
            return redirect("admin:articles_article_change", story.pk)
        elif action == "assign":
            form = AssignForm(request.POST, prefix=f"item{item.pk}")
            if not form.is_valid():
                raise ValidationError("Choose someone on the desk, or “Back to the desk”.")
            services.coverage_assign(item=item, user=user, assignee=form.cleaned_data["assignee"])
            messages.success(request, "Assignment saved.")
        elif action == "cancel":
            services.coverage_cancel(item=item, user=user, reason=request.POST.get("reason", ""))
            messages.success(request, "Cancelled.")
        elif action == "reinstate":
            services.coverage_reinstate(item=item, user=user)
            messages.success(request, "Reinstated.")
        elif action == "move":
            to_status = request.POST.get("to", "")
            if to_status not in Status.values:
                raise ValidationError("Say which status to move it to.")
            services.coverage_move(item=item, user=user, to_status=to_status)
            messages.success(request, f"Now {Status(to_status).label.lower()}.")
        else:
            raise Http404("There is no such action.")
    except PermissionDenied as refusal:
        messages.error(request, str(refusal) or "That is not yours to do.")
        return redirect(_back(request, item))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_back(request, item))
    return redirect(_back(request, item))


@desk_page
def calendar_settings(request):
    """Make (or replace) one's private calendar address, or revoke it."""
    secret = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            CalendarFeed.objects.filter(user=request.user).delete()
            messages.success(request, "Revoked: the old address shows nothing any more.")
            return redirect("planning:calendar")
        secret = CalendarFeed.issue(request.user)
    feed = CalendarFeed.objects.filter(user=request.user).first()
    address = None
    if secret:
        address = request.build_absolute_uri(reverse("planning:feed", args=[secret]))
    return render(
        request,
        "planning/calendar.html",
        "My assignments in my calendar",
        feed=feed,
        address=address,
    )


@never_cache
def feed(request, secret):
    """The owner's assignments as iCalendar: no login (a phone's calendar has none), the
    secret is the key. An unknown or revoked secret is a 404, like an address that never was."""
    owner_feed = CalendarFeed.objects.for_secret(secret)
    if owner_feed is None or not owner_feed.user.is_active:
        raise Http404("There is no such calendar.")
    body = calendar_feed.render(owner_feed.user, host=request.get_host())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
