"""No one changes or deletes an entry of the audit trail: not through the admin (superusers
included), not through the API (which has no door to it), not through the model, and on
PostgreSQL not even with SQL."""

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from django.urls import get_resolver, reverse

from audit.models import AuditEntry, AuditEntryRefused
from audit.recording import record
from tests.factories import EditorFactory, SuperUserFactory, UserFactory
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    return record("token_revoked", actor=UserFactory(username="sam"), detail="Laptop")


@pytest.fixture(params=["editor", "superuser"])
def desk_client(request, client):
    user = EditorFactory() if request.param == "editor" else SuperUserFactory()
    sign_in(client, user)
    return client


def test_the_model_refuses_to_change_or_delete_an_entry(entry):
    entry.detail = "Nothing happened"
    with pytest.raises(AuditEntryRefused):
        entry.save()
    with pytest.raises(AuditEntryRefused):
        entry.delete()
    with pytest.raises(AuditEntryRefused):
        AuditEntry.objects.filter(pk=entry.pk).update(detail="Nothing happened")
    with pytest.raises(AuditEntryRefused):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AuditEntryRefused):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).detail == "Laptop"


def test_the_admin_reads_an_entry_and_refuses_every_change(desk_client, entry):
    change = reverse("admin:audit_auditentry_change", args=[entry.pk])
    page = desk_client.get(change)
    assert page.status_code == 200 and "Laptop" in page.text
    assert 'type="submit"' not in page.text.split('id="content-main"')[1]
    assert desk_client.post(change, {"detail": "Nothing happened"}).status_code == 403
    delete = reverse("admin:audit_auditentry_delete", args=[entry.pk])
    assert desk_client.get(delete).status_code == 403
    assert desk_client.post(delete, {"post": "yes"}).status_code == 403
    assert desk_client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    assert desk_client.post(reverse("admin:audit_auditentry_add"), {}).status_code == 403
    history = reverse("admin:audit_auditentry_history", args=[entry.pk])
    assert desk_client.get(history).status_code == 200  # reading, still
    changelist = reverse("admin:audit_auditentry_changelist")
    bulk = {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    desk_client.post(changelist, bulk)
    assert "delete_selected" not in desk_client.get(changelist).text
    assert AuditEntry.objects.get(pk=entry.pk).detail == "Laptop"


def test_a_reporter_cannot_read_the_trail(client, entry):
    from tests.factories import ReporterFactory

    sign_in(client, ReporterFactory())
    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 403
    assert client.get(reverse("admin:audit_auditentry_export")).status_code == 403
    change = reverse("admin:audit_auditentry_change", args=[entry.pk])
    assert client.get(change).status_code in (302, 403)


def test_no_url_outside_the_admin_reaches_the_trail():
    """The API has no door to the trail, neither to read nor to write."""

    def every_pattern(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                yield from every_pattern(pattern, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern

    outside_admin = [
        path
        for path, pattern in every_pattern(get_resolver())
        if "audit" in path.lower() or "audit" in getattr(pattern.callback, "__module__", "")
    ]
    assert all(path.startswith("admin/") for path in outside_admin), outside_admin


def test_the_api_schema_names_no_audit_endpoint(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    assert "audit" not in schema.content.decode().lower()


def test_deleting_an_account_keeps_the_entries_that_name_it(entry):
    get_user_model().objects.get(username="sam").delete()
    kept = AuditEntry.objects.get(pk=entry.pk)
    assert kept.actor_id is None and kept.actor_username == "sam"


# --- PostgreSQL: the database refuses too -------------------------------------------------------

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the trigger is PostgreSQL's (migration 0002); CI runs the suite on PostgreSQL too",
)


@needs_postgresql
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditentry SET detail = 'Nothing happened' WHERE id = %s",
        "UPDATE audit_auditentry SET actor_username = 'someone' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ],
)
def test_the_database_refuses_a_raw_update_or_delete(entry, sql):
    refused = pytest.raises(DatabaseError, match="append-only")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).detail == "Laptop"


@needs_postgresql
@pytest.mark.django_db(transaction=True)  # SET LOCAL lasts to the end of a real transaction
def test_the_database_lets_rows_go_only_while_pruning_says_so(entry):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL audit.pruning = 'on'")
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    assert not AuditEntry.objects.filter(pk=entry.pk).exists()
    other = record("token_created")
    # The setting was local to that transaction: the next one is refused again.
    refused = pytest.raises(DatabaseError, match="append-only")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [other.pk])
