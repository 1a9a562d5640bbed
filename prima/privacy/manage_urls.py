"""Staff pages of the privacy app, mounted in the "manage" namespace by prima/urls.py."""

from __future__ import annotations

from django.urls import URLPattern, path

from prima.privacy import request_views

urlpatterns: list[URLPattern] = [
    path("privacy/requests/", request_views.queue, name="privacy_requests"),
    path("privacy/requests/<int:pk>/", request_views.detail, name="privacy_request"),
    path(
        "privacy/requests/<int:pk>/export.<str:fmt>",
        request_views.export,
        name="privacy_request_export",
    ),
    path("privacy/requests/<int:pk>/<slug:verb>/", request_views.act, name="privacy_request_act"),
]
