"""Load the demo data through the same actions the pages use. Idempotent: records that exist
are left as they are (a demo user's edits survive), except that demo passwords and the
demo administrator's backup codes are restored so that the printed log-ins always work.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from prima.accounts import actions as account_actions
from prima.accounts import twofactor
from prima.accounts.models import Membership, User
from prima.demo import data
from prima.registry import actions as registry_actions
from prima.registry.models import Agency, Region, Service, ServiceUnit


@dataclass
class SeedReport:
    agencies: int = 0
    units: int = 0
    services: int = 0
    users: int = 0
    survey_periods: int = 0
    standards: int = 0
    complaints: int = 0
    evaluation_lokus: int = 0
    coaching_events: int = 0
    innovations: int = 0
    recognition_programmes: int = 0
    mpps: int = 0


def _region(name: str, province_name: str) -> Region:
    if name == province_name:
        return Region.objects.get(level=Region.Level.PROVINCE, name=name)
    return Region.objects.get(level=Region.Level.REGENCY, name=name, parent__name=province_name)


def unit_code(region: Region, suffix: str) -> str:
    """A unit's national code: its region's Kemendagri code without dots, then a suffix."""
    return f"{region.code.replace('.', '')}-{suffix}"


def _unit_name(spec: data.DemoUnit, region: Region) -> str:
    """Regency offices carry their regency's name ("Dinas … Kabupaten Buru"); hospitals,
    clinics and district offices have names of their own."""
    if spec.kind in {"disdukcapil", "dpmptsp", "mpp"} and region.level == Region.Level.REGENCY:
        return f"{spec.name} {region.name}"
    return spec.name


@transaction.atomic
def seed() -> SeedReport:
    report = SeedReport()
    for spec in data.AGENCIES:
        region = _region(spec.region_name, spec.province_name) if spec.region_name else None
        agency = Agency.objects.filter(code=spec.code).first()
        if agency is None:
            agency = registry_actions.create_agency(
                actor=None,
                code=spec.code,
                name=spec.name,
                kind=spec.kind,
                region=region,
                **data.LETTERHEADS.get(spec.code, {}),
            )
            report.agencies += 1
        for unit_spec in spec.units:
            assert region is not None
            code = unit_code(region, unit_spec.suffix)
            unit = ServiceUnit.objects.filter(code=code).first()
            if unit is None:
                unit = registry_actions.create_unit(
                    actor=None,
                    agency=agency,
                    code=code,
                    name=_unit_name(unit_spec, region),
                    kind=unit_spec.kind,
                    region=region,
                    address=f"{unit_spec.name}, {region.display_name}",
                    opening_hours=data.HOURS.get(unit_spec.kind, data.OFFICE_HOURS),
                    **data.unit_head(ServiceUnit.objects.count(), _unit_name(unit_spec, region)),
                )
                report.units += 1
            for name, kind in data.SERVICES[unit_spec.kind]:
                if not Service.objects.filter(unit=unit, name=name).exists():
                    registry_actions.create_service(actor=None, unit=unit, name=name, kind=kind)
                    report.services += 1

    for person in data.USERS:
        user = User.objects.filter(username=person.username).first()
        if user is None:
            user = account_actions.create_user(
                actor=None,
                username=person.username,
                full_name=person.full_name,
                email=f"{person.username}@demo.prima.invalid",
                position=person.position,
                nip=data.NIPS.get(person.username, ""),
            )
            report.users += 1
        user.set_password(data.DEMO_PASSWORD)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        scope: dict[str, object] = {}
        if person.agency:
            scope["agency"] = Agency.objects.get(code=person.agency)
        if person.unit:
            agency_code, suffix = person.unit.split("/")
            agency = Agency.objects.select_related("region").get(code=agency_code)
            assert agency.region is not None
            scope["unit"] = ServiceUnit.objects.get(code=unit_code(agency.region, suffix))
        if person.region_name:
            scope["region"] = Region.objects.get(
                level=Region.Level.PROVINCE, name=person.region_name
            )
        if not Membership.objects.filter(user=user, role=person.role, **scope).exists():
            account_actions.grant_role(user, actor=None, role=person.role, **scope)  # type: ignore[arg-type]
        if person.role == "national_admin":
            TOTPDevice.objects.update_or_create(
                user=user,
                name="Demo authenticator",
                defaults={
                    "key": data.DEMO_TOTP_KEY,
                    "confirmed": True,
                    "throttling_failure_count": 0,
                },
            )
            twofactor.new_backup_codes(user, codes=list(data.DEMO_BACKUP_CODES))

    from prima.demo.surveys import seed_surveys

    report.survey_periods = seed_surveys()
    from prima.demo.standards import seed_standards

    report.standards = seed_standards()
    from prima.demo.complaints import seed_complaints

    report.complaints = seed_complaints()
    from prima.demo.evaluation import seed_evaluation

    report.evaluation_lokus = seed_evaluation()
    from prima.demo.coaching import seed_coaching

    report.coaching_events = seed_coaching()
    from prima.demo.innovation import seed_innovation

    report.innovations = seed_innovation()
    from prima.demo.recognition import seed_recognition

    report.recognition_programmes = seed_recognition()
    from prima.demo.mpp import seed_mpp

    report.mpps = seed_mpp()
    # --- mpp:quality ---
    from prima.demo.mpp_quality import seed_mpp_quality

    seed_mpp_quality()
    # --- end mpp:quality ---
    # --- mpp:evaluation ---
    from prima.demo.mpp_evaluation import seed_mpp_evaluation

    seed_mpp_evaluation()  # the published demo Monev MPP of last year (after the MPP's records)
    # --- end mpp:evaluation ---
    # --- messaging ---
    from prima.demo.messaging import seed_messaging

    seed_messaging()  # a complaint filed by WhatsApp and a message to review (demo number)
    # --- end messaging ---
    # --- privacy ---
    from prima.demo.privacy import seed_privacy

    seed_privacy()  # a request, an incident and a dry run of the retention purge
    # --- end privacy ---
    # The generated SKM answers move their periods' IKM without refreshing the national
    # picture one by one (ADR 0012): take them in now, as the 15-minute timer would.
    from prima.insights import figures_store

    figures_store.sweep()
    return report


def totp_secret_base32() -> str:
    from base64 import b32encode

    return b32encode(bytes.fromhex(data.DEMO_TOTP_KEY)).decode().rstrip("=")
