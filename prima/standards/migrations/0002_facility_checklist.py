"""The starting checklist of facilities for vulnerable groups (docs/regulations.md §7: typical
items; the official enumeration is unconfirmed, so administrators can change it afterwards)."""

from django.db import migrations

D, E, P, C = "disabilitas", "lansia", "ibu_hamil_menyusui", "anak"
CHECKLIST = [
    ("ramp", "Ramp (bidang miring)", [D, E]),
    ("kursi_roda", "Kursi roda", [D, E]),
    ("guiding_block", "Guiding block (jalur pemandu)", [D]),
    ("pegangan_rambat", "Pegangan rambat (handrail)", [D, E]),
    ("toilet_difabel", "Toilet khusus penyandang disabilitas", [D, E]),
    ("parkir_khusus", "Parkir khusus penyandang disabilitas", [D]),
    ("loket_prioritas", "Loket atau antrean prioritas", [D, E, P]),
    ("kursi_prioritas", "Kursi prioritas di ruang tunggu", [D, E, P]),
    ("ruang_laktasi", "Ruang laktasi", [P, C]),
    ("ruang_bermain", "Ruang bermain anak", [C]),
    ("petugas_pendamping", "Petugas pendamping", [D, E, P, C]),
    ("bahasa_isyarat", "Juru bahasa isyarat atau informasi visual-audio", [D]),
    ("huruf_braille", "Informasi dalam huruf braille", [D]),
    ("lift", "Lift (untuk gedung bertingkat)", [D, E, P]),
    ("layanan_elektronik_aksesibel", "Layanan elektronik yang aksesibel", [D, E]),
    ("alat_bantu_dengar", "Alat bantu dengar atau loop induksi", [D, E]),
]


def add_checklist(apps, schema_editor):
    FacilityType = apps.get_model("standards", "FacilityType")
    for order, (key, name, groups) in enumerate(CHECKLIST, start=1):
        FacilityType.objects.get_or_create(
            key=key, defaults={"name": name, "groups": groups, "order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("standards", "0001_standards")]
    operations = [migrations.RunPython(add_checklist, migrations.RunPython.noop)]
