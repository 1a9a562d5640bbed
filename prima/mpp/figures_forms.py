"""Forms of the MPP's figures pages: one day entered by hand (a row per service, a row per
counter), and the upload of a queue machine's file."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from prima.lib.forms import Form
from prima.mpp.figures_actions import CounterFigures, ServiceFigures
from prima.mpp.importing import MAX_COUNT, MAX_MINUTES, MAX_STAFF
from prima.mpp.models import Counter, CounterDay, Offering, OfferingDay

SERVICE_FIELDS = (
    ("visitors", _("Visitors"), MAX_COUNT),
    ("transactions", _("Transactions"), MAX_COUNT),
    ("wait_minutes", _("Minutes waited, in total"), MAX_MINUTES),
    ("service_minutes", _("Minutes served, in total"), MAX_MINUTES),
)


class DayForm(Form):
    """The figures of one day: blank cells of a service (or a counter) clear its day."""

    def __init__(
        self,
        *args: Any,
        offerings: list[Offering],
        counters: list[Counter],
        stored_services: dict[int, OfferingDay],
        stored_counters: dict[int, CounterDay],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.offerings, self.counters = offerings, counters
        self.service_rows: list[tuple[Offering, list[Any]]] = []
        self.counter_rows: list[tuple[Counter, list[Any]]] = []
        for offering in offerings:
            stored = stored_services.get(offering.pk)
            names = []
            for key, label, highest in SERVICE_FIELDS:
                name = f"s{offering.pk}_{key}"
                self.fields[name] = forms.IntegerField(
                    label=label,
                    required=False,
                    min_value=0,
                    max_value=highest,
                    initial=getattr(stored, key) if stored else None,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 6}),
                )
                names.append(name)
            self.service_rows.append((offering, names))
        for counter in counters:
            stored_day = stored_counters.get(counter.pk)
            prefix = f"c{counter.pk}_"
            self.fields[prefix + "opened"] = forms.TimeField(
                label=_("Opened"),
                required=False,
                initial=stored_day.opened_at if stored_day else None,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )
            self.fields[prefix + "closed"] = forms.TimeField(
                label=_("Closed"),
                required=False,
                initial=stored_day.closed_at if stored_day else None,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )
            self.fields[prefix + "staff"] = forms.IntegerField(
                label=_("Staff present"),
                required=False,
                min_value=0,
                max_value=MAX_STAFF,
                initial=stored_day.staff if stored_day else None,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 3}),
            )
            self.counter_rows.append(
                (counter, [prefix + "opened", prefix + "closed", prefix + "staff"])
            )

    def rows(self) -> dict[str, list[tuple[Any, list[forms.BoundField]]]]:
        return {
            "services": [(o, [self[n] for n in names]) for o, names in self.service_rows],
            "counters": [(c, [self[n] for n in names]) for c, names in self.counter_rows],
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for _offering, names in self.service_rows:
            visitors, transactions = data.get(names[0]), data.get(names[1])
            if visitors is not None and transactions is not None and transactions > visitors:
                self.add_error(names[1], _("Transactions cannot exceed visitors."))
        for _counter, (opened, closed, _staff) in self.counter_rows:
            start, end = data.get(opened), data.get(closed)
            if end is not None and start is None:
                self.add_error(opened, _("A counter that closed must have opened."))
            elif start is not None and end is not None and end <= start:
                self.add_error(closed, _("A counter closes after it opens."))
        return data

    def figures(
        self,
    ) -> tuple[dict[Offering, ServiceFigures | None], dict[Counter, CounterFigures | None]]:
        """What to store: None for a service or counter left blank (its day is cleared)."""
        data = self.cleaned_data
        services: dict[Offering, ServiceFigures | None] = {}
        for offering, names in self.service_rows:
            values = [data.get(name) for name in names]
            if all(v is None for v in values):
                services[offering] = None
            else:
                visitors, transactions, wait, serve = (v or 0 for v in values)
                services[offering] = ServiceFigures(
                    visitors=visitors,
                    transactions=transactions,
                    wait_minutes=wait,
                    service_minutes=serve,
                )
        counters: dict[Counter, CounterFigures | None] = {}
        for counter, (opened, closed, staff) in self.counter_rows:
            start, end, people = data.get(opened), data.get(closed), data.get(staff)
            if start is None and end is None and people is None:
                counters[counter] = None
            else:
                counters[counter] = CounterFigures(start, end, people or 0)
        return services, counters


class DayPickForm(Form):
    date = forms.DateField(
        label=_("Day"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        if day.year < 2000:
            raise forms.ValidationError(_("Choose a day from 2000 on."))
        return day


class FigureImportForm(Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "A queue machine's export: columns tanggal, layanan or loket, and the figures "
            "(see the guide). Up to 5 MB."
        ),
    )

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB; split it in parts."))
        return upload
