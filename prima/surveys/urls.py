"""Citizen-facing survey addresses, short enough for a QR code: /s/<unit code>/."""

from __future__ import annotations

from django.urls import path

from prima.surveys import public_views

app_name = "surveys"

urlpatterns = [
    path("kiosk/enrol/", public_views.kiosk_enrol, name="kiosk_enrol"),
    path("<str:code>/", public_views.respond, name="respond"),
    path("<str:code>/<int:service_pk>/", public_views.respond, name="respond_service"),
    path("<str:code>/thanks/", public_views.thanks, name="thanks"),
    path("<str:code>/kiosk/", public_views.kiosk, name="kiosk"),
    path("<str:code>/kiosk/thanks/", public_views.kiosk_thanks, name="kiosk_thanks"),
    path("<str:code>/qr.<str:fmt>", public_views.qr_code, name="qr"),
    path("<str:code>/poster.pdf", public_views.poster, name="poster"),
    # --- SKM by message (issue 25): single-use links; "u" is never a unit code (upper case) ---
    path("u/<str:token>/", public_views.invitation, name="invitation"),
    # --- end SKM by message ---
]
