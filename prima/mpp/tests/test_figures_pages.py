"""The staff pages of an MPP's daily figures: the recent days with their flags, a day by hand,
the upload; who may open which."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prima.mpp.models import CounterDay, FigureImport, MppDay, OfferingDay
from prima.mpp.tests.test_figures_aggregates import MON, make_place
from prima.mpp.tests.test_figures_import import GOOD, HEADER
from prima.test import sign_in

LIST = reverse("manage:mpp_figures", args=["8171-MPP"])
DAY = reverse("manage:mpp_figures_day", args=["8171-MPP"])
IMPORT = reverse("manage:mpp_figures_import", args=["8171-MPP"])


@pytest.fixture
def place(world):
    return make_place(world)


@pytest.fixture
def marthen(client, world, place):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return sign_in(client, world.marthen)


@pytest.mark.parametrize(
    ("persona", "answers"),
    [("marthen", (200, 200, 200)), ("yohanis", (200, 404, 404)), ("siti", (404, 404, 404))],
)
def test_who_may_open_which_page(client, world, place, persona, answers):
    sign_in(client, getattr(world, persona))
    assert tuple(client.get(url).status_code for url in (LIST, DAY, IMPORT)) == answers


def test_a_day_entered_by_hand_shows_in_the_list_with_its_flags(marthen, place):
    adminduk, a01 = place.offerings["adminduk"], place.counters["A-01"]
    page = marthen.get(DAY, {"date": MON.isoformat()})
    assert page.status_code == 200
    assert b"Administrasi Kependudukan" in page.content and b"A-02" in page.content
    assert b"Layanan BPJS" not in page.content  # BPJS joined later
    response = marthen.post(
        DAY,
        {
            "date": MON.isoformat(),
            f"s{adminduk.pk}_visitors": "12",
            f"s{adminduk.pk}_transactions": "10",
            f"s{adminduk.pk}_wait_minutes": "200",
            f"s{adminduk.pk}_service_minutes": "100",
            f"c{a01.pk}_opened": "08:00",
            f"c{a01.pk}_closed": "15:00",
            f"c{a01.pk}_staff": "1",
        },
    )
    assert response.status_code == 302
    assert OfferingDay.objects.get().source == "manual"
    listing = marthen.get(LIST).content.decode()
    assert "Bank Maluku Malut" in listing  # absent
    assert "A-02" in listing and "E-02" in listing  # idle
    assert MppDay.objects.get().visitors == 12


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("transactions", "13", "Transactions cannot exceed visitors."),
        ("visitors", "-1", "greater than or equal to 0"),
        ("visitors", "lots", "Enter a whole number"),
    ],
)
def test_a_wrong_day_stores_nothing(marthen, place, field, value, message):
    adminduk = place.offerings["adminduk"]
    data = {
        "date": MON.isoformat(),
        f"s{adminduk.pk}_visitors": "12",
        f"s{adminduk.pk}_transactions": "10",
    }
    data[f"s{adminduk.pk}_{field}"] = value
    response = marthen.post(DAY, data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not OfferingDay.objects.exists()


@pytest.mark.parametrize("date", ["kemarin", "2999-01-01", "1999-12-31", ""])
def test_a_strange_day_falls_back_to_today(marthen, place, date):
    assert marthen.get(DAY, {"date": date}).status_code == 200


def test_counters_closing_before_opening_is_refused(marthen, place):
    a01 = place.counters["A-01"]
    response = marthen.post(
        DAY, {"date": MON.isoformat(), f"c{a01.pk}_opened": "15:00", f"c{a01.pk}_closed": "08:00"}
    )
    assert "A counter closes after it opens." in response.content.decode()
    assert not CounterDay.objects.exists()


def test_the_upload_imports_a_good_file_and_lists_it(marthen, place):
    upload = SimpleUploadedFile("antrian.csv", GOOD.encode(), content_type="text/csv")
    response = marthen.post(IMPORT, {"file": upload})
    assert response.status_code == 302
    page = marthen.get(IMPORT).content.decode()
    assert "antrian.csv" in page and "5 rows imported" in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.csv", f"{HEADER}\n2025-12-01,Paspor,,,1,1,,,,,\n", "Row 2, column layanan"),
        ("bad.xlsx", "garbage", "not a readable XLSX"),
        ("bad.csv", "\xff\xfe", "not UTF-8"),
        ("bad.csv", "", "empty"),
        ("bad.pdf", "%PDF", "Choose a .csv or .xlsx file."),
    ],
)
def test_a_bad_upload_stores_nothing_and_says_why(marthen, place, name, content, message):
    raw = content.encode("latin-1")
    response = marthen.post(IMPORT, {"file": SimpleUploadedFile(name, raw)})
    assert response.status_code in (200, 400)
    assert message in response.content.decode()
    assert not FigureImport.objects.exists() and not OfferingDay.objects.exists()


def test_a_bad_upload_answers_in_indonesian_by_default(client, world, place):
    sign_in(client, world.marthen)
    response = client.post(
        IMPORT, {"file": SimpleUploadedFile("x.csv", f"{HEADER}\nx,,,,,,,,,,\n".encode())}
    )
    assert response.status_code == 400
    assert 'lang="id"' in response.content.decode()
    assert not FigureImport.objects.exists()
