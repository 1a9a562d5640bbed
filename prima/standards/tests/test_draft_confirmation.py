"""A new version of a standard is drafted only after the page that asks (issue 18, item 5):
the unit's list links to a confirmation, which works without JavaScript; its POST drafts."""

from __future__ import annotations

from django.urls import reverse

from prima.standards.models import ServiceStandard
from prima.standards.tests.factories import published_standard
from prima.test import sign_in


def test_opening_new_version_asks_first_and_drafts_nothing(client, world):
    standard = published_standard(world.buru_ktp)
    sign_in(client, world.abdul)
    url = reverse("manage:standard_create", args=[world.buru_ktp.pk])
    page = client.get(reverse("manage:unit_standards", args=["8104-DUKCAPIL"])).content.decode()
    assert f'href="{url}"' in page
    assert f'action="{url}"' not in page  # no one-tap draft from the list

    response = client.get(url)
    assert response.status_code == 200
    assert response.context["version"] == standard.version + 1
    assert response.context["latest"] == standard
    assert '<form method="post"' in response.content.decode()
    assert ServiceStandard.objects.count() == 1

    response = client.post(url)
    draft = ServiceStandard.objects.get(version=standard.version + 1)
    assert response.url == reverse("manage:standard_edit", args=[draft.pk])


def test_the_first_standard_of_a_service_is_confirmed_too(client, world):
    sign_in(client, world.abdul)
    response = client.get(reverse("manage:standard_create", args=[world.buru_ktp.pk]))
    assert response.status_code == 200
    assert response.context["latest"] is None and response.context["version"] == 1
    assert not ServiceStandard.objects.exists()


def test_with_a_draft_open_the_confirmation_leads_to_it(client, world):
    published_standard(world.buru_ktp)
    sign_in(client, world.abdul)
    url = reverse("manage:standard_create", args=[world.buru_ktp.pk])
    client.post(url)
    draft = ServiceStandard.objects.get(status=ServiceStandard.Status.DRAFT)
    response = client.get(url)
    assert response.url == reverse("manage:standard_detail", args=[draft.pk])
    assert ServiceStandard.objects.count() == 2


def test_only_those_who_may_change_the_unit_see_the_confirmation(client, world):
    published_standard(world.buru_ktp)
    url = reverse("manage:standard_create", args=[world.buru_ktp.pk])
    for user in (world.yohanis, world.marthen):
        sign_in(client, user)
        assert client.get(url).status_code == 404
    assert ServiceStandard.objects.count() == 1
