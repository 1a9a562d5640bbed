"""Who may see and act on background work: the national administrators, who run the system
(the outbox holds officers' and complainants' addresses and the subjects of their mail)."""

from __future__ import annotations

from prima.accounts.access import deny, staff_rights
from prima.accounts.models import User
from prima.jobs.models import Mail


def require_operator(user: User) -> None:
    if not staff_rights(user).operate_jobs:
        deny(user, "jobs.mail", "list", write=False)


def get_mail_for_user(user: User, pk: int, *, write: bool = False) -> Mail:
    if not staff_rights(user).operate_jobs:
        deny(user, "jobs.mail", pk, write=write)
    mail = Mail.objects.filter(pk=pk).first()
    if mail is None:
        deny(user, "jobs.mail", pk, write=write)
    return mail
