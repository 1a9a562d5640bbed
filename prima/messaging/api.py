"""`POST /api/v1/surveys/invitations/`: the survey invitation after a queue ticket (issue 25 §2,
"after a service … or a ticket"). A queue machine, or the unit's own counter system, calls it
with the token of one of the unit's officers when a ticket is served; the citizen gets the one
message the officer's page would send (prima.messaging.skm_flow). The ticket makes a repeated
request harmless: the same ticket on the same day sends nothing again and answers what the
first request did."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from prima.accounts.requests import api_user
from prima.lib.api import (
    StrictBooleanField,
    StrictCharField,
    StrictChoiceField,
    StrictIntegerField,
)
from prima.messaging import numbers, skm_flow
from prima.messaging.models import Channel, TicketInvitation
from prima.registry.models import Service
from prima.surveys.access import get_survey_unit_for_user
from prima.surveys.invitations import NoOpenPeriod

LINK, BY_REPLY = "link", "reply"


class TicketInvitationRequest(serializers.Serializer[Any]):
    unit = StrictCharField(max_length=40, help_text="The unit's code, e.g. 8104-DUKCAPIL.")
    ticket = StrictCharField(
        max_length=40,
        help_text=(
            "The queue ticket served, as the machine prints it (e.g. A-023). The same ticket "
            "at the same unit on the same day sends nothing again."
        ),
    )
    service = StrictIntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=2**63 - 1,  # a BigAutoField: anything larger is no id
        help_text="The id of the service received (GET /api/v1/services/?unit=…); "
        "null or absent for the unit as a whole.",
    )
    channel = StrictChoiceField(choices=Channel.choices)
    number = StrictCharField(
        max_length=30, help_text="The citizen's phone number, e.g. 0812 3456 7890."
    )
    mode = StrictChoiceField(
        choices=[(LINK, "a single-use link"), (BY_REPLY, "nine questions by reply")],
        default=LINK,
    )
    agreed = StrictBooleanField(
        help_text="The citizen agreed to receive this message (asked at the counter or on the "
        "queue machine). Must be true."
    )

    def validate_number(self, value: str) -> str:
        found = numbers.normalise(value)
        if found is None:
            raise serializers.ValidationError(_("This is not a phone number."))
        return found

    def validate_agreed(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError(
                _("Ask the citizen first: send only with their agreement.")
            )
        return value


def _answer(record: TicketInvitation, *, repeated: bool) -> dict[str, Any]:
    outbound = record.outbound
    return {
        "unit": record.unit.code,
        "ticket": record.ticket,
        "day": record.day,
        "channel": outbound.contact.channel if outbound else None,
        "number": numbers.masked(outbound.contact.number) if outbound else None,
        "status": outbound.status if outbound else None,
        "repeated": repeated,
    }


ANSWER = inline_serializer(
    name="TicketInvitation",
    fields={
        "unit": serializers.CharField(),
        "ticket": serializers.CharField(),
        "day": serializers.DateField(help_text="The unit's local day the ticket was served."),
        "channel": serializers.ChoiceField(choices=Channel.choices, allow_null=True),
        "number": serializers.CharField(
            allow_null=True, help_text="The number, masked: +62812••••7890."
        ),
        "status": serializers.CharField(
            allow_null=True,
            help_text="The message's state: queued, sending, sent, delivered, read or failed "
            "(null once the message's record was deleted by the retention period).",
        ),
        "repeated": serializers.BooleanField(
            help_text="True when this ticket had been served before: nothing was sent now."
        ),
    },
)
REFUSED = inline_serializer(
    name="InvitationRefused",
    fields={
        "detail": serializers.CharField(),
        "reason": serializers.ChoiceField(choices=["no_open_period", "opted_out", "daily_limit"]),
    },
)


class TicketInvitationView(APIView):
    @extend_schema(
        summary="Invite the citizen served on a queue ticket to the survey (SMS or WhatsApp)",
        request=TicketInvitationRequest,
        responses={
            201: OpenApiResponse(ANSWER, description="Sent (queued for sending) now."),
            200: OpenApiResponse(
                ANSWER, description="This ticket was served before: nothing sent again."
            ),
            409: OpenApiResponse(
                REFUSED,
                description="Not sent, nothing recorded: no survey period of the unit takes "
                "answers today, the number sent STOP, or it had its invitations for today.",
            ),
        },
        examples=[
            OpenApiExample(
                "A link by WhatsApp",
                request_only=True,
                value={
                    "unit": "8104-DUKCAPIL",
                    "ticket": "A-023",
                    "service": 12,
                    "channel": "whatsapp",
                    "number": "0812 3456 7890",
                    "mode": "link",
                    "agreed": True,
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        given = TicketInvitationRequest(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        user = api_user(request)
        unit, _rights = get_survey_unit_for_user(user, data["unit"], write=True)
        service = None
        if data.get("service") is not None:
            service = Service.objects.filter(unit=unit, is_active=True, pk=data["service"]).first()
            if service is None:
                return Response(
                    {"service": [_("This unit offers no such service.")]},
                    status=status.HTTP_400_BAD_REQUEST,
                )
        try:
            record, sent = skm_flow.invite_for_ticket(
                unit=unit,
                ticket=data["ticket"],
                service=service,
                channel=data["channel"],
                number=data["number"],
                by_reply=data["mode"] == BY_REPLY,
                actor=user,
            )
        except NoOpenPeriod:
            return Response(
                {
                    "detail": _("No survey period of this unit takes answers today."),
                    "reason": "no_open_period",
                },
                status=status.HTTP_409_CONFLICT,
            )
        except skm_flow.InviteRefused as refused:
            return Response(
                {"detail": str(refused), "reason": refused.reason},
                status=status.HTTP_409_CONFLICT,
            )
        return Response(
            _answer(record, repeated=not sent),
            status=status.HTTP_201_CREATED if sent else status.HTTP_200_OK,
        )
