"""Public complaint pages (namespace "complaints")."""

from __future__ import annotations

from django.urls import path

from prima.complaints import public_views as views

app_name = "complaints"

urlpatterns = [
    path("new/", views.new, name="new"),
    path("unit/<str:code>/", views.unit_page, name="unit"),
    path("unit/<str:code>/new/", views.new, name="new_for_unit"),
    path("track/", views.track, name="track"),
    path("sent/", views.send_codes, name="send_codes"),
    path("track/<str:public_id>/", views.tracked, name="tracked"),
    path("track/<str:public_id>/<str:verb>/", views.tracked_action, name="tracked_action"),
]
