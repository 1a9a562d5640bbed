"""A readable difference between two versions of a standard, component by component — pure,
no Django. Each component is turned into lines of plain text (components.component_lines)
and the lines are compared, so "Kartu Keluarga added to the requirements" reads as one added
line rather than as a change to a JSON document."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from prima.standards.components import COMPONENTS, component_lines

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"


@dataclass(frozen=True)
class Line:
    op: str  # "+" added, "-" removed, " " unchanged
    text: str


@dataclass
class ComponentChange:
    key: str
    number: int
    name: str
    kind: str  # added, removed or changed
    lines: list[Line] = field(default_factory=list)


def compare(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> list[ComponentChange]:
    """The components that differ between `old` and `new`, in the regulation's order, each
    with its lines marked as added, removed or kept. Unchanged components are left out."""
    old, new = old or {}, new or {}
    changes: list[ComponentChange] = []
    for component in COMPONENTS:
        before = component_lines(component.key, old.get(component.key))
        after = component_lines(component.key, new.get(component.key))
        if before == after:
            continue
        kind = ADDED if not before else REMOVED if not after else CHANGED
        lines: list[Line] = []
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                lines.extend(Line(" ", text) for text in before[i1:i2])
                continue
            lines.extend(Line("-", text) for text in before[i1:i2])
            lines.extend(Line("+", text) for text in after[j1:j2])
        changes.append(
            ComponentChange(component.key, component.number, component.name, kind, lines)
        )
    return changes
