"""Turn an admin change page into the POST data a browser would send back."""

import datetime

from django.forms import MultiWidget


def _as_post_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "on" if value else ""
    return str(value)


def form_fields_data(form, prefix=None):
    data = {}
    for bound in form:
        name = bound.html_name if prefix is None else f"{prefix}-{bound.name}"
        value = bound.value()
        widget = bound.field.widget
        if isinstance(widget, MultiWidget):
            for index, part in enumerate(widget.decompress(value)):
                data[f"{name}_{index}"] = _as_post_value(part)
        elif isinstance(value, list | tuple):
            data[name] = [_as_post_value(item) for item in value]
        elif value not in (None, False):
            data[name] = _as_post_value(value)
    return data


def change_form_data(response, **overrides):
    """The data of the admin form on `response`, as the browser would post it back."""
    data = form_fields_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(
            {
                f"{formset.prefix}-{key}": value
                for key, value in formset.management_form.initial.items()
            }
        )
        for form in formset.forms:
            data.update(form_fields_data(form, prefix=form.prefix))
    data.update(overrides)
    return data
