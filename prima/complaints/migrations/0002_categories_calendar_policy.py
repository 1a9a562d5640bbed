"""Starting data for complaints: categories, the default clock policy (SP4N-LAPOR! 3/5/10
working days), and the official 2026 calendar (SKB 3 Menteri: 17 national holidays and 8 cuti
bersama days; docs/regulations.md §C4.1), which administrators extend every year."""

import datetime as dt

from django.db import migrations

CATEGORIES = [
    ("administrasi-kependudukan", "Administrasi kependudukan"),
    ("perizinan", "Perizinan"),
    ("kesehatan", "Kesehatan"),
    ("pendidikan", "Pendidikan"),
    ("infrastruktur", "Infrastruktur dan fasilitas umum"),
    ("perilaku-petugas", "Perilaku petugas"),
    ("biaya-pungutan", "Biaya dan pungutan liar"),
    ("waktu-pelayanan", "Waktu dan prosedur pelayanan"),
    ("informasi", "Informasi pelayanan"),
    ("lainnya", "Lainnya"),
]
D = dt.date
HOLIDAYS_2026 = [
    (D(2026, 1, 1), "Tahun Baru 2026 Masehi"),
    (D(2026, 1, 16), "Isra Mikraj Nabi Muhammad SAW"),
    (D(2026, 2, 17), "Tahun Baru Imlek 2577 Kongzili"),
    (D(2026, 3, 19), "Hari Suci Nyepi Tahun Baru Saka 1948"),
    (D(2026, 3, 21), "Idul Fitri 1447 H"),
    (D(2026, 3, 22), "Idul Fitri 1447 H"),
    (D(2026, 4, 3), "Wafat Yesus Kristus"),
    (D(2026, 4, 5), "Kebangkitan Yesus Kristus (Paskah)"),
    (D(2026, 5, 1), "Hari Buruh Internasional"),
    (D(2026, 5, 14), "Kenaikan Yesus Kristus"),
    (D(2026, 5, 27), "Idul Adha 1447 H"),
    (D(2026, 5, 31), "Hari Raya Waisak 2570 BE"),
    (D(2026, 6, 1), "Hari Lahir Pancasila"),
    (D(2026, 6, 16), "1 Muharam Tahun Baru Islam 1448 H"),
    (D(2026, 8, 17), "Hari Proklamasi Kemerdekaan RI"),
    (D(2026, 8, 25), "Maulid Nabi Muhammad SAW"),
    (D(2026, 12, 25), "Hari Raya Natal"),
]
CUTI_BERSAMA_2026 = [
    (D(2026, 2, 16), "Cuti bersama Tahun Baru Imlek"),
    (D(2026, 3, 18), "Cuti bersama Hari Suci Nyepi"),
    (D(2026, 3, 20), "Cuti bersama Idul Fitri"),
    (D(2026, 3, 23), "Cuti bersama Idul Fitri"),
    (D(2026, 3, 24), "Cuti bersama Idul Fitri"),
    (D(2026, 5, 15), "Cuti bersama Kenaikan Yesus Kristus"),
    (D(2026, 5, 28), "Cuti bersama Idul Adha"),
    (D(2026, 12, 24), "Cuti bersama Hari Raya Natal"),
]


def seed(apps, schema_editor):
    Category = apps.get_model("complaints", "Category")
    for order, (key, name) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(key=key, defaults={"name": name, "order": order * 10})
    CalendarDay = apps.get_model("complaints", "CalendarDay")
    for day, name in HOLIDAYS_2026:
        CalendarDay.objects.get_or_create(date=day, defaults={"kind": "national_holiday", "name": name})
    for day, name in CUTI_BERSAMA_2026:
        CalendarDay.objects.get_or_create(date=day, defaults={"kind": "cuti_bersama", "name": name})
    ClockPolicy = apps.get_model("complaints", "ClockPolicy")
    if not ClockPolicy.objects.exists():
        ClockPolicy.objects.create(
            name="SP4N-LAPOR! 3/5/10",
            valid_from=dt.datetime(2000, 1, 1, tzinfo=dt.UTC),
            verify_days=3,
            respond_days=5,
            close_after_days=10,
            dispute_days=10,
            skip_cuti_bersama=True,
        )


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_complaints")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
