"""Who may see and act on background work: the national administrators, who run the system
(the outbox holds officers' and complainants' addresses and the subjects of their mail)."""

from __future__ import annotations

from prima.accounts.access import deny, staff_rights
from prima.accounts.models import User
from prima.jobs.models import Export, Mail


def require_operator(user: User, *, write: bool = False) -> None:
    if not staff_rights(user).operate_jobs:
        deny(user, "jobs.mail", "list", write=write)


def get_mail_for_user(user: User, pk: int, *, write: bool = False) -> Mail:
    if not staff_rights(user).operate_jobs:
        deny(user, "jobs.mail", pk, write=write)
    mail = Mail.objects.filter(pk=pk).first()
    if mail is None:
        deny(user, "jobs.mail", pk, write=write)
    return mail


def get_export_for_user(user: User, pk: int, *, write: bool = False) -> Export:
    """An export, to the one who asked for it only (not even a national administrator reads
    another's file: it was built with the asker's rights), to download or to delete."""
    export = Export.objects.filter(pk=pk, requested_by=user).first()
    if export is None:
        deny(user, "jobs.export", pk, write=write)
    return export
