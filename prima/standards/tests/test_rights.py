"""What each user may do with a standard's records comes from the access functions
(prima.standards.access), and the pages read it from there (issue 17, item 3)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from prima.standards import access, actions
from prima.standards.tests.factories import complete_components, published_standard, set_standard
from prima.test import sign_in


def _steps(rights):
    return {step for step in ("edit", "consult", "publish", "review") if getattr(rights, step)}


def test_the_rights_to_a_standard_offer_only_the_step_its_status_allows(world):
    draft = actions.create_draft(world.buru_ktp, actor=None, components=complete_components())
    assert _steps(access.get_standard_for_user(world.abdul, draft.pk)[1]) == {"edit", "consult"}
    actions.start_consultation(draft, actor=world.abdul)
    assert _steps(access.get_standard_for_user(world.abdul, draft.pk)[1]) == {"edit"}
    standard = set_standard(world.ambon_ktp)
    assert _steps(access.get_standard_for_user(world.ratna, standard.pk)[1]) == {"publish"}
    actions.publish_standard(standard, actor=world.ratna)
    assert _steps(access.get_standard_for_user(world.ratna, standard.pk)[1]) == {"review"}


def test_a_reader_of_the_unit_is_offered_no_step_of_the_life_cycle(world):
    standard = published_standard(world.buru_ktp)
    rights = access.get_standard_for_user(world.yohanis, standard.pk)[1]
    assert rights.read and not rights.change and not _steps(rights)


def test_the_standard_page_offers_publishing_only_for_a_set_standard(client, world):
    standard = set_standard(world.buru_ktp)
    sign_in(client, world.abdul)
    url = reverse("manage:standard_detail", args=[standard.pk])
    publish = reverse("manage:standard_action", args=[standard.pk, "publish"])
    assert publish in client.get(url).content.decode()
    actions.publish_standard(standard, actor=world.abdul)
    page = client.get(url).content.decode()
    assert publish not in page
    assert reverse("manage:standard_review", args=[standard.pk]) in page


def test_the_checklist_link_is_shown_to_national_administrators_only(client, world):
    checklist = reverse("manage:facility_types")
    page = reverse("manage:unit_facilities", args=[world.buru_dukcapil.code])
    sign_in(client, world.abdul)
    assert checklist not in client.get(page).content.decode()
    sign_in(client, world.ratna)
    assert checklist in client.get(page).content.decode()


def test_a_maklumat_signed_and_published_is_final(world):
    maklumat = actions.save_maklumat(
        world.buru_dukcapil,
        actor=world.abdul,
        promise="Kami sanggup.",
        commitment="Kami berkomitmen.",
        sanction="Kami siap menerima sanksi.",
        signer_name="Kepala Dinas",
        signed_on=dt.date(2026, 1, 5),
    )
    assert maklumat.is_set and not maklumat.is_final
    actions.record_maklumat_publication(
        maklumat, actor=world.abdul, medium="website", published_on=dt.date(2026, 1, 6)
    )
    assert maklumat.is_final


def test_a_published_standard_is_overdue_for_review_until_its_review_starts(world):
    standard = published_standard(world.buru_ktp)
    due = standard.review_due_on
    assert not standard.is_review_overdue(due)
    assert standard.is_review_overdue(due + dt.timedelta(days=1))
    review = actions.start_review(standard, actor=world.abdul, started_on=due)
    assert not review.standard.is_review_overdue(due + dt.timedelta(days=1))
