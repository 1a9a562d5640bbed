"""Forms of the competition pages. Rules live in contest_actions; forms parse and bound."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import User
from prima.innovation import rubric
from prima.innovation.models import (
    AdminCheck,
    Category,
    Competition,
    Criterion,
    Group,
    Innovation,
    Submission,
    Window,
)
from prima.innovation.models.contest import ANSWER_MAX, NOTE_MAX, OBJECTION_MAX
from prima.lib.forms import CountedCharField, DateInput, Form, ModelForm
from prima.lib.uploads import IMAGE, PDF, UploadField
from prima.registry.models import Agency, Region


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


COMPETITION_FIELDS = (
    "title",
    "year",
    "level",
    "organiser",
    "region",
    "legal_basis",
    "description",
    "quota_per_agency",
    "top_n",
    "passing_grade",
    "scale_max",
    "reviews_required",
    "agreement_tolerance",
)


class CompetitionForm(ModelForm):
    class Meta:
        model = Competition
        fields = COMPETITION_FIELDS

    def __init__(
        self, *args: Any, levels: list[str], organisers: QuerySet[Agency], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        level = self.fields["level"]
        assert isinstance(level, forms.ChoiceField)
        level.choices = [(v, label) for v, label in Competition.Level.choices if v in levels]
        organiser = self.fields["organiser"]
        assert isinstance(organiser, forms.ModelChoiceField)
        organiser.queryset = organisers
        region = self.fields["region"]
        assert isinstance(region, forms.ModelChoiceField)
        region.queryset = Region.objects.filter(
            level=Region.Level.PROVINCE, is_active=True
        ).order_by("name")
        region.help_text = gettext("For a provincial competition: its province.")


class WindowsForm(Form):
    """Each stage's window: when it opens and closes (both, or neither)."""

    def __init__(self, *args: Any, competition: Competition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = {w.stage: w for w in competition.windows.all()}
        for stage, label in Window.Stage.choices:
            window = current.get(stage)
            self.fields[f"{stage}_opens"] = forms.DateTimeField(
                label=gettext("%(stage)s opens") % {"stage": label},
                required=False,
                widget=DateTimeInput(),
                initial=window.opens_at if window else None,
            )
            self.fields[f"{stage}_closes"] = forms.DateTimeField(
                label=gettext("%(stage)s closes") % {"stage": label},
                required=False,
                widget=DateTimeInput(),
                initial=window.closes_at if window else None,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for stage, label in Window.Stage.choices:
            opens, closes = data.get(f"{stage}_opens"), data.get(f"{stage}_closes")
            if bool(opens) != bool(closes):
                self.add_error(
                    f"{stage}_closes" if opens else f"{stage}_opens",
                    gettext("%(stage)s: give both the opening and the closing time, or neither.")
                    % {"stage": label},
                )
            elif opens and closes and closes <= opens:
                self.add_error(
                    f"{stage}_closes",
                    gettext("%(stage)s: the window must close after it opens.") % {"stage": label},
                )
        return data

    def windows(self) -> dict[str, tuple[dt.datetime, dt.datetime] | None]:
        data = self.cleaned_data
        out: dict[str, tuple[dt.datetime, dt.datetime] | None] = {}
        for stage in Window.Stage.values:
            opens, closes = data.get(f"{stage}_opens"), data.get(f"{stage}_closes")
            out[stage] = (opens, closes) if opens and closes else None
        return out


class GroupForm(ModelForm):
    class Meta:
        model = Group
        fields = (
            "code",
            "name",
            "description",
            "min_age_months",
            "replication_only",
            "originals_only",
            "max_times_shortlisted",
            "past_winners_excluded",
        )


class CriterionForm(ModelForm):
    class Meta:
        model = Criterion
        fields = ("code", "name", "guidance", "weight", "max_words", "evidence_required", "order")


class CategoryForm(ModelForm):
    class Meta:
        model = Category
        fields = ("code", "name")


class EnterForm(Form):
    innovation = forms.ModelChoiceField(
        label=_("Innovation from the registry"), queryset=Innovation.objects.none()
    )
    group = forms.ModelChoiceField(label=_("Group"), queryset=Group.objects.none())
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none())

    def __init__(
        self,
        *args: Any,
        competition: Competition,
        innovations: QuerySet[Innovation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._set_queryset("innovation", innovations)
        self._set_queryset("group", competition.groups.all())
        self._set_queryset("category", competition.categories.all())

    def _set_queryset(self, name: str, queryset: QuerySet[Any]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset


class AnswersForm(Form):
    """One answer per criterion of the entry's group, with evidence where it asks for it."""

    def __init__(self, *args: Any, submission: Submission, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        answers = {a.criterion_id: a for a in submission.answers.all()}
        self.criteria = list(submission.group.criteria.all())
        for criterion in self.criteria:
            answer = answers.get(criterion.pk)
            limit = (
                gettext("At most %(n)s words.") % {"n": criterion.max_words}
                if criterion.max_words
                else ""
            )
            self.fields[f"text_{criterion.pk}"] = CountedCharField(
                label=f"{criterion.name} ({rubric.format_number(Fraction(criterion.weight))}%)",
                max_length=ANSWER_MAX,
                required=False,
                initial=answer.text if answer else "",
                help_text=" ".join(part for part in (criterion.guidance, limit) if part),
            )
            if criterion.evidence_required:
                self.fields[f"evidence_{criterion.pk}"] = UploadField(
                    label=gettext("Evidence for “%(name)s”") % {"name": criterion.name},
                    kinds=(PDF, IMAGE),
                    required=False,
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for criterion in self.criteria:
            text = data.get(f"text_{criterion.pk}") or ""
            words = rubric.word_count(text)
            if criterion.max_words and words > criterion.max_words:
                self.add_error(
                    f"text_{criterion.pk}",
                    gettext("%(words)s words; the limit is %(limit)s.")
                    % {"words": words, "limit": criterion.max_words},
                )
        return data

    def answers(self) -> dict[int, Any]:
        from prima.innovation.contest_actions import AnswerInput

        return {
            c.pk: AnswerInput(
                text=self.cleaned_data.get(f"text_{c.pk}") or "",
                evidence=self.cleaned_data.get(f"evidence_{c.pk}") or None,
            )
            for c in self.criteria
        }


class CheckForm(Form):
    passed = forms.TypedChoiceField(
        label=_("Result"),
        choices=[("1", _("Passes")), ("0", _("Does not pass"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reasons = forms.MultipleChoiceField(
        label=_("Reasons (when it does not pass)"),
        choices=AdminCheck.Reason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = CountedCharField(label=_("Note"), max_length=NOTE_MAX, required=False)


class AssignForm(Form):
    reviewer = forms.CharField(
        label=_("Reviewer's username or e-mail"),
        max_length=254,
        help_text=_("An account on Prima, from outside the entering agency."),
    )

    def clean_reviewer(self) -> User:
        given = self.cleaned_data["reviewer"].strip()
        user = (
            User.objects.filter(is_active=True, username__iexact=given).first()
            or User.objects.filter(is_active=True, email__iexact=given).first()
        )
        if user is None:
            raise forms.ValidationError(gettext("No active account has this username or e-mail."))
        return user


class DeclareForm(Form):
    conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with this entry?"),
        choices=[
            ("0", _("No: I do not work for, advise or am related to the entrant")),
            ("1", _("Yes")),
        ],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = CountedCharField(label=_("If yes, what it is"), max_length=NOTE_MAX, required=False)


class ScoreForm(Form):
    def __init__(self, *args: Any, submission: Submission, review: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scale = submission.competition.scale_max
        given = {s.criterion_id: s.score for s in review.scores.all()}
        self.criteria = list(submission.group.criteria.all())
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name} ({rubric.format_number(Fraction(criterion.weight))}%)",
                min_value=0,
                max_value=scale,
                initial=given.get(criterion.pk),
                help_text=gettext("0 to %(max)s.") % {"max": scale},
            )
        self.fields["comment"] = CountedCharField(
            label=gettext("Comment for the organiser"),
            max_length=NOTE_MAX,
            required=False,
            initial=review.comment,
        )

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}


class ShortlistForm(Form):
    decree_number = forms.CharField(
        label=_("Decree setting the shortlist (number)"), max_length=100, required=False
    )
    decree_date = forms.DateField(label=_("Decree date"), required=False, widget=DateInput())


class DecreeForm(Form):
    number = forms.CharField(label=_("Award decree number"), max_length=100)
    date = forms.DateField(label=_("Award decree date"), widget=DateInput())


class DecideForm(Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Submission.State.AWARDED, _("Winner")),
            (Submission.State.FINALIST, _("Finalist")),
            (Submission.State.DISQUALIFIED, _("Disqualified after objection")),
        ],
        widget=forms.RadioSelect,
    )
    award_title = forms.CharField(
        label=_("Award (for a winner)"),
        max_length=200,
        required=False,
        help_text=_("e.g. Top 45 KIPP 2026; the competition's title when empty."),
    )


class ResolveForm(Form):
    upheld = forms.TypedChoiceField(
        label=_("Finding"),
        choices=[("1", _("Upheld")), ("0", _("Not upheld"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    resolution = CountedCharField(label=_("Resolution"), max_length=NOTE_MAX)


class ObjectionForm(Form):
    """The public objection form. `website` is a hidden trap for robots."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    contact = forms.CharField(
        label=_("E-mail or phone"),
        max_length=254,
        help_text=_("Only the organiser sees it, to ask you more."),
    )
    text = CountedCharField(
        label=_("Your objection"),
        max_length=OBJECTION_MAX,
        help_text=_("What is wrong with this entry, and how you know it."),
    )
    website = forms.CharField(required=False, widget=forms.HiddenInput)
