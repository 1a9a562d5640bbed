"""Routes of the MPP app's digital pages: `public` (under /mpp/) and `manage` (staff): the
MPP Digital readiness checklist of one MPP (prima.mpp.digital_views)."""

from __future__ import annotations

from django.urls import URLPattern, path

from prima.mpp import digital_views as views

public: list[URLPattern] = []
manage: list[URLPattern] = [
    path("mpp/<str:code>/digital/", views.mpp_digital, name="mpp_digital"),
    path(
        "mpp/<str:code>/digital/<str:criterion>/",
        views.mpp_digital_edit,
        name="mpp_digital_edit",
    ),
    path(
        "mpp/<str:code>/digital/<str:criterion>/file/",
        views.mpp_digital_file,
        name="mpp_digital_file",
    ),
]
