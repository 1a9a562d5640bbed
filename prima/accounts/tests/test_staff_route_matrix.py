"""Every staff route, as every persona, on the demo data (issue 17 item 9).

TABLE has a row for each route of the `manage` namespace: the method used, the answer each
signed-in persona gets, and the object asked for — in Kabupaten Buru, mostly at its
Disdukcapil, so that the personas differ:

- ratna   — national administrator (admin.nasional, with the second factor);
- yohanis — evaluator for Provinsi Maluku (evaluator.maluku);
- siti    — administrator of Pemerintah Kabupaten Buru (admin.buru);
- marthen — administrator of Pemerintah Kota Ambon (admin.ambon), outside Buru;
- abdul   — operator of Disdukcapil Kabupaten Buru (operator.dukcapil.buru).

An anonymous visitor is sent to the sign-in page by every route. A POST carries no form
data: a persona who may act gets the form back (200), a redirect with a message (302) or 400;
one who may not gets 404, as for something that does not exist. A route added without a row
fails `test_every_staff_route_has_a_row`. The table pins today's behaviour;
test_access_matrix.py checks the registry, accounts and the API in more detail on the small
world of prima/test.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from prima.accounts.models import User
from prima.test import sign_in

PERSONAS = ("anonymous", "ratna", "yohanis", "siti", "marthen", "abdul")
DEMO_USERNAMES = {
    "ratna": "admin.nasional",
    "yohanis": "evaluator.maluku",
    "siti": "admin.buru",
    "marthen": "admin.ambon",
    "abdul": "operator.dukcapil.buru",
}
LOGIN = "login"


class Demo:
    """The demo objects the rows ask for, found by what they are, never by number."""

    def __init__(self) -> None:
        from prima.accounts.models import Membership
        from prima.coaching import models as coaching
        from prima.complaints import models as complaints
        from prima.evaluation import models as evaluation
        from prima.registry.models import Agency, CoordinationRegion, ServiceUnit
        from prima.standards import models as standards
        from prima.surveys import models as surveys

        pdf = b"%PDF-1.7\n%%EOF\n"
        self.agency = Agency.objects.get(code="pemkab-buru")
        self.unit = ServiceUnit.objects.get(code="8104-DUKCAPIL")
        self.service = self.unit.services.order_by("pk").first()
        self.region = CoordinationRegion.objects.get(code="III")
        self.operator = User.objects.get(username="operator.dukcapil.buru")
        self.membership = Membership.objects.get(user=self.operator)
        # Surveys
        self.period = surveys.SurveyPeriod.objects.filter(unit=self.unit, kind="year").get()
        self.followup = surveys.FollowUpAction.objects.filter(period__unit=self.unit).first()
        self.publication = surveys.Publication.objects.filter(period__unit=self.unit).first()
        self.response = surveys.SurveyResponse.objects.filter(unit=self.unit).first()
        self.extra_question = surveys.ExtraQuestion.objects.filter(unit=self.unit).get()
        self.kiosk = surveys.Kiosk.objects.filter(unit=self.unit).get()
        # Standards, with the files the demo leaves out
        self.standard = standards.ServiceStandard.objects.filter(
            service__unit=self.unit, status="published"
        ).first()
        self.standard.decree_file.save("decree.pdf", ContentFile(pdf))
        self.review = standards.StandardReview.objects.filter(
            standard__service__unit=self.unit
        ).first()
        self.standard_publication = standards.StandardPublication.objects.filter(
            unit=self.unit
        ).first()
        self.maklumat = standards.Maklumat.objects.get(unit=self.unit)
        self.maklumat.file.save("maklumat.pdf", ContentFile(pdf))
        self.forum = standards.Forum.objects.get(unit=self.unit)
        self.member = self.forum.participants.order_by("pk").first()
        self.forum_photo = standards.ForumPhoto(forum=self.forum)
        self.forum_photo.image.save("photo.pdf", ContentFile(pdf))
        self.facility = standards.UnitFacility.objects.filter(unit=self.unit).first()
        self.facility.photo.save("facility.pdf", ContentFile(pdf))
        self.facility_type = standards.FacilityType.objects.order_by("pk").first()
        # Complaints: an open one whose complainant gave a name
        self.complaint = complaints.Complaint.objects.filter(
            unit=self.unit, identity__isnull=False, status="dispatched"
        ).first()
        self.attachment = complaints.Attachment(complaint=self.complaint, size=len(pdf))
        self.attachment.file.save("attachment.pdf", ContentFile(pdf))
        # Evaluation: the national cycle in its verification window, and the published one
        self.cycle = evaluation.Cycle.objects.get(scheme="nasional", status="verification")
        self.lokus = evaluation.Lokus.objects.get(cycle=self.cycle, unit=self.unit)
        self.assignment = self.lokus.assignments.order_by("pk").first()
        self.contest = self.lokus.contests.get()
        self.contest.attachment.save("contest.pdf", ContentFile(pdf))
        self.evidence = evaluation.Evidence(lokus=self.lokus, indicator="1.a.Ak", title="SK")
        self.evidence.file.save("evidence.pdf", ContentFile(pdf))
        self.visit = evaluation.Visit.objects.create(
            lokus=self.lokus,
            visited_on=timezone.localdate(),
            evaluators="Yohanis",
            unit_officials="Kepala Dinas",
            findings="Sesuai",
            recorded_by=User.objects.get(username="evaluator.maluku"),
        )
        self.step = evaluation.ActionItem.objects.filter(lokus__unit=self.unit).first()
        self.plan_lokus = self.step.lokus  # action plans belong to the published cycle
        self.step.evidence.save("action.pdf", ContentFile(pdf))
        # Coaching: the Maluku standards bimtek, to which Buru was invited
        self.event = coaching.Event.objects.get(
            title__startswith="Bimtek Penyusunan Standar Pelayanan"
        )
        self.task = self.event.tasks.get(agency=self.agency)
        self.report = self.task.reports.order_by("pk").first()
        self.report.file.save("report.pdf", ContentFile(pdf))
        self.guest = self.event.participants.filter(agency=self.agency).order_by("pk").first()
        self.question = self.event.questions.get(agency=self.agency)
        self.material = coaching.Material(event=self.event, title="Bahan")
        self.material.file.save("material.pdf", ContentFile(pdf))
        # --- registry --- Innovation: a "Matriks" innovation of the unit with its parts,
        # replicated by Disdukcapil Kota Ambon (the demo's own innovations may differ)
        from prima.innovation import models as innovation

        today = timezone.localdate()
        self.inno = innovation.Innovation.objects.create(
            unit=self.unit,
            title="Matriks KTP Antar",
            summary="Matriks",
            problem="Matriks",
            theme="tata_kelola",
            stage="penerapan",
            started_on=today.replace(year=today.year - 2),
            status_confirmed_on=today,
        )
        self.inno.decree_file.save("sk.pdf", ContentFile(pdf))
        self.inno_member = self.inno.team.create(name="Matriks", role="Inovator")
        self.inno_fig = self.inno.measures.create(
            name="Matriks", unit_of_measure="hari", before=2, after=1, measured_on=today
        )
        self.inno_file = innovation.InnovationFile(innovation=self.inno, title="Matriks bukti")
        self.inno_file.file.save("bukti.pdf", ContentFile(pdf))
        self.inno_report = innovation.SustainabilityReport(
            innovation=self.inno, year=today.year - 1, reported_on=today, status="aktif"
        )
        self.inno_report.file.save("laporan.pdf", ContentFile(pdf))
        self.inno_replication = innovation.Replication(
            source=self.inno,
            adopter_unit=ServiceUnit.objects.get(code="8171-DUKCAPIL"),
            started_on=today,
        )
        self.inno_replication.agreement_file.save("pks.pdf", ContentFile(pdf))
        # Issued documents: the forum's minutes, numbered by the agency
        from prima.documents.actions import issue

        self.document = issue(
            kind="forum_minutes",
            subject=f"standards.forum:{self.forum.pk}",
            agency=self.agency,
            unit=self.unit,
            title="Berita Acara FKP",
            actor=None,
        )
        # --- contest ---
        self._contest(pdf)
        # --- recognition ---
        # The demo's Disdukcapil Buru programme (seeded here until seed_demo does): this
        # quarter's nomination, on which the chair (siti) declared no conflict, with a file.
        from prima.demo.recognition import seed_recognition
        from prima.recognition import actions as recognition_actions
        from prima.recognition import models as recognition

        seed_recognition()
        self.programme = recognition.Programme.objects.get(unit=self.unit)
        self.nomination = self.programme.nominations.get(placement__isnull=True)
        self.criterion = self.programme.criteria.order_by("pk").first()
        self.member = self.programme.members.get(role="member")
        chair = self.programme.members.get(role="chair")
        self.award = recognition.Award.objects.filter(
            placement__decision__programme=self.programme
        ).first()
        recognition_actions.declare(
            self.nomination, actor=chair.user, member=chair, has_conflict=False
        )
        self.evidence = recognition_actions.add_evidence(
            self.nomination,
            actor=self.operator,
            title="Matriks bukti",
            file=ContentFile(pdf, name="bukti.pdf"),
        )
        # --- mpp:place --- The demo MPP (8171-MPP, Kota Ambon) with a file on its profile and
        # on a tenant, a closure, and a unit of type MPP in Buru that has no profile yet.
        import datetime as dt

        from prima.mpp import models as mpp

        self.mpp = mpp.Mpp.objects.get(unit__code="8171-MPP")
        self.mpp_unit = self.mpp.unit
        self.mpp.legal_basis_file.save("dasar.pdf", ContentFile(pdf))
        self.mpp_tenant = self.mpp.tenants.order_by("pk").first()
        self.mpp_tenant.agreement_file.save("pks.pdf", ContentFile(pdf))
        self.mpp_counter = mpp.Counter.objects.filter(tenant=self.mpp_tenant).first()
        self.mpp_offering = mpp.Offering.objects.filter(tenant=self.mpp_tenant).first()
        self.mpp_closure = mpp.Closure.objects.create(
            mpp=self.mpp, date=timezone.localdate() + dt.timedelta(days=200), reason="Matriks"
        )
        self.mpp_new_unit = ServiceUnit.objects.create(
            code="8104-MPP",
            agency=self.agency,
            name="Mal Pelayanan Publik Kabupaten Buru (matriks)",
            kind=ServiceUnit.Kind.MPP,
            region=self.unit.region,
        )
        # --- end mpp:place ---

    def _contest(self, pdf: bytes) -> None:
        """A national competition taking entries, with four entries of Buru's Disdukcapil at
        four stages (a draft, submitted, under review by Ambon's administrator, shortlisted
        with an objection), and a competition still being prepared."""
        import datetime as dt
        from decimal import Decimal

        from prima.innovation import contest_actions as contest
        from prima.innovation import models as innovation

        ratna = User.objects.get(username="admin.nasional")
        now = timezone.now()
        self.contest_competition = contest.create_competition(
            actor=ratna, title="Matriks KIPP", year=now.year, level="nasional", top_n=1
        )
        contest.set_windows(
            self.contest_competition,
            actor=ratna,
            windows={"pendaftaran": (now - dt.timedelta(days=1), now + dt.timedelta(days=30))},
        )
        group = contest.save_group(
            self.contest_competition, actor=ratna, code="umum", name="Matriks Umum"
        )
        criterion = contest.save_criterion(
            group, actor=ratna, code="dampak", name="Matriks Dampak", weight=Decimal(100)
        )
        category = contest.save_category(
            self.contest_competition, actor=ratna, code="umum", name="Matriks Kategori"
        )
        contest.open_competition(self.contest_competition, actor=ratna)
        entries = []
        for n, state in enumerate(("draft", "diajukan", "dinilai", "top"), start=1):
            item = innovation.Innovation.objects.create(
                unit=self.unit,
                title=f"Matriks Inovasi {n}",
                summary="Matriks",
                problem="Matriks",
                theme="tata_kelola",
                started_on=dt.date(2020, 1, 1),
                stage="penerapan",
                status_confirmed_on=timezone.localdate(),
            )
            entries.append(
                innovation.Submission.objects.create(
                    competition=self.contest_competition,
                    innovation=item,
                    group=group,
                    category=category,
                    agency=self.agency,
                    state=state,
                    submitted_by=self.operator,
                )
            )
        (
            self.contest_draft_entry,
            self.contest_submitted_entry,
            self.contest_entry,
            self.contest_shortlisted_entry,
        ) = entries
        self.contest_answer = innovation.SubmissionAnswer(
            submission=self.contest_entry, criterion=criterion, text="Matriks"
        )
        self.contest_answer.evidence.save("bukti.pdf", ContentFile(pdf))
        self.contest_review = innovation.Review.objects.create(
            submission=self.contest_entry, reviewer=User.objects.get(username="admin.ambon")
        )
        self.contest_objection = innovation.Objection.objects.create(
            submission=self.contest_shortlisted_entry,
            name="Matriks Warga",
            contact="0812",
            text="Matriks",
        )
        self.contest_draft = contest.create_competition(
            actor=ratna, title="Matriks Draf", year=now.year, level="nasional", top_n=1
        )
        self.contest_group = contest.save_group(
            self.contest_draft, actor=ratna, code="umum", name="Matriks Umum"
        )
        self.contest_criterion = contest.save_criterion(
            self.contest_group, actor=ratna, code="a", name="Matriks A", weight=Decimal(100)
        )
        self.contest_category = contest.save_category(
            self.contest_draft, actor=ratna, code="umum", name="Matriks Kategori"
        )
        # --- mpp:quality ---
        from prima.mpp.models import ComplaintAtMpp

        # A complaint filed at the MPP Kota Ambon still awaiting verification (the demo's).
        self.mpp_complaint = (
            ComplaintAtMpp.objects.filter(complaint__status="received")
            .order_by("pk")
            .first()
            .complaint
        )
        # --- end mpp:quality ---
        # --- mpp:figures ---
        from prima.registry.models import ServiceUnit

        self.figures_mpp = ServiceUnit.objects.get(code="8171-MPP")  # the demo MPP's unit
        # --- end mpp:figures ---
        # --- mpp:evaluation ---
        from prima.mpp.models import DigitalCriterion
        from prima.registry.models import ServiceUnit as Unit

        self.mpp_unit = Unit.objects.get(code="8171-MPP")
        queue = DigitalCriterion.objects.get(mpp__unit=self.mpp_unit, code="antrean")
        queue.evidence_file.save("antrean.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
        # --- end mpp:evaluation ---
        # --- messaging --- The demo's message to review names 8104-DUKCAPIL (Kabupaten Buru).
        from prima.messaging.models import Inbound

        self.message_review = Inbound.objects.filter(outcome="review").order_by("pk").first()
        # --- end messaging ---
        # --- jobs --- An e-mail the mail server refused for good.
        from prima.jobs.models import Mail

        self.failed_mail = Mail.objects.create(
            message_id="<route-matrix@prima>",
            subject="[Prima] Pengingat",
            body="",
            from_email="prima@localhost",
            to=["kepala@example.go.id"],
            state=Mail.State.FAILED,
            attempts=6,
        )
        # A national picture's workbook the national administrator asked for, ready.
        from prima.jobs.actions import request_export
        from prima.jobs.models import Export

        ratna = User.objects.get(username=DEMO_USERNAMES["ratna"])
        export = request_export(
            actor=ratna, kind="picture-xlsx", params={"area": "81", "tahun": "2025"}
        )
        export.file.save("export.xlsx", ContentFile(b"PK"), save=False)
        Export.objects.filter(pk=export.pk).update(
            state=Export.State.READY, file=export.file.name, size=2
        )
        self.ready_export = export
        # Another, for "Delete": the file goes when it is deleted (storage is not rolled back).
        deletable = request_export(
            actor=ratna, kind="picture-xlsx", params={"area": "81", "tahun": "2025"}
        )
        deletable.file.save("delete-me.xlsx", ContentFile(b"PK"), save=False)
        Export.objects.filter(pk=deletable.pk).update(
            state=Export.State.READY, file=deletable.file.name, size=2
        )
        self.deletable_export = deletable
        # --- end jobs ---
        # --- privacy:retention --- A dry run of the retention purge.
        from prima.privacy.retention import purge

        self.purge_report = purge(dry_run=True)
        # --- end privacy:retention ---
        # --- privacy:breach --- An incident naming Buru, recorded by the national administrator.
        import datetime as dt

        from prima.privacy.models import Incident

        self.incident = Incident.objects.create(
            title="Akun operator dibobol",
            what_happened="Kata sandi bocor",
            how_discovered="Laporan",
            discovered_at=timezone.now(),
            started_at=timezone.now() - dt.timedelta(days=1),
            created_by=ratna,
        )
        self.incident.agencies.add(self.agency)
        self.incident.accounts.add(self.operator)
        # --- end privacy:breach ---
        # --- privacy --- A complainant's request about the Buru complaint, filed on the
        # public page (belongs to Pemerintah Kabupaten Buru).
        from prima.privacy.datarequests import file_request

        self.data_request = file_request(self.complaint, kind="access")
        # --- end privacy ---


@dataclass(frozen=True)
class Row:
    route: str  # name in the `manage` namespace
    method: str
    expect: dict[str, str]  # persona → status code, or "login"
    args: str  # "pk=lokus kind=participant": a Demo object's pk (its code for *code), or text

    def url(self, demo: Demo) -> str:
        kwargs: dict[str, Any] = {}
        for pair in self.args.split():
            key, value = pair.split("=")
            found = getattr(demo, value, None)
            if found is None:
                kwargs[key] = value
            else:
                kwargs[key] = found.code if key.endswith("code") else found.pk
        return reverse(f"manage:{self.route}", kwargs=kwargs)

    @property
    def id(self) -> str:
        return f"{self.method} {self.route}"


# Who gets what, the anonymous visitor aside (always sent to sign in; tested below). A POST
# carries no form data.
# fmt: off
TABLE = [
    # route                        method   ratna yohanis siti marthen abdul  args
    ("home",                        "GET",  "200 200 200 200 200", ""),
    ("agency_list",                 "GET",  "200 200 200 200 200", ""),
    ("agency_create",               "GET",  "200 404 404 404 404", ""),
    ("agency_detail",               "GET",  "200 200 200 404 200", "code=agency"),
    ("agency_edit",                 "GET",  "200 404 200 404 404", "code=agency"),
    ("agency_history",              "GET",  "200 404 200 404 404", "code=agency"),
    ("unit_create",                 "GET",  "200 404 200 404 404", "agency_code=agency"),
    ("unit_list",                   "GET",  "200 200 200 200 200", ""),
    ("unit_detail",                 "GET",  "200 200 200 404 200", "code=unit"),
    ("unit_edit",                   "GET",  "200 404 200 404 200", "code=unit"),
    ("unit_history",                "GET",  "200 404 200 404 200", "code=unit"),
    ("service_create",              "GET",  "200 404 200 404 200", "unit_code=unit"),
    ("service_edit",                "GET",  "200 404 200 404 200", "pk=service"),
    ("coordination_regions",        "GET",  "200 200 200 200 200", ""),
    ("coordination_region_edit",    "GET",  "200 404 404 404 404", "code=region"),
    ("user_list",                   "GET",  "200 404 200 200 404", ""),
    ("user_create",                 "GET",  "200 404 200 200 404", ""),
    ("user_detail",                 "GET",  "200 404 200 404 404", "pk=operator"),
    ("user_edit",                   "GET",  "200 404 200 404 404", "pk=operator"),
    ("user_grant",                  "POST", "400 404 400 404 404", "pk=operator"),
    ("user_set_active",             "POST", "302 404 302 404 404", "pk=operator"),
    ("user_set_password",           "POST", "302 404 302 404 404", "pk=operator"),
    ("user_reset_two_factor",       "POST", "302 404 302 404 404", "pk=operator"),
    ("user_history",                "GET",  "200 404 200 404 404", "pk=operator"),
    ("membership_revoke",           "POST", "302 404 302 404 404", "pk=membership"),
    ("audit_log",                   "GET",  "200 404 200 200 404", ""),
    ("privacy_register",            "GET",  "200 404 200 200 404", ""),
    ("privacy_register_export",     "GET",  "200 404 200 200 404", "fmt=csv"),
    ("privacy_dpia",                "GET",  "200 404 200 200 404", "key=skm"),
    ("changes",                     "GET",  "200 404 404 404 404", ""),
    ("survey_home",                 "GET",  "200 200 200 200 200", ""),
    ("survey_recap",                "GET",  "200 200 200 200 200", ""),
    ("survey_period",               "GET",  "200 200 200 404 200", "pk=period"),
    ("survey_period_edit",          "GET",  "200 404 200 404 200", "pk=period"),
    ("survey_publish",              "POST", "302 404 302 404 302", "pk=period"),
    ("survey_responses",            "GET",  "200 200 200 404 200", "pk=period"),
    ("survey_import",               "GET",  "200 404 200 404 200", "pk=period"),
    ("survey_anomalies",            "GET",  "200 200 200 404 200", "pk=period"),
    ("survey_report",               "GET",  "200 200 200 404 200", "pk=period fmt=xlsx"),
    ("followup_create",             "GET",  "200 404 200 404 200", "period_pk=period"),
    ("followup_edit",               "GET",  "200 404 200 404 200", "pk=followup"),
    ("publication_create",          "GET",  "200 404 200 404 200", "pk=period"),
    ("publication_delete",          "POST", "302 404 302 404 302", "pk=publication"),
    ("response_review",             "POST", "302 404 302 404 404", "pk=response verb=flag"),
    ("unit_surveys",                "GET",  "200 200 200 404 200", "code=unit"),
    ("survey_period_create",        "GET",  "200 404 200 404 200", "code=unit"),
    ("questionnaire_order",         "GET",  "200 404 200 404 200", "code=unit"),
    ("extra_question_create",       "GET",  "200 404 200 404 200", "code=unit"),
    ("extra_question_edit",         "GET",  "200 404 200 404 200", "code=unit pk=extra_question"),
    ("kiosk_create",                "GET",  "200 404 200 404 200", "code=unit"),
    ("kiosk_action",                "POST", "200 404 200 404 200", "pk=kiosk verb=code"),
    ("standards_home",              "GET",  "200 200 200 200 200", ""),
    ("unit_standards",              "GET",  "200 200 200 404 200", "code=unit"),
    ("standard_create",             "POST", "302 404 302 404 302", "service_pk=service"),
    ("standard_detail",             "GET",  "200 200 200 404 200", "pk=standard"),
    ("standard_edit",               "GET",  "302 404 302 404 302", "pk=standard"),
    ("standard_set",                "GET",  "200 404 200 404 200", "pk=standard"),
    ("standard_review",             "GET",  "200 404 200 404 200", "pk=standard"),
    ("standard_file",               "GET",  "200 200 200 404 200", "pk=standard kind=decree"),
    ("standard_action",             "POST", "302 404 302 404 302", "pk=standard verb=publish"),
    ("review_finish",               "GET",  "200 404 200 404 200", "pk=review"),
    ("standard_publication_create", "GET",  "200 404 200 404 200", "code=unit"),
    ("standard_publication_delete", "POST", "302 404 302 404 302", "pk=standard_publication"),
    ("maklumat_edit",               "GET",  "200 404 200 404 200", "code=unit"),
    ("maklumat_publication_create", "GET",  "200 404 200 404 200", "pk=maklumat"),
    ("maklumat_file",               "GET",  "200 200 200 404 200", "pk=maklumat"),
    ("forum_create",                "GET",  "200 404 200 404 200", "code=unit"),
    ("forum_edit",                  "GET",  "200 404 200 404 200", "code=unit pk=forum"),
    ("forum_detail",                "GET",  "200 200 200 404 200", "pk=forum"),
    ("forum_add",                   "POST", "302 404 302 404 302", "pk=forum kind=participant"),
    ("forum_minutes",               "GET",  "200 200 200 404 200", "pk=forum"),
    ("forum_remove",                "POST", "302 404 302 404 302", "kind=participant pk=member"),
    ("forum_photo",                 "GET",  "200 200 200 404 200", "pk=forum_photo"),
    ("unit_facilities",             "GET",  "200 200 200 404 200", "code=unit"),
    ("facility_photo",              "GET",  "200 200 200 404 200", "pk=facility"),
    ("facility_types",              "GET",  "200 404 404 404 404", ""),
    ("facility_type_edit",          "GET",  "200 404 404 404 404", "pk=facility_type"),
    ("complaint_queue",             "GET",  "200 200 200 200 200", ""),
    ("complaint_settings",          "GET",  "200 404 404 404 404", ""),
    ("complaint_templates",         "GET",  "200 404 200 200 404", ""),
    ("complaint_detail",            "GET",  "200 200 200 404 200", "pk=complaint"),
    ("complaint_identity",          "POST", "200 404 200 404 404", "pk=complaint"),
    ("complaint_step",              "POST", "302 404 302 404 302", "pk=complaint action=note"),
    ("complaint_attachment",        "GET",  "200 200 200 404 200", "pk=attachment"),
    ("complaint_create",            "GET",  "200 404 200 404 200", "code=unit"),
    ("evaluation_cycles",           "GET",  "200 200 200 200 200", ""),
    ("evaluation_cycle",            "GET",  "200 200 200 200 200", "pk=cycle"),
    ("evaluation_cycle_edit",       "GET",  "200 404 404 404 404", "pk=cycle"),
    ("evaluation_advance",          "POST", "302 404 404 404 404", "pk=cycle"),
    ("evaluation_double",           "POST", "302 404 404 404 404", "pk=cycle"),
    ("evaluation_lokus_add",        "POST", "302 404 404 404 404", "pk=cycle"),
    ("evaluation_results",          "GET",  "200 200 200 200 200", "pk=cycle"),
    ("evaluation_export",           "GET",  "200 200 200 200 200", "pk=cycle fmt=csv"),
    ("evaluation_priorities",       "GET",  "200 200 200 200 200", "pk=cycle"),
    ("evaluation_lokus",            "GET",  "200 200 200 404 200", "pk=lokus"),
    ("evaluation_assign",           "POST", "302 404 404 404 404", "pk=lokus"),
    ("evaluation_lokus_remove",     "POST", "302 404 404 404 404", "pk=lokus"),
    ("evaluation_self_assessment",  "GET",  "200 404 200 404 200", "pk=lokus"),
    ("evaluation_evidence_add",     "POST", "302 404 302 404 302", "pk=lokus"),
    ("evaluation_score",            "GET",  "404 200 404 404 404", "pk=lokus"),
    ("evaluation_visit_add",        "POST", "404 302 404 404 404", "pk=lokus"),
    ("evaluation_contest",          "POST", "302 404 302 404 302", "pk=lokus"),
    ("evaluation_accept",           "POST", "302 404 302 404 302", "pk=lokus"),
    ("evaluation_recommendation",   "POST", "302 302 404 404 404", "pk=lokus"),
    ("evaluation_session",          "POST", "302 302 404 404 404", "pk=lokus"),
    ("evaluation_action_add",       "GET",  "200 200 200 404 200", "pk=plan_lokus"),
    ("evaluation_action_edit",      "GET",  "200 200 200 404 200", "pk=plan_lokus item_pk=step"),
    ("evaluation_rating_qr",        "GET",  "200 200 200 404 200", "pk=lokus"),
    ("evaluation_unassign",         "POST", "302 404 404 404 404", "pk=assignment"),
    ("evaluation_evidence",         "GET",  "200 200 200 404 200", "pk=evidence"),
    ("evaluation_evidence_remove",  "POST", "302 404 302 404 302", "pk=evidence"),
    ("evaluation_visit_pdf",        "GET",  "200 200 200 404 200", "pk=visit"),
    ("evaluation_decide",           "POST", "302 404 404 404 404", "pk=contest"),
    ("evaluation_contest_file",     "GET",  "200 200 200 404 200", "pk=contest"),
    ("evaluation_action_file",      "GET",  "200 200 200 404 200", "pk=step"),
    ("coaching_events",             "GET",  "200 200 200 200 200", ""),
    ("coaching_event_new",          "GET",  "200 404 404 404 404", ""),
    ("coaching_reach",              "GET",  "200 200 200 200 200", ""),
    ("coaching_tasks",              "GET",  "200 200 200 200 200", ""),
    ("coaching_task",               "GET",  "200 200 200 404 200", "pk=task"),
    ("coaching_task_report",        "POST", "302 404 302 404 302", "pk=task"),
    ("coaching_task_review",        "POST", "302 404 404 404 404", "pk=task"),
    ("coaching_task_deadline",      "POST", "302 404 404 404 404", "pk=task"),
    ("coaching_report_file",        "GET",  "200 200 200 404 200", "pk=task report_pk=report"),
    ("coaching_event",              "GET",  "200 200 200 200 200", "pk=event"),
    ("coaching_event_edit",         "GET",  "200 404 404 404 404", "pk=event"),
    ("coaching_event_publish",      "POST", "302 404 404 404 404", "pk=event"),
    ("coaching_event_cancel",       "GET",  "200 404 404 404 404", "pk=event"),
    ("coaching_invite",             "GET",  "200 404 404 404 404", "pk=event"),
    ("coaching_uninvite",           "POST", "302 404 404 404 404", "pk=event code=agency"),
    ("coaching_material_add",       "POST", "302 404 404 404 404", "pk=event"),
    ("coaching_material",           "GET",  "200 200 200 200 200", "pk=event material_pk=material"),
    ("coaching_material_remove",    "POST", "302 404 404 404 404", "pk=event material_pk=material"),
    ("coaching_register",           "GET",  "200 404 200 200 200", "pk=event"),
    ("coaching_unregister",         "POST", "302 404 302 404 302", "pk=event participant_pk=guest"),
    ("coaching_attendance",         "POST", "302 404 404 404 404", "pk=event participant_pk=guest"),
    ("coaching_certificate",        "GET",  "200 404 200 404 200", "pk=event participant_pk=guest"),
    ("coaching_participants_csv",   "GET",  "200 200 200 200 200", "pk=event"),
    ("document_list",               "GET",  "200 200 200 200 200", ""),
    ("document_detail",             "GET",  "200 200 200 404 200", "code=document"),
    ("document_withdraw",           "POST", "200 404 200 404 404", "code=document"),
    ("coaching_join_list",          "GET",  "200 404 404 404 404", "pk=event"),
    ("coaching_qr",                 "GET",  "200 404 404 404 404", "pk=event"),
    ("coaching_question_add",       "POST", "302 404 404 404 404", "pk=event"),
    ("coaching_question_answer",    "GET",  "200 404 404 404 404", "pk=event question_pk=question"),
    ("coaching_tasks_new",          "GET",  "200 404 404 404 404", "pk=event"),
    ("readiness",                   "GET",  "200 200 200 200 200", ""),
    ("readiness_agency",            "GET",  "200 200 200 404 200", "agency_code=agency"),
    # --- registry ---
    ("innovation_list",             "GET",  "200 200 200 200 200", ""),
    ("innovation_new",              "GET",  "200 404 200 200 200", ""),
    ("innovation_detail",           "GET",  "200 200 200 404 200", "pk=inno"),
    ("innovation_edit",             "GET",  "200 404 200 404 200", "pk=inno"),
    ("innovation_publish",          "POST", "302 404 302 404 302", "pk=inno verb=publish"),
    ("innovation_decree",           "GET",  "200 200 200 404 200", "pk=inno"),
    ("innovation_team_add",         "POST", "302 404 302 404 302", "pk=inno"),
    ("innovation_team_remove",      "POST", "302 404 302 404 302", "pk=inno member_pk=inno_member"),
    ("innovation_measure_add",      "POST", "302 404 302 404 302", "pk=inno"),
    ("innovation_measure_remove",   "POST", "302 404 302 404 302", "pk=inno measure_pk=inno_fig"),
    ("innovation_file_add",         "POST", "302 404 302 404 302", "pk=inno"),
    ("innovation_file",             "GET",  "200 200 200 404 200", "pk=inno file_pk=inno_file"),
    ("innovation_file_remove",      "POST", "302 404 302 404 302", "pk=inno file_pk=inno_file"),
    ("innovation_report",           "GET",  "200 404 200 404 200", "pk=inno"),
    ("innovation_report_file",      "GET",  "200 200 200 404 200", "pk=inno report_pk=inno_report"),
    ("innovation_replication_new",  "GET",  "200 404 200 404 200", "pk=inno"),
    ("innovation_source_new",       "GET",  "200 404 200 404 200", "pk=inno"),
    ("innovation_replication_edit", "GET",  "200 404 200 200 200", "pk=inno_replication"),
    ("innovation_agreement",        "GET",  "200 200 200 200 200", "pk=inno_replication"),
    # --- contest ---
    ("innovation_contest_list",     "GET",  "200 200 200 200 200", ""),
    ("innovation_contest_new",      "GET",  "200 404 200 200 404", ""),
    ("innovation_contest_reviews",  "GET",  "200 200 200 200 200", ""),
    ("innovation_contest_review",   "GET",  "404 404 404 200 404", "pk=contest_review"),
    ("innovation_contest_objection", "GET", "200 404 404 404 404", "pk=contest_objection"),
    ("innovation_contest_entry",    "GET",  "200 404 200 200 200", "pk=contest_entry"),
    ("innovation_contest_answers",  "GET",  "200 404 200 404 200", "pk=contest_draft_entry"),
    ("innovation_contest_answer_file", "GET", "200 404 200 404 200",
        "pk=contest_entry answer_pk=contest_answer"),
    ("innovation_contest_submit",   "POST", "302 404 302 404 302", "pk=contest_draft_entry"),
    ("innovation_contest_withdraw", "POST", "302 404 302 404 302", "pk=contest_entry"),
    ("innovation_contest_check",    "POST", "302 404 404 404 404", "pk=contest_submitted_entry"),
    ("innovation_contest_assign",   "POST", "302 404 404 404 404", "pk=contest_entry"),
    ("innovation_contest_decide",   "POST", "302 404 404 404 404", "pk=contest_shortlisted_entry"),
    ("innovation_contest",          "GET",  "200 200 200 200 200", "pk=contest_competition"),
    ("innovation_contest_edit",     "GET",  "200 404 404 404 404", "pk=contest_competition"),
    ("innovation_contest_windows",  "GET",  "200 404 404 404 404", "pk=contest_competition"),
    ("innovation_contest_open",     "POST", "302 404 404 404 404", "pk=contest_draft"),
    ("innovation_contest_group_new", "GET", "200 404 404 404 404", "pk=contest_draft"),
    ("innovation_contest_group",    "GET",  "200 404 404 404 404",
        "pk=contest_draft group_pk=contest_group"),
    ("innovation_contest_criterion_new", "GET", "200 404 404 404 404",
        "pk=contest_draft group_pk=contest_group"),
    ("innovation_contest_criterion", "GET", "200 404 404 404 404",
        "pk=contest_draft group_pk=contest_group criterion_pk=contest_criterion"),
    ("innovation_contest_category_new", "GET", "200 404 404 404 404", "pk=contest_draft"),
    ("innovation_contest_category", "GET",  "200 404 404 404 404",
        "pk=contest_draft category_pk=contest_category"),
    ("innovation_contest_enter",    "GET",  "200 404 200 200 200", "pk=contest_competition"),
    ("innovation_contest_ranking",  "GET",  "200 404 404 404 404", "pk=contest_competition"),
    ("innovation_contest_ranking_export", "GET", "200 404 404 404 404", "pk=contest_competition"),
    ("innovation_contest_ranking_compute", "POST", "302 404 404 404 404", "pk=contest_competition"),
    ("innovation_contest_shortlist", "POST", "302 404 404 404 404", "pk=contest_competition"),
    ("innovation_contest_decree",   "POST", "302 404 404 404 404", "pk=contest_competition"),
    ("innovation_contest_publish",  "POST", "302 404 404 404 404", "pk=contest_competition"),
    # --- recognition ---
    ("recognition_programmes",      "GET",  "200 200 200 200 200", ""),
    ("recognition_programme_new",   "GET",  "200 404 200 200 404", ""),
    ("recognition_programme",       "GET",  "200 200 200 404 200", "pk=programme"),
    ("recognition_programme_edit",  "GET",  "200 404 200 404 404", "pk=programme"),
    ("recognition_programme_open",  "POST", "404 404 404 404 404", "pk=programme"),
    ("recognition_programme_close", "POST", "302 404 302 404 404", "pk=programme"),
    ("recognition_criterion_add",   "POST", "404 404 404 404 404", "pk=programme"),
    ("recognition_criterion_remove", "POST", "404 404 404 404 404",
     "pk=programme criterion_pk=criterion"),
    ("recognition_member_add",      "GET",  "200 404 200 404 404", "pk=programme"),
    ("recognition_member_remove",   "POST", "302 404 302 404 404", "pk=programme member_pk=member"),
    ("recognition_nominate",        "GET",  "200 404 200 404 200", "pk=programme"),
    ("recognition_decide",          "GET",  "404 404 200 404 404", "pk=programme"),
    ("recognition_award_add",       "GET",  "404 404 200 404 404", "pk=programme"),
    ("recognition_award_remove",    "POST", "404 404 302 404 404", "pk=programme award_pk=award"),
    ("recognition_export",          "GET",  "200 404 200 404 200", "pk=programme"),
    ("recognition_history",         "GET",  "200 404 200 404 200", "pk=programme"),
    ("recognition_nomination",      "GET",  "200 200 200 404 200", "pk=nomination"),
    ("recognition_evidence_add",    "POST", "302 404 302 404 302", "pk=nomination"),
    ("recognition_evidence",        "GET",  "200 200 200 404 200",
     "pk=nomination file_pk=evidence"),
    ("recognition_withdraw",        "POST", "302 404 302 404 302", "pk=nomination"),
    ("recognition_declare",         "POST", "404 404 404 404 302", "pk=nomination"),
    ("recognition_score",           "GET",  "404 404 200 404 404", "pk=nomination"),
    # --- mpp:dashboard --- The demo MPP Kota Ambon (8171-MPP), read through its unit or
    # its managing unit (Ambon's DPMPTSP): Ambon's administrator and Maluku's evaluator too.
    ("mpp_dashboard",               "GET",  "200 200 404 200 404", "code=8171-MPP"),
    ("mpp_dashboard_export",        "GET",  "200 200 404 200 404", "code=8171-MPP"),
    # --- end mpp:dashboard ---
    # --- mpp:quality ---
    ("mpp_quality",                 "GET",  "200 200 404 200 404", "code=8171-MPP"),
    ("mpp_complaints",              "GET",  "200 200 404 200 404", "code=8171-MPP"),
    ("mpp_complaint_forward",       "POST", "200 404 404 200 404",
     "code=8171-MPP pk=mpp_complaint"),
    # --- end mpp:quality ---
    # --- mpp:place ---
    ("mpp_list",                    "GET",  "200 200 200 200 200", ""),
    ("mpp_new",                     "GET",  "200 404 200 404 404", "code=mpp_new_unit"),
    ("mpp_detail",                  "GET",  "200 200 404 200 404", "code=mpp_unit"),
    ("mpp_edit",                    "GET",  "200 404 404 200 404", "code=mpp_unit"),
    ("mpp_legal_basis",             "GET",  "200 200 404 200 404", "code=mpp_unit"),
    ("mpp_closure_add",             "POST", "302 404 404 302 404", "code=mpp_unit"),
    ("mpp_closure_remove",          "POST", "302 404 404 302 404", "code=mpp_unit pk=mpp_closure"),
    ("mpp_tenant_new",              "GET",  "200 404 404 200 404", "code=mpp_unit"),
    ("mpp_tenant_edit",             "GET",  "200 404 404 200 404", "code=mpp_unit pk=mpp_tenant"),
    ("mpp_tenant_agreement",        "GET",  "200 200 404 200 404", "code=mpp_unit pk=mpp_tenant"),
    ("mpp_counter_new",             "GET",  "200 404 404 200 404", "code=mpp_unit pk=mpp_tenant"),
    ("mpp_counter_edit",            "GET",  "200 404 404 200 404", "code=mpp_unit pk=mpp_counter"),
    ("mpp_offering_new",            "GET",  "200 404 404 200 404", "code=mpp_unit"),
    ("mpp_offering_edit",           "GET",  "200 404 404 200 404", "code=mpp_unit pk=mpp_offering"),
    # --- end mpp:place ---
    # --- mpp:figures --- (marthen administers Kota Ambon, which runs 8171-MPP; yohanis reads
    # Maluku's units; siti and abdul are of Kabupaten Buru)
    ("mpp_figures",                 "GET",  "200 200 404 200 404", "code=figures_mpp"),
    ("mpp_figures_day",             "GET",  "200 404 404 200 404", "code=figures_mpp"),
    ("mpp_figures_import",          "GET",  "200 404 404 200 404", "code=figures_mpp"),
    # --- end mpp:figures ---
    # --- mpp:evaluation ---
    ("mpp_digital",                 "GET",  "200 200 404 200 404", "code=mpp_unit"),
    ("mpp_digital_edit",            "GET",  "200 404 404 200 404",
     "code=mpp_unit criterion=antrean"),
    ("mpp_digital_file",            "GET",  "200 200 404 200 404",
     "code=mpp_unit criterion=antrean"),
    # --- end mpp:evaluation ---
    # --- messaging --- (coordinators only: national and agency administrators)
    ("messaging_review",            "GET",  "200 404 200 200 404", ""),
    ("messaging_review_item",       "GET",  "200 404 200 404 404", "pk=message_review"),
    ("messaging_phone",             "GET",  "200 404 200 200 404", ""),
    # --- end messaging ---
    # --- messaging:skm --- The officer's SKM invitation: those who run a unit's survey (Buru's
    # operator goes straight to the one unit they serve).
    ("messaging_survey_units",      "GET",  "200 200 200 200 302", ""),
    ("messaging_survey_invite",     "GET",  "200 404 200 404 200", "code=8104-DUKCAPIL"),
    # --- end messaging:skm ---
    # --- jobs --- The outbox and the periodic jobs: national administrators, who run the system.
    ("jobs_outbox",                 "GET",  "200 404 404 404 404", ""),
    ("jobs_mail_resend",            "POST", "302 404 404 404 404", "pk=failed_mail"),
    ("jobs_run_again",              "POST", "302 404 404 404 404", "name=purge-jobs"),
    # Exports prepared in the background: everyone's own list; a request without a kind is
    # refused as bad; a file only to whoever asked for it.
    ("exports",                     "GET",  "200 200 200 200 200", ""),
    ("export_request",              "POST", "400 400 400 400 400", ""),
    ("export_download",             "GET",  "200 404 404 404 404", "pk=ready_export"),
    ("export_delete",               "POST", "302 404 404 404 404", "pk=deletable_export"),
    # --- end jobs ---
    # --- privacy:retention --- The retention purge's reports: national administrators.
    ("privacy_purges",              "GET",  "200 404 404 404 404", ""),
    ("privacy_purge_csv",           "GET",  "200 404 404 404 404", "pk=purge_report"),
    # --- end privacy:retention ---
    # --- privacy:breach --- Incidents: national administrators; an agency administrator reads
    # those naming their agency, without the people (the report).
    ("privacy_incidents",           "GET",  "200 404 200 200 404", ""),
    ("privacy_incident_create",     "GET",  "200 404 404 404 404", ""),
    ("privacy_incident",            "GET",  "200 404 200 404 404", "pk=incident"),
    ("privacy_incident_edit",       "GET",  "200 404 404 404 404", "pk=incident"),
    ("privacy_incident_report",     "GET",  "200 404 404 404 404", "pk=incident"),
    # --- end privacy:breach ---
    # --- privacy --- Personal-data requests: administrators of the agency holding the record,
    # and national administrators; Ambon's administrator has a queue, not Buru's requests.
    ("privacy_requests",            "GET",  "200 404 200 200 404", ""),
    ("privacy_request_new",         "GET",  "200 404 200 200 404", ""),
    ("privacy_request",             "GET",  "200 404 200 404 404", "pk=data_request"),
    ("privacy_request_export",      "GET",  "200 404 200 404 404", "pk=data_request fmt=json"),
    ("privacy_request_act",         "POST", "302 404 302 404 404", "pk=data_request verb=start"),
    # --- end privacy ---
]
# fmt: on
ROWS = [
    Row(route, method, dict(zip(PERSONAS[1:], expect.split(), strict=True)), args)
    for route, method, expect, args in TABLE
]


def _manage_routes() -> set[str]:
    def walk(patterns: list[Any], namespace: str) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}"

    return {
        name.removeprefix("manage:")
        for name in walk(get_resolver().url_patterns, "")
        if name.startswith("manage:")
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Demo]:
    """The demo, loaded once for the module inside a transaction rolled back at its end."""
    from prima.lib.pdf import Document

    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media),
        pytest.MonkeyPatch.context() as patch,
    ):
        # Who may open a document is decided before it is encoded; skip the encoding.
        patch.setattr(Document, "output_bytes", lambda self: b"%PDF-1.7\n%%EOF\n")
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", verbosity=0)
            yield Demo()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def clients(demo) -> dict[str, Client]:
    signed_in = {
        persona: sign_in(Client(raise_request_exception=False), User.objects.get(username=username))
        for persona, username in DEMO_USERNAMES.items()
    }
    return {"anonymous": Client(raise_request_exception=False), **signed_in}


def _answer(client: Client, method: str, url: str) -> str:
    # Each request in a savepoint of its own, so a POST that works leaves nothing behind.
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, {})
        transaction.set_rollback(True)
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return LOGIN
    return str(response.status_code)


def test_every_staff_route_has_a_row():
    routes = _manage_routes()
    assert len(routes) > 100  # the walk found the namespace
    rows = [row.route for row in ROWS]
    assert sorted(routes - set(rows)) == [], "staff routes without a row"
    assert sorted(set(rows) - routes) == [], "rows for routes that do not exist"
    assert len(rows) == len(set(rows)), "one row per route"


@pytest.mark.django_db
def test_every_staff_route_sends_an_anonymous_visitor_to_sign_in(demo, clients):
    answers = {row.id: _answer(clients["anonymous"], row.method, row.url(demo)) for row in ROWS}
    assert {id_: answer for id_, answer in answers.items() if answer != LOGIN} == {}


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_each_persona_gets_the_answer_the_matrix_gives(demo, clients, row):
    url = row.url(demo)
    answers = {persona: _answer(clients[persona], row.method, url) for persona in row.expect}
    assert answers == row.expect, url
