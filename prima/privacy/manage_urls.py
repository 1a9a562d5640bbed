"""Staff pages of the privacy app, mounted in the "manage" namespace by prima/urls.py."""

from __future__ import annotations

from django.urls import URLPattern, path

from prima.privacy import breach_views

urlpatterns: list[URLPattern] = [
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
]
