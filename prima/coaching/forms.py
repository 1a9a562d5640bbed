"""Forms of the coaching pages. Choices that depend on who is asking are passed in by the view
from prima.coaching.access and queries."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from prima.coaching.models import (
    ANSWER_MAX,
    EMAIL_MAX,
    LINK_MAX,
    NOTE_MAX,
    REPORT_MAX,
    TASK_DETAILS_MAX,
    Event,
    Feedback,
    FollowUpTask,
    Question,
    Topic,
)
from prima.lib.forms import DateInput, Form, ModelForm
from prima.lib.officials import NipField, format_nip
from prima.lib.uploads import PDF, UploadField
from prima.registry.models import Agency, CoordinationRegion, Region, ServiceUnit
from prima.standards.models import ServiceStandard
from prima.surveys.models import FollowUpAction, SurveyPeriod


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _with_zone(region: Region) -> str:
    """'Maluku (WIT)': a province with the time zone its events keep."""
    return f"{region.name} ({region.timezone})"


class EventForm(ModelForm):
    """An event. Its times are typed and shown by its own clock: the zone of the province it
    is held in, else of the organising province (Event.zone)."""

    organiser = forms.ChoiceField(label=_("Organiser"))
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "mode",
            "meeting_link",
            "location",
            "venue_province",
            "starts_at",
            "ends_at",
            "agenda",
            "description",
            "issuing_agency",
            "signatory_name",
            "signatory_position",
            "signatory_nip",
            "signing_place",
        ]
        labels = {"venue_province": _("Province where it is held")}
        help_texts = {
            "venue_province": _(
                "For an online event, the province of its participants. Required when a "
                "coordination region organises it; otherwise empty means the organising "
                "province."
            ),
            "starts_at": _(
                "In the time zone of the province where it is held (WIB, WITA or WIT): "
                "09:00 for an event in Ambon is 09:00 WIT, wherever you type it."
            ),
        }
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    # The certificates' signatory: the NIP typed as printed (19800101 200501 1 001) or bare.
    signatory_nip = NipField()

    field_order = ["title", "kind", "organiser", "venue_province", "topics", "mode"]

    def __init__(
        self,
        *args: Any,
        wilayah: QuerySet[CoordinationRegion],
        provinces: QuerySet[Region],
        issuers: QuerySet[Agency],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signatory_nip"].label = capfirst(
            Event._meta.get_field("signatory_nip").verbose_name
        )
        issuing: Any = self.fields["issuing_agency"]
        issuing.empty_label = "—"
        # The agency already chosen stays a choice for whoever edits the event next.
        issuing.queryset = (
            issuers | Agency.objects.filter(pk=self.instance.issuing_agency_id)
        ).distinct()
        for name in ("starts_at", "ends_at"):
            field: Any = self.fields[name]
            field.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        venue: Any = self.fields["venue_province"]
        venue.queryset = Region.objects.filter(
            level=Region.Level.PROVINCE, is_active=True
        ).order_by("name")
        venue.label_from_instance = _with_zone
        venue.empty_label = "—"
        choices: list[tuple[str, Any]] = []
        if wilayah.exists():
            choices.append(
                (
                    str(_("The ministry's coordination regions")),
                    [(f"w:{w.pk}", w.name) for w in wilayah],
                )
            )
        choices.append((str(_("Provinces")), [(f"p:{p.pk}", _with_zone(p)) for p in provinces]))
        organiser: Any = self.fields["organiser"]
        organiser.choices = [("", "—"), *choices]
        event = self.instance
        if event.pk:
            self.initial["organiser"] = (
                f"w:{event.coordination_region_id}"
                if event.coordination_region_id
                else f"p:{event.province_id}"
            )
            self.initial["topics"] = event.topic_codes
            self.initial["signatory_nip"] = format_nip(event.signatory_nip)
            # Shown as typed: by the event's clock, not the server's.
            for name, label in (("starts_at", _("Starts")), ("ends_at", _("Ends"))):
                self.initial[name] = timezone.make_naive(getattr(event, name), event.zoneinfo)
                self.fields[name].label = f"{label} ({event.zone})"

    def organiser_fields(self) -> dict[str, Any]:
        kind, _sep, key = self.cleaned_data["organiser"].partition(":")
        if kind == "w":
            return {"coordination_region": CoordinationRegion.objects.get(pk=key), "province": None}
        return {"coordination_region": None, "province": Region.objects.get(pk=key)}

    def _zone_region(self, data: dict[str, Any]) -> Region | None:
        """The province whose clock the event keeps, from what was chosen."""
        if data.get("venue_province"):
            return data["venue_province"]  # type: ignore[no-any-return]
        kind, _sep, key = (data.get("organiser") or "").partition(":")
        if kind == "p":
            return Region.objects.filter(pk=key).first()
        if kind == "w":
            self.add_error(
                "venue_province",
                _(
                    "Choose the province where the event is held (for an online event, the "
                    "province of its participants): its times are in that province's time "
                    "zone."
                ),
            )
        return None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        region = self._zone_region(data)
        if region is not None:
            # The browser sends the time as typed; Django read it by the server's clock.
            zone = region.zoneinfo
            for name in ("starts_at", "ends_at"):
                if data.get(name):
                    data[name] = timezone.make_aware(timezone.make_naive(data[name]), zone)
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The event cannot end before it starts."))
        return data


class InviteForm(Form):
    coordination_regions = forms.ModelMultipleChoiceField(
        label=_("Every regional government in"),
        queryset=CoordinationRegion.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    provinces = forms.ModelMultipleChoiceField(
        label=_("Every regional government in these provinces"),
        queryset=Region.objects.none(),
        required=False,
        help_text=_("The province's government and its regencies and cities."),
    )
    agencies = forms.ModelMultipleChoiceField(
        label=_("And these agencies"),
        queryset=Agency.objects.none(),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        wilayah: QuerySet[CoordinationRegion],
        provinces: QuerySet[Region],
        agencies: QuerySet[Agency],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coordination_regions"].queryset = wilayah  # type: ignore[attr-defined]
        self.fields["provinces"].queryset = provinces  # type: ignore[attr-defined]
        self.fields["agencies"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["provinces"].widget.attrs["size"] = 6
        self.fields["agencies"].widget.attrs["size"] = 6

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(name) for name in ("coordination_regions", "provinces", "agencies")):
            raise forms.ValidationError(_("Choose a region, a province or an agency to invite."))
        return data


class MaterialForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = UploadField(label=_("File"), kinds=(PDF,), required=False)
    link = forms.URLField(
        label=_("Or a link"),
        required=False,
        max_length=LINK_MAX,
        help_text=_("Slides online, a recording, a regulation on the JDIH site."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not data.get("link") and not self.errors:
            raise forms.ValidationError(_("Add a file or a link."))
        return data


class RegisterForm(Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    name = forms.CharField(label=_("Full name"), max_length=150)
    position = forms.CharField(
        label=_("Position"), max_length=150, help_text=_("E.g. Kepala Bagian Organisasi.")
    )
    unit = forms.ModelChoiceField(
        label=_("Service unit"), queryset=ServiceUnit.objects.none(), required=False
    )
    unit_name = forms.CharField(
        label=_("Or work unit"),
        max_length=200,
        required=False,
        help_text=_(
            "When the person's unit is not a service unit in Prima, e.g. Bagian Organisasi."
        ),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        max_length=EMAIL_MAX,
        help_text=_("Matches the person in the meeting tool's join list."),
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        if agencies.count() == 1:
            self.fields["agency"].initial = agencies.first()
        self.fields["unit"].queryset = (  # type: ignore[attr-defined]
            ServiceUnit.objects.filter(agency__in=agencies, is_active=True)
            .select_related("agency")
            .order_by("agency__name", "name")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("unit") and not (data.get("unit_name") or "").strip() and not self.errors:
            self.add_error("unit_name", _("Choose the service unit or write the work unit."))
        return data


class JoinListForm(Form):
    file = forms.FileField(
        label=_("Join list (CSV or XLSX)"),
        help_text=_(
            "The participant report of Zoom, Google Meet or Microsoft Teams: a column with the "
            "names, and e-mail and duration columns if there are any. Up to 2 MB."
        ),
    )
    min_minutes = forms.IntegerField(
        label=_("Minimum minutes present"),
        min_value=0,
        max_value=1440,
        initial=0,
        required=False,
        help_text=_("0 counts everyone in the list."),
    )

    MAX_BYTES = 2 * 1024 * 1024

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload


class QuestionForm(ModelForm):
    class Meta:
        model = Question
        fields = ["asked_by", "agency", "question", "answer", "answered_by", "topic"]
        widgets = {
            "question": forms.Textarea(attrs={"rows": 3}),
            "answer": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class AnswerForm(Form):
    answer = forms.CharField(
        label=_("Answer"), max_length=ANSWER_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    answered_by = forms.CharField(label=_("Answered by"), max_length=150, required=False)


class CheckInForm(Form):
    code = forms.CharField(
        label=_("Your participant code"),
        max_length=8,
        min_length=8,
        help_text=_("Eight letters and digits, given when you were registered."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


RATING_CHOICES = [(n, str(n)) for n in range(1, 6)]


class FeedbackForm(ModelForm):
    code = CheckInForm.base_fields["code"]

    class Meta:
        model = Feedback
        fields = ["usefulness", "speakers", "organisation", "applicability", "comment"]
        widgets = {name: forms.RadioSelect(choices=RATING_CHOICES) for name in Feedback.RATINGS} | {
            "comment": forms.Textarea(attrs={"rows": 3})
        }

    field_order = ["code"]


class TaskForm(Form):
    agencies = forms.ModelMultipleChoiceField(
        label=_("For these agencies"),
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Preselected: the agencies that attended."),
    )
    title = forms.CharField(
        label=_("Task"),
        max_length=200,
        help_text=_("E.g. Set the service standard of five services."),
    )
    description = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=TASK_DETAILS_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=[("", "—"), *Topic.choices], required=False)
    evidence = forms.ChoiceField(
        label=_("Evidence expected"), choices=FollowUpTask.Evidence.choices
    )
    target = forms.IntegerField(
        label=_("How many"),
        min_value=1,
        max_value=1000,
        initial=1,
        help_text=_("Records of that kind needed to report the task done."),
    )
    due_on = forms.DateField(label=_("Deadline"), widget=DateInput())

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies  # type: ignore[attr-defined]


class ReportForm(Form):
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    note = forms.CharField(
        label=_("What was done"), max_length=REPORT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    standard: Any = forms.ModelChoiceField(
        label=_("Service standard set"), queryset=ServiceStandard.objects.none(), required=False
    )
    survey_period: Any = forms.ModelChoiceField(
        label=_("Survey period with published results"),
        queryset=SurveyPeriod.objects.none(),
        required=False,
    )
    follow_up_action: Any = forms.ModelChoiceField(
        label=_("SKM follow-up action done"),
        queryset=FollowUpAction.objects.none(),
        required=False,
    )
    file = UploadField(label=_("Document"), kinds=(PDF,), required=False)
    link = forms.URLField(label=_("Link"), required=False, max_length=LINK_MAX)
    done = forms.BooleanField(
        label=_("The task is done"),
        required=False,
        help_text=_("The organiser then verifies it."),
    )

    def __init__(self, *args: Any, choices: dict[str, QuerySet[Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in choices.items():
            self.fields[name].queryset = queryset  # type: ignore[attr-defined]
        fields: dict[str, Any] = self.fields
        fields["standard"].label_from_instance = lambda s: (
            f"{s.service.name} — {s.service.unit.name} ({s.decree_date:%d-%m-%Y})"
        )
        fields["survey_period"].label_from_instance = lambda p: f"{p.unit.name} — {p.name}"
        fields["follow_up_action"].label_from_instance = lambda a: (
            f"{a.period.unit.name} — {a.action[:80]} ({a.completed_on:%d-%m-%Y})"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("done"):
            data["progress"] = 100
        return data


class NoteForm(Form):
    note = forms.CharField(
        label=_("Note"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


# A reason is kept in the record's history after a word saying what happened
# ("cancelled: …"), whose column holds 100 characters: 80 keeps every reason whole.
REASON_MAX = 80


class DeadlineForm(Form):
    due_on = forms.DateField(label=_("New deadline"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX)


class CancelForm(Form):
    reason = forms.CharField(label=_("Why is the event cancelled?"), max_length=REASON_MAX)
