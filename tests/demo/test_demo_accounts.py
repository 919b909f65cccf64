"""The demo accounts `make run` prints: one editor, one reporter, only with DEBUG on."""

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from articles import workflow

pytestmark = pytest.mark.django_db


def test_demo_accounts_log_in_with_the_printed_password_and_have_their_roles(settings, capsys):
    settings.DEBUG = True
    call_command("create_demo_editor")
    call_command("create_demo_editor")  # running it twice is fine
    printed = capsys.readouterr().out
    assert "editor / newsroom-demo" in printed and "reporter / newsroom-demo" in printed
    editor = authenticate(username="editor", password="newsroom-demo")
    reporter = authenticate(username="reporter", password="newsroom-demo")
    assert editor.is_staff and workflow.is_editor(editor)
    assert reporter.is_staff and not workflow.is_editor(reporter)
    assert workflow.can_create(reporter)


def test_demo_accounts_are_refused_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only created with DEBUG on"):
        call_command("create_demo_editor")


def test_the_demo_accounts_have_names_of_their_own(settings):
    """The desk's header shows the full name and the role (issue 24): not "Demo" twice."""
    from newsroom.models import User

    settings.DEBUG = True
    call_command("create_demo_editor", stdout=io.StringIO())
    names = {user.username: user.get_full_name() for user in User.objects.all()}
    assert names["editor"] != names["reporter"]
    assert "Demo" not in names["editor"] + names["reporter"]


def test_the_demo_editor_signs_in_with_the_code_demo_code_prints(client, settings):
    """`make run` must still let a newcomer in: the password, then `demo_code`'s code."""
    settings.DEBUG = True
    printed = io.StringIO()
    call_command("create_demo_editor", stdout=printed)
    assert "demo_code" in printed.getvalue()
    assert client.login(username="editor", password="newsroom-demo")
    assert client.get("/admin/").url.startswith("/admin/security/second-step/")
    code = io.StringIO()
    call_command("demo_code", stdout=code)
    answer = client.post("/admin/security/second-step/", {"code": code.getvalue().strip()})
    assert answer.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_demo_code_is_refused_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only with DEBUG on"):
        call_command("demo_code")
