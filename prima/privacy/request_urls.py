"""Public pages of personal-data requests (namespace "privacy_requests"), under
/privasi/data/ (prima/urls.py)."""

from __future__ import annotations

from django.urls import path

from prima.privacy import request_public_views as views

app_name = "privacy_requests"

urlpatterns = [
    path("laporan/<str:public_id>/", views.complaint_data, name="complaint_data"),
    path("peserta/", views.participant_start, name="participant_start"),
    path("peserta/data/", views.participant_data, name="participant_data"),
    path("peserta/<str:token>/", views.participant_link, name="participant_link"),
]
