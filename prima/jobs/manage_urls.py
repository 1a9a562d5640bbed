"""Staff pages of background work, assembled into the "manage" namespace by prima.urls."""

from __future__ import annotations

from django.urls import path

from prima.jobs import views

urlpatterns = [
    path("jobs/", views.outbox, name="jobs_outbox"),
    path("jobs/mail/<int:pk>/send-again/", views.mail_resend, name="jobs_mail_resend"),
    path("jobs/run/<slug:name>/run-again/", views.run_again, name="jobs_run_again"),
    path("exports/", views.exports_list, name="exports"),
    path("exports/new/", views.export_request, name="export_request"),
    path("exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("exports/<int:pk>/delete/", views.export_delete, name="export_delete"),
]
