"""Events organised by a coordination region get the province they were held for, so that
their times have a zone: the province most of the invited agencies sit in (the province
with the lowest code on a tie), else the coordination region's first province. Events
organised by a province keep that province's zone and are left alone."""

from collections import Counter

from django.db import migrations


def fill(apps, schema_editor):
    Event = apps.get_model("coaching", "Event")
    Invitation = apps.get_model("coaching", "Invitation")
    Region = apps.get_model("registry", "Region")
    provinces = Region.objects.filter(level=1).order_by("code")
    for event in Event.objects.filter(province__isnull=True, venue_province__isnull=True):
        codes = Counter(
            code[:2]
            for code in Invitation.objects.filter(
                event_id=event.pk, agency__region__isnull=False
            ).values_list("agency__region__code", flat=True)
        )
        ranked = sorted(codes.items(), key=lambda item: (-item[1], item[0]))
        venue = next(
            (p for code, _n in ranked for p in provinces.filter(code=code)),
            provinces.filter(coordination_region_id=event.coordination_region_id).first()
            or provinces.first(),
        )
        Event.objects.filter(pk=event.pk).update(venue_province=venue)


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0002_event_venue_province_and_text_limits"),
        ("registry", "0003_default_coordination_regions"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
