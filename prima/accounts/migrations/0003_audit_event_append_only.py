"""On PostgreSQL, refuse UPDATE and DELETE on the audit table in the database itself.

The model refuses too, on every database. SQLite gets no trigger: test isolation empties
tables with DELETE there, and production runs on PostgreSQL (docs/adr/0002-audit-and-history.md).
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION prima_audit_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'accounts_auditevent is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_auditevent_append_only
    BEFORE UPDATE OR DELETE ON accounts_auditevent
    FOR EACH ROW EXECUTE FUNCTION prima_audit_event_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS accounts_auditevent_append_only ON accounts_auditevent;
DROP FUNCTION IF EXISTS prima_audit_event_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_roles_tokens_audit")]
    operations = [migrations.RunPython(forwards, backwards)]
