"""Single-use links to the SKM questionnaire, sent to a citizen after a service (issue 25).

Staff (through prima.messaging) invite a citizen who was just served; the citizen gets a link
by SMS or WhatsApp that opens the unit's ordinary questionnaire, for the service received. The
answer is stored like any other — the same form token, honeypot, minimum time and per-device
daily limit — with the invitation's channel, and uses the link up. Only the digest of the
link's token is kept, and no phone number: the invitation cannot tell who answered what.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from prima.lib.http import absolute_url
from prima.surveys.models import SurveyInvitation, SurveyResponse
from prima.surveys.submission import Submission, open_period_for

if TYPE_CHECKING:
    from prima.accounts.models import User
    from prima.registry.models import Service, ServiceUnit

# The channels an invitation can be sent through (the response records it).
CHANNELS = (SurveyResponse.Channel.SMS, SurveyResponse.Channel.WHATSAPP, SurveyResponse.Channel.WEB)
# Tokens are 32 URL-safe characters (192 bits); anything longer is not ours.
TOKEN_MAX_LENGTH = 64


class NoOpenPeriod(Exception):
    """No survey period takes answers for this unit (or service) today."""


def valid_for() -> dt.timedelta:
    return dt.timedelta(days=settings.PRIMA_SURVEY_INVITATION_DAYS)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_path(token: str) -> str:
    return reverse("surveys:invitation", args=[token])


def invite(
    *,
    unit: ServiceUnit,
    service: Service | None,
    channel: str,
    actor: User | None,
    now: dt.datetime | None = None,
) -> tuple[SurveyInvitation, str]:
    """A single-use invitation to the web questionnaire of `unit` (for `service`), valid
    PRIMA_SURVEY_INVITATION_DAYS days (default 7), and its absolute address to send. The token
    is in the address only; the database keeps its SHA-256.

    Raises NoOpenPeriod when no period takes answers for the unit or service today: a link to
    a closed survey would only disappoint.
    """
    if channel not in CHANNELS:
        raise ValueError(f"not an invitation channel: {channel!r}")
    now = now or timezone.now()
    if open_period_for(unit, service, now=now) is None:
        raise NoOpenPeriod(unit.code)
    token = secrets.token_urlsafe(24)
    invitation = SurveyInvitation.objects.create(
        unit=unit,
        service=service,
        channel=channel,
        token_digest=token_digest(token),
        created_by=actor,
        created_at=now,
        expires_at=now + valid_for(),
    )
    return invitation, absolute_url(invitation_path(token))


def get_invitation(token: str) -> SurveyInvitation:
    """The invitation a link carries (Http404 for any other token), with its unit, region and
    service. Used and expired invitations are returned too: the page says what happened."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        raise Http404
    invitation = (
        SurveyInvitation.objects.select_related("unit", "unit__region", "service")
        .filter(token_digest=token_digest(token))
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


# A form drawn just before the link expired may still be sent for this long.
SEND_GRACE = dt.timedelta(days=1)


def is_expired(
    invitation: SurveyInvitation, now: dt.datetime | None = None, *, sending: bool = False
) -> bool:
    """Whether the link no longer opens the form (or, `sending`, no longer takes its answer)."""
    limit = invitation.expires_at + (SEND_GRACE if sending else dt.timedelta(0))
    return limit <= (now or timezone.now())


class InvitationUsed(Exception):
    """The invitation brought another answer first."""


def use(
    invitation: SurveyInvitation, submission: Submission, *, now: dt.datetime | None = None
) -> None:
    """Record that `submission` used the invitation up. Call it in the transaction that stored
    the answer: it raises InvitationUsed — and the caller's transaction must roll the answer
    back — when another answer used the invitation first (two forms opened from one link).
    A resend of the same form (`submission.created` False) changes nothing."""
    if not submission.created:
        return
    claimed = SurveyInvitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
        used_at=now or timezone.now(), response=submission.response
    )
    if not claimed:
        raise InvitationUsed(invitation.pk)
