"""Every action of the audit trail leaves exactly one entry saying who, what, when and from
where; saves that change nothing that matters leave none."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from audit import receivers
from audit.models import AuditEntry
from audit.recording import record as record_directly
from core.signals import security_event
from tests.admin.helpers import change_form_data
from tests.api.conftest import token_client
from tests.audit.helpers import erase
from tests.factories import ArticleFactory, EditorFactory, SubscriberFactory, UserFactory
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db
Status = Article.Status
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AuditTest/1.0"
HEADERS = {"REMOTE_ADDR": "203.0.113.9", "HTTP_USER_AGENT": BROWSER}


@pytest.fixture
def editor_client(client):
    editor = EditorFactory(username="erin")
    sign_in(client, editor)
    forget_setup()  # the account and role the fixture made
    client.defaults.update(HEADERS)
    return client, editor


def forget_setup():
    """The entries a test's own setup made (accounts created, roles given): not its subject."""
    erase()


def only_entry(action):
    entries = list(AuditEntry.objects.filter(action=action))
    assert len(entries) == 1, [str(entry) for entry in AuditEntry.objects.all()]
    return entries[0]


def assert_from_the_browser(entry, who):
    assert entry.actor_username == who.username and entry.actor_id == who.pk
    assert entry.address == "203.0.113.9"
    assert entry.user_agent == BROWSER
    assert entry.origin == AuditEntry.Origin.WEB
    assert abs(timezone.now() - entry.when) < datetime.timedelta(minutes=1)


# --- sign-ins -----------------------------------------------------------------------------------


def test_a_sign_in_is_recorded_with_address_and_browser(client):
    editor = EditorFactory(username="erin")
    forget_setup()
    response = client.post(
        reverse("admin:login"),
        {"username": "erin", "password": "correct-horse-battery"},
        **HEADERS,
    )
    assert response.status_code == 302
    entry = only_entry("signed_in")
    assert_from_the_browser(entry, editor)
    assert entry.target_repr == "erin"
    assert entry.action_label == "Signed in"


def test_a_failed_sign_in_keeps_the_username_tried_never_the_password(client):
    EditorFactory(username="erin")
    forget_setup()
    client.post(
        reverse("admin:login"), {"username": "erin", "password": "hunter2-guess"}, **HEADERS
    )
    entry = only_entry("sign_in_failed")
    assert entry.actor_username == "erin" and entry.actor_id is None
    assert entry.address == "203.0.113.9" and entry.user_agent == BROWSER
    every_word = " ".join(str(value) for row in AuditEntry.objects.values_list() for value in row)
    assert "hunter2" not in every_word
    assert not AuditEntry.objects.filter(action="signed_in").exists()


def test_a_sign_in_refused_by_the_limit_is_recorded_with_the_name_tried(client, settings):
    """Past the limit no password is checked (so Django's failure signal never fires): the
    refusal is recorded apart, with the username tried, never the password."""
    settings.ADMIN_LOGIN_FAILURES_PER_USERNAME = 1
    EditorFactory(username="erin")
    forget_setup()
    guess = {"username": "erin", "password": "hunter2-guess"}
    client.post(reverse("admin:login"), guess, **HEADERS)
    refused = client.post(reverse("admin:login"), {**guess, "password": "hunter3"}, **HEADERS)
    assert refused.status_code == 429
    entry = only_entry("sign_in_refused")
    assert entry.actor_username == "erin" and entry.actor_id is None
    assert entry.address == "203.0.113.9" and entry.user_agent == BROWSER
    assert entry.action_label == "Sign-in refused (too many failures)"
    every_word = " ".join(str(value) for row in AuditEntry.objects.values_list() for value in row)
    assert "hunter" not in every_word


def test_a_sign_out_is_recorded(editor_client):
    client, editor = editor_client
    client.post(reverse("admin:logout"))
    assert_from_the_browser(only_entry("signed_out"), editor)


