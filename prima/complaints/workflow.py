"""The complaint's state machine — pure, no Django. Every change of state goes through
`next_status`; anything not listed here is refused (and the action logs the refusal).

The states follow SP4N-LAPOR!'s admin actions (docs/regulations.md §5.3–5.4: Verifikasi, Tunda,
Bukan wewenang, Arsipkan) and its public stages (docs/regulations.md §C1.2).

    received ──verify──▶ dispatched ──start──▶ in_progress ──respond──▶ responded ──close──▶ closed
    received ──postpone──▶ postponed ──add_info──▶ received
    received ──reroute (another agency)──▶ received
    received | postponed ──archive──▶ archived
    dispatched | in_progress ──return──▶ received
    responded ──dispute──▶ reopened ──start / respond──▶ in_progress / responded
"""

from __future__ import annotations

RECEIVED = "received"
POSTPONED = "postponed"
DISPATCHED = "dispatched"
IN_PROGRESS = "in_progress"
RESPONDED = "responded"
REOPENED = "reopened"
CLOSED = "closed"
ARCHIVED = "archived"

# (action, from) → to
TRANSITIONS: dict[tuple[str, str], str] = {
    ("verify", RECEIVED): DISPATCHED,
    ("postpone", RECEIVED): POSTPONED,
    ("add_info", POSTPONED): RECEIVED,
    ("reroute", RECEIVED): RECEIVED,
    ("archive", RECEIVED): ARCHIVED,
    ("archive", POSTPONED): ARCHIVED,
    ("start", DISPATCHED): IN_PROGRESS,
    ("start", REOPENED): IN_PROGRESS,
    ("return", DISPATCHED): RECEIVED,
    ("return", IN_PROGRESS): RECEIVED,
    ("respond", DISPATCHED): RESPONDED,
    ("respond", IN_PROGRESS): RESPONDED,
    ("respond", REOPENED): RESPONDED,
    ("dispute", RESPONDED): REOPENED,
    ("close", RESPONDED): CLOSED,
}

# Who may take each action: the intake coordinator, the unit handling it, the complainant,
# or the clock.
COORDINATOR, UNIT, COMPLAINANT, CLOCK = "coordinator", "unit", "complainant", "clock"
ACTORS: dict[str, frozenset[str]] = {
    "verify": frozenset({COORDINATOR}),
    "postpone": frozenset({COORDINATOR}),
    "add_info": frozenset({COMPLAINANT}),
    "reroute": frozenset({COORDINATOR}),
    "archive": frozenset({COORDINATOR}),
    "start": frozenset({UNIT, COORDINATOR}),
    "return": frozenset({UNIT, COORDINATOR}),
    "respond": frozenset({UNIT, COORDINATOR}),
    "dispute": frozenset({COMPLAINANT}),
    "close": frozenset({COMPLAINANT, COORDINATOR, CLOCK}),
}


class IllegalTransition(Exception):
    def __init__(self, action: str, status: str) -> None:
        super().__init__(f"{action!r} is not allowed from {status!r}")
        self.action = action
        self.status = status


def next_status(action: str, status: str) -> str:
    try:
        return TRANSITIONS[(action, status)]
    except KeyError:
        raise IllegalTransition(action, status) from None


def allowed_actions(status: str, role: str) -> list[str]:
    """The actions `role` may take on a complaint in `status`, in a stable order."""
    return [
        action for (action, source) in TRANSITIONS if source == status and role in ACTORS[action]
    ]


# Which deadline runs in each state (None: no clock — waiting for the complainant, or done).
CLOCK_OF: dict[str, str | None] = {
    RECEIVED: "verify",
    POSTPONED: None,
    DISPATCHED: "respond",
    IN_PROGRESS: "respond",
    REOPENED: "respond",
    RESPONDED: "close",
    CLOSED: None,
    ARCHIVED: None,
}

# The states whose deadline is the staff's to meet (verify, answer). A complaint in one of them
# is overdue once its due time has passed; an answered complaint past its due time is not
# overdue but closes (the complainant's window), and a postponed, closed or archived one has
# no running deadline.
STAFF_DEADLINE: frozenset[str] = frozenset(
    status for status, step in CLOCK_OF.items() if step in ("verify", "respond")
)

# The public stages citizens know from lapor.go.id (docs/regulations.md §C1.2).
STAGE_VERIFICATION = "proses_verifikasi"
STAGE_FOLLOW_UP = "proses_tindak_lanjut"
STAGE_REPLY = "beri_tanggapan"
STAGE_DONE = "selesai"
STAGE_ARCHIVED = "diarsipkan"
STAGE_OF: dict[str, str] = {
    RECEIVED: STAGE_VERIFICATION,
    POSTPONED: STAGE_VERIFICATION,
    DISPATCHED: STAGE_FOLLOW_UP,
    IN_PROGRESS: STAGE_FOLLOW_UP,
    REOPENED: STAGE_FOLLOW_UP,
    RESPONDED: STAGE_REPLY,
    CLOSED: STAGE_DONE,
    ARCHIVED: STAGE_ARCHIVED,
}
STAGES = (STAGE_VERIFICATION, STAGE_FOLLOW_UP, STAGE_REPLY, STAGE_DONE)
STAGE_LABELS = {
    STAGE_VERIFICATION: "Proses Verifikasi",
    STAGE_FOLLOW_UP: "Proses Tindak Lanjut",
    STAGE_REPLY: "Beri Tanggapan",
    STAGE_DONE: "Selesai",
    STAGE_ARCHIVED: "Diarsipkan",
}
