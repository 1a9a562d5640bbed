"""Routes of the MPP app's dashboard pages: `public` (under /mpp/) and `manage` (staff)."""

from __future__ import annotations

from django.urls import URLPattern, path

from prima.mpp import dashboard_views as views

public: list[URLPattern] = []
manage: list[URLPattern] = [
    path("mpp/<str:code>/dasbor/", views.mpp_dashboard, name="mpp_dashboard"),
    path(
        "mpp/<str:code>/dasbor/instansi.csv",
        views.mpp_dashboard_export,
        name="mpp_dashboard_export",
    ),
]
