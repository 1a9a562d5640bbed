"""Uploads in an S3-compatible object store (issue 26; ADR 0021), against a real SeaweedFS
(tests/objectstore.py): files sent through the citizen and staff pages land in the private
bucket, never on the app server's disk; they come back only through Prima, to whoever may see
their record; the bucket refuses anyone without the key; a lost object is a 404."""

from __future__ import annotations

import io
import urllib.error
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from prima.complaints.models import Complaint
from prima.complaints.tests.test_pages import form_data, photo_with_gps
from prima.documents.sources import letterhead
from prima.evaluation import actions as evaluation
from prima.evaluation.models import Evidence
from prima.evaluation.tests.records import new_cycle
from prima.lib.storage import object_storages
from prima.test import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.objectstore]

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


@pytest.fixture(autouse=True)
def _disk(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # must stay empty: everything goes to the bucket
    settings.PRIMA_COMPLAINT_MIN_SECONDS = 0


def anonymous_get(address: str) -> int:
    """The status an unsigned request gets from the object store."""
    try:
        with urllib.request.urlopen(address, timeout=10) as response:  # noqa: S310 - loopback
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def assert_private(object_store, key: str) -> None:
    server = object_store.server
    assert anonymous_get(f"{server.endpoint}/{object_store.bucket}/{key}") == 403
    assert anonymous_get(f"{server.endpoint}/{object_store.bucket}/") == 403  # no listing
    grants = server.client().get_object_acl(Bucket=object_store.bucket, Key=key)["Grants"]
    assert not [g for g in grants if g["Grantee"].get("URI") == ALL_USERS]


def stored_bytes(object_store, key: str) -> bytes:
    found = object_store.server.client().get_object(Bucket=object_store.bucket, Key=key)
    return bytes(found["Body"].read())


def test_a_citizen_s_photo_goes_to_the_bucket_and_back_only_to_staff_who_see_the_complaint(
    client, world, object_store, settings
):
    url = reverse("complaints:new_for_unit", args=["8104-DUKCAPIL"])
    data = form_data(client, url)
    data["attachment"] = SimpleUploadedFile("IMG.jpg", photo_with_gps(), "image/jpeg")
    assert client.post(url, data).status_code == 200
    attachment = Complaint.objects.get().attachments.get()
    key = f"media/{attachment.file.name}"
    assert object_store.keys("media/") == [key]
    assert not settings.MEDIA_ROOT.exists()
    assert attachment.size == len(stored_bytes(object_store, key))
    assert_private(object_store, key)

    download = reverse("manage:complaint_attachment", args=[attachment.pk])
    assert client.get(download).status_code == 302  # to the sign-in page
    sign_in(client, world.siti)  # Buru's administrator
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "image/jpeg"
    assert int(response["Content-Length"]) == attachment.size
    assert b"".join(response.streaming_content) == stored_bytes(object_store, key)
    sign_in(client, world.marthen)  # Ambon's: not his complaint
    assert client.get(download).status_code == 404


def test_pekppp_evidence_is_kept_in_the_bucket_shown_to_its_unit_and_removed_with_it(
    client, world, object_store, settings
):
    cycle = new_cycle(world)
    lokus = evaluation.add_lokus(
        cycle, unit=world.buru_dukcapil, kind="administratif", mode="luring", actor=world.ratna
    )
    evaluation.assign(
        lokus, evaluator=world.yohanis, role="primary", level="biro", actor=world.ratna
    )
    evaluation.advance(cycle, actor=world.ratna)  # to self-assessment
    sign_in(client, world.abdul)  # the unit's operator
    client.post(
        reverse("manage:evaluation_evidence_add", args=[lokus.pk]),
        {
            "indicator": "10.b.As",
            "title": "SK jam pelayanan",
            "file": SimpleUploadedFile("sk.pdf", PDF_BYTES, content_type="application/pdf"),
        },
    )
    item = Evidence.objects.get()
    key = f"media/{item.file.name}"
    assert object_store.keys("media/") == [key]
    assert stored_bytes(object_store, key) == PDF_BYTES
    assert not settings.MEDIA_ROOT.exists()
    assert_private(object_store, key)

    download = reverse("manage:evaluation_evidence", args=[item.pk])
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    sign_in(client, world.yohanis)  # the evaluator of Maluku
    assert client.get(download).status_code == 200
    sign_in(client, world.marthen)  # Ambon's administrator
    assert client.get(download).status_code == 404

    sign_in(client, world.abdul)
    response = client.post(reverse("manage:evaluation_evidence_remove", args=[item.pk]))
    assert response.status_code == 302
    assert object_store.keys("media/") == []


def test_a_file_lost_from_the_bucket_is_a_404_not_a_500(client, world, object_store):
    url = reverse("complaints:new_for_unit", args=["8104-DUKCAPIL"])
    data = form_data(client, url)
    data["attachment"] = SimpleUploadedFile("IMG.jpg", photo_with_gps(), "image/jpeg")
    client.post(url, data)
    attachment = Complaint.objects.get().attachments.get()
    object_store.server.client().delete_object(
        Bucket=object_store.bucket, Key=f"media/{attachment.file.name}"
    )
    sign_in(client, world.siti)
    response = client.get(reverse("manage:complaint_attachment", args=[attachment.pk]))
    assert response.status_code == 404


def test_two_uploads_with_the_same_name_never_overwrite_each_other(world, object_store):
    first = default_storage.save("complaints/same.pdf", ContentFile(b"%PDF-1 first"))
    second = default_storage.save("complaints/same.pdf", ContentFile(b"%PDF-1 second"))
    assert first != second
    assert stored_bytes(object_store, f"media/{first}") == b"%PDF-1 first"


def test_an_agency_logo_in_the_bucket_heads_its_documents(world, object_store):
    png = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(png, format="PNG")
    world.buru.logo.save("logo.png", ContentFile(png.getvalue()), save=True)
    assert object_store.keys("media/registry/") == [f"media/{world.buru.logo.name}"]
    assert letterhead(world.buru).logo == png.getvalue()


# --- readiness ------------------------------------------------------------------------------
def test_readiness_asks_the_bucket_and_is_ready_when_it_answers(client, object_store):
    response = client.get("/readyz", HTTP_HOST="10.0.0.5")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readiness_fails_naming_the_store_when_the_bucket_is_not_there(
    client, object_store, settings, caplog
):
    url = object_store.server.storage_url("prima-no-such-bucket")
    settings.STORAGES = {**settings.STORAGES, **object_storages(url)}
    with caplog.at_level("WARNING", logger="prima.health"):
        response = client.get("/readyz", HTTP_HOST="10.0.0.5")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failing": ["object store"]}
    secret = object_store.server.secret_key
    assert secret not in response.content.decode()
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "prima-no-such-bucket" in logged and secret not in logged


def test_readiness_fails_within_its_time_out_when_the_store_is_stopped(
    client, settings, tmp_path, caplog
):
    import time

    from tests.objectstore import Seaweed

    server = Seaweed.start(tmp_path / "stopped")
    bucket = server.new_bucket()
    settings.STORAGES = {**settings.STORAGES, **object_storages(server.storage_url(bucket))}
    try:
        assert client.get("/readyz").status_code == 200
    finally:
        server.stop()
    started = time.monotonic()
    with caplog.at_level("WARNING", logger="prima.health"):
        response = client.get("/readyz")
    assert time.monotonic() - started < 10
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failing": ["object store"]}
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "does not answer" in logged and server.secret_key not in logged
