"""The registry's staff pages (issue 23), through the test client: the list in the user's
scope with its filters and the reports due, registering, the innovation's page and its forms,
files behind access, publishing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from prima.innovation import actions
from prima.innovation.models import Innovation, Replication
from prima.innovation.tests.test_registry_actions import PDF, _english, _media, register  # noqa: F401
from prima.test import sign_in

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 10, 3, tzinfo=dt.UTC)


@pytest.fixture
def client(settings):
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return english


def _as(client, user):
    return sign_in(client, user)


def test_the_list_shows_the_scope_with_filters_and_pages(world, client):
    with time_machine.travel(NOW, tick=False):
        register(world, title="KTP Antar")
        register(world, title="Akta Online", stage="uji_coba")
        register(world, title="Ambon Cepat", unit=world.ambon_dukcapil, actor=world.marthen)
        page = _as(client, world.siti).get(reverse("manage:innovation_list"))
        assert page.status_code == 200
        text = page.content.decode()
        assert "KTP Antar" in text and "Akta Online" in text and "Ambon Cepat" not in text
        filtered = client.get(reverse("manage:innovation_list"), {"stage": "uji_coba"})
        assert "Akta Online" in filtered.content.decode()
        assert "KTP Antar" not in filtered.content.decode()
        nothing = client.get(reverse("manage:innovation_list"), {"q": "zzz", "page": "x"})
        assert "No innovation matches these filters." in nothing.content.decode()


def test_the_list_teaches_when_empty_and_names_the_reports_due(world, client):
    with time_machine.travel(NOW, tick=False):
        page = _as(client, world.abdul).get(reverse("manage:innovation_list"))
        assert "No innovation registered yet." in page.content.decode()
        innovation = register(world, title="KTP Antar")
        Innovation.objects.filter(pk=innovation.pk).update(status_confirmed_on=dt.date(2025, 4, 10))
        page = client.get(reverse("manage:innovation_list"))
    text = page.content.decode()
    assert "1 sustainability report due" in text and "Report due" in text


def test_an_operator_registers_an_innovation_for_their_unit(world, client):
    with time_machine.travel(NOW, tick=False):
        _as(client, world.abdul)
        form = client.get(reverse("manage:innovation_new"))
        assert form.status_code == 200 and "Penerbitan KTP-el" in form.content.decode()
        answer = client.post(
            reverse("manage:innovation_new"),
            {
                "unit": world.buru_dukcapil.pk,
                "title": "KTP Antar ke Rumah",
                "summary": "Petugas mengantar KTP-el.",
                "problem": "Warga datang tiga kali.",
                "theme": "tata_kelola",
                "kind": "original",
                "stage": "penerapan",
                "started_on": "2024-01-15",
                "status": "aktif",
                "services": [world.buru_ktp.pk],
                "decree_file": SimpleUploadedFile("sk.pdf", PDF, "application/pdf"),
            },
        )
        innovation = Innovation.objects.get()
        decree = client.get(reverse("manage:innovation_decree", args=[innovation.pk]))
    assert answer.status_code == 302
    assert answer["Location"] == reverse("manage:innovation_detail", args=[innovation.pk])
    assert innovation.status_confirmed_on == NOW.date() and innovation.decree_file
    assert decree.status_code == 200


def test_a_trial_without_a_start_is_refused_beside_the_form(world, client):
    _as(client, world.abdul)
    answer = client.post(
        reverse("manage:innovation_new"),
        {
            "unit": world.buru_dukcapil.pk,
            "title": "KTP",
            "summary": "s",
            "problem": "p",
            "theme": "tata_kelola",
            "kind": "original",
            "stage": "uji_coba",
            "status": "aktif",
        },
    )
    assert answer.status_code == 200
    assert "only an initiative has not started yet" in answer.content.decode()
    assert not Innovation.objects.exists()


def test_an_evaluator_reads_the_page_without_its_forms_and_cannot_register(world, client):
    innovation = register(world)
    _as(client, world.yohanis)
    page = client.get(reverse("manage:innovation_detail", args=[innovation.pk]))
    assert page.status_code == 200
    assert reverse("manage:innovation_edit", args=[innovation.pk]) not in page.content.decode()
    assert client.get(reverse("manage:innovation_edit", args=[innovation.pk])).status_code == 404
    assert client.get(reverse("manage:innovation_new")).status_code == 404


def test_another_agencys_administrator_gets_404_everywhere(world, client):
    innovation = register(world)
    entry = actions.add_file(
        innovation, actor=world.abdul, title="SOP", file=ContentFile(PDF, name="f.pdf")
    )
    _as(client, world.marthen)
    for url in (
        reverse("manage:innovation_detail", args=[innovation.pk]),
        reverse("manage:innovation_file", args=[innovation.pk, entry.pk]),
        reverse("manage:innovation_report", args=[innovation.pk]),
    ):
        assert client.get(url).status_code == 404


def test_the_innovation_page_adds_and_removes_team_measures_and_files(world, client):
    with time_machine.travel(NOW, tick=False):
        innovation = register(world)
        _as(client, world.abdul)
        detail = reverse("manage:innovation_detail", args=[innovation.pk])
        assert client.get(detail).status_code == 200
        client.post(
            reverse("manage:innovation_team_add", args=[innovation.pk]),
            {"team-name": "La Ode", "team-role": "Inovator"},
        )
        client.post(
            reverse("manage:innovation_measure_add", args=[innovation.pk]),
            {
                "measure-name": "Hari menerbitkan KTP",
                "measure-unit_of_measure": "hari",
                "measure-before": "14",
                "measure-after": "1",
                "measure-measured_on": "2025-01-01",
            },
        )
        client.post(
            reverse("manage:innovation_file_add", args=[innovation.pk]),
            {
                "file-title": "SOP",
                "file-file": SimpleUploadedFile("sop.pdf", PDF, "application/pdf"),
                "file-is_public": "on",
            },
        )
        page = client.get(detail).content.decode()
        entry = innovation.files.get()
        download = client.get(reverse("manage:innovation_file", args=[innovation.pk, entry.pk]))
        bad = client.post(
            reverse("manage:innovation_measure_add", args=[innovation.pk]),
            {"measure-name": "x"},
            follow=True,
        )
        member = innovation.team.get()
        client.post(reverse("manage:innovation_team_remove", args=[innovation.pk, member.pk]))
    assert "La Ode" in page and "Hari menerbitkan KTP" in page and "SOP" in page
    assert download.status_code == 200
    assert "This field is required." in bad.content.decode()
    assert not innovation.team.exists()


def test_the_report_form_confirms_the_status(world, client):
    with time_machine.travel(NOW, tick=False):
        innovation = register(world)
    later = NOW + dt.timedelta(days=340)
    with time_machine.travel(later, tick=False):
        _as(client, world.abdul)
        url = reverse("manage:innovation_report", args=[innovation.pk])
        assert client.get(url).status_code == 200
        answer = client.post(
            url,
            {
                "year": "2027",
                "status": "berkembang",
                "institutionalisation": "ditetapkan",
                "legal_basis": "Perbup Buru 12/2026",
                "has_team_decree": "on",
            },
        )
        assert answer.status_code == 302
        again = client.post(
            url, {"year": "2027", "status": "aktif", "institutionalisation": "none"}
        )
    assert "already filed" in again.content.decode()
    innovation.refresh_from_db()
    assert (innovation.status, innovation.status_confirmed_on) == ("berkembang", later.date())


def test_replications_are_recorded_from_either_side(world, client):
    source = register(world)
    adopter = register(
        world, title="KTP Antar Ambon", unit=world.ambon_dukcapil, actor=world.marthen
    )
    _as(client, world.abdul)
    url = reverse("manage:innovation_replication_new", args=[source.pk])
    assert client.get(url).status_code == 200
    answer = client.post(
        url,
        {
            "adopter_unit": world.sorong_dukcapil.pk,
            "started_on": "2025-06-01",
            "agreement": "PKS 1/2025",
            "state": "berjalan",
        },
    )
    assert answer.status_code == 302
    assert source.replications.get().adopter_unit == world.sorong_dukcapil
    client.logout()
    _as(client, world.marthen)
    choice = {"source": source.pk, "started_on": "2025-07-01", "state": "dirintis"}
    url = reverse("manage:innovation_source_new", args=[adopter.pk])
    unpublished = client.post(url, choice)  # another agency's draft is not offered
    assert unpublished.status_code == 200 and not adopter.replicated_from.exists()
    actions.publish_innovation(source, actor=world.abdul)
    answer = client.post(url, choice)
    assert answer.status_code == 302
    adopter.refresh_from_db()
    assert adopter.kind == "replikasi"
    replication = Replication.objects.get(adopter_unit=world.ambon_dukcapil)
    edit = reverse("manage:innovation_replication_edit", args=[replication.pk])
    assert client.get(edit).status_code == 200
    client.post(
        edit, {"started_on": "2025-07-01", "state": "berjalan", "adopter_innovation": adopter.pk}
    )
    replication.refresh_from_db()
    assert replication.state == "berjalan"
    page = client.get(reverse("manage:innovation_detail", args=[adopter.pk])).content.decode()
    assert source.title in page


def test_publishing_puts_it_in_the_catalogue_and_back_out(world, client):
    innovation = register(world)
    _as(client, world.siti)
    client.post(reverse("manage:innovation_publish", args=[innovation.pk, "publish"]))
    assert Innovation.objects.get(pk=innovation.pk).is_published
    public = Client().get(reverse("innovation:innovation", args=[innovation.pk]))
    assert public.status_code == 200
    client.post(reverse("manage:innovation_publish", args=[innovation.pk, "unpublish"]))
    assert not Innovation.objects.get(pk=innovation.pk).is_published
    assert Client().get(reverse("innovation:innovation", args=[innovation.pk])).status_code == 404
    wrong = client.post(reverse("manage:innovation_publish", args=[innovation.pk, "burn"]))
    assert wrong.status_code == 404


def test_editing_keeps_the_decree_and_confirms_again(world, client):
    innovation = register(world, decree_file=ContentFile(PDF, name="sk.pdf"))
    stored = innovation.decree_file.name
    with time_machine.travel(NOW, tick=False):
        _as(client, world.abdul)
        url = reverse("manage:innovation_edit", args=[innovation.pk])
        assert client.get(url).status_code == 200
        answer = client.post(
            url,
            {
                "title": "KTP Antar ke Rumah",
                "summary": "Baru.",
                "problem": "Warga datang tiga kali.",
                "theme": "tata_kelola",
                "kind": "original",
                "stage": "penerapan",
                "started_on": "2024-01-15",
                "status": "berkembang",
            },
        )
    assert answer.status_code == 302
    innovation.refresh_from_db()
    assert innovation.decree_file.name == stored and innovation.summary == "Baru."
    assert innovation.status_confirmed_on == NOW.date()


def test_anonymous_visitors_are_sent_to_sign_in(world, client):
    answer = client.get(reverse("manage:innovation_list"))
    assert answer.status_code == 302 and "login" in answer["Location"]
