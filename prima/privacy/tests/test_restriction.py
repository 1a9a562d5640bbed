"""Restricted records (UU 27/2022 art. 11; issue 27 item 2) stay out of what lists or analyses
people, while the counts keep them."""

from __future__ import annotations

import re

import time_machine
from django.core.cache import cache
from django.test import Client

from prima.complaints import queries
from prima.complaints.models import Category, Complaint
from prima.complaints.tests.factories import file
from prima.lib.tests import pdfcheck
from prima.standards.models import Participant
from prima.standards.tests.test_documents_standards import TODAY, _forum, _minutes

KTP = "KTP-el belum dicetak, blanko habis, perekaman di disdukcapil lama sekali"
IZIN = "Izin usaha NIB di OSS tidak terbit, perizinan berusaha tertahan verifikasi"


@time_machine.travel(TODAY)
def test_the_minutes_list_a_restricted_participant_without_their_name(world):
    forum = _forum(world, participants=3)
    first = forum.participants.order_by("pk").first()
    Participant.objects.filter(pk=first.pk).update(processing_restricted=True)
    text = pdfcheck.text(_minutes(Client(), world, forum))
    assert "Peserta Nomor 1 " not in text
    assert "Peserta Nomor 2 " in text
    assert "Peserta Nomor 3 " in text
    # All three attended: the count keeps the restricted one.
    assert re.search(r"hadir\s+3\s+orang", text)


def test_restricted_complaints_do_not_train_the_category_suggestion(world):
    ktp = Category.objects.get(key="administrasi-kependudukan")
    izin = Category.objects.get(key="perizinan")
    for i in range(16):
        file(world, title=f"KTP {i}", description=KTP, category=ktp)
        file(world, title=f"Izin {i}", description=IZIN, category=izin)
    cache.delete(queries.MODEL_KEY)
    assert queries.category_model() is not None
    # Every KTP complaint restricted: the model knows only one category, none is suggested.
    Complaint.objects.filter(category=ktp).update(processing_restricted=True)
    cache.delete(queries.MODEL_KEY)
    assert queries.category_model() is None  # 16 cases left, too few to suggest anything
    # The counts on the unit's pages are not touched by the flag.
    assert Complaint.objects.filter(category=ktp).count() == 16
