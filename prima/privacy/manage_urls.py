"""Staff pages of the privacy app, mounted in the "manage" namespace by prima/urls.py."""

from __future__ import annotations

from django.urls import path

from prima.privacy import views

urlpatterns = [
    path("privacy/purges/", views.purge_reports, name="privacy_purges"),
    path("privacy/purges/<int:pk>.csv", views.purge_report_csv, name="privacy_purge_csv"),
]
