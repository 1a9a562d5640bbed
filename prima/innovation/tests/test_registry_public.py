"""The public catalogue at /inovasi/ and an innovation's public page (issue 23): searchable by
problem, service, region, stage, theme and status; only published innovations of listed
units; the status as shown today; the replication network both ways, linking only what the
public may open."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from prima.innovation import actions
from prima.innovation.models import Innovation
from prima.innovation.tests.test_registry_actions import PDF, _english, _media, register  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(settings):
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return english


@pytest.fixture
def catalogue(world) -> dict[str, Innovation]:
    """Published: KTP Antar (Buru, implementation, KTP service), Akta Kilat (Buru, trial,
    confirmed two years ago), Sorong Sehat (Sorong, health). Not shown: a draft of Ambon and a
    published one of the unlisted RSUD."""
    made = {
        "ktp": register(
            world,
            title="KTP Antar",
            problem="Lansia antre berjam-jam.",
            services=[world.buru_ktp],
        ),
        "akta": register(world, title="Akta Kilat", stage="uji_coba", summary="Akta lahir cepat."),
        "sorong": register(
            world,
            title="Sorong Sehat",
            unit=world.sorong_dukcapil,
            actor=world.ratna,
            theme="kesehatan",
            stage="inisiatif",
            started_on=None,
        ),
        "draft": register(
            world, title="Ambon Draft", unit=world.ambon_dukcapil, actor=world.marthen
        ),
        "rsud": register(world, title="RSUD Ramah", unit=world.buru_rsud, actor=world.siti),
    }
    for key in ("ktp", "akta", "sorong"):
        actions.publish_innovation(made[key], actor=world.ratna)
    Innovation.objects.filter(pk=made["rsud"].pk).update(is_published=True)
    stale = timezone.localdate() - dt.timedelta(days=800)
    Innovation.objects.filter(pk=made["akta"].pk).update(status_confirmed_on=stale)
    return made


def _titles(client, **params) -> set[str]:
    page = client.get(reverse("innovation:catalogue"), params)
    assert page.status_code == 200
    text = page.content.decode()
    names = ("KTP Antar", "Akta Kilat", "Sorong Sehat", "Ambon Draft", "RSUD Ramah")
    return {name for name in names if name in text}


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        ({}, {"KTP Antar", "Akta Kilat", "Sorong Sehat"}),
        ({"q": "lansia antre"}, {"KTP Antar"}),  # words of the problem
        ({"q": "akta cepat"}, {"Akta Kilat"}),  # name and summary
        ({"service": "ktp-el"}, {"KTP Antar"}),
        ({"region": "81"}, {"KTP Antar", "Akta Kilat"}),  # a province takes in its regencies
        ({"region": "81.04"}, {"KTP Antar", "Akta Kilat"}),
        ({"region": "96"}, {"Sorong Sehat"}),
        ({"region": "8"}, set()),  # not a prefix of "81": codes, not strings
        ({"stage": "uji_coba"}, {"Akta Kilat"}),
        ({"theme": "kesehatan"}, {"Sorong Sehat"}),
        ({"status": "aktif"}, {"KTP Antar", "Sorong Sehat"}),
        ({"status": "tidak_diketahui"}, {"Akta Kilat"}),
        (
            {"stage": "nonsense", "status": "x", "region": "81'"},
            {"KTP Antar", "Akta Kilat", "Sorong Sehat"},
        ),
    ],
)
def test_the_catalogue_filters(catalogue, client, params, shown):
    assert _titles(client, **params) == shown


def test_the_catalogue_says_what_to_try_when_nothing_matches(catalogue, client):
    page = client.get(reverse("innovation:catalogue"), {"q": "zzz"})
    assert "No published innovation matches this search." in page.content.decode()


def test_the_catalogue_shows_a_stale_status_as_unknown(catalogue, client):
    page = client.get(reverse("innovation:catalogue"), {"stage": "uji_coba"})
    text = page.content.decode()
    assert 'class="tag warn"' in text and '<span class="tag">Running</span>' not in text


def test_only_published_innovations_of_listed_units_have_a_public_page(catalogue, client):
    assert (
        client.get(reverse("innovation:innovation", args=[catalogue["ktp"].pk])).status_code == 200
    )
    for key in ("draft", "rsud"):
        url = reverse("innovation:innovation", args=[catalogue[key].pk])
        assert client.get(url).status_code == 404


def test_the_public_page_shows_where_it_spread_and_links_only_what_is_published(
    world, catalogue, client
):
    ktp, draft, sorong = catalogue["ktp"], catalogue["draft"], catalogue["sorong"]
    actions.record_replication(
        ktp,
        actor=world.ratna,
        adopter_unit=world.ambon_dukcapil,
        adopter_innovation=draft,
        started_on=dt.date(2025, 1, 1),
        state="berjalan",
    )
    actions.record_replication(
        ktp,
        actor=world.ratna,
        adopter_unit=world.sorong_dukcapil,
        adopter_innovation=sorong,
        started_on=dt.date(2025, 2, 1),
    )
    text = client.get(reverse("innovation:innovation", args=[ktp.pk])).content.decode()
    assert "Disdukcapil Kota Ambon" in text and "Disdukcapil Kabupaten Sorong" in text
    assert reverse("innovation:innovation", args=[sorong.pk]) in text
    assert reverse("innovation:innovation", args=[draft.pk]) not in text
    assert "Ambon Draft" not in text
    adopter = client.get(reverse("innovation:innovation", args=[sorong.pk])).content.decode()
    assert "What it replicates" in adopter
    assert reverse("innovation:innovation", args=[ktp.pk]) in adopter


def test_the_public_page_says_since_when_and_the_status_as_shown_today(catalogue, client):
    akta = client.get(reverse("innovation:innovation", args=[catalogue["akta"].pk]))
    text = akta.content.decode()
    assert "Unknown" in text and "has not confirmed it since" in text
    sorong = client.get(reverse("innovation:innovation", args=[catalogue["sorong"].pk]))
    assert "Not yet (initiative)" in sorong.content.decode()


def test_only_public_files_are_served_to_the_public(world, catalogue, client):
    ktp = catalogue["ktp"]
    shown = actions.add_file(
        ktp, actor=world.abdul, title="Foto", file=ContentFile(PDF, name="f.pdf"), is_public=True
    )
    kept = actions.add_file(
        ktp, actor=world.abdul, title="Internal", file=ContentFile(PDF, name="f.pdf")
    )
    text = client.get(reverse("innovation:innovation", args=[ktp.pk])).content.decode()
    assert "Foto" in text and "Internal" not in text
    assert client.get(reverse("innovation:file", args=[ktp.pk, shown.pk])).status_code == 200
    assert client.get(reverse("innovation:file", args=[ktp.pk, kept.pk])).status_code == 404
