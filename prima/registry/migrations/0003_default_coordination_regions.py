"""KemenPANRB's three coordination regions for public service, with a default split.

Wilayah I covers Sumatera and Java (the 2020 Wilayah I lokakarya on service standards
included Bengkulu); Wilayah III covers Maluku and Papua (the May 2020 Wilayah III online
sessions were for Maluku and Papua Barat). The rest of the split — Kalimantan, Bali and
Nusa Tenggara in II; Sulawesi in III — is an unconfirmed default: national administrators
edit it under Kelola → Wilayah koordinasi (docs/guide/registry.md).
"""

from django.db import migrations

REGIONS = [
    ("I", "Wilayah I", "Sumatera dan Jawa", ("1", "2", "3")),
    ("II", "Wilayah II", "Bali, Nusa Tenggara dan Kalimantan", ("5", "6")),
    ("III", "Wilayah III", "Sulawesi, Maluku dan Papua", ("7", "8", "9")),
]


def create(apps, schema_editor):
    CoordinationRegion = apps.get_model("registry", "CoordinationRegion")
    Region = apps.get_model("registry", "Region")
    for code, name, description, first_digits in REGIONS:
        region, _ = CoordinationRegion.objects.get_or_create(
            code=code, defaults={"name": name, "description": description}
        )
        for province in Region.objects.filter(level=1, coordination_region__isnull=True):
            if province.code[0] in first_digits:
                province.coordination_region = region
                province.save(update_fields=["coordination_region"])


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_load_regions")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
