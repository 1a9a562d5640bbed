"""The suggested category: off until there is enough labelled data, then the nearest category
by words, only ever shown to the coordinator (issue 5 §7)."""

from __future__ import annotations

from django.urls import reverse

from prima.complaints import suggest
from prima.complaints.models import Category
from prima.complaints.tests.factories import file
from prima.test import sign_in

KTP = "KTP-el belum dicetak, blanko habis, perekaman di disdukcapil lama sekali"
IZIN = "Izin usaha NIB di OSS tidak terbit, perizinan berusaha tertahan verifikasi"
PUNGLI = "Petugas meminta uang pungutan liar tanpa kuitansi di loket"


def cases(n: int = 12) -> list[tuple[str, str]]:
    return (
        [(f"{KTP} {i}", "ktp") for i in range(n)]
        + [(f"{IZIN} {i}", "izin") for i in range(n)]
        + [(f"{PUNGLI} {i}", "pungli") for i in range(n)]
    )


def test_no_suggestion_without_enough_labelled_cases():
    assert suggest.train(cases(3)) is None  # 9 cases
    assert suggest.suggest(None, KTP) is None


def test_the_nearest_category_is_suggested_with_a_confidence():
    model = suggest.train(cases())
    label, confidence = suggest.suggest(model, "Blanko KTP-el habis, kapan dicetak?")
    assert label == "ktp" and 0.4 <= confidence <= 1
    assert suggest.suggest(model, "Pungutan liar oleh petugas loket")[0] == "pungli"
    assert suggest.suggest(model, "zzz qqq") is None


def test_stemming_brings_word_forms_together():
    assert (
        suggest.stem("pelayanan") == suggest.stem("layanan")
        or suggest.stem("dilayani")[:4] == "laya"
    )
    assert suggest.tokens("Dengan pelayanannya") == [suggest.stem("pelayanannya")]


def test_the_coordinator_sees_a_suggestion_and_nothing_is_applied(client, world):
    ktp = Category.objects.get(key="administrasi-kependudukan")
    izin = Category.objects.get(key="perizinan")
    for i in range(16):
        file(world, title=f"KTP {i}", description=KTP, category=ktp)
        file(world, title=f"Izin {i}", description=IZIN, category=izin)
    fresh = file(
        world, title="Blanko habis", description="KTP-el saya belum dicetak karena blanko habis"
    ).complaint
    sign_in(client, world.siti)
    page = client.get(reverse("manage:complaint_detail", args=[fresh.pk])).content.decode()
    assert "Suggested category: Administrasi kependudukan" in page
    fresh.refresh_from_db()
    assert fresh.category is None
