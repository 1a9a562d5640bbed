"""Which service units' records changed — the one thing the modules below tell the start pages
and boards above them, which they may not import.

A module whose write changes what a unit's duties look like (a standard set, a survey's sample
met, a complaint answered) either saves a model the insights app watches (its post_save and
post_delete receivers) or, for writes that bypass the ORM's signals (the SKM submission's
plain statements), calls `units_changed`. The insights app listens (`listen`) and refreshes
those units' rows when the transaction commits. Without a listener this does nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Listener = Callable[[Iterable[int]], None]

_listeners: list[Listener] = []


def listen(listener: Listener) -> None:
    """Call `listener` with the ids of the units whose records changed."""
    if listener not in _listeners:
        _listeners.append(listener)


def units_changed(unit_ids: Iterable[int]) -> None:
    ids = [unit_id for unit_id in unit_ids if unit_id is not None]
    if not ids:
        return
    for listener in _listeners:
        listener(ids)
