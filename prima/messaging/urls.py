"""The providers' webhooks, mounted at /hooks/ by prima.urls."""

from __future__ import annotations

from django.urls import path

from prima.messaging import webhooks

app_name = "messaging"
urlpatterns = [
    path("whatsapp/", webhooks.whatsapp, name="whatsapp"),
    path("sms/", webhooks.sms, name="sms"),
]
