"""Forms of the standards module. The standard's form turns the 14 components into fields
people can fill (lists one item per line, the time as amount and unit, the fee as an amount
or free with its basis) and back into the components object stored with the version."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from prima.lib.officials import NipField
from prima.lib.uploads import IMAGE, PDF, UploadField
from prima.standards import components as spec
from prima.standards.models import (
    GROUP_CHOICES,
    Agreement,
    FacilityType,
    Forum,
    Maklumat,
    MaklumatPublication,
    Participant,
    ServiceStandard,
    StandardPublication,
    StandardReview,
    UnitFacility,
)

LINES = _("One per line.")
TIME_UNIT_CHOICES = [
    ("menit", _("minutes")),
    ("jam", _("hours")),
    ("hari", _("days")),
    ("hari_kerja", _("working days")),
    ("minggu", _("weeks")),
    ("bulan", _("months")),
]
MANAGEMENT_HELP = {
    "sarana": _("Equipment and facilities, including those for vulnerable groups."),
    "kompetensi": _("Knowledge, skills and experience the staff need."),
    "pengawasan": _("Who supervises the service inside the unit, and how."),
    "jumlah_pelaksana": _("How many staff deliver the service."),
    "jaminan_pelayanan": _("The unit's guarantee that the service follows this standard."),
    "jaminan_keamanan": _("The commitment to users' safety and security."),
    "evaluasi_kinerja": _("How and how often staff performance is evaluated."),
}


def _label(key: str) -> str:
    component = spec.BY_KEY[key]
    return f"{component.number}. {component.name}"


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


# The most one component of a standard may hold (docs/limits.md).
COMPONENT_MAX_LENGTH = 5000


def _area(key: str, *, rows: int = 3, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=_label(key),
        required=False,
        max_length=COMPONENT_MAX_LENGTH,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class StandardForm(forms.Form):
    """The 14 components. A draft may be incomplete; the completeness check runs when the
    standard is set. Malformed values (a negative fee, a time without a unit) are refused."""

    revision = forms.IntegerField(widget=forms.HiddenInput)
    persyaratan = _area("persyaratan", rows=5, help_text=LINES)
    prosedur = _area("prosedur", rows=6, help_text=_("One step per line, in order."))
    flowchart = UploadField(kinds=(IMAGE,), label=_("Procedure flowchart"), required=False)
    waktu_amount = forms.DecimalField(
        label=_label("waktu"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=8,
        decimal_places=2,
    )
    waktu_unit = forms.ChoiceField(
        label=_("Unit of time"), required=False, choices=[("", "—"), *TIME_UNIT_CHOICES]
    )
    waktu_note = forms.CharField(label=_("Note on the time"), required=False, max_length=300)
    biaya_free = forms.BooleanField(label=_("Free of charge"), required=False)
    biaya_amount = forms.DecimalField(
        label=_("%(label)s — amount in rupiah") % {"label": _label("biaya")},
        required=False,
        min_value=Decimal("1"),
        max_digits=14,
        decimal_places=2,
    )
    biaya_basis = forms.CharField(
        label=_("Legal basis of the fee (or of its being free)"), required=False, max_length=300
    )
    produk = _area("produk", rows=2)
    pengaduan_channels = _area(
        "pengaduan", rows=4, help_text=_("Complaint channels, one per line (e.g. SP4N-LAPOR!).")
    )
    pengaduan_procedure = forms.CharField(
        label=_("How complaints are handled"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    dasar_hukum = _area("dasar_hukum", rows=4, help_text=LINES)
    sarana = _area("sarana", help_text=MANAGEMENT_HELP["sarana"])
    kompetensi = _area("kompetensi", help_text=MANAGEMENT_HELP["kompetensi"])
    pengawasan = _area("pengawasan", help_text=MANAGEMENT_HELP["pengawasan"])
    jumlah_pelaksana = _area(
        "jumlah_pelaksana", rows=2, help_text=MANAGEMENT_HELP["jumlah_pelaksana"]
    )
    jaminan_pelayanan = _area("jaminan_pelayanan", help_text=MANAGEMENT_HELP["jaminan_pelayanan"])
    jaminan_keamanan = _area("jaminan_keamanan", help_text=MANAGEMENT_HELP["jaminan_keamanan"])
    evaluasi_kinerja = _area("evaluasi_kinerja", help_text=MANAGEMENT_HELP["evaluasi_kinerja"])
    remove_flowchart = forms.BooleanField(label=_("Remove the flowchart"), required=False)
    change_note = forms.CharField(
        label=_("What changed and why"),
        required=False,
        max_length=ServiceStandard._meta.get_field("change_note").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    TEXT_KEYS = (
        "produk",
        "sarana",
        "kompetensi",
        "pengawasan",
        "jumlah_pelaksana",
        "jaminan_pelayanan",
        "jaminan_keamanan",
        "evaluasi_kinerja",
    )

    @classmethod
    def initial_for(cls, standard: ServiceStandard) -> dict[str, Any]:
        c = standard.components or {}
        waktu = c.get("waktu") or {}
        biaya = c.get("biaya") or {}
        pengaduan = c.get("pengaduan") or {}
        initial: dict[str, Any] = {
            "revision": standard.revision,
            "persyaratan": "\n".join(c.get("persyaratan") or []),
            "prosedur": "\n".join((c.get("prosedur") or {}).get("steps") or []),
            "waktu_amount": waktu.get("amount"),
            "waktu_unit": waktu.get("unit", ""),
            "waktu_note": waktu.get("note", ""),
            "biaya_free": bool(biaya.get("free")),
            "biaya_amount": biaya.get("amount"),
            "biaya_basis": biaya.get("basis", ""),
            "pengaduan_channels": "\n".join(pengaduan.get("channels") or []),
            "pengaduan_procedure": pengaduan.get("procedure", ""),
            "dasar_hukum": "\n".join(c.get("dasar_hukum") or []),
            "change_note": standard.change_note,
        }
        for key in cls.TEXT_KEYS:
            initial[key] = c.get(key, "")
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("waktu_amount") is not None and not data.get("waktu_unit"):
            self.add_error("waktu_unit", _("Choose the unit of time."))
        if data.get("waktu_unit") and data.get("waktu_amount") is None:
            self.add_error("waktu_amount", _("Give the amount of time."))
        if data.get("biaya_free") and data.get("biaya_amount"):
            self.add_error("biaya_amount", _("A free service has no amount; clear one of the two."))
        return data

    def components(self) -> dict[str, Any]:
        d = self.cleaned_data
        found: dict[str, Any] = {
            "persyaratan": _lines(d["persyaratan"]),
            "dasar_hukum": _lines(d["dasar_hukum"]),
        }
        steps = _lines(d["prosedur"])
        if steps:
            found["prosedur"] = {"steps": steps}
        if d.get("waktu_amount") is not None:
            found["waktu"] = {"amount": str(d["waktu_amount"].normalize()), "unit": d["waktu_unit"]}
            if d["waktu_note"].strip():
                found["waktu"]["note"] = d["waktu_note"].strip()
        if d.get("biaya_free"):
            found["biaya"] = {"free": True, "basis": d["biaya_basis"].strip()}
        elif d.get("biaya_amount"):
            found["biaya"] = {"amount": str(d["biaya_amount"].normalize())}
            if d["biaya_basis"].strip():
                found["biaya"]["basis"] = d["biaya_basis"].strip()
        channels = _lines(d["pengaduan_channels"])
        if channels or d["pengaduan_procedure"].strip():
            found["pengaduan"] = {"channels": channels}
            if d["pengaduan_procedure"].strip():
                found["pengaduan"]["procedure"] = d["pengaduan_procedure"].strip()
        for key in self.TEXT_KEYS:
            if d[key].strip():
                found[key] = d[key].strip()
        return {k: v for k, v in found.items() if v not in ([], {}, "")}


class SetForm(forms.Form):
    decree_number = forms.CharField(label=_("Decree number (No. SK)"), max_length=120)
    decree_date = forms.DateField(
        label=_("Decree date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    signer_name = forms.CharField(label=_("Signed by"), max_length=150)
    signer_position = forms.CharField(label=_("Signer's position"), max_length=150, required=False)
    decree_file = UploadField(kinds=(PDF,), label=_("Signed decree (PDF)"), required=False)


class ReviewStartForm(forms.Form):
    started_on = forms.DateField(
        label=_("Review started on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    forum = forms.ModelChoiceField(
        label=_("Public consultation forum"), queryset=Forum.objects.none(), required=False
    )

    def __init__(self, *args: Any, unit: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = Forum.objects.filter(unit=unit)  # type: ignore[attr-defined]


class ReviewFinishForm(forms.ModelForm):
    class Meta:
        model = StandardReview
        fields = ["finished_on", "outcome", "forum", "note"]
        widgets = {"finished_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, unit: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["finished_on"].required = True
        self.fields["outcome"].required = True
        self.fields["forum"].queryset = Forum.objects.filter(unit=unit)  # type: ignore[attr-defined]


class PublicationForm(forms.ModelForm):
    class Meta:
        model = StandardPublication
        fields = ["medium", "url", "published_on", "all_components", "note"]
        widgets = {"published_on": forms.DateInput(attrs={"type": "date"})}


class MaklumatForm(forms.ModelForm):
    file = UploadField(
        kinds=(PDF, IMAGE), label=_("Signed maklumat (PDF or photo)"), required=False
    )

    class Meta:
        model = Maklumat
        fields = [
            "promise",
            "commitment",
            "sanction",
            "signer_name",
            "signer_position",
            "signed_on",
        ]
        widgets = {
            "promise": forms.Textarea(attrs={"rows": 3}),
            "commitment": forms.Textarea(attrs={"rows": 3}),
            "sanction": forms.Textarea(attrs={"rows": 3}),
            "signed_on": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("signed_on") and not data.get("signer_name"):
            self.add_error("signer_name", _("Say who signed the maklumat."))
        return data


class MaklumatPublicationForm(forms.ModelForm):
    class Meta:
        model = MaklumatPublication
        fields = ["medium", "url", "published_on", "note"]
        widgets = {"published_on": forms.DateInput(attrs={"type": "date"})}


class ForumForm(forms.ModelForm):
    # Declared, not generated: the model's 18 characters would refuse a NIP typed as printed.
    chair_nip = NipField(label=capfirst(_("chair's NIP")))
    standards = forms.ModelMultipleChoiceField(
        label=_("Standards discussed"),
        queryset=ServiceStandard.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Forum
        fields = [
            "title",
            "purpose",
            "mode",
            "stage",
            "held_on",
            "place",
            "meeting_link",
            "chair",
            "chair_position",
            "chair_nip",
            "agenda",
            "summary",
        ]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "summary": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, unit: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["standards"]
        field.queryset = (  # type: ignore[attr-defined]
            ServiceStandard.objects.filter(service__unit=unit)
            .exclude(status=ServiceStandard.Status.SUPERSEDED)
            .select_related("service")
        )
        field.label_from_instance = lambda s: (  # type: ignore[attr-defined]
            f"{s.service.name} · v{s.version} ({s.get_status_display()})"
        )
        if self.instance.pk:
            field.initial = list(self.instance.standards.values_list("pk", flat=True))

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["name", "organisation", "element", "attended"]


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["text", "standard", "component"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, unit: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["standard"]
        field.queryset = ServiceStandard.objects.filter(service__unit=unit).select_related(  # type: ignore[attr-defined]
            "service"
        )
        field.label_from_instance = lambda s: f"{s.service.name} · v{s.version}"  # type: ignore[attr-defined]


class PhotoForm(forms.Form):
    image = UploadField(kinds=(IMAGE,), label=_("Photo"))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


class FacilitiesForm(forms.Form):
    """One row per checklist item: present or not, its condition, a note and a photo."""

    def __init__(
        self,
        *args: Any,
        types: list[FacilityType],
        existing: dict[int, UnitFacility],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.types = types
        self.existing = existing
        for t in types:
            have = existing.get(t.pk)
            self.fields[f"has_{t.pk}"] = forms.BooleanField(
                label=t.name, required=False, initial=have is not None
            )
            self.fields[f"condition_{t.pk}"] = forms.ChoiceField(
                label=_("Condition of %(name)s") % {"name": t.name},
                choices=UnitFacility.Condition.choices,
                initial=have.condition if have else UnitFacility.Condition.GOOD,
            )
            self.fields[f"note_{t.pk}"] = forms.CharField(
                label=_("Note on %(name)s") % {"name": t.name},
                required=False,
                max_length=300,
                initial=have.note if have else "",
            )
            self.fields[f"photo_{t.pk}"] = UploadField(
                kinds=(IMAGE,), label=_("Photo of %(name)s") % {"name": t.name}, required=False
            )

    def rows(self) -> dict[FacilityType, dict[str, Any] | None]:
        d = self.cleaned_data
        found: dict[FacilityType, dict[str, Any] | None] = {}
        for t in self.types:
            if not d.get(f"has_{t.pk}"):
                found[t] = None
                continue
            row: dict[str, Any] = {"condition": d[f"condition_{t.pk}"], "note": d[f"note_{t.pk}"]}
            if d.get(f"photo_{t.pk}"):
                row["photo"] = d[f"photo_{t.pk}"]
            found[t] = row
        return found

    def table(self) -> list[dict[str, Any]]:
        return [
            {
                "type": t,
                "has": self[f"has_{t.pk}"],
                "condition": self[f"condition_{t.pk}"],
                "note": self[f"note_{t.pk}"],
                "photo": self[f"photo_{t.pk}"],
                "current": self.existing.get(t.pk),
            }
            for t in self.types
        ]


class FacilityTypeForm(forms.ModelForm):
    groups = forms.MultipleChoiceField(
        label=_("For"), choices=GROUP_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = FacilityType
        fields = ["key", "name", "groups", "order", "is_active"]
        help_texts = {"key": _("A short stable name in lower case, e.g. ramp. Never changes.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["key"].disabled = True