def test_the_address_is_remote_addr_unless_proxies_are_trusted(client, settings):
    EditorFactory(username="erin")
    forget_setup()
    forged = {**HEADERS, "HTTP_X_FORWARDED_FOR": "198.51.100.1, 192.0.2.7"}
    login = {"username": "erin", "password": "correct-horse-battery"}
    client.post(reverse("admin:login"), login, **forged)
    assert only_entry("signed_in").address == "203.0.113.9"  # the header is anyone's to write
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    forget_setup()
    client.logout()
    client.post(reverse("admin:login"), login, **forged)
    assert only_entry("signed_in").address == "192.0.2.7"  # what our one proxy saw


# --- stories ------------------------------------------------------------------------------------


def run_action(client, action, *stories, **extra):
    return client.post(
        reverse("admin:articles_article_changelist"),
        {"action": action, "_selected_action": [story.pk for story in stories], **extra},
    )


def test_publishing_from_the_list_is_recorded(editor_client):
    client, editor = editor_client
    story = ArticleFactory(in_review=True, headline="Budget approved")
    run_action(client, "publish_now", story)
    entry = only_entry("story_published")
    assert_from_the_browser(entry, editor)
    assert entry.target_repr == "Budget approved"
    assert entry.target_content_type.model == "article"
    assert entry.target_object_id == str(story.pk)
    assert entry.detail == "In review → Published"


def test_scheduling_through_the_form_is_recorded_as_scheduling(editor_client):
    client, editor = editor_client
    story = ArticleFactory(in_review=True)
    page = client.get(reverse("admin:articles_article_change", args=[story.pk]))
    when = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT09:30")
    client.post(
        reverse("admin:articles_article_change", args=[story.pk]),
        change_form_data(page, _step="schedule", _schedule_at=when),
    )
    entry = only_entry("story_scheduled")
    assert_from_the_browser(entry, editor)
    assert "to go public at" in entry.detail
    assert not AuditEntry.objects.filter(action="story_published").exists()


def test_withdrawing_is_recorded(editor_client):
    client, editor = editor_client
    story = ArticleFactory()
    run_action(client, "withdraw", story, confirmed="yes")
    assert_from_the_browser(only_entry("story_withdrawn"), editor)
    assert AuditEntry.objects.count() == 1


def test_deleting_a_story_is_recorded_with_its_headline(editor_client):
    client, editor = editor_client
    story = ArticleFactory(draft=True, headline="A draft nobody needs")
    client.post(reverse("admin:articles_article_delete", args=[story.pk]), {"post": "yes"})
    assert not Article.objects.filter(pk=story.pk).exists()
    entry = only_entry("story_deleted")
    assert_from_the_browser(entry, editor)
    assert entry.target_repr == "A draft nobody needs"
    assert entry.target_object_id == str(story.pk)


def test_the_write_api_publishing_is_recorded_with_the_tokens_user():
    editor = EditorFactory(username="api-editor")
    api = token_client(editor)
    forget_setup()
    story = ArticleFactory(in_review=True)
    response = api.patch(
        f"/api/desk/articles/{story.pk}/",
        {"version": story.version, "status": Status.PUBLISHED},
        format="json",
        **HEADERS,
    )
    assert response.status_code == 200, response.content
    assert_from_the_browser(only_entry("story_published"), editor)


def test_a_published_story_moved_to_the_future_is_recorded_as_scheduled():
    story = ArticleFactory()
    story.published_at = timezone.now() + datetime.timedelta(days=3)
    story.save()
    entry = only_entry("story_scheduled")
    assert entry.detail.startswith("Publication time moved to")
    story.published_at = timezone.now()
    story.save()
    assert only_entry("story_published").detail.startswith("Scheduled story brought forward")


def save_queries(story, **save_arguments):
    with CaptureQueriesContext(connection) as queries:
        story.save(**save_arguments)
    return [query["sql"] for query in queries.captured_queries]


