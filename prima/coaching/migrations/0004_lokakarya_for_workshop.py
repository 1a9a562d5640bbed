""""Workshop" and "lokakarya" were two kinds for one thing: events of the kind workshop become
lokakarya, in their history too (the same event under the kind's one remaining key).
Certificate numbers already issued (PRIMA/WORKSHOP/…) are kept as issued."""

from django.db import migrations


def merge(apps, schema_editor):
    for name in ("Event", "HistoricalEvent"):
        apps.get_model("coaching", name).objects.filter(kind="workshop").update(kind="lokakarya")


class Migration(migrations.Migration):
    dependencies = [("coaching", "0003_venue_province_of_existing_events")]

    operations = [migrations.RunPython(merge, migrations.RunPython.noop)]
