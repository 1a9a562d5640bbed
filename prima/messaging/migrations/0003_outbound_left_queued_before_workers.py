"""Messages still `queued` from before they were sent by workers were cut off on their way
(the process stopped between the commit and the send). Some carried codes, stored blanked: a
worker must never send them from the row. They are recorded as failed."""

from django.db import migrations


def give_up_old_queued(apps, schema_editor):
    Outbound = apps.get_model("messaging", "Outbound")
    Outbound.objects.filter(status="queued").update(
        status="failed", error="not sent: interrupted before the upgrade"
    )


class Migration(migrations.Migration):
    dependencies = [("messaging", "0002_outbound_sent_by_a_worker")]

    operations = [migrations.RunPython(give_up_old_queued, migrations.RunPython.noop)]
