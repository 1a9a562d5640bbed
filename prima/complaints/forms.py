"""Forms of the complaints module: the citizen's form (also used by staff for walk-in, phone
and letter complaints), tracking, and the handling steps."""

from __future__ import annotations

import secrets
import time
from typing import Any

from django import forms
from django.core import signing
from django.forms.boundfield import BoundWidget
from django.utils.translation import gettext_lazy as _

from prima.complaints import tokens
from prima.complaints.models import (
    CalendarDay,
    Category,
    Channel,
    ClockPolicy,
    Complaint,
    Kind,
    ResponseTemplate,
)
from prima.lib.forms import CountedCharField, CountedTextarea, Form
from prima.lib.uploads import IMAGE, PDF, UploadField
from prima.registry.models import Agency, Service, ServiceUnit
from prima.surveys.models import ELEMENT_KEYS
from prima.surveys.questionnaire import ELEMENTS

TOKEN_SALT = "prima.complaints.form"


def issue_token() -> str:
    return signing.dumps({"t": time.time(), "n": secrets.token_urlsafe(16)}, salt=TOKEN_SALT)


def read_token(value: str) -> dict[str, Any] | None:
    try:
        data = signing.loads(value, salt=TOKEN_SALT, max_age=7 * 24 * 3600)
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) else None


