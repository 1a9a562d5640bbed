"""The standards pages through the test client: staff walk a standard through its life cycle,
the public reads the passport, files are checked, access is per unit (issue 4)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from prima.registry.models import Service
from prima.standards import actions
from prima.standards.models import (
    FacilityType,
    Forum,
    Maklumat,
    ServiceStandard,
    UnitFacility,
)
from prima.standards.tests.factories import complete_components, published_standard
from prima.test import sign_in

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def form_data(**changes):
    data = {
        "revision": 1,
        "persyaratan": "Fotokopi KK\nSurat pengantar",
        "prosedur": "Ambil antrean\nSerahkan berkas",
        "waktu_amount": "3",
        "waktu_unit": "hari_kerja",
        "waktu_note": "",
        "biaya_free": "on",
        "biaya_amount": "",
        "biaya_basis": "UU 24/2013 Pasal 79A",
        "produk": "KTP-el",
        "pengaduan_channels": "SP4N-LAPOR!\nhttps://pengaduan.burukab.go.id",
        "pengaduan_procedure": "",
        "dasar_hukum": "UU 24/2013",
        "sarana": "Ruang tunggu",
        "kompetensi": "Admin kependudukan",
        "pengawasan": "Kepala dinas",
        "jumlah_pelaksana": "4 orang",
        "jaminan_pelayanan": "Sesuai standar",
        "jaminan_keamanan": "Data dijaga",
        "evaluasi_kinerja": "Triwulanan",
        "change_note": "",
    }
    data.update(changes)
    return data


def photo_bytes(*, exif: bool = False) -> bytes:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    out = io.BytesIO()
    if exif:
        info = Image.Exif()
        info[0x010F] = "CameraMaker"  # Make
        info[0x8825] = {1: "S", 2: (3.0, 14.0, 0.0)}  # GPS
        image.save(out, format="JPEG", exif=info.tobytes())
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


def test_an_operator_walks_a_standard_from_draft_to_the_public_passport(client, world):
    sign_in(client, world.abdul)
    response = client.post(reverse("manage:standard_create", args=[world.buru_ktp.pk]))
    draft = ServiceStandard.objects.get()
    assert response.url == reverse("manage:standard_edit", args=[draft.pk])
    assert client.get(response.url).status_code == 200
    response = client.post(
        reverse("manage:standard_edit", args=[draft.pk]), form_data(jumlah_pelaksana="")
    )
    assert response.status_code == 302
    page = client.get(reverse("manage:standard_detail", args=[draft.pk]))
    assert "11. Jumlah pelaksana" in page.content.decode()
    client.post(reverse("manage:standard_edit", args=[draft.pk]), form_data(revision=2))
    client.post(reverse("manage:standard_action", args=[draft.pk, "consult"]))
    response = client.post(
        reverse("manage:standard_set", args=[draft.pk]),
        {
            "decree_number": "800/45/SK/2026",
            "decree_date": "2026-01-15",
            "signer_name": "Kepala Disdukcapil",
            "decree_file": SimpleUploadedFile("sk scan.pdf", PDF_BYTES, "application/pdf"),
        },
    )
    assert response.status_code == 302
    client.post(reverse("manage:standard_action", args=[draft.pk, "publish"]))
    draft.refresh_from_db()
    assert draft.status == "published"
    assert draft.decree_file.name.startswith("standards/decrees/")
    assert "sk scan" not in draft.decree_file.name
    client.logout()
    passport = client.get(reverse("standards:passport", args=[world.buru_dukcapil.code]))
    text = passport.content.decode()
    assert "Penerbitan KTP-el" in text and "3 hari kerja" in text and "Fotokopi KK" in text
    decree = client.get(
        reverse("standards:file", args=[world.buru_dukcapil.code, draft.pk, "decree"])
    )
    assert decree["Content-Type"] == "application/pdf"
    assert decree["Content-Disposition"].startswith("attachment")


def test_a_stale_draft_form_is_refused_and_keeps_what_was_typed(client, world):
    draft = actions.create_draft(world.buru_ktp, actor=world.siti)
    actions.save_draft(draft, actor=world.siti, revision=1, components={"produk": "KTP-el"})
    sign_in(client, world.abdul)
    response = client.post(
        reverse("manage:standard_edit", args=[draft.pk]), form_data(produk="Typed by Abdul")
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Siti" in text and "Typed by Abdul" in text
    assert ServiceStandard.objects.get(pk=draft.pk).components == {"produk": "KTP-el"}


def test_a_decree_that_is_not_a_pdf_is_refused_with_a_clear_message(client, world):
    draft = actions.create_draft(world.buru_ktp, actor=None, components=complete_components())
    sign_in(client, world.abdul)
    response = client.post(
        reverse("manage:standard_set", args=[draft.pk]),
        {
            "decree_number": "1",
            "decree_date": "2026-01-15",
            "signer_name": "K",
            "decree_file": SimpleUploadedFile("sk.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"),
        },
    )
    assert response.status_code == 200
    assert "This file is not a PDF." in response.content.decode()
    assert ServiceStandard.objects.get(pk=draft.pk).status == "draft"


def test_malformed_components_get_messages(client, world):
    draft = actions.create_draft(world.buru_ktp, actor=None)
    sign_in(client, world.abdul)
    response = client.post(
        reverse("manage:standard_edit", args=[draft.pk]),
        form_data(waktu_unit="", biaya_amount="5000", waktu_amount="-1"),
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "A free service has no amount" in text


def test_another_agencys_officer_cannot_see_or_change_the_standard(client, world):
    standard = published_standard(world.buru_ktp)
    sign_in(client, world.marthen)
    assert client.get(reverse("manage:standard_detail", args=[standard.pk])).status_code == 404
    assert client.get(reverse("manage:unit_standards", args=["8104-DUKCAPIL"])).status_code == 404
    response = client.post(reverse("manage:standard_create", args=[world.buru_ktp.pk]))
    assert response.status_code == 404


def test_an_evaluator_reads_but_cannot_change(client, world):
    standard = published_standard(world.buru_ktp)
    sign_in(client, world.yohanis)
    page = client.get(reverse("manage:unit_standards", args=["8104-DUKCAPIL"]))
    assert page.status_code == 200 and "1.a.Ak" in page.content.decode()
    assert client.get(reverse("manage:standard_detail", args=[standard.pk])).status_code == 200
    response = client.post(reverse("manage:standard_review", args=[standard.pk]), {})
    assert response.status_code == 404


def test_drafts_are_not_public(client, world):
    draft = actions.create_draft(world.buru_ktp, actor=None, components=complete_components())
    url = reverse("standards:standard", args=[world.buru_dukcapil.code, draft.pk])
    assert client.get(url).status_code == 404
    passport = client.get(reverse("standards:passport", args=[world.buru_dukcapil.code]))
    text = passport.content.decode()
    assert "Fotokopi Kartu Keluarga" not in text and "3 hari kerja" not in text
    assert "has not published any service standard yet" in text


def test_the_a3_poster_is_a_pdf(client, world):
    standard = published_standard(world.buru_ktp)
    response = client.get(reverse("standards:poster", args=[world.buru_dukcapil.code, standard.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_forum_records_participants_agreements_photos_and_prints_minutes(client, world):
    standard = published_standard(world.buru_ktp)
    sign_in(client, world.abdul)
    response = client.post(
        reverse("manage:forum_create", args=["8104-DUKCAPIL"]),
        {
            "title": "FKP Penyusunan Standar Pelayanan KTP-el",
            "purpose": "drafting",
            "mode": "tatap_muka",
            "stage": "pasca",
            "held_on": "2026-01-10",
            "place": "Aula Disdukcapil",
            "chair": "Sekretaris Dinas",
            "agenda": "Pembahasan rancangan",
            "summary": "",
            "meeting_link": "",
            "standards": [standard.pk],
        },
    )
    forum = Forum.objects.get()
    assert response.url == reverse("manage:forum_detail", args=[forum.pk])
    add = reverse("manage:forum_add", args=[forum.pk, "participant"])
    client.post(add, {"p-name": "Ibu Rahma", "p-element": "pengguna_layanan", "p-attended": "on"})
    client.post(add, {"p-name": "Radio Namlea", "p-element": "media_massa", "p-attended": "on"})
    client.post(
        reverse("manage:forum_add", args=[forum.pk, "agreement"]),
        {"a-text": "Layanan Sabtu dibuka", "a-standard": standard.pk, "a-component": "waktu"},
    )
    client.post(
        reverse("manage:forum_add", args=[forum.pk, "photo"]),
        {"f-image": SimpleUploadedFile("IMG_1.jpg", photo_bytes(exif=True), "image/jpeg")},
    )
    page = client.get(reverse("manage:forum_detail", args=[forum.pk])).content.decode()
    assert "Ibu Rahma" in page and "Layanan Sabtu dibuka" in page
    assert "<strong>2</strong> / 5" in page
    photo = forum.photos.get()
    with Image.open(photo.image.open("rb")) as stored:
        assert not stored.getexif()  # EXIF and GPS gone
    minutes = client.get(reverse("manage:forum_minutes", args=[forum.pk]))
    assert minutes.content.startswith(b"%PDF")
    client.logout()
    public = client.get(reverse("standards:minutes", args=["8104-DUKCAPIL", forum.pk]))
    assert public.status_code == 200


def test_a_forum_being_prepared_has_no_public_minutes(client, world):
    forum = actions.save_forum(
        world.buru_dukcapil, actor=None, title="Rencana FKP", held_on="2026-02-01", stage="pra"
    )
    response = client.get(reverse("standards:minutes", args=["8104-DUKCAPIL", forum.pk]))
    assert response.status_code == 404


def test_a_photo_that_is_not_a_picture_is_refused(client, world):
    forum = actions.save_forum(world.buru_dukcapil, actor=None, title="FKP", held_on="2026-02-01")
    sign_in(client, world.abdul)
    response = client.post(
        reverse("manage:forum_add", args=[forum.pk, "photo"]),
        {"f-image": SimpleUploadedFile("x.jpg", b"<html>not an image", "image/jpeg")},
        follow=True,
    )
    assert "This file is not a picture." in response.content.decode()
    assert not forum.photos.exists()


def test_the_facilities_inventory_counts_for_18cK(client, world):
    sign_in(client, world.abdul)
    ramp, chair = FacilityType.objects.get(key="ramp"), FacilityType.objects.get(key="kursi_roda")
    data = {}
    for t in FacilityType.objects.all():
        data[f"condition_{t.pk}"] = "good"
        data[f"note_{t.pk}"] = ""
    data[f"has_{ramp.pk}"] = "on"
    data[f"has_{chair.pk}"] = "on"
    data[f"condition_{chair.pk}"] = "broken"
    data[f"photo_{ramp.pk}"] = SimpleUploadedFile("ramp.jpg", photo_bytes(), "image/jpeg")
    response = client.post(reverse("manage:unit_facilities", args=["8104-DUKCAPIL"]), data)
    assert response.status_code == 302
    assert UnitFacility.objects.filter(unit=world.buru_dukcapil).count() == 2
    page = client.get(response.url).content.decode()
    assert "1 usable facilities" in page


def test_the_maklumat_is_written_signed_and_shown_on_the_passport(client, world):
    sign_in(client, world.abdul)
    page = client.get(reverse("manage:maklumat_edit", args=["8104-DUKCAPIL"]))
    assert "sanggup menyelenggarakan pelayanan" in page.content.decode()  # a starting text
    response = client.post(
        reverse("manage:maklumat_edit", args=["8104-DUKCAPIL"]),
        {
            "promise": "Kami sanggup melayani sesuai standar.",
            "commitment": "Kami berkomitmen memperbaiki terus.",
            "sanction": "Kami siap menerima sanksi.",
            "signer_name": "Kepala Dinas",
            "signer_position": "Kepala Disdukcapil Kab. Buru",
            "signed_on": "2026-01-05",
        },
    )
    assert response.status_code == 302
    maklumat = Maklumat.objects.get()
    client.post(
        reverse("manage:maklumat_publication_create", args=[maklumat.pk]),
        {"medium": "notice_board", "published_on": "2026-01-06", "url": "", "note": ""},
    )
    client.logout()
    passport = client.get(reverse("standards:passport", args=["8104-DUKCAPIL"])).content.decode()
    assert "Kami siap menerima sanksi." in passport


@pytest.mark.parametrize("name", ["standards:passport"])
def test_unlisted_units_have_no_passport(client, world, name):
    assert client.get(reverse(name, args=[world.buru_rsud.code])).status_code == 404


def test_only_a_national_administrator_changes_the_facility_checklist(client, world):
    sign_in(client, world.siti)
    assert client.get(reverse("manage:facility_types")).status_code == 404
    sign_in(client, world.ratna)
    response = client.post(
        reverse("manage:facility_types"),
        {
            "key": "kursi_tunggu_lansia",
            "name": "Kursi tunggu lansia",
            "groups": ["lansia"],
            "order": 200,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    item = FacilityType.objects.get(key="kursi_tunggu_lansia")
    assert item.groups == ["lansia"]
    page = client.get(reverse("manage:facility_types")).content.decode()
    assert "Kursi tunggu lansia" in page


def test_pages_speak_indonesian_by_default(world):
    from django.test import Client

    published_standard(world.buru_ktp)
    page = Client().get(reverse("standards:passport", args=["8104-DUKCAPIL"])).content.decode()
    assert "Paspor layanan" in page or "Paspor Layanan" in page


@time_machine.travel(dt.datetime(2026, 6, 1, 3, tzinfo=dt.UTC), tick=False)
def test_the_overview_counts_standards_per_unit_in_scope_and_exports_csv(client, world):
    published_standard(world.buru_ktp)  # review due 2027-01-15
    published_standard(world.ambon_ktp)
    akta = Service.objects.create(unit=world.buru_dukcapil, name="Akta Kelahiran")
    actions.create_draft(akta, actor=None)
    sign_in(client, world.siti)
    page = client.get(reverse("manage:standards_home")).content.decode()
    assert "Disdukcapil Kabupaten Buru" in page and "Disdukcapil Kota Ambon" not in page
    response = client.get(reverse("manage:standards_home") + "?format=csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[1].split(",")[4:] == ["2", "1", "1", "0"]
    missing = client.get(reverse("manage:standards_home") + "?show=missing").content.decode()
    assert "Disdukcapil Kabupaten Buru" in missing
    overdue = client.get(reverse("manage:standards_home") + "?show=overdue").content.decode()
    assert "Disdukcapil Kabupaten Buru" not in overdue.split("<h1>")[1]
    ServiceStandard.objects.filter(service=world.buru_ktp).update(
        review_due_on=dt.date(2026, 5, 31)
    )
    overdue = client.get(reverse("manage:standards_home") + "?show=overdue").content.decode()
    assert "Disdukcapil Kabupaten Buru" in overdue
