"""Staff pages of breach response (docs/guide/privacy-breach.md): the incidents, open first
with their 3×24-hour countdown; the form; the detail; the report with its CSV of the people
concerned and the two PDF drafts. National administrators record and manage incidents; an
agency administrator reads those naming their agency, without the people. Every look at the
people (the report page and its CSV) is an "identity viewed" event in the security log."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from prima.accounts.access import deny
from prima.accounts.audit import record_event
from prima.accounts.models import AuditEvent, User
from prima.accounts.requests import AuthenticatedHttpRequest
from prima.accounts.scope import scope_for
from prima.lib import formats
from prima.lib.exports import dialect_of, stream_csv
from prima.lib.history import describe
from prima.privacy import breach, breach_documents
from prima.privacy.models import Incident, RecordKind
from prima.registry.models import Agency, ServiceUnit


# --- access ----------------------------------------------------------------------------------
def incidents_visible_to(user: User) -> QuerySet[Incident]:
    scope = scope_for(user)
    if scope.national_admin:
        return Incident.objects.all()
    if scope.admin_agency_ids:
        return Incident.objects.filter(
            Q(agencies__in=scope.admin_agency_ids) | Q(units__agency_id__in=scope.admin_agency_ids)
        ).distinct()
    return Incident.objects.none()


def get_incident_for_user(
    user: User, pk: int, *, write: bool = False, people: bool = False
) -> Incident:
    """An incident: national administrators read and change it and see the people it touched;
    an agency administrator reads one naming their agency; anyone else gets 404 (recorded)."""
    national = scope_for(user).national_admin
    if (write or people) and not national:
        deny(user, "privacy.incident", pk, write=write)
    incident = incidents_visible_to(user).filter(pk=pk).first()
    if incident is None:
        deny(user, "privacy.incident", pk, write=write)
    return incident


def require_national_admin(user: User, *, write: bool) -> None:
    if not scope_for(user).national_admin:
        deny(user, "privacy.incident", "new", write=write)


# --- form ------------------------------------------------------------------------------------
class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class IncidentForm(forms.ModelForm):  # type: ignore[type-arg]
    record_kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Kinds of records"),
        choices=RecordKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Incident
        fields = [
            "title",
            "what_happened",
            "how_discovered",
            "discovered_at",
            "started_at",
            "ended_at",
            "accounts",
            "agencies",
            "units",
            "record_kinds",
            "measures",
            "status",
            "notified_subjects_at",
            "notified_authority_at",
        ]
        widgets = {
            name: DateTimeInput()
            for name in (
                "discovered_at",
                "started_at",
                "ended_at",
                "notified_subjects_at",
                "notified_authority_at",
            )
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["accounts"].queryset = User.objects.order_by("username")  # type: ignore[attr-defined]
        self.fields["agencies"].queryset = Agency.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["units"].queryset = ServiceUnit.objects.order_by("name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        now = timezone.now()
        started, ended = data.get("started_at"), data.get("ended_at")
        discovered = data.get("discovered_at")
        for name in (
            "discovered_at",
            "started_at",
            "ended_at",
            "notified_subjects_at",
            "notified_authority_at",
        ):
            value = data.get(name)
            if value is not None and value > now:  # type: ignore[operator]
                self.add_error(name, _("This cannot be in the future."))
        if started and ended and ended <= started:  # type: ignore[operator]
            self.add_error("ended_at", _("The window must end after it starts."))
        if started and discovered and discovered < started:  # type: ignore[operator]
            self.add_error("discovered_at", _("A breach cannot be discovered before it began."))
        for name in ("notified_subjects_at", "notified_authority_at"):
            value = data.get(name)
            if value is not None and discovered and value < discovered:  # type: ignore[operator]
                self.add_error(name, _("A notice cannot be sent before the discovery."))
        if data.get("status") == Incident.Status.NOTIFIED and not (
            data.get("notified_subjects_at") or data.get("notified_authority_at")
        ):
            self.add_error("status", _("Give the time the notices were sent."))
        return data


# --- views -----------------------------------------------------------------------------------
def _rows(incidents: QuerySet[Incident]) -> list[tuple[Incident, object, bool]]:
    now = timezone.now()
    return [
        (
            incident,
            breach.notice_deadline(incident.discovered_at),
            breach.is_overdue(incident, now=now),
        )
        for incident in incidents
    ]


@login_required
@require_GET
def incident_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not (scope.national_admin or scope.admin_agency_ids):
        deny(request.user, "privacy.incident", "list", write=False)
    visible = incidents_visible_to(request.user)
    open_first = visible.annotate(
        closed=Case(
            When(status=Incident.Status.CLOSED, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    ).order_by("closed", "-discovered_at", "-pk")
    context = {
        "rows": _rows(open_first),
        "can_create": scope.national_admin,
    }
    return render(request, "privacy/incident_list.html", context)


@transaction.atomic
def _save(form: IncidentForm, user: User, *, created: bool) -> Incident:
    """Save the form's incident with its scope, the scope's names kept in the saved version
    (Incident.scope_saved) so the history shows how it changed."""
    incident = form.save(commit=False)
    if created:
        incident.created_by = user
    incident._history_user = user  # type: ignore[attr-defined]
    incident.scope_saved = breach.scope_snapshot(
        form.cleaned_data["accounts"], form.cleaned_data["agencies"], form.cleaned_data["units"]
    )
    incident.save()
    form.save_m2m()
    return incident


@login_required
@require_http_methods(["GET", "POST"])
def incident_create(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    require_national_admin(request.user, write=request.method == "POST")
    form = IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        incident = _save(form, request.user, created=True)
        messages.success(
            request,
            _("The incident is recorded. The notices are due by %(due)s.")
            % {"due": formats.moment(breach.notice_deadline(incident.discovered_at))},
        )
        return redirect("manage:privacy_incident", pk=incident.pk)
    return render(
        request,
        "prima/form_page.html",
        {
            "form": form,
            "title": _("Record an incident"),
            "intro": _(
                "The 3×24-hour notice period starts at the discovery. Record what is known now "
                "and complete it as you learn more."
            ),
            "cancel": reverse("manage:privacy_incidents"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def incident_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    incident = get_incident_for_user(request.user, pk, write=True)
    form = IncidentForm(request.POST or None, instance=incident)
    if request.method == "POST" and form.is_valid():
        incident = _save(form, request.user, created=False)
        messages.success(request, _("The incident is saved."))
        return redirect("manage:privacy_incident", pk=incident.pk)
    return render(
        request,
        "prima/form_page.html",
        {
            "form": form,
            "title": incident.title,
            "cancel": reverse("manage:privacy_incident", kwargs={"pk": incident.pk}),
        },
    )


@login_required
@require_GET
def incident_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    now = timezone.now()
    context = {
        "incident": incident,
        "deadline": breach.notice_deadline(incident.discovered_at),
        "overdue": breach.is_overdue(incident, now=now),
        "hours_left": int(breach.time_left(incident, now=now).total_seconds() // 3600),
        "kinds": [
            RecordKind(kind).label for kind in incident.record_kinds if kind in RecordKind.values
        ],
        "national": scope_for(request.user).national_admin,
        # Every save, field by field, the scope (accounts, agencies, units) included.
        "changes": describe(
            incident.history.select_related("history_user")[:20]  # type: ignore[attr-defined]
        ),
    }
    return render(request, "privacy/incident_detail.html", context)


def _log_people_view(user: User, incident: Incident, what: str) -> None:
    record_event(
        AuditEvent.Kind.IDENTITY_VIEWED, actor=user, target=incident, detail={"breach_report": what}
    )


@login_required
@require_GET
def incident_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    incident = get_incident_for_user(request.user, pk, people=True)
    report = breach.build_report(incident)
    fmt = request.GET.get("format", "")
    if fmt == "csv":
        _log_people_view(request.user, incident, "csv")
        return stream_csv(
            f"insiden-{incident.pk}-subjek.csv",
            breach.csv_header(),
            breach.csv_rows(report),
            dialect=dialect_of(request.GET),
        )
    if fmt in ("authority", "letter"):
        build = (
            breach_documents.authority_notice_pdf
            if fmt == "authority"
            else breach_documents.subject_letter_pdf
        )
        name = "pemberitahuan-lembaga" if fmt == "authority" else "surat-subjek"
        response = HttpResponse(build(report), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="insiden-{incident.pk}-{name}.pdf"'
        return response
    _log_people_view(request.user, incident, "page")
    labels = breach.SUBJECT_LABELS
    context = {
        "incident": incident,
        "report": report,
        "per_kind": [(labels[kind], count) for kind, count in report.per_kind()],
        "per_field": [
            (labels[kind], breach.field_label(name), count)
            for kind, name, count in report.per_field()
        ],
        "people": [
            (labels[subject.kind], subject, sorted(breach.field_label(n) for n in subject.fields))
            for subject in report.people()
        ],
        "downloads": [
            {"at": e.at, "username": e.username, "label": breach.download_label(e)}
            for e in report.downloads
        ],
    }
    return render(request, "privacy/incident_report.html", context)
