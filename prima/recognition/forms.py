"""Forms of the recognition pages. Choices that depend on who is asking are passed in by the
view from prima.recognition.access and queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import User
from prima.lib.forms import CountedCharField, DateInput, Form, ModelForm
from prima.lib.officials import NipField
from prima.lib.uploads import IMAGE, PDF, UploadField
from prima.recognition import rules
from prima.recognition.models import (
    CONFLICT_MAX,
    CRITERION_DESCRIPTION_MAX,
    DESCRIPTION_MAX,
    REASONS_MAX,
    WITHDRAW_REASON_MAX,
    AwardKind,
    CommitteeMember,
    Criterion,
    Placement,
    Programme,
    round_label,
)
from prima.registry.models import Agency, ServiceUnit


class ProgrammeForm(ModelForm):
    description = CountedCharField(
        label=_("Description"), required=False, max_length=DESCRIPTION_MAX
    )
    award_kinds = forms.MultipleChoiceField(
        label=_("Award kinds"),
        choices=AwardKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Certificates, plaques and career development need no budget line."),
    )

    class Meta:
        model = Programme
        fields = [
            "name",
            "agency",
            "unit",
            "period",
            "description",
            "legal_basis",
            "award_kinds",
            "publish_awards",
        ]

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["unit"].queryset = (  # type: ignore[attr-defined]
            ServiceUnit.objects.filter(agency__in=agencies, is_active=True)
            .select_related("agency")
            .order_by("agency__name", "name")
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        unit, agency = data.get("unit"), data.get("agency")
        if unit is not None and agency is not None and unit.agency_id != agency.pk:
            self.add_error("unit", _("That service unit belongs to another agency."))
        return data


class CriterionForm(ModelForm):
    description = CountedCharField(
        label=_("How it is judged"), required=False, max_length=CRITERION_DESCRIPTION_MAX
    )

    class Meta:
        model = Criterion
        fields = ["element", "title", "weight", "description"]


class MemberForm(Form):
    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=CommitteeMember.Role.choices)

    def __init__(self, *args: Any, candidates: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates  # type: ignore[attr-defined]
        self.fields["user"].help_text = _(
            "People holding a role in the agency in Prima. Each member declares any conflict "
            "of interest before scoring a nomination."
        )


def _round_choices(programme: Programme, starts: list[dt.date]) -> list[tuple[str, str]]:
    return [(s.isoformat(), round_label(programme.period, s)) for s in starts]


def _round(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


class NominationForm(Form):
    round_start = forms.TypedChoiceField(label=_("Round"), coerce=_round)
    unit = forms.ModelChoiceField(label=_("Service unit"), queryset=ServiceUnit.objects.none())
    staff_name = forms.CharField(label=_("Name"), max_length=150)
    staff_nip = NipField(help_text=_("Empty for staff without a NIP (e.g. contract staff)."))
    staff_position = forms.CharField(label=_("Position"), max_length=200)
    reasons = CountedCharField(
        label=_("Reasons for the nomination"),
        max_length=REASONS_MAX,
        help_text=_(
            "What the officer did, against the programme's criteria. The committee sees the "
            "unit's survey and complaint figures beside it: they are the unit's, not the "
            "officer's."
        ),
    )
    evidence = UploadField(kinds=(PDF, IMAGE), required=False, label=_("Evidence (optional)"))
    evidence_title = forms.CharField(
        label=_("Title of the evidence"), max_length=200, required=False
    )

    def __init__(
        self,
        *args: Any,
        programme: Programme,
        units: QuerySet[ServiceUnit],
        today: dt.date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["round_start"].choices = _round_choices(  # type: ignore[attr-defined]
            programme, rules.recent_rounds(programme.period, today)
        )
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        if units.count() == 1:
            self.fields["unit"].initial = units.first()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("evidence") and not data.get("evidence_title", "").strip():
            self.add_error("evidence_title", _("Give the evidence a title."))
        return data


class EvidenceForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = UploadField(kinds=(PDF, IMAGE), label=_("File"))


class WithdrawForm(Form):
    reason = forms.CharField(label=_("Why is it withdrawn?"), max_length=WITHDRAW_REASON_MAX)


class DeclarationForm(Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with this nominee?"),
        choices=[("0", _("No")), ("1", _("Yes"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        help_text=_(
            "A relative, a close personal relation, your own direct report, or any interest "
            "in the outcome. With a conflict you do not score this nomination."
        ),
    )
    nature = CountedCharField(
        label=_("Nature of the conflict"), required=False, max_length=CONFLICT_MAX
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("has_conflict") and not data.get("nature", "").strip():
            self.add_error("nature", _("Describe the conflict of interest."))
        return data


class ScoreForm(Form):
    """One 0–100 field per criterion."""

    def __init__(
        self, *args: Any, criteria: list[Criterion], initial_scores: dict[int, int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.title} ({criterion.get_element_display()}, {criterion.weight}%)",
                min_value=0,
                max_value=rules.SCORE_MAX,
                initial=initial_scores.get(criterion.pk),
                help_text=criterion.description,
            )

    def values(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


class DecisionForm(Form):
    round_start = forms.TypedChoiceField(label=_("Round"), coerce=_round)
    decree_number = forms.CharField(
        label=_("Decree (SK) number"),
        max_length=100,
        help_text=_("The decree naming the recipients, e.g. 800/123/SK/2026."),
    )
    decree_date = forms.DateField(label=_("Decree date"), widget=DateInput(format="%Y-%m-%d"))
    reasons = CountedCharField(
        label=_("The committee's reasons"),
        max_length=REASONS_MAX,
        help_text=_("How the committee weighed the nominations, for the record."),
    )

    def __init__(
        self, *args: Any, programme: Programme, rounds: list[dt.date], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["round_start"].choices = _round_choices(programme, rounds)  # type: ignore[attr-defined]


class AwardForm(Form):
    placement = forms.ModelChoiceField(label=_("Recipient"), queryset=Placement.objects.none())
    kind = forms.ChoiceField(label=_("Kind"))
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("e.g. Pelaksana Pelayanan Terbaik Triwulan III"),
    )
    reasons = CountedCharField(label=_("Reasons"), max_length=REASONS_MAX)
    awarded_on = forms.DateField(label=_("Awarded on"), widget=DateInput(format="%Y-%m-%d"))

    def __init__(
        self, *args: Any, programme: Programme, placements: QuerySet[Placement], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["placement"].queryset = placements  # type: ignore[attr-defined]
        self.fields["placement"].label_from_instance = (  # type: ignore[attr-defined]
            lambda p: f"{p.decision.round_label} · {p.rank}. {p.nomination.staff_name}"
        )
        labels = dict(AwardKind.choices)
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            (k, labels.get(k, k)) for k in programme.award_kinds
        ]
