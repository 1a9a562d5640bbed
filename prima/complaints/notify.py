"""Notifications about complaints, by e-mail (Django's mail backend, so any transport can be
plugged in with EMAIL_URL). What goes to a unit or a coordinator never holds the
complainant's identity: only the complaint's number, title and link (issue 5 §3).

Mail goes through the outbox (ADR 0020): it is kept with the complaint's transaction and
delivered, and retried, by a worker, so a mail server that is down loses nothing and a
failure is shown to administrators instead of being dropped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.mail import EmailMessage, send_mail
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from prima.accounts.models import Role, User
from prima.jobs.outbox import send_now
from prima.lib.http import absolute_url

if TYPE_CHECKING:
    from prima.complaints.models import Complaint


def _link(complaint: Complaint) -> str:
    return absolute_url(reverse("manage:complaint_detail", args=[complaint.pk]))


def _emails(users: QuerySet[User]) -> list[str]:
    found = users.filter(is_active=True).exclude(email="").values_list("email", flat=True)
    return sorted(set(found))


def unit_people(complaint: Complaint) -> list[str]:
    return _emails(
        User.objects.filter(
            memberships__role=Role.UNIT_OPERATOR, memberships__unit=complaint.unit_id
        )
    )


def coordinators(complaint: Complaint) -> list[str]:
    return _emails(
        User.objects.filter(
            memberships__role=Role.AGENCY_ADMIN, memberships__agency=complaint.agency_id
        )
    )


def ministry() -> list[str]:
    return _emails(
        User.objects.filter(Q(memberships__role=Role.NATIONAL_ADMIN) | Q(is_superuser=True))
    )


def _send(subject: str, body: str, to: list[str]) -> None:
    if to:
        send_mail(subject, body, None, to)


def dispatched(complaint: Complaint) -> None:
    due = complaint.due_at.strftime("%d-%m-%Y %H:%M") if complaint.due_at else "-"
    _send(
        f"[Prima] Pengaduan {complaint.public_id} diteruskan ke unit Anda",
        f'Pengaduan {complaint.public_id} "{complaint.title}" telah diverifikasi dan '
        f"diteruskan ke {complaint.unit}. Tanggapan paling lambat {due}.\n\n{_link(complaint)}\n",
        unit_people(complaint),
    )


def escalated(complaint: Complaint, level: int) -> None:
    to = coordinators(complaint) if level == 1 else ministry()
    _send(
        f"[Prima] Pengaduan {complaint.public_id} melewati batas waktu",
        f'Pengaduan {complaint.public_id} "{complaint.title}" ({complaint.get_status_display()}) '
        f"melewati batas waktunya. Tingkat eskalasi: {level}.\n\n{_link(complaint)}\n",
        to,
    )


def to_complainant(complaint: Complaint, message: str) -> None:
    """The complainant's own address, if they gave one: the news about their complaint."""
    identity = getattr(complaint, "identity", None)
    if identity is None or not identity.email:
        return
    _send(
        f"[Prima] Perkembangan pengaduan {complaint.public_id}",
        f'Pengaduan Anda {complaint.public_id} "{complaint.title}": '
        f"{complaint.get_status_display()}.\n\n{message}\n\n"
        "Lihat perkembangannya dengan kode pelacakan Anda di halaman Lacak Pengaduan.\n",
        [identity.email],
    )


def codes_to_complainant(
    address: str, complaint: Complaint, *, code: str, secret: str, track_url: str
) -> bool:
    """The report's number and codes to an address the complainant gives on the confirmation
    page, in the page's language. The address is not kept anywhere. True when the mail backend
    took the message."""
    subject = _("[Prima] Your report %(number)s") % {"number": complaint.public_id}
    lines = [
        _(
            "Keep this message: with it you can follow your report, add information and reply "
            "to the answer."
        ),
        "",
        _("Report number: %(number)s") % {"number": complaint.public_id},
        _("Secret code: %(secret)s") % {"secret": secret},
        _("Tracking code (opens the report on its own): %(code)s") % {"code": code},
        "",
        _("Track your report: %(url)s") % {"url": track_url},
        "",
        _("Do not share the codes: whoever has them can act on your report."),
    ]
    try:
        return send_now(EmailMessage(subject, "\n".join(lines) + "\n", None, [address])) == 1
    except Exception:  # any transport's failure: the page says so; nothing is lost
        return False