def test_a_save_without_a_move_records_nothing_and_reads_nothing_more(editor_client):
    story = ArticleFactory(headline="Before")
    story.refresh_from_db()
    story.headline = "After"
    with_audit = save_queries(story)
    story.summary = "Changed too"
    with_audit_fields = save_queries(story, update_fields=["summary", "updated_at"])
    assert not AuditEntry.objects.exists()
    post_save.disconnect(sender=Article, dispatch_uid="audit-trail")
    try:
        story.headline = "Again"
        without_audit = save_queries(story)
        story.summary = "And again"
        without_audit_fields = save_queries(story, update_fields=["summary", "updated_at"])
    finally:
        post_save.connect(receivers.on_article_saved, sender=Article, dispatch_uid="audit-trail")
    assert len(with_audit) == len(without_audit)
    assert len(with_audit_fields) == len(without_audit_fields)
    assert not [sql for sql in with_audit + with_audit_fields if "audit_" in sql]


def test_submitting_for_review_is_the_workflows_record_not_the_audit_trails(editor_client):
    client, _ = editor_client
    run_action(client, "submit_for_review", ArticleFactory(draft=True))
    assert Article.objects.get().status == Status.IN_REVIEW
    assert not AuditEntry.objects.exists()


# --- accounts, roles and permissions -----------------------------------------------------------


