"""The diary's forms: planning a coverage item, entering a diary entry, the week's filters."""

import datetime

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.auth import get_user_model
from django.db.models import Q

from articles.models import Section
from articles.roles import EDITOR, REPORTER
from events.models import Country, Person
from planning.models import CoverageItem, DiaryEntry

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


def desk_people():
    """Who may cover something: active staff in the Reporter or Editor group."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(groups__name__in=[REPORTER, EDITOR]) | Q(is_superuser=True))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_FORMAT)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class CoverageForm(forms.ModelForm):
    assignee = UserChoiceField(
        queryset=desk_people(),
        required=False,
        label="Covered by",
        empty_label="Nobody yet: waiting on the desk",
    )
    due = forms.DateTimeField(
        widget=DateTimeLocalInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        help_text="When the desk expects it filed.",
    )

    class Meta:
        model = CoverageItem
        fields = ["kind", "section", "assignee", "due", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, day=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = desk_people()
        if day is not None and not self.is_bound:
            self.initial.setdefault("due", datetime.datetime.combine(day, datetime.time(17, 0)))


class AssignForm(forms.Form):
    assignee = UserChoiceField(
        queryset=desk_people(), required=False, label="Covered by", empty_label="Back to the desk"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = desk_people()


def _search_box(name, widget=AutocompleteSelect):
    # The admin's own search boxes: the world holds thousands of places and people.
    return widget(DiaryEntry._meta.get_field(name), admin.site)


class DiaryEntryForm(forms.ModelForm):
    class Meta:
        model = DiaryEntry
        fields = [
            "title",
            "kind",
            "start_date",
            "end_date",
            "place",
            "organization",
            "people",
            "notes",
        ]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "start_date": DateInput(),
            "end_date": DateInput(),
            "place": _search_box("place"),
            "organization": _search_box("organization"),
            "people": _search_box("people", AutocompleteSelectMultiple),
        }


class WeekFilterForm(forms.Form):
    """The week view's filters; a value that names nothing is a clear error, not a 500."""

    start = forms.DateField(required=False, widget=DateInput(), label="Week of")
    section = forms.ModelChoiceField(
        Section.objects.all(), required=False, empty_label="Every section"
    )
    country = forms.ModelChoiceField(
        Country.objects.all(), required=False, empty_label="Every country"
    )
    person = UserChoiceField(
        queryset=desk_people(), required=False, label="Covered by", empty_label="Anyone"
    )
    taking_part = forms.ModelChoiceField(
        Person.objects.all(),
        required=False,
        label="Taking part",
        widget=_search_box("people", AutocompleteSelect),
    )
    gaps = forms.BooleanField(required=False, label="Only events with nothing planned")

    def __init__(self, data=None, *args, **kwargs):
        # The admin's search box looks its value up while drawing itself, and a value that is
        # not a number would be a 500 there: it is refused here, and the box drawn empty.
        chosen = (data or {}).get("taking_part", "")
        self.unusable_person = bool(chosen) and not (chosen.isdigit() and len(chosen) < 19)
        if self.unusable_person:
            data = data.copy()
            data["taking_part"] = ""
        super().__init__(data, *args, **kwargs)
        self.fields["person"].queryset = desk_people()

    def clean(self):
        cleaned = super().clean()
        if self.unusable_person:
            self.add_error("taking_part", "Choose someone from the list.")
        return cleaned
