"""Reading an MPP's daily figures from a queue machine's export (CSV or XLSX, read by
prima.lib.tables), one row per service, counter, or both, per day or per hour of a day.

Every bad cell is reported with its row (as the spreadsheet numbers it) and its column, so the
whole file is fixed in one pass; the import action (prima.mpp.figures_actions.import_figures)
then takes the file whole or not at all. Columns (case-insensitive; English names accepted);
docs/guide/mpp-figures.md has the full description and docs/examples/mpp-figures.csv an example:

| column | alias | values |
|---|---|---|
| `tanggal` (required) | `date` | 2026-03-14, 14/03/2026, a spreadsheet date; not after today |
| `layanan` | `service` | the name of a service at the MPP (as in the registry) |
| `instansi` | `tenant` | the tenant's name: needed when two tenants share a counter code |
| `loket` | `counter` | a counter's code |
| `jam` | `hour` | 0–23: the row counts one hour's visitors |
| `pengunjung` | `visitors` | whole number ≥ 0 (queue numbers taken) |
| `transaksi` | `transactions` | whole number ≥ 0 (served); the day's total ≤ its visitors |
| `menit_tunggu` | `wait_minutes` | whole number ≥ 0: minutes waited, in total |
| `menit_layanan` | `service_minutes` | whole number ≥ 0: minutes served, in total |
| `buka` | `opened` | HH:MM the counter opened |
| `tutup` | `closed` | HH:MM the counter closed (after `buka`) |
| `petugas` | `staff` | whole number 0–50: staff at the counter |

A row with `layanan` is a service figure: its numbers are added to the service's day (rows of
one service and day are summed, hour by hour when `jam` is given). A row with `loket` and any
of `buka`, `tutup`, `petugas` is a counter figure; rows of one counter and day are merged
(earliest opening, latest closing, most staff). A row may be both.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _

from prima.lib.tables import TableError, read_table
from prima.mpp.figures_actions import CounterFigures, ServiceFigures
from prima.mpp.models import HOURS, Counter, Mpp, Offering, Tenant

ALIASES = {
    "date": ("tanggal", "date"),
    "service": ("layanan", "service"),
    "tenant": ("instansi", "tenant"),
    "counter": ("loket", "counter"),
    "hour": ("jam", "hour"),
    "visitors": ("pengunjung", "visitors"),
    "transactions": ("transaksi", "transactions"),
    "wait": ("menit_tunggu", "wait_minutes"),
    "serve": ("menit_layanan", "service_minutes"),
    "opened": ("buka", "opened"),
    "closed": ("tutup", "closed"),
    "staff": ("petugas", "staff"),
}
NUMBERS = ("visitors", "transactions", "wait", "serve")
MAX_ROWS = 50_000
MAX_COUNT = 100_000  # visitors or transactions in one row
MAX_MINUTES = 10_000_000  # minutes in one row
MAX_STAFF = 50
MAX_TOTAL = 2_000_000_000  # what a day's stored total can hold
EARLIEST = dt.date(2000, 1, 1)
SHOWN_CHOICES = 12


@dataclass(frozen=True)
class CellError:
    row: int  # 0: the file as a whole
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        if not self.row:
            return self.message
        if not self.column:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        if self.value:
            return _("Row %(row)s, column %(column)s (%(value)s): %(message)s") % {
                "row": self.row,
                "column": self.column,
                "value": self.value,
                "message": self.message,
            }
        return _("Row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ParsedFigures:
    rows: int = 0
    services: dict[tuple[Offering, dt.date], ServiceFigures] = field(default_factory=dict)
    counters: dict[tuple[Counter, dt.date], CounterFigures] = field(default_factory=dict)
    errors: list[CellError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.services or self.counters)

    @property
    def problems(self) -> list[str]:
        return [str(error) for error in self.errors]


def file_digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _listed(names: list[str]) -> str:
    shown = ", ".join(sorted(names, key=str.lower)[:SHOWN_CHOICES])
    if len(names) > SHOWN_CHOICES:
        shown += ", …"
    return shown or "—"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise ValueError


_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?::\d{2})?$")


def _time(value: Any) -> dt.time:
    if isinstance(value, dt.datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    match = _TIME.match(_text(value))
    if match is None:
        raise ValueError
    return dt.time(int(match[1]), int(match[2]))  # ValueError past 23:59


def _whole(value: Any, highest: int) -> int:
    """A whole number from 0 to `highest` (as a number or as text); ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValueError
        number = int(value)
    else:
        text = _text(value)
        if not text.isdigit():
            raise ValueError
        number = int(text)
    if not 0 <= number <= highest:
        raise ValueError
    return number


@dataclass
class _ServiceDay:
    first_row: int
    visitors: int = 0
    transactions: int = 0
    wait: int = 0
    serve: int = 0
    hourly: list[int] | None = None


@dataclass
class _CounterDay:
    opened: dt.time | None = None
    closed: dt.time | None = None
    staff: int = 0


