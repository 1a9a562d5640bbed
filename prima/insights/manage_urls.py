"""Staff pages of the insights app, part of the /manage/ namespace (prima/urls.py)."""

from __future__ import annotations

from django.urls import path

from prima.insights import board_views

urlpatterns = [
    path("readiness/", board_views.readiness, name="readiness"),
    path("readiness/<slug:agency_code>/", board_views.readiness_agency, name="readiness_agency"),
]
