"""Small charts drawn on the server as SVG (ADR 0004): no JavaScript, a few hundred bytes, the
same picture on the page and in print. Every chart is decorative beside a data table that
carries the same numbers (`aria-hidden` on the SVG, the table is the accessible version).

A chart is drawn for a width and scales with the page, and so do its labels: a 680-wide chart
on a 360 px phone would print them at under 6 px. So each chart comes in two layouts, wide
and narrow (340 units, its labels above the bars), and `responsive` puts both in the page for
the stylesheet to show the one that fits; at 288 px of column the narrow one still shows its
12-unit labels at 10 px. Pure: no Django.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

Formatter = Callable[[float], str]

WIDE = 680
NARROW = 340
CHAR_WIDTH = 7.0  # a generous average advance of the 12-unit sans-serif labels


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    note: str = ""  # printed after the bar, e.g. "3.12 · B"
    weak: bool = False


def responsive(wide: str, narrow: str) -> str:
    """Both layouts of a chart; prima.css shows the narrow one on narrow screens only."""
    return f'<div class="chart-wide">{wide}</div><div class="chart-narrow">{narrow}</div>'


def bar_chart(
    bars: Sequence[Bar],
    *,
    low: float,
    high: float,
    ticks: Sequence[float] = (),
    fmt: Formatter | None = None,
    width: int = WIDE,
    narrow: bool = False,
) -> str:
    """Horizontal bars from `low` to `high`, one per row, labels on the left (narrow: above
    each bar, across the whole width); grid lines at `ticks` (default: quarters), labelled
    with `fmt`."""
    if narrow:
        return _narrow_bar_chart(bars, low=low, high=high, ticks=ticks, fmt=fmt)
    row, label_w, note_w = 28, 270, 90
    plot_w = width - label_w - note_w
    height = row * len(bars) + 24
    parts = [_open(width, height)]
    for tick in ticks or _ticks(low, high):
        x = label_w + plot_w * (tick - low) / (high - low)
        parts.append(
            f'<line class="grid-line" x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 18}"/>'
            f'<text x="{x:.1f}" y="{height - 4}" text-anchor="middle">'
            f"{escape((fmt or _fmt)(tick))}</text>"
        )
    for i, bar in enumerate(bars):
        y = i * row
        label = escape(_clip(bar.label, 40))
        parts.append(f'<text x="{label_w - 8}" y="{y + 18}" text-anchor="end">{label}</text>')
        if bar.value is not None:
            w = max(1.0, plot_w * (min(max(bar.value, low), high) - low) / (high - low))
            css = "bar weak" if bar.weak else "bar"
            parts.append(
                f'<rect class="{css}" x="{label_w}" y="{y + 5}" '
                f'width="{w:.1f}" height="{row - 10}"/>'
            )
        parts.append(
            f'<text x="{width - note_w + 6}" y="{y + 18}">{escape(bar.note or "—")}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _narrow_bar_chart(
    bars: Sequence[Bar],
    *,
    low: float,
    high: float,
    ticks: Sequence[float],
    fmt: Formatter | None,
) -> str:
    """Each bar under its label, which has the whole width; the note after the bar."""
    width, row, note_w = NARROW, 44, 60
    plot_w = width - note_w
    height = row * len(bars) + 24
    parts = [_open(width, height, "narrow")]
    for tick in ticks or _ticks(low, high):
        x = plot_w * (tick - low) / (high - low)
        anchor = "start" if x < 20 else "middle"  # the first label inside the picture
        parts.append(
            f'<line class="grid-line" x1="{x:.1f}" y1="16" x2="{x:.1f}" y2="{height - 18}"/>'
            f'<text x="{x:.1f}" y="{height - 4}" text-anchor="{anchor}">'
            f"{escape((fmt or _fmt)(tick))}</text>"
        )
    for i, bar in enumerate(bars):
        y = i * row
        label = escape(_clip(bar.label, int(width / CHAR_WIDTH)))
        parts.append(f'<text x="0" y="{y + 13}">{label}</text>')
        if bar.value is not None:
            w = max(1.0, plot_w * (min(max(bar.value, low), high) - low) / (high - low))
            css = "bar weak" if bar.weak else "bar"
            parts.append(f'<rect class="{css}" x="0" y="{y + 18}" width="{w:.1f}" height="18"/>')
        parts.append(f'<text x="{plot_w + 6}" y="{y + 32}">{escape(bar.note or "—")}</text>')
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Point:
    label: str
    value: float | None
    target: float | None = None


def trend_chart(
    points: Sequence[Point],
    *,
    low: float,
    high: float,
    ticks: Sequence[float] = (),
    fmt: Formatter | None = None,
    width: int = WIDE,
    narrow: bool = False,
) -> str:
    """A line through the values in order, with each point's target as a dashed step; grid
    lines at `ticks` (default: quarters), labelled with `fmt`. Labels under the points that
    would run into each other are slanted (narrow: 340 units wide)."""
    if narrow:
        width = NARROW
    n = max(len(points), 1)
    left, right, top = (50, 10, 10) if narrow else (52, 16, 10)
    plot_w = width - left - right
    slot = plot_w / n
    clip = 16 if narrow else 18
    labels = [_clip(point.label, clip) for point in points]
    longest = max((len(label) for label in labels), default=0) * CHAR_WIDTH
    slant = longest > slot - 4
    bottom = 40 if not slant else 26 + math.ceil(longest * math.sin(math.radians(35)))
    plot_h = 180 - top
    height = top + plot_h + bottom

    def x(i: int) -> float:
        return left + (plot_w * (i + 0.5) / n)

    def y(v: float) -> float:
        return top + plot_h * (1 - (min(max(v, low), high) - low) / (high - low))

    parts = [_open(width, height, "narrow" if narrow else "")]
    for tick in ticks or _ticks(low, high):
        parts.append(
            f'<line class="grid-line" x1="{left}" y1="{y(tick):.1f}" x2="{width - right}" '
            f'y2="{y(tick):.1f}"/><text x="{left - 6}" y="{y(tick) + 4:.1f}" '
            f'text-anchor="end">{escape((fmt or _fmt)(tick))}</text>'
        )
    for i, point in enumerate(points):
        if point.target is not None:
            half = plot_w / n / 2.5
            parts.append(
                f'<line class="target-line" x1="{x(i) - half:.1f}" y1="{y(point.target):.1f}" '
                f'x2="{x(i) + half:.1f}" y2="{y(point.target):.1f}"/>'
            )
        ly = top + plot_h + 18
        if slant:
            parts.append(
                f'<text x="{x(i):.1f}" y="{ly}" text-anchor="end" '
                f'transform="rotate(-35 {x(i):.1f} {ly})">{escape(labels[i])}</text>'
            )
        else:
            parts.append(
                f'<text x="{x(i):.1f}" y="{ly}" text-anchor="middle">{escape(labels[i])}</text>'
            )
    path = [(x(i), y(p.value)) for i, p in enumerate(points) if p.value is not None]
    if len(path) > 1:
        d = " ".join(
            f"{'M' if j == 0 else 'L'}{px:.1f},{py:.1f}" for j, (px, py) in enumerate(path)
        )
        parts.append(f'<path class="trend-line" d="{d}"/>')
    for px, py in path:
        parts.append(f'<circle class="trend-dot" cx="{px:.1f}" cy="{py:.1f}" r="5"/>')
    parts.append("</svg>")
    return "".join(parts)


def _open(width: int, height: int, css: str = "") -> str:
    klass = f' class="{css}"' if css else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg"{klass} viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-hidden="true" focusable="false">'
    )


def _ticks(low: float, high: float) -> list[float]:
    step = (high - low) / 4
    return [low + step * i for i in range(5)]


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


def _clip(text: str, length: int = 32) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
