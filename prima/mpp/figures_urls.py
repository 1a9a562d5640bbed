"""Routes of the MPP app's figures pages: `public` (under /mpp/) and `manage` (staff)."""

from __future__ import annotations

from django.urls import URLPattern, path

from prima.mpp import figures_views

public: list[URLPattern] = []
manage: list[URLPattern] = [
    path("mpp/<str:code>/angka/", figures_views.figures, name="mpp_figures"),
    path("mpp/<str:code>/angka/hari/", figures_views.figures_day, name="mpp_figures_day"),
    path("mpp/<str:code>/angka/impor/", figures_views.figures_import, name="mpp_figures_import"),
]