class ComplaintDetailsForm(Form):
    """What a complaint says and who sent it, with the same limits and messages at every door:
    the citizen's web form and staff entry (`ComplaintForm`), Open311 and the importer
    (prima.complaints.open311, prima.complaints.importing) bind their values to this form.

    The limits are the database's (an Open311 POST once reached it with a 5,000-character name
    and answered 500) and the web form's (a description of at most 5,000 characters, stated
    under the box and never cut silently: `CountedCharField`). A location is a latitude and a
    longitude together, finite and in range; the web form does not ask for one. Each message
    says what to do.
    """

    kind = forms.ChoiceField(
        label=_("Type"),
        choices=Kind.choices,
        initial=Kind.COMPLAINT,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a complaint, a suggestion or a request for information."),
            "invalid_choice": _("Choose a complaint, a suggestion or a request for information."),
        },
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        min_length=5,
        help_text=_("A few words, for example: KTP-el not ready after three weeks."),
        error_messages={
            "required": _("Give your report a title of a few words."),
            "min_length": _("Make the title at least %(limit_value)s characters long."),
            "max_length": _("Shorten the title to at most %(limit_value)s characters."),
        },
    )
    description = CountedCharField(
        label=_("What happened"),
        min_length=20,
        max_length=5000,
        widget=CountedTextarea(attrs={"rows": 6}),
        help_text=_("What, where, when, who was involved and what you expect."),
        error_messages={
            "required": _("Describe what happened."),
            "min_length": _(
                "Describe what happened in at least %(limit_value)s characters: what, where "
                "and when."
            ),
        },
    )
    incident_date = forms.DateField(
        label=_("When it happened (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Give the date as day, month and year, or leave it empty.")},
    )
    location = forms.CharField(
        label=_("Where it happened (optional)"),
        max_length=300,
        required=False,
        error_messages={
            "max_length": _("Shorten the place to at most %(limit_value)s characters."),
        },
    )
    latitude = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90, required=False)
    longitude = forms.FloatField(
        label=_("Longitude"), min_value=-180, max_value=180, required=False
    )
    is_anonymous = forms.BooleanField(
        label=_("Anonymous: hide who I am from the unit and the public"), required=False
    )
    is_secret = forms.BooleanField(
        label=_("Secret: my report is not shown to the public"), required=False
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "max_length": _("Shorten your name to at most %(limit_value)s characters."),
        },
    )
    email = forms.EmailField(
        label=_("E-mail"),
        # The stored field's length (Django's form field would allow 320).
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": _("Give an e-mail address like nama@contoh.id, or leave it empty."),
            "max_length": _("Shorten the e-mail address to at most %(limit_value)s characters."),
        },
    )
    phone = forms.CharField(
        label=_("Phone or WhatsApp number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        error_messages={
            "max_length": _("Shorten the phone number to at most %(limit_value)s characters."),
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None) and not (
            self.has_error("latitude") or self.has_error("longitude")
        ):
            missing = "longitude" if longitude is None else "latitude"
            self.add_error(missing, _("Give the latitude and the longitude together."))
        return data

    def filing(self) -> dict[str, Any]:
        """The checked details as `actions.file_complaint` takes them."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "title": data["title"],
            "description": data["description"],
            "incident_date": data.get("incident_date"),
            "location": data["location"],
            "latitude": data.get("latitude"),
            "longitude": data.get("longitude"),
            "is_anonymous": data["is_anonymous"],
            "is_secret": data["is_secret"],
            "identity": {"name": data["name"], "email": data["email"], "phone": data["phone"]},
        }


# Who may know who reported, and who may read the report: LAPOR!'s *Anonim* hides who
# reported from the office reported and the public (the coordinator still holds the identity,
# to verify and to reach them); *Rahasia* keeps the report itself off public pages and open
# data. Neither hides the report from the agency handling it (docs/regulations.md §C1.3).
# The web form asks both as plain choices; giving no identity at all is the third way of
# asking for anonymity.
NAMED, ANONYMOUS, NO_IDENTITY = "named", "anonymous", "none"
IDENTITY_CHOICES = [
    (NAMED, _("With my name")),
    (ANONYMOUS, _("Anonymous (Anonim)")),
    (NO_IDENTITY, _("Without name or contact")),
]
IDENTITY_HINTS = {
    NAMED: _(
        "The officers handling your report may see your name and contact you. The public "
        "never sees it."
    ),
    ANONYMOUS: _(
        "Only the agency's complaint coordinator sees your name and contact, to check your "
        "report and reach you. The office you report and the public never learn who you are."
    ),
    NO_IDENTITY: _(
        "You give no name and no contact. No one can reach you; you follow your report with "
        "its tracking code."
    ),
}
PUBLIC, SECRET = "public", "secret"
VISIBILITY_CHOICES = [
    (PUBLIC, _("Public, without my name")),
    (SECRET, _("Secret (Rahasia)")),
]
VISIBILITY_HINTS = {
    PUBLIC: _(
        "Anyone may read what you reported, never who sent it, so that others see the "
        "problems reported and what was done."
    ),
    SECRET: _("Your report is never shown to the public. Only the officers handling it read it."),
}
KIND_HINTS = {
    Kind.COMPLAINT: _("Something went wrong: a delay, an unofficial fee, an unhelpful officer."),
    Kind.ASPIRATION: _("An idea to make a service better."),
    Kind.INFORMATION: _("A question about a service: its requirements, cost or time."),
}


class ChoiceCards(forms.RadioSelect):
    """Radio buttons the page draws as large cards, each with its explanation below it: each
    button is described by its explanation (`<id>_hint`, written by the page)."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        if option["attrs"].get("id"):
            option["attrs"]["aria-describedby"] = f"{option['attrs']['id']}_hint"
        return option


class ComplaintForm(ComplaintDetailsForm):
    """What a citizen tells; the unit (and service) come from the page when it is a unit's
    form, else the citizen names only the agency and its coordinator routes it.

    Who may know who they are and who may read the report are two plain choices
    (`identity`, `visibility`) rather than two checkboxes; what each choice needs is checked
    here: a name and a way to reach them with their name, a way to reach them when
    anonymous, and nothing kept of what was typed when they chose to give nothing (all
    three fields show without CSS, with a line saying which choice needs which)."""

    field_order = [
        "kind",
        "agency",
        "service",
        "category",
        "title",
        "description",
        "incident_date",
        "location",
        "attachment",
        "visibility",
        "identity",
        "name",
        "email",
        "phone",
        "website",
        "token",
    ]

    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        empty_label=_("Choose the agency"),
        help_text=_("Not sure which office? Choose the government; it will route your report."),
        error_messages={
            "required": _("Choose the agency or government your report is about."),
            "invalid_choice": _("Choose an agency from the list."),
        },
    )
    service = forms.ModelChoiceField(
        label=_("Service (if you know it)"),
        queryset=Service.objects.none(),
        required=False,
        empty_label=_("Choose the service, if you know it"),
        error_messages={"invalid_choice": _("Choose a service from the list.")},
    )
    category = forms.ModelChoiceField(
        label=_("Category (optional)"),
        queryset=Category.objects.filter(is_active=True),
        required=False,
        empty_label=_("Choose a category"),
        error_messages={"invalid_choice": _("Choose a category from the list.")},
    )
    # The web form asks for a place in words only, and the two flags as plain choices.
    latitude = None  # type: ignore[assignment]
    longitude = None  # type: ignore[assignment]
    is_anonymous = None  # type: ignore[assignment]
    is_secret = None  # type: ignore[assignment]
    visibility = forms.ChoiceField(
        label=_("Who may read your report?"),
        choices=VISIBILITY_CHOICES,
        widget=ChoiceCards,
        error_messages={
            "required": _("Choose whether the public may read your report."),
            "invalid_choice": _("Choose whether the public may read your report."),
        },
    )
    identity = forms.ChoiceField(
        label=_("Who may know who you are?"),
        choices=IDENTITY_CHOICES,
        widget=ChoiceCards,
        error_messages={
            "required": _("Choose who may know who you are."),
            "invalid_choice": _("Choose who may know who you are."),
        },
    )
    attachment = UploadField(
        kinds=(IMAGE, PDF), label=_("Photo or document (optional)"), required=False
    )
    # Anti-automation: a field people do not see, and a signed token with the time the form
    # was drawn (also the idempotency key of the submission).
    website = forms.CharField(
        required=False,
        max_length=200,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        unit: ServiceUnit | None = None,
        staff: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        if unit is not None:
            del self.fields["agency"]
            self.fields["service"].queryset = unit.services.filter(is_active=True)  # type: ignore[attr-defined]
        else:
            del self.fields["service"]
            self.fields["agency"].queryset = Agency.objects.filter(is_active=True).order_by("name")  # type: ignore[attr-defined]
        if not staff:
            self.fields["kind"].widget = ChoiceCards(choices=Kind.choices)
        if staff:
            self.fields["channel"] = forms.ChoiceField(
                label=_("Received by"),
                choices=[
                    (c.value, c.label) for c in (Channel.WALK_IN, Channel.PHONE, Channel.LETTER)
                ],
            )
            for name in ("website", "token"):
                del self.fields[name]
            # Staff pages draw the form plainly: the explanations go in the hints.
            for name, hints in (("visibility", VISIBILITY_HINTS), ("identity", IDENTITY_HINTS)):
                field = self.fields[name]
                field.widget = forms.RadioSelect(choices=field.choices)  # type: ignore[attr-defined]
                field.help_text = " ".join(
                    f"{label}: {hints[value]}"
                    for value, label in field.choices  # type: ignore[attr-defined]
                )
        if not self.is_bound and "token" in self.fields:
            self.initial["token"] = issue_token()

    def cards(self, name: str) -> list[tuple[BoundWidget, str]]:
        """The choices of `name` with their explanations, for the page to draw as cards."""
        hints: dict[str, dict[Any, Any]] = {
            "kind": KIND_HINTS,
            "visibility": VISIBILITY_HINTS,
            "identity": IDENTITY_HINTS,
        }
        return [(radio, str(hints[name][radio.data["value"]])) for radio in self[name]]

    def kind_cards(self) -> list[tuple[BoundWidget, str]]:
        return self.cards("kind")

    def visibility_cards(self) -> list[tuple[BoundWidget, str]]:
        return self.cards("visibility")

    def identity_cards(self) -> list[tuple[BoundWidget, str]]:
        return self.cards("identity")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        identity = data.get("identity")
        contact = data.get("email") or data.get("phone")
        contact_checked = not (self.has_error("email") or self.has_error("phone"))
        if identity == NAMED:
            if not data.get("name") and not self.has_error("name"):
                self.add_error(
                    "name",
                    _(
                        "Give your name, or choose Anonymous or Without name or contact if "
                        "you would rather not."
                    ),
                )
            if not contact and contact_checked:
                self.add_error(
                    "email",
                    _(
                        "Give an e-mail address or a phone number so that the officers can "
                        "reach you."
                    ),
                )
        elif identity == ANONYMOUS:
            if not contact and contact_checked:
                self.add_error(
                    "email",
                    _(
                        "Give an e-mail address or a phone number so that the coordinator can "
                        "reach you, or choose Without name or contact."
                    ),
                )
        elif identity == NO_IDENTITY:
            # Chosen to give nothing: what was typed is not kept, nor checked (the page says so).
            for name in ("name", "email", "phone"):
                self.errors.pop(name, None)
                data[name] = ""
        data["is_anonymous"] = identity != NAMED
        data["is_secret"] = data.get("visibility") == SECRET
        return data

    def filing(self) -> dict[str, Any]:
        """The checked form as `actions.file_complaint` takes it — the one mapping of the
        citizen's web form and of staff entry: the unit's agency or the agency chosen, the
        service and category, the attachment, and the channel (the web, or as staff enter)."""
        data = self.cleaned_data
        unit = self.unit
        return {
            **super().filing(),
            "agency": unit.agency if unit is not None else data["agency"],
            "unit": unit,
            "service": data.get("service"),
            "category": data.get("category"),
            "attachments": [data["attachment"]] if data.get("attachment") else [],
            "channel": data.get("channel", Channel.WEB),
        }


# Examples in messages and hints: the shapes people find on their receipt.
NUMBER_EXAMPLE = "PRM-2612-000123"
SECRET_EXAMPLE = "K7QM-R2XD"


class TrackForm(forms.Form):
    """Open one's report with its number and secret code, or with the long tracking code
    alone (in the second box, then the number is not needed). Lower case, spaces and dashes
    do not matter; `cleaned_data` holds `number` (as stored, or "") and `code`, and
    `by_number` says which way it is."""

    number = forms.CharField(
        label=_("Report number"),
        max_length=40,
        required=False,
        help_text=_("As on your receipt, for example PRM-2612-000123."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    code = forms.CharField(
        label=_("Secret code"),
        max_length=60,
        required=False,
        help_text=_(
            "8 letters and digits, for example K7QM-R2XD. Have a long tracking code "
            "(27 characters)? Enter it here; the number is then not needed."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    by_number = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        number_text, code = data.get("number", "").strip(), data.get("code", "").strip()
        if len(tokens.normalise(code)) >= 20:  # the long code: it needs nothing else
            data["number"] = ""
            return data
        if number_text and not code and len(tokens.normalise(number_text)) >= 20:
            data["number"], data["code"] = "", number_text  # the long code in the first box
            return data
        number = tokens.normalise_number(number_text) if number_text else None
        if not number_text and not code:
            self.add_error(
                "number", _("Enter your report number and secret code, or your tracking code.")
            )
        elif not code:
            self.add_error(
                "code",
                _(
                    "Enter the secret code too: the 8 letters and digits under the report "
                    "number on your receipt, for example %(example)s."
                )
                % {"example": SECRET_EXAMPLE},
            )
        elif not number_text:
            if tokens.normalise_number(code) and tokens.normalise(code).startswith("PRM"):
                self.add_error(
                    "code",
                    _(
                        "This is the report number: enter it in the box above, and the secret "
                        "code here."
                    ),
                )
            else:
                self.add_error(
                    "number",
                    _(
                        "Enter the report number too: a secret code opens a report only with "
                        "its number, for example %(example)s."
                    )
                    % {"example": NUMBER_EXAMPLE},
                )
        elif number is None:
            self.add_error(
                "number",
                _(
                    "This is not a report number. Check it on your receipt: it looks like "
                    "%(example)s."
                )
                % {"example": NUMBER_EXAMPLE},
            )
        elif len(tokens.normalise(code)) != tokens.SECRET_LENGTH:
            self.add_error(
                "code",
                _(
                    "A secret code has 8 letters and digits, for example %(example)s. Check it "
                    "on your receipt."
                )
                % {"example": SECRET_EXAMPLE},
            )
        else:
            data["number"] = number
            self.by_number = True
        return data


class SendCodesForm(forms.Form):
    """Where to send the report's number and codes, from the confirmation page."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


class InformationForm(forms.Form):
    message = forms.CharField(
        label=_("The information asked for"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    attachment = UploadField(
        kinds=(IMAGE, PDF), label=_("Photo or document (optional)"), required=False
    )


class DisputeForm(forms.Form):
    message = forms.CharField(
        label=_("What is still not resolved"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )


class AcceptForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How good was the answer?"),
        coerce=int,
        choices=[
            (4, _("4 — very good")),
            (3, _("3 — good")),
            (2, _("2 — poor")),
            (1, _("1 — very poor")),
        ],
        widget=forms.RadioSelect,
    )


# --- staff ----------------------------------------------------------------------------------
class VerifyForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Dispatch to"), queryset=ServiceUnit.objects.none())
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.filter(is_active=True), required=False
    )
    note = forms.CharField(
        label=_("Note to the complainant (optional)"), required=False, max_length=1000
    )

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = ServiceUnit.objects.filter(agency=complaint.agency, is_active=True)
        self.fields["unit"].queryset = units.order_by("name")  # type: ignore[attr-defined]
        self.fields["unit"].initial = complaint.unit_id
        self.fields["category"].initial = complaint.category_id


class PostponeForm(forms.Form):
    question = forms.CharField(
        label=_("What the complainant must add"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class RerouteForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("The agency responsible"),
        queryset=Agency.objects.filter(is_active=True).order_by("name"),
    )
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=1000)


class ArchiveForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
    abuse = forms.BooleanField(label=_("Abuse (spam, insults, deliberately false)"), required=False)


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Why it is not for this unit"), max_length=1000)


class RespondForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Start from a template"), queryset=ResponseTemplate.objects.none(), required=False
    )
    answer = forms.CharField(
        required=False,
        help_text=_("Or choose a template above and leave this empty to send it as it is."),
        label=_("Answer to the complainant"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = ResponseTemplate.objects.filter(  # type: ignore[attr-defined]
            agency__in=[complaint.agency_id]
        ) | ResponseTemplate.objects.filter(agency__isnull=True)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class LoopForm(forms.ModelForm):
    skm_element = forms.ChoiceField(
        label=_("SKM element concerned"),
        required=False,
        choices=[("", "—"), *[(k, ELEMENTS[k].title) for k in ELEMENT_KEYS]],
    )

    class Meta:
        model = Complaint
        fields = ["improvement", "standard", "skm_element"]
        widgets = {"improvement": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "improvement": _(
                "Once the complaint is closed, this text is public on the unit's results page "
                "(never the complaint or who filed it, and never for a secret complaint): "
                "write what changed, without names."
            )
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from prima.standards.models import ServiceStandard

        unit = self.instance.unit
        self.fields["standard"].queryset = (  # type: ignore[attr-defined]
            ServiceStandard.objects.filter(service__unit=unit).select_related("service")
            if unit is not None
            else ServiceStandard.objects.none()
        )


class PolicyForm(forms.ModelForm):
    class Meta:
        model = ClockPolicy
        fields = [
            "name",
            "valid_from",
            "verify_days",
            "respond_days",
            "close_after_days",
            "dispute_days",
            "skip_cuti_bersama",
        ]
        widgets = {"valid_from": forms.DateTimeInput(attrs={"type": "datetime-local"})}

    def clean_valid_from(self) -> Any:
        value = self.cleaned_data["valid_from"]
        from django.utils import timezone

        if value < timezone.now():
            raise forms.ValidationError(
                _("A new policy starts now or later; complaints keep the policy they began with.")
            )
        return value


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "name"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}


class TemplateForm(forms.ModelForm):
    class Meta:
        model = ResponseTemplate
        fields = ["agency", "title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, agencies: Any, national: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["agency"].required = not national
        self.fields["agency"].help_text = (
            _("Leave empty for a template every agency can use.") if national else ""
        )
