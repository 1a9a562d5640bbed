"""What every app needs to know about personal data (UU 27/2022, docs/guide/privacy.md): the
retention periods, set in one place, and the data-protection officer named in every privacy
notice. No Django model here: prima.settings reads RETENTION to build PRIMA_RETENTION_DAYS, and
the apps that collect personal data show these in their notices. The purge that applies the
periods, people's requests and the processing register live in prima.privacy.

The defaults are proposals for a public body to confirm against its own archive retention
schedule (Jadwal Retensi Arsip): UU PDP arts. 42–44 ask that processing end and the data be
deleted when the retention period is reached, without fixing the period;
docs/guide/privacy-retention.md gives the reasoning for each one.

The processing register (UU PDP art. 31) and the privacy notices are declared here too, as data:

- ACTIVITIES: each processing activity (complaint handling, SKM, …) with its purpose, legal
  basis, data subjects, recipients, retention, storage and security measures.
- PERSONAL_FIELDS: every model field holding personal data, as "app_label.Model.field", tagged
  with its activity and its UU PDP art. 4 category (general, specific, or possibly specific —
  free text in which people may write about their health or a crime).
- NOT_PERSONAL: fields whose names look personal but are not (a region's name), with the reason.
- COLLECTION_POINTS: each form that collects personal data, with its activity; the
  {% privacy_notice %} tag (prima/lib/templatetags/prima_privacy.py) draws its notice.

Why here and not next to each model: the register is one document that a data-protection officer
reads and an auditor checks, and the apps sit on several import layers; one table in the bottom
layer can be read by every app's notice and by prima.privacy's register without any app importing
a higher one, and a field that moves between apps changes one line. What keeps the table honest
is prima/privacy/tests/test_register.py: it walks every concrete field of every Prima model
(django.apps, historical tables included) and fails when a field whose name or type looks
personal is in neither table, or when a declared field no longer exists. Historical tables
(django-simple-history) copy their model's fields: the declaration of `Model.field` covers
`HistoricalModel.field`, and the register says which activities keep such copies.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class RetentionKind:
    key: str
    label: str | Promise
    # Days kept, counted from `starts`.
    default_days: int
    # What starts the clock, in words.
    starts: str | Promise
    # What happens when it runs out, in words.
    action: str | Promise


RETENTION: tuple[RetentionKind, ...] = (
    RetentionKind(
        key="complainant_identity",
        label=_("Complainant's identity (name, e-mail, phone, address)"),
        default_days=730,
        starts=_("the complaint is closed or archived"),
        action=_("deleted; the complaint stays, without identity"),
    ),
    RetentionKind(
        key="closed_complaints",
        label=_("Closed complaints' text and replies"),
        default_days=1825,
        starts=_("the complaint is closed or archived"),
        action=_(
            "text replaced by a note that it was removed; unit, category, dates and state kept "
            "for the statistics"
        ),
    ),
    RetentionKind(
        key="uploads",
        label=_("Files attached to complaints"),
        default_days=1825,
        starts=_("the complaint is closed or archived"),
        action=_("the file deleted from storage"),
    ),
    RetentionKind(
        key="survey_profiles",
        label=_("SKM respondents' profile (sex, age, education, occupation, device)"),
        default_days=730,
        starts=_("the answer is submitted"),
        action=_("profile fields cleared; the answer and the published IKM unchanged"),
    ),
    RetentionKind(
        key="survey_suggestions",
        label=_("SKM respondents' suggestions as written (before masking)"),
        default_days=730,
        starts=_("the answer is submitted"),
        action=_(
            "the text as written removed; the masked text (ID numbers, phone numbers and "
            "e-mail addresses hidden), which the results page may publish, kept"
        ),
    ),
    RetentionKind(
        key="participants",
        label=_("Participants of bimtek, workshops and consultation forums"),
        default_days=1825,
        starts=_("the activity takes place"),
        action=_("name and contact removed; the number of participants kept"),
    ),
    RetentionKind(
        key="security_log",
        label=_("Security log (user names, addresses, browsers)"),
        default_days=730,
        starts=_("the event is recorded"),
        action=_("deleted"),
    ),
)

RETENTION_KEYS = frozenset(kind.key for kind in RETENTION)


def retention_days(key: str) -> int:
    """The retention period in force for one kind of record (PRIMA_RETENTION_<KIND>_DAYS)."""
    from django.conf import settings

    if key not in RETENTION_KEYS:
        raise KeyError(key)
    return int(settings.PRIMA_RETENTION_DAYS[key])


def retention_kind(key: str) -> RetentionKind:
    for kind in RETENTION:
        if kind.key == key:
            return kind
    raise KeyError(key)


# --- The processing register (UU PDP art. 31) --------------------------------------------------
GENERAL = "general"
SPECIFIC = "specific"
POSSIBLY_SPECIFIC = "possibly_specific"

CATEGORY_LABELS: dict[str, str | Promise] = {
    GENERAL: _("general"),
    SPECIFIC: _("specific"),
    POSSIBLY_SPECIFIC: _("possibly specific (free text or files)"),
}

PUBLIC_SERVICE_BASIS = _(
    "Carrying out a public service and the agency's legal authority: UU 25/2009 on public "
    "service and UU 27/2022 art. 20(2)(e)"
)

STORAGE = _(
    "The agency's own Prima server and its backups, in Indonesia (PP 71/2019); no foreign "
    "service receives the data"
)

SECURITY = _(
    "Encrypted connection (HTTPS); staff accounts with two-factor sign-in; access limited by "
    "role and agency, every refusal recorded; exports neutralised against formula injection; "
    "record history and a security log; backups restored in a monthly drill"
)


@dataclass(frozen=True)
class Activity:
    key: str
    name: str | Promise
    purpose: str | Promise
    basis: str | Promise
    subjects: str | Promise
    recipients: str | Promise
    # Retention kinds (RETENTION keys) whose periods apply; `retention_note` says what happens
    # to records no kind covers.
    retention: tuple[str, ...] = ()
    retention_note: str | Promise = ""
    # Large-scale systematic evaluation (UU PDP art. 34): a DPIA is due.
    dpia: bool = False


ACTIVITIES: tuple[Activity, ...] = (
    Activity(
        key="complaint_handling",
        name=_("Complaint handling"),
        purpose=_(
            "Receiving, handling and answering complaints about public services, and "
            "telling the complainant what was done"
        ),
        basis=_(
            "Carrying out a public service: UU 25/2009 arts. 36 and 40, Perpres 76/2013 "
            "(SP4N-LAPOR!) and UU 27/2022 art. 20(2)(e)"
        ),
        subjects=_("Complainants (anyone, including children); people named in a complaint"),
        recipients=_(
            "The complaint coordinator of the agency concerned sees the name and "
            "contact, every look recorded; handling officers see the complaint without "
            "them; the public sees a published complaint without any name"
        ),
        retention=("complainant_identity", "closed_complaints", "uploads"),
    ),
    Activity(
        key="skm",
        name=_("Community satisfaction survey (SKM)"),
        purpose=_(
            "Measuring the satisfaction index (IKM) of each service and describing who "
            "answered, by sex, age, education and occupation"
        ),
        basis=_(
            "Carrying out a public service: UU 25/2009, PermenPANRB 14/2017 and UU 27/2022 "
            "art. 20(2)(e)"
        ),
        subjects=_("Service users who answer the survey (possibly children)"),
        recipients=_(
            "The unit and its agency see answers without names; the public and the "
            "ministry see totals only"
        ),
        retention=("survey_profiles", "survey_suggestions"),
        dpia=True,
    ),
    Activity(
        key="consultation_forums",
        name=_("Public consultation forums"),
        purpose=_(
            "Recording who took part in a public consultation forum on a service standard "
            "and the forum's minutes"
        ),
        basis=_(
            "Carrying out a public service: UU 25/2009 art. 20, PermenPANRB 16/2017 and "
            "UU 27/2022 art. 20(2)(e)"
        ),
        subjects=_("Forum participants and chairs; people in the forum's photos"),
        recipients=_(
            "The unit's and agency's staff; the minutes, published with the standard, "
            "list the participants"
        ),
        retention=("participants",),
    ),
    Activity(
        key="coaching",
        name=_("Technical guidance (bimtek)"),
        purpose=_(
            "Registering participants of guidance events, recording attendance and "
            "issuing certificates"
        ),
        basis=PUBLIC_SERVICE_BASIS,
        subjects=_("Staff of agencies and units who take part"),
        recipients=_("The event's organisers and the participant's own agency"),
        retention=("participants",),
    ),
    Activity(
        key="innovation",
        name=_("Public-service innovation"),
        purpose=_(
            "Keeping the registry of innovations and their teams, and handling "
            "objections to competition entries"
        ),
        basis=PUBLIC_SERVICE_BASIS,
        subjects=_("Innovation team members; people who send an objection"),
        recipients=_(
            "The agency's staff and the competition's jury; team names may be "
            "published with the innovation; an objector's contact only to the "
            "organisers"
        ),
        retention_note=_(
            "Kept as long as the innovation is in the registry (an archive record "
            "under the agency's archive retention schedule)"
        ),
    ),
    Activity(
        key="recognition",
        name=_("Staff recognition"),
        purpose=_("Nominating and choosing frontline staff for recognition"),
        basis=PUBLIC_SERVICE_BASIS,
        subjects=_("Nominated officers"),
        recipients=_(
            "The programme's committee and the nominating agency; winners' names are published"
        ),
        retention_note=_(
            "Kept with the programme's records (an archive record under the "
            "agency's archive retention schedule)"
        ),
    ),
    Activity(
        key="pekppp",
        name=_("Evaluation of public-service units (PEKPPP)"),
        purpose=_(
            "Evaluating and scoring units' public-service performance, with evidence and "
            "signed results"
        ),
        basis=_("Carrying out a public service: UU 25/2009 art. 7 and UU 27/2022 art. 20(2)(e)"),
        subjects=_("Unit heads and staff named in evidence; officials who sign the results"),
        recipients=_(
            "The evaluated unit's agency, the evaluators and the ministry; results "
            "published per unit, without personal data"
        ),
        retention_note=_(
            "Kept with the evaluation cycle (an archive record under the agency's "
            "archive retention schedule)"
        ),
        dpia=True,
    ),
    Activity(
        key="public_officials",
        name=_("Officials in the registry and on issued documents"),
        purpose=_(
            "Naming the head of each unit and the officials who sign standards, "
            "maklumat, certificates and minutes, as public-service information"
        ),
        basis=_(
            "Legal obligation and public service: UU 25/2009 art. 21 and UU 27/2022 art. "
            "20(2)(c) and (e)"
        ),
        subjects=_("Unit heads, signing officials, recipients named on documents"),
        recipients=_("The public (published with the unit and the document)"),
        retention_note=_(
            "Kept while the record is current; earlier versions in the record history"
        ),
    ),
    Activity(
        key="staff_accounts",
        name=_("Staff accounts"),
        purpose=_(
            "Signing staff in, knowing which agency each may act for, and sending them notices"
        ),
        basis=_("The agency's legal authority to run its systems: UU 27/2022 art. 20(2)(e)"),
        subjects=_("Staff of agencies, units and the ministry"),
        recipients=_(
            "The staff member, their agency's administrators and the national administrators"
        ),
        retention_note=_(
            "Kept while the account exists; a closed account is deactivated, not "
            "deleted, so that its records keep their author"
        ),
    ),
    Activity(
        key="security_log",
        name=_("Security log"),
        purpose=_(
            "Recording sign-ins, refusals and every look at a complainant's identity, to "
            "detect and investigate misuse (UU 27/2022 art. 35)"
        ),
        basis=_("Legal obligation to keep personal data secure: UU 27/2022 arts. 20(2)(c) and 35"),
        subjects=_("Staff; anyone who tries to sign in"),
        recipients=_("The agency's administrators (their agency) and the national administrators"),
        retention=("security_log",),
    ),
    Activity(
        key="messaging",
        name=_("SMS and WhatsApp"),
        purpose=_("Receiving complaints and survey answers by message and replying to them"),
        basis=PUBLIC_SERVICE_BASIS,
        subjects=_("People who write to the agency's number or receive a survey invitation"),
        recipients=_(
            "Complaint coordinators of the agency the message concerns; the message "
            "provider the agency contracted, as processor"
        ),
        retention=("complainant_identity",),
        retention_note=_("Phone numbers are kept while a conversation or complaint refers to them"),
    ),
)

ACTIVITY_KEYS = frozenset(activity.key for activity in ACTIVITIES)


def activity(key: str) -> Activity:
    for item in ACTIVITIES:
        if item.key == key:
            return item
    raise KeyError(key)


def _fields(activity_key: str, category: str, *names: str) -> dict[str, tuple[str, str]]:
    return {name: (activity_key, category) for name in names}


# "app_label.Model.field" -> (activity key, category). The historical copy of a model
# (django-simple-history) is covered by its model's line.
PERSONAL_FIELDS: dict[str, tuple[str, str]] = {
    **_fields(
        "complaint_handling",
        GENERAL,
        "complaints.Identity.name",
        "complaints.Identity.email",
        "complaints.Identity.phone",
        "complaints.Identity.address",
        "complaints.Complaint.location",
        "complaints.Complaint.latitude",
        "complaints.Complaint.longitude",
    ),
    **_fields(
        "complaint_handling",
        POSSIBLY_SPECIFIC,
        "complaints.Complaint.title",
        "complaints.Complaint.description",
        "complaints.Attachment.file",
    ),
    **_fields(
        "skm",
        GENERAL,
        "surveys.SurveyResponse.sex",
        "surveys.SurveyResponse.age",
        "surveys.SurveyResponse.education",
        "surveys.SurveyResponse.occupation",
        "surveys.SurveyResponse.device_digest",
    ),
    **_fields("skm", POSSIBLY_SPECIFIC, "surveys.SurveyResponse.suggestion"),
    **_fields(
        "consultation_forums",
        GENERAL,
        "standards.Participant.name",
        "standards.Participant.organisation",
        "standards.Forum.chair",
        "standards.Forum.chair_nip",
        "standards.ForumPhoto.image",
    ),
    **_fields(
        "coaching",
        GENERAL,
        "coaching.Participant.name",
        "coaching.Participant.position",
        "coaching.Participant.unit_name",
        "coaching.Participant.email",
    ),
    **_fields(
        "innovation",
        GENERAL,
        "innovation.TeamMember.name",
        "innovation.TeamMember.position",
        "innovation.Objection.name",
        "innovation.Objection.contact",
    ),
    **_fields("innovation", POSSIBLY_SPECIFIC, "innovation.Objection.text"),
    **_fields(
        "recognition",
        GENERAL,
        "recognition.Nomination.staff_name",
        "recognition.Nomination.staff_nip",
        "recognition.Nomination.staff_position",
        "recognition.EvidenceFile.file",
    ),
    **_fields("recognition", POSSIBLY_SPECIFIC, "recognition.Nomination.reasons"),
    **_fields(
        "pekppp",
        GENERAL,
        "evaluation.Cycle.signer_name",
        "evaluation.Cycle.signer_nip",
        "evaluation.Evidence.file",
        "evaluation.Contest.attachment",
        "evaluation.ActionItem.evidence",
    ),
    **_fields(
        "public_officials",
        GENERAL,
        "registry.ServiceUnit.head_name",
        "registry.ServiceUnit.head_position",
        "registry.ServiceUnit.head_nip",
        "standards.ServiceStandard.signer_name",
        "standards.Maklumat.signer_name",
        "coaching.Event.signatory_name",
        "coaching.Event.signatory_nip",
        "documents.IssuedDocument.recipient",
        "standards.ServiceStandard.signer_position",
        "standards.Maklumat.signer_position",
        "standards.Forum.chair_position",
        "coaching.Event.signatory_position",
        "evaluation.Cycle.signer_position",
    ),
    **_fields(
        "staff_accounts",
        GENERAL,
        "accounts.User.username",
        "accounts.User.email",
        "accounts.User.full_name",
        "accounts.User.phone",
        "accounts.User.nip",
        "jobs.Mail.to",
        "jobs.Mail.cc",
        "jobs.Mail.bcc",
    ),
    **_fields(
        "security_log",
        GENERAL,
        "accounts.AuditEvent.username",
        "accounts.AuditEvent.ip",
        "accounts.AuditEvent.user_agent",
    ),
    **_fields(
        "messaging",
        GENERAL,
        "messaging.Contact.number",
        "messaging.Inbound.contact",
        "messaging.Outbound.contact",
        "messaging.Conversation.contact",
        "messaging.ComplaintContact.contact",
    ),
    **_fields("messaging", POSSIBLY_SPECIFIC, "messaging.Inbound.text"),
}


# Labels for personal fields whose model gives no translated verbose_name (setting one there
# would need a migration): the register and /privasi/ show these instead.
FIELD_LABELS: dict[str, str | Promise] = {
    "surveys.SurveyResponse.device_digest": _("device digest (not the device itself)"),
    "accounts.AuditEvent.user_agent": _("browser name and version (user agent)"),
}


def _not(reason: str, *names: str) -> dict[str, str]:
    return {name: reason for name in names}


# Fields whose name or type looks personal but which hold no personal data, with the reason
# (developer-facing: the register does not show them).
NOT_PERSONAL: dict[str, str] = {
    **_not(
        "the name of a place, an organisation, a service or a thing",
        "registry.Region.name",
        "registry.CoordinationRegion.name",
        "registry.Agency.name",
        "registry.ServiceUnit.name",
        "registry.Service.name",
        "surveys.SurveyPeriod.name",
        "surveys.Kiosk.name",
        "standards.FacilityType.name",
        "complaints.Category.name",
        "complaints.ClockPolicy.name",
        "complaints.CalendarDay.name",
        "innovation.Measure.name",
        "innovation.Group.name",
        "innovation.Category.name",
        "innovation.Criterion.name",
        "recognition.Programme.name",
        "mpp.Tenant.name",
        "evaluation.Cycle.name",
        "insights.FiguresMark.name",
        "accounts.ApiToken.name",
    ),
    **_not(
        "an office's published address and contact, not a person's",
        "registry.Agency.address",
        "registry.Agency.email",
        "registry.Agency.phone",
        "registry.ServiceUnit.address",
        "registry.ServiceUnit.phone",
        "registry.ServiceUnit.email",
        "jobs.Mail.from_email",
    ),
    **_not(
        "a digest of a secret or of a device enrolled by staff, not of a person",
        "accounts.ApiToken.digest",
        "surveys.Kiosk.enrolment_digest",
        "surveys.Kiosk.device_digest",
        "surveys.SurveyInvitation.token_digest",
    ),
    **_not(
        "an institutional document or picture (logo, decree, flowchart, material, report, "
        "agreement, evidence of an innovation, a facility's photo)",
        "registry.Agency.logo",
        "jobs.Export.file",
        "standards.ServiceStandard.flowchart",
        "standards.ServiceStandard.decree_file",
        "standards.Maklumat.file",
        "standards.UnitFacility.photo",
        "innovation.Innovation.decree_file",
        "innovation.InnovationFile.file",
        "innovation.SustainabilityReport.file",
        "innovation.Replication.agreement_file",
        "innovation.SubmissionAnswer.evidence",
        "mpp.Mpp.legal_basis_file",
        "mpp.Tenant.agreement_file",
        "mpp.DigitalCriterion.evidence_file",
        "coaching.Material.file",
        "coaching.ProgressReport.file",
    ),
    **_not(
        "a number, a flag or an age limit, not a person's data",
        "innovation.Group.min_age_months",
        "mpp.CounterDay.staff",
        "accounts.User.is_staff",
        "coaching.Participant.certificate_number",
        "documents.IssuedDocument.number",
        "innovation.Award.decree_number",
        "innovation.Competition.award_decree_number",
        "innovation.Innovation.decree_number",
        "mpp.Tenant.agreement_number",
        "recognition.Decision.decree_number",
        "registry.Agency.document_number_pattern",
        "standards.ServiceStandard.decree_number",
    ),
}


# --- Privacy notices on the forms that collect personal data -----------------------------------
@dataclass(frozen=True)
class CollectionPoint:
    key: str
    activity: str
    # What this form collects, in words.
    collects: str | Promise
    # Anything else the person should know here (e.g. the anonymous mode).
    note: str | Promise = ""


COLLECTION_POINTS: dict[str, CollectionPoint] = {
    point.key: point
    for point in (
        CollectionPoint(
            key="complaint",
            activity="complaint_handling",
            collects=_(
                "your report and its attachment; with your name or anonymously, the "
                "name, e-mail, phone and address you give"
            ),
            note=_(
                "Without name or contact, nothing about you is collected: keep the tracking "
                "code to follow your report. Do not write health, criminal or financial "
                "details unless the complaint needs them."
            ),
        ),
        CollectionPoint(
            key="survey",
            activity="skm",
            collects=_(
                "your answers; if you give them, your sex, age, education and "
                "occupation (never your name); a digest of your device to count one "
                "answer a day"
            ),
        ),
        CollectionPoint(
            key="forum_participants",
            activity="consultation_forums",
            collects=_("participants' names, organisations and the group they represent"),
        ),
        CollectionPoint(
            key="coaching_registration",
            activity="coaching",
            collects=_("the participant's name, position, unit and e-mail"),
        ),
        CollectionPoint(
            key="innovation_team",
            activity="innovation",
            collects=_("team members' names, roles and positions"),
        ),
        CollectionPoint(
            key="recognition_nomination",
            activity="recognition",
            collects=_(
                "the nominated officer's name, NIP and position, the reasons and any evidence"
            ),
        ),
        CollectionPoint(
            key="staff_profile",
            activity="staff_accounts",
            collects=_("your name, e-mail, phone and NIP"),
        ),
    )
}


def dpo() -> dict[str, str]:
    """The data-protection officer's name, e-mail and phone (PRIMA_DPO_*; UU PDP art. 53)."""
    from django.conf import settings

    return {
        "name": settings.PRIMA_DPO_NAME,
        "email": settings.PRIMA_DPO_EMAIL,
        "phone": settings.PRIMA_DPO_PHONE,
    }
