"""On PostgreSQL, let the retention purge delete expired security-log events (UU 27/2022;
prima.privacy.erasure.delete_security_events) and nothing else.

The trigger of migration 0003 still refuses every UPDATE, and every DELETE unless the
transaction has set `prima.retention_purge` to 'on' (SET LOCAL, so it ends with the
transaction). The model refuses both on every database as before.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION prima_audit_event_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('prima.retention_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'accounts_auditevent is append-only';
END;
$$ LANGUAGE plpgsql;
"""

ORIGINAL = """
CREATE OR REPLACE FUNCTION prima_audit_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'accounts_auditevent is append-only';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ORIGINAL)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_user_nip")]
    operations = [migrations.RunPython(forwards, backwards)]
