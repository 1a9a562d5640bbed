"""The list of one's exports ("Unduhan saya"): it refreshes itself while a file is being
prepared and stops once none is; a finished file can be deleted by whoever asked for it before
the nightly purge (ADR 0020, "Exports")."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from prima.accounts.models import AuditEvent, User
from prima.jobs import exports
from prima.jobs.models import Export
from prima.test import sign_in

pytestmark = pytest.mark.django_db
LIST = reverse("manage:exports")
HTMX = {"HTTP_HX_REQUEST": "true"}
WAITING, RUNNING, READY, FAILED = (
    Export.State.WAITING,
    Export.State.RUNNING,
    Export.State.READY,
    Export.State.FAILED,
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _export(user: User, state: str, *, title: str = "Gambaran Maluku", expired: bool = False):
    now = timezone.now()
    export = Export.objects.create(
        requested_by=user,
        kind="picture-xlsx",
        params={"area": "81"},
        title=title,
        language="id",
        state=FAILED if state == READY else state,  # a ready export has its file: below
        expires_at=now + (timedelta(minutes=-1) if expired else timedelta(days=7)),
    )
    if state == READY:
        export.file.save(f"{export.uuid}.xlsx", ContentFile(b"PK"), save=False)
        Export.objects.filter(pk=export.pk).update(state=READY, file=export.file.name, size=2)
        export.refresh_from_db()
    return export


def _poll_url(page: str) -> str:
    found = re.search(r'hx-get="([^"]+)"', page)
    assert found, "the list does not poll"
    return found.group(1).replace("&amp;", "&")


# --- refreshing itself while a file is being prepared ---------------------------------------
@pytest.mark.parametrize("state", [WAITING, RUNNING])
def test_the_list_polls_while_a_file_is_waiting_or_being_prepared(world, state):
    _export(world.yohanis, READY, title="Sudah siap")
    _export(world.yohanis, state)
    page = sign_in(Client(), world.yohanis).get(LIST).content.decode()
    assert 'hx-trigger="every 5s, visibilitychange from:document"' in page
    assert "data-poll-visible" in page and "htmx.min.js" in page and "prima/poll.js" in page
    # Without JavaScript: the status line says so and offers to reload the page.
    status = re.search(r'<p id="exports-status" role="status">(.*?)</p>', page, re.S)
    assert status and "1 berkas masih disiapkan" in status.group(1)
    assert "Muat ulang" in status.group(1)


def test_the_list_does_not_poll_nor_load_htmx_when_nothing_is_pending(world):
    for state in (READY, FAILED):
        _export(world.yohanis, state)
    _export(world.ratna, WAITING)  # another user's pending file is not ours to wait for
    page = sign_in(Client(), world.yohanis).get(LIST).content.decode()
    assert "hx-get" not in page and "hx-trigger" not in page and "data-poll-visible" not in page
    assert "htmx.min.js" not in page and "poll.js" not in page
    assert 'role="status"></p>' in page  # the live region is there, silent


def test_a_poll_is_answered_204_until_something_changes_then_stops_with_a_polite_summary(world):
    export = _export(world.yohanis, WAITING)
    client = sign_in(Client(), world.yohanis)
    poll = _poll_url(client.get(LIST).content.decode())
    assert client.get(poll, **HTMX).status_code == 204  # nothing changed: nothing to swap

    Export.objects.filter(pk=export.pk).update(state=RUNNING)
    answer = client.get(poll, **HTMX)
    part = answer.content.decode()
    assert answer.status_code == 200 and "<h1>" not in part  # the partial, not the page
    poll = _poll_url(part)  # still pending: it polls on, with the new fingerprint
    assert client.get(poll, **HTMX).status_code == 204

    export.file.save(f"{export.uuid}.xlsx", ContentFile(b"PK"), save=False)
    Export.objects.filter(pk=export.pk).update(state=READY, file=export.file.name, size=2)
    part = client.get(poll, **HTMX).content.decode()
    assert "hx-trigger" not in part and "data-poll-visible" not in part  # the polling stops
    assert reverse("manage:export_download", args=[export.pk]) in part
    oob = re.search(r'<p id="exports-status" hx-swap-oob="innerHTML">(.*?)</p>', part, re.S)
    assert oob and "Semua berkas yang Anda minta sudah selesai." in oob.group(1)


def test_without_htmx_the_poll_address_is_the_whole_page(world):
    _export(world.yohanis, WAITING)
    client = sign_in(Client(), world.yohanis)
    poll = _poll_url(client.get(LIST).content.decode())
    page = client.get(poll)  # no HX-Request: never a bare 204 nor a fragment
    assert page.status_code == 200 and "<h1>" in page.content.decode()


# --- deleting a file before it expires -------------------------------------------------------
@pytest.mark.parametrize(
    ("state", "expired", "allowed"),
    [
        (READY, False, True),
        (FAILED, False, True),
        (WAITING, False, False),
        (RUNNING, False, False),
        (READY, True, True),
        (FAILED, True, True),
        (WAITING, True, True),  # past its time: the purge would take it too
        (RUNNING, True, False),  # a build goes on to its lease even past its time
    ],
)
def test_which_exports_may_be_deleted(world, state, expired, allowed):
    export = _export(world.yohanis, state, expired=expired)
    assert exports.deletable(export, now=timezone.now()) is allowed


def test_the_owner_deletes_a_ready_file_with_its_stored_object(world):
    export = _export(world.yohanis, READY)
    name = export.file.name
    assert default_storage.exists(name)
    client = sign_in(Client(), world.yohanis)
    page = client.get(LIST).content.decode()
    url = reverse("manage:export_delete", args=[export.pk])
    assert f'action="{url}"' in page and "Hapus" in page
    answer = client.post(url, follow=True)
    assert answer.redirect_chain == [(LIST, 302)]
    assert "“Gambaran Maluku” sudah dihapus." in answer.content.decode()
    assert not Export.objects.exists() and not default_storage.exists(name)


def test_the_owner_deletes_a_failed_export(world):
    export = _export(world.yohanis, FAILED)
    client = sign_in(Client(), world.yohanis)
    assert client.post(reverse("manage:export_delete", args=[export.pk])).status_code == 302
    assert not Export.objects.exists()


def test_nobody_else_deletes_it_not_even_the_national_administrator(world):
    export = _export(world.yohanis, READY)
    url = reverse("manage:export_delete", args=[export.pk])
    for persona in ("ratna", "siti", "abdul"):
        assert sign_in(Client(), getattr(world, persona)).post(url).status_code == 404
    assert Client().post(url).status_code == 302  # to the sign-in page
    assert Export.objects.filter(pk=export.pk).exists()
    assert default_storage.exists(export.file.name)
    refused = AuditEvent.objects.filter(kind=AuditEvent.Kind.ACCESS_DENIED)
    assert refused.count() == 3
    assert all(
        e.detail == {"object_type": "jobs.export", "key": str(export.pk), "write": True}
        for e in refused
    )


@pytest.mark.parametrize("state", [WAITING, RUNNING])
def test_a_file_still_being_prepared_is_not_deleted_and_the_user_is_told_why(world, state):
    export = _export(world.yohanis, state)
    client = sign_in(Client(), world.yohanis)
    url = reverse("manage:export_delete", args=[export.pk])
    assert f'action="{url}"' not in client.get(LIST).content.decode()  # no button for it
    answer = client.post(url, follow=True)
    assert answer.status_code == 200
    assert "masih disiapkan dan belum dapat dihapus" in answer.content.decode()
    assert Export.objects.get(pk=export.pk).state == state


def test_the_delete_address_answers_only_post(world):
    export = _export(world.yohanis, READY)
    client = sign_in(Client(), world.yohanis)
    assert client.get(reverse("manage:export_delete", args=[export.pk])).status_code == 405
    assert Export.objects.filter(pk=export.pk).exists()


def test_an_unknown_export_is_a_404(world):
    client = sign_in(Client(), world.yohanis)
    assert client.post(reverse("manage:export_delete", args=[999999])).status_code == 404


def test_a_delete_without_the_csrf_token_is_refused(world):
    export = _export(world.yohanis, READY)
    client = sign_in(Client(enforce_csrf_checks=True), world.yohanis)
    assert client.post(reverse("manage:export_delete", args=[export.pk])).status_code == 403
    assert Export.objects.filter(pk=export.pk).exists()
