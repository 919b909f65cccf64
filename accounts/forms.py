from django import forms
from django.conf import settings

CODE_HELP = "The 6 digits your authenticator app shows now, or one of your recovery codes."


def clean_code(value):
    return "".join(value.split())  # "123 456" as typed from the app's display


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=32,
        help_text=CODE_HELP,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        code = clean_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError("Type the code.")
        return code


class NewAppForm(forms.Form):
    name = forms.CharField(
        label="Name of this authenticator",
        max_length=64,
        initial="Authenticator app",
        help_text="So you can tell it from your other factors: “Phone”, “Work tablet”.",
    )
    code = forms.CharField(
        label="Code the app shows now",
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Give it a name.")
        return name

    def clean_code(self):
        code = clean_code(self.cleaned_data["code"])
        if not code.isdigit() or len(code) not in (6, 8):
            raise forms.ValidationError("Type the 6 digits the app shows.")
        return code


class NewTokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        help_text="What will use it: “Wire importer”, “Newsletter script”.",
    )
    days = forms.IntegerField(
        label="Valid for (days)",
        min_value=1,
        help_text="It stops working after this; you can revoke it any time before.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = settings.NEWSROOM_TOKEN_DAYS
        self.fields["days"].widget.attrs["max"] = settings.NEWSROOM_TOKEN_MAX_DAYS

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Give it a name.")
        return name

    def clean_days(self):
        days = self.cleaned_data["days"]
        most = settings.NEWSROOM_TOKEN_MAX_DAYS
        if days > most:
            raise forms.ValidationError(f"At most {most} days.")
        return days
