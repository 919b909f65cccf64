"""On PostgreSQL, the database itself refuses to change or delete an entry of the audit trail.

The model refuses too, but SQL typed in a shell, a bug in a bulk update or someone holding the
application's database password would not ask the model. The trigger lets through only:
- a DELETE inside a transaction that ran `SET LOCAL audit.pruning = 'on'` (prune_audit_trail);
- an UPDATE that only empties a link (an account or a content type deleted: Django sets
  `actor_id`/`target_content_type_id` to NULL; the names copied on the entry stay).
SQLite, the embedded default, has no such setting to read: there the model's refusal is all.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF current_setting('audit.pruning', true) = 'on' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'The audit trail is append-only: entries are deleted only by prune_audit_trail.';
    END IF;
    IF (to_jsonb(NEW) - 'actor_id' - 'target_content_type_id')
            = (to_jsonb(OLD) - 'actor_id' - 'target_content_type_id')
        AND (NEW.actor_id IS NULL OR NEW.actor_id = OLD.actor_id)
        AND (NEW.target_content_type_id IS NULL
             OR NEW.target_content_type_id = OLD.target_content_type_id) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The audit trail is append-only: entries are never changed.';
END;
$$;
DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;
CREATE TRIGGER audit_entry_append_only
    BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_entry_append_only();
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_trail")]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