def parse_table(mpp: Mpp, header: list[str], rows: Any, *, today: dt.date) -> ParsedFigures:
    """Check every cell of a table of figures for `mpp`; the clean figures, and every bad
    cell. `rows` yields (spreadsheet row number, values by header)."""
    parsed = ParsedFigures()
    lookup = {name.lower(): name for name in header if name}
    columns: dict[str, str] = {}
    for key, aliases in ALIASES.items():
        for alias in aliases:
            if alias in lookup:
                columns[key] = lookup[alias]
                break
    parsed.ignored_columns = [name for name in header if name and name not in columns.values()]
    if "date" not in columns:
        parsed.errors.append(CellError(0, "", "", _("The file has no column tanggal (date).")))
    if "service" not in columns and "counter" not in columns:
        parsed.errors.append(
            CellError(0, "", "", _("The file needs a column layanan (service) or loket (counter)."))
        )
    if parsed.errors:
        return parsed

    offerings = list(Offering.objects.filter(tenant__mpp=mpp).select_related("service", "tenant"))
    by_service = {offering.service.name.strip().lower(): offering for offering in offerings}
    tenants = {t.name.strip().lower(): t for t in mpp.tenants.all()}
    counters_by_code: dict[str, list[Counter]] = defaultdict(list)
    for known in Counter.objects.filter(tenant__mpp=mpp).select_related("tenant"):
        counters_by_code[known.code.strip().lower()].append(known)
    service_days: dict[tuple[Offering, dt.date], _ServiceDay] = {}
    counter_days: dict[tuple[Counter, dt.date], _CounterDay] = {}

    def bad(number: int, key: str, value: Any, message: str) -> None:
        if len(parsed.errors) < 1000:
            parsed.errors.append(
                CellError(number, columns.get(key, key), _text(value)[:60], message)
            )

    for number, cells in rows:
        parsed.rows += 1
        if parsed.rows > MAX_ROWS:
            parsed.errors.append(
                CellError(0, "", "", _("More than %(n)s rows: split the file.") % {"n": MAX_ROWS})
            )
            break

        def cell(key: str, cells: dict[str, Any] = cells) -> Any:
            column = columns.get(key)
            value = cells.get(column) if column else None
            return None if _text(value) == "" else value

        errors_before = len(parsed.errors)
        day = None
        raw = cell("date")
        if raw is None:
            bad(number, "date", raw, _("a date is required (e.g. 2026-03-14)"))
        else:
            try:
                day = _date(raw)
            except ValueError:
                bad(number, "date", raw, _("not a date (use 2026-03-14 or 14/03/2026)"))
            else:
                if day > today:
                    bad(number, "date", raw, _("a day in the future"))
                    day = None
                elif day < EARLIEST:
                    bad(number, "date", raw, _("a day before 2000"))
                    day = None

        tenant: Tenant | None = None
        raw = cell("tenant")
        if raw is not None:
            tenant = tenants.get(_text(raw).lower())
            if tenant is None:
                bad(
                    number,
                    "tenant",
                    raw,
                    _("not a tenant of this MPP (one of: %(names)s)")
                    % {"names": _listed([t.name for t in tenants.values()])},
                )

        offering: Offering | None = None
        raw = cell("service")
        if raw is not None:
            offering = by_service.get(_text(raw).lower())
            if offering is None:
                bad(
                    number,
                    "service",
                    raw,
                    _("not a service at this MPP (one of: %(names)s)")
                    % {"names": _listed([o.service.name for o in offerings])},
                )
            elif tenant is not None and offering.tenant_id != tenant.pk:
                bad(
                    number,
                    "service",
                    raw,
                    _("not a service of %(tenant)s") % {"tenant": tenant.name},
                )
                offering = None

        counter: Counter | None = None
        raw = cell("counter")
        if raw is not None:
            found = counters_by_code.get(_text(raw).lower(), [])
            if tenant is not None:
                found = [c for c in found if c.tenant_id == tenant.pk]
            if len(found) == 1:
                counter = found[0]
            elif not found:
                codes = sorted({c.code for cs in counters_by_code.values() for c in cs})
                bad(
                    number,
                    "counter",
                    raw,
                    _("not a counter of this MPP (one of: %(codes)s)") % {"codes": _listed(codes)},
                )
            else:
                bad(
                    number,
                    "counter",
                    raw,
                    _("two tenants have this counter code: give the tenant in column instansi"),
                )

        hour = None
        raw = cell("hour")
        if raw is not None:
            try:
                hour = _whole(raw, HOURS - 1)
            except ValueError:
                bad(number, "hour", raw, _("not an hour from 0 to 23"))

        values: dict[str, int] = {}
        for key in NUMBERS:
            raw = cell(key)
            if raw is None:
                continue
            highest = MAX_COUNT if key in ("visitors", "transactions") else MAX_MINUTES
            try:
                values[key] = _whole(raw, highest)
            except ValueError:
                bad(
                    number,
                    key,
                    raw,
                    _("not a whole number from 0 to %(n)s") % {"n": f"{highest:,}"},
                )

        opened = closed = staff = None
        raw = cell("opened")
        if raw is not None:
            try:
                opened = _time(raw)
            except ValueError:
                bad(number, "opened", raw, _("not a time (use HH:MM, e.g. 08:00)"))
        raw = cell("closed")
        if raw is not None:
            try:
                closed = _time(raw)
            except ValueError:
                bad(number, "closed", raw, _("not a time (use HH:MM, e.g. 15:00)"))
        raw = cell("staff")
        if raw is not None:
            try:
                staff = _whole(raw, MAX_STAFF)
            except ValueError:
                bad(
                    number,
                    "staff",
                    raw,
                    _("not a whole number from 0 to %(n)s") % {"n": MAX_STAFF},
                )
        if opened is not None and closed is not None and closed <= opened:
            bad(number, "closed", cell("closed"), _("a counter closes after it opens (buka)"))
        elif closed is not None and opened is None and cell("opened") is None:
            bad(number, "opened", None, _("give the time the counter opened"))

        has_counter_values = any(cell(k) is not None for k in ("opened", "closed", "staff"))
        if values and cell("service") is None:
            bad(number, "service", None, _("numbers of visitors need a service (layanan)"))
        if has_counter_values and cell("counter") is None:
            bad(number, "counter", None, _("opening, closing and staff need a counter (loket)"))
        if (
            cell("service") is None
            and not has_counter_values
            and len(parsed.errors) == errors_before
        ):
            bad(
                number,
                "",
                None,
                _("no figure: give a service (layanan) or a counter (loket) with its times"),
            )
        if offering is not None and day is not None and not offering.tenant.is_present_on(day):
            bad(
                number,
                "date",
                cell("date"),
                _("%(tenant)s was not at the MPP on this day") % {"tenant": offering.tenant},
            )
        if counter is not None and day is not None and not counter.tenant.is_present_on(day):
            bad(
                number,
                "date",
                cell("date"),
                _("%(tenant)s was not at the MPP on this day") % {"tenant": counter.tenant},
            )
        if len(parsed.errors) != errors_before or day is None:
            continue

        if offering is not None:
            entry = service_days.setdefault((offering, day), _ServiceDay(first_row=number))
            entry.visitors += values.get("visitors", 0)
            entry.transactions += values.get("transactions", 0)
            entry.wait += values.get("wait", 0)
            entry.serve += values.get("serve", 0)
            if hour is not None:
                entry.hourly = entry.hourly or [0] * HOURS
                entry.hourly[hour] += values.get("visitors", 0)
        if counter is not None and has_counter_values:
            merged = counter_days.setdefault((counter, day), _CounterDay())
            if opened is not None and (merged.opened is None or opened < merged.opened):
                merged.opened = opened
            if closed is not None and (merged.closed is None or closed > merged.closed):
                merged.closed = closed
            merged.staff = max(merged.staff, staff or 0)

    for (offering, day), entry in service_days.items():
        if max(entry.visitors, entry.wait, entry.serve) > MAX_TOTAL:
            bad(entry.first_row, "visitors", None, _("the day's totals are too large"))
        elif entry.transactions > entry.visitors:
            bad(
                entry.first_row,
                "transactions",
                entry.transactions,
                _(
                    "%(service)s on %(day)s: the day's transactions (%(t)s) exceed its "
                    "visitors (%(v)s)"
                )
                % {
                    "service": offering.service.name,
                    "day": day.isoformat(),
                    "t": entry.transactions,
                    "v": entry.visitors,
                },
            )
        else:
            parsed.services[offering, day] = ServiceFigures(
                visitors=entry.visitors,
                transactions=entry.transactions,
                wait_minutes=entry.wait,
                service_minutes=entry.serve,
                hourly=entry.hourly,
            )
    for (counter, day), merged in counter_days.items():
        parsed.counters[counter, day] = CounterFigures(
            opened_at=merged.opened, closed_at=merged.closed, staff=merged.staff
        )
    if not parsed.rows and not parsed.errors:
        parsed.errors.append(CellError(0, "", "", _("The file has no rows of figures.")))
    return parsed


def parse_file(mpp: Mpp, path: str | Path, *, shown_name: str = "") -> ParsedFigures:
    """Read and check a CSV or XLSX file of figures for `mpp` (never raises on a bad file:
    what is wrong is in the result's errors). `shown_name` replaces the path in messages."""
    today = timezone.localdate(timezone=mpp.unit.region.zoneinfo)  # the MPP's own day
    try:
        table = read_table(path)
        return parse_table(mpp, table.header, table.rows, today=today)
    except TableError as error:
        message = str(error)
        if shown_name:
            message = message.replace(str(path), shown_name)
        parsed = ParsedFigures()
        parsed.errors.append(
            CellError(0, "", "", _("Not a readable table: %(why)s") % {"why": message})
        )
        return parsed
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a bad sheet
        # A workbook openpyxl opens but cannot walk (a damaged sheet): refused, never a 500.
        if isinstance(error, DatabaseError):
            raise
        parsed = ParsedFigures()
        parsed.errors.append(
            CellError(0, "", "", _("Not a readable table: %(why)s") % {"why": type(error).__name__})
        )
        return parsed
