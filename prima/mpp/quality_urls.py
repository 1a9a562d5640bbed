"""Routes of the MPP app's quality pages: `public` (under /mpp/) and `manage` (staff): the IKM
per tenant and the complaints filed at the MPP (prima.mpp.quality_views)."""

from __future__ import annotations

from django.urls import URLPattern, path

from prima.mpp import quality_views as views

public: list[URLPattern] = []
manage: list[URLPattern] = [
    path("mpp/<str:code>/kualitas/", views.mpp_quality, name="mpp_quality"),
    path("mpp/<str:code>/pengaduan/", views.mpp_complaints, name="mpp_complaints"),
    path(
        "mpp/<str:code>/pengaduan/<int:pk>/teruskan/",
        views.mpp_complaint_forward,
        name="mpp_complaint_forward",
    ),
]
