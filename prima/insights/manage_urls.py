"""Staff pages of the insights app: the start page of every role and the readiness board.
Part of the /manage/ namespace, assembled in prima/urls.py."""

from __future__ import annotations

from django.urls import path

from prima.insights import board_views, start_views

urlpatterns = [
    path("", start_views.start, name="home"),
    path("readiness/", board_views.readiness, name="readiness"),
    path("readiness/<slug:agency_code>/", board_views.readiness_agency, name="readiness_agency"),
]