def test_creating_an_account_is_recorded(client):
    sign_in(client, UserFactory(username="root", is_staff=True, is_superuser=True))
    forget_setup()
    response = client.post(
        reverse("admin:newsroom_user_add"),
        {
            "username": "newbie",
            "password1": "a-long-pass-phrase-42",
            "password2": "a-long-pass-phrase-42",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content
    entry = only_entry("user_created")
    assert entry.target_repr == "newbie" and entry.actor_username == "root"


def test_flags_changes_are_recorded_once_each_save_and_a_sign_in_reads_no_flags(
    django_assert_num_queries,
):
    user = UserFactory(username="sam")
    forget_setup()
    user.is_staff = True
    user.is_superuser = True
    user.save()
    entry = only_entry("user_flags_changed")
    assert entry.detail == "is_staff: False → True; is_superuser: False → True"
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert AuditEntry.objects.filter(action="user_flags_changed").count() == 2
    user.first_name = "Sam"
    user.save()
    assert AuditEntry.objects.filter(action="user_flags_changed").count() == 2
    user.last_login = timezone.now()
    with django_assert_num_queries(1):  # the UPDATE alone
        user.save(update_fields=["last_login"])


def test_roles_granted_and_taken_are_recorded_from_either_side():
    user = UserFactory(username="sam")
    editors = Group.objects.get(name="Editor")
    forget_setup()
    user.groups.add(editors)
    assert only_entry("groups_changed").detail == "Added: Editor"
    editors.user_set.remove(user)
    entries = AuditEntry.objects.filter(action="groups_changed").order_by("pk")
    assert [entry.detail for entry in entries] == ["Added: Editor", "Removed: sam"]
    assert entries[1].target_repr == "Editor"
    user.groups.add(editors)
    user.groups.clear()
    entries = AuditEntry.objects.filter(action="groups_changed").order_by("pk")
    assert [entry.detail for entry in entries][2:] == ["Added: Editor", "Removed: Editor"]
    user.groups.add(editors)
    editors.user_set.clear()  # from the group's side: everyone out at once
    cleared = AuditEntry.objects.filter(action="groups_changed").latest("pk")
    assert cleared.target_repr == "Editor" and cleared.detail == "Removed: sam"


def test_permissions_of_a_user_and_of_a_group_are_recorded():
    user = UserFactory(username="sam")
    forget_setup()
    publish = Permission.objects.get(codename="publish_article")
    user.user_permissions.add(publish)
    assert only_entry("user_permissions_changed").detail == "Added: articles.publish_article"
    Group.objects.get(name="Reporter").permissions.add(publish)
    entry = only_entry("group_permissions_changed")
    assert entry.target_repr == "Reporter" and entry.detail == "Added: articles.publish_article"


def test_deleting_an_account_keeps_its_entries_and_its_name(client):
    user = UserFactory(username="leaver")
    sign_in(client, user)
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    sign_in(client, root)
    response = client.post(
        reverse("admin:newsroom_user_delete", args=[user.pk]), {"post": "yes"}, **HEADERS
    )
    assert response.status_code == 302
    signed_in = AuditEntry.objects.get(action="signed_in", actor_username="leaver")
    assert signed_in.actor_id is None  # the link emptied, the name kept
    entry = only_entry("user_deleted")
    assert_from_the_browser(entry, root)
    assert entry.target_repr == "leaver" and entry.target_object_id == str(user.pk)


# --- subscribers --------------------------------------------------------------------------------


def test_a_subscribers_endpoint_and_secret_changes_are_recorded_never_the_secret(editor_client):
    client, editor = editor_client
    subscriber = SubscriberFactory(endpoint_url="https://93.184.215.14/hook?token=abc")
    added = only_entry("subscriber_added")
    assert added.detail == "Endpoint https://93.184.215.14/hook"  # no token from the query
    old_secret = subscriber.secret
    client.post(
        reverse("admin:distribution_subscriber_changelist"),
        {"action": "make_new_secret", "_selected_action": [subscriber.pk]},
    )
    subscriber.refresh_from_db()
    assert subscriber.secret != old_secret
    entry = only_entry("subscriber_secret_changed")
    assert_from_the_browser(entry, editor)
    subscriber.endpoint_url = "https://93.184.215.15/hook"
    subscriber.save()
    moved = only_entry("subscriber_endpoint_changed")
    assert moved.detail == "https://93.184.215.14/hook → https://93.184.215.15/hook"
    for value in AuditEntry.objects.values_list("detail", "target_repr"):
        assert subscriber.secret not in " ".join(value) and old_secret not in " ".join(value)
    subscriber.is_active = False
    subscriber.save()
    assert AuditEntry.objects.count() == 3
    subscriber.delete()
    assert only_entry("subscriber_removed").target_repr == subscriber.name


# --- security events and commands ---------------------------------------------------------------


def test_a_cache_purge_by_hand_is_recorded_as_the_commands():
    call_command("purge_cache", "a12", "p5:a")
    entry = only_entry("cache_purged")
    assert entry.actor_id is None and entry.actor_username == ""
    assert entry.origin == AuditEntry.Origin.COMMAND and entry.address is None
    assert entry.detail.startswith("a12, p5:a from the page cache")


@pytest.mark.parametrize(
    ("action", "label"),
    [
        ("factor_added", "Second factor added"),
        ("factor_removed", "Second factor removed"),
        ("factors_reset", "Second factors reset"),
        ("recovery_code_used", "Recovery code used"),
        ("recovery_codes_generated", "Recovery codes generated"),
        ("token_created", "API token created"),
        ("token_revoked", "API token revoked"),
        ("session_ended", "Session ended"),
        ("password_changed", "Password changed"),
        ("something_new", "Something new"),
    ],
)
def test_every_security_event_is_recorded_known_or_not(rf, action, label):
    editor = EditorFactory(username="erin")
    target = UserFactory(username="sam")
    forget_setup()
    request = rf.get("/", **HEADERS)
    request.user = editor
    security_event.send(
        sender=None, action=action, actor=editor, target=target, request=request, detail="Phone"
    )
    entry = only_entry(action)
    assert_from_the_browser(entry, editor)
    assert entry.action_label == label
    assert entry.target_repr == "sam" and entry.detail == "Phone"


def test_a_nul_character_is_dropped_not_refused_by_the_database():
    entry = record_directly("sign_in_failed", actor_username="ad\x00min", detail="a\x00b")
    assert entry.actor_username == "admin" and entry.detail == "ab"
