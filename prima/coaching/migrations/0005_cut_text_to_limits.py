"""Text stored before the limits of docs/guide/coaching.md ("Limits") is cut to them, so every
record can be edited and saved again. The history of events, questions and tasks keeps the
text as it was."""

from django.db import migrations
from django.db.models.functions import Left, Length

LIMITS = {
    "Event": {"agenda": 4000, "description": 5000},
    "Question": {"question": 2000, "answer": 5000},
    "Feedback": {"comment": 2000},
    "FollowUpTask": {"description": 2000, "review_note": 2000},
    "ProgressReport": {"note": 5000},
}


def cut(apps, schema_editor):
    for model_name, fields in LIMITS.items():
        model = apps.get_model("coaching", model_name)
        for field, limit in fields.items():
            model.objects.alias(length=Length(field)).filter(length__gt=limit).update(
                **{field: Left(field, limit)}
            )


class Migration(migrations.Migration):
    dependencies = [("coaching", "0004_lokakarya_for_workshop")]

    operations = [migrations.RunPython(cut, migrations.RunPython.noop)]
