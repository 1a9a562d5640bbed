"""Staff pages of the privacy app, mounted in the "manage" namespace by prima/urls.py."""

from __future__ import annotations

from django.urls import URLPattern, path

from prima.privacy import breach_views, register_views, request_views, views

urlpatterns: list[URLPattern] = [
    # --- retention (item 1) ---
    path("privacy/purges/", views.purge_reports, name="privacy_purges"),
    path("privacy/purges/<int:pk>.csv", views.purge_report_csv, name="privacy_purge_csv"),
    # --- end retention ---
    # --- breach response (item 5) ---
    path("privacy/incidents/", breach_views.incident_list, name="privacy_incidents"),
    path("privacy/incidents/new/", breach_views.incident_create, name="privacy_incident_create"),
    path("privacy/incidents/<int:pk>/", breach_views.incident_detail, name="privacy_incident"),
    path(
        "privacy/incidents/<int:pk>/edit/",
        breach_views.incident_edit,
        name="privacy_incident_edit",
    ),
    path(
        "privacy/incidents/<int:pk>/report/",
        breach_views.incident_report,
        name="privacy_incident_report",
    ),
    # --- end breach response ---
    # --- the processing register and the DPIA drafts (items 3-4) ---
    path("privacy/register/", register_views.register, name="privacy_register"),
    path("privacy/register.<str:fmt>", register_views.register, name="privacy_register_export"),
    path("privacy/dpia/<slug:key>.md", register_views.dpia, name="privacy_dpia"),
    # --- end register ---
    # --- people's requests (item 2) ---
    path("privacy/requests/", request_views.queue, name="privacy_requests"),
    path("privacy/requests/new/", request_views.record, name="privacy_request_new"),
    path("privacy/requests/<int:pk>/", request_views.detail, name="privacy_request"),
    path(
        "privacy/requests/<int:pk>/export.<str:fmt>",
        request_views.export,
        name="privacy_request_export",
    ),
    path("privacy/requests/<int:pk>/<slug:verb>/", request_views.act, name="privacy_request_act"),
    # --- end requests ---
]
