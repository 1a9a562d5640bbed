"""The SKM publication records share the standards' vocabulary of media (prima.lib.media):
"banner" ("Banner, leaflet or poster") is "leaflet" ("Leaflet, booklet or poster") there. The
stored records and their history are renamed so every value is one of the vocabulary's."""

from django.db import migrations

RENAMED = {"banner": "leaflet"}


def _rename(apps, schema_editor, mapping):
    for name in ("Publication", "HistoricalPublication"):
        model = apps.get_model("surveys", name)
        for old, new in mapping.items():
            model.objects.filter(medium=old).update(medium=new)


def forwards(apps, schema_editor):
    _rename(apps, schema_editor, RENAMED)


def backwards(apps, schema_editor):
    # Before this migration the surveys had no "leaflet": every one was a "banner".
    _rename(apps, schema_editor, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [("surveys", "0007_publication_media_one_vocabulary")]

    operations = [migrations.RunPython(forwards, backwards, elidable=True)]
