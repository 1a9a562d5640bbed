"""Personas and helpers shared by the test suite (healthchecks' Alice/Bob/Charlie).

- ratna   — national administrator at Kementerian PANRB (two-factor on, as required)
- yohanis — evaluator for Provinsi Maluku (region 81) and everything in it
- siti    — administrator of Pemerintah Kabupaten Buru (81.04)
- marthen — administrator of Pemerintah Kota Ambon (81.71)
- abdul   — operator of Disdukcapil Kabupaten Buru
- a citizen is simply an anonymous client

Buru has a listed Disdukcapil and an unlisted RSUD; Ambon and Kab. Sorong (96.01, outside
Maluku) each have a listed Disdukcapil.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from prima.accounts.models import Membership, Role, User
from prima.registry.models import Agency, Region, Service, ServiceUnit

PASSWORD = "correct horse battery staple"


@dataclass
class World:
    ratna: User
    yohanis: User
    siti: User
    marthen: User
    abdul: User
    pemprov_maluku: Agency
    buru: Agency
    ambon: Agency
    sorong: Agency
    buru_dukcapil: ServiceUnit
    buru_rsud: ServiceUnit  # unlisted
    ambon_dukcapil: ServiceUnit
    sorong_dukcapil: ServiceUnit
    buru_ktp: Service
    ambon_ktp: Service


def make_user(username: str, *, role: str | None = None, **scope: object) -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        full_name=username.title(),
        email=f"{username}@example.test",
    )
    if role:
        Membership.objects.create(user=user, role=role, **scope)
    return user


def make_world() -> World:
    maluku = Region.objects.get(code="81")
    buru_region = Region.objects.get(code="81.04")
    ambon_region = Region.objects.get(code="81.71")
    sorong_region = Region.objects.get(code="96.01")
    pemprov_maluku = Agency.objects.create(
        code="pemprov-maluku",
        name="Pemerintah Provinsi Maluku",
        kind="pemerintah_provinsi",
        region=maluku,
    )
    buru = Agency.objects.create(
        code="pemkab-buru",
        name="Pemerintah Kabupaten Buru",
        kind="pemerintah_kabupaten",
        region=buru_region,
    )
    ambon = Agency.objects.create(
        code="pemkot-ambon",
        name="Pemerintah Kota Ambon",
        kind="pemerintah_kota",
        region=ambon_region,
    )
    sorong = Agency.objects.create(
        code="pemkab-sorong",
        name="Pemerintah Kabupaten Sorong",
        kind="pemerintah_kabupaten",
        region=sorong_region,
    )

    def unit(
        code: str, agency: Agency, region: Region, kind: str, name: str, active: bool = True
    ) -> ServiceUnit:
        return ServiceUnit.objects.create(
            code=code,
            agency=agency,
            region=region,
            kind=kind,
            name=name,
            is_active=active,
            opening_hours=[{"day": d, "opens": "08:00", "closes": "15:00"} for d in range(5)],
        )

    buru_dukcapil = unit(
        "8104-DUKCAPIL", buru, buru_region, "disdukcapil", "Disdukcapil Kabupaten Buru"
    )
    buru_rsud = unit("8104-RSUD", buru, buru_region, "rsud", "RSUD Namlea", active=False)
    ambon_dukcapil = unit(
        "8171-DUKCAPIL", ambon, ambon_region, "disdukcapil", "Disdukcapil Kota Ambon"
    )
    sorong_dukcapil = unit(
        "9601-DUKCAPIL", sorong, sorong_region, "disdukcapil", "Disdukcapil Kabupaten Sorong"
    )
    buru_ktp = Service.objects.create(unit=buru_dukcapil, name="Penerbitan KTP-el")
    ambon_ktp = Service.objects.create(unit=ambon_dukcapil, name="Penerbitan KTP-el")

    ratna = make_user("ratna", role=Role.NATIONAL_ADMIN)
    TOTPDevice.objects.create(user=ratna, name="phone", confirmed=True)
    return World(
        ratna=ratna,
        yohanis=make_user("yohanis", role=Role.EVALUATOR, region=maluku),
        siti=make_user("siti", role=Role.AGENCY_ADMIN, agency=buru),
        marthen=make_user("marthen", role=Role.AGENCY_ADMIN, agency=ambon),
        abdul=make_user("abdul", role=Role.UNIT_OPERATOR, unit=buru_dukcapil),
        pemprov_maluku=pemprov_maluku,
        buru=buru,
        ambon=ambon,
        sorong=sorong,
        buru_dukcapil=buru_dukcapil,
        buru_rsud=buru_rsud,
        ambon_dukcapil=ambon_dukcapil,
        sorong_dukcapil=sorong_dukcapil,
        buru_ktp=buru_ktp,
        ambon_ktp=ambon_ktp,
    )


def sign_in(client: Client, user: User) -> Client:
    """A fully signed-in session: password and, where the user has one, the second factor."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
