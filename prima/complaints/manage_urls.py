"""Staff complaint pages, part of the /manage/ namespace."""

from __future__ import annotations

from django.urls import path

from prima.complaints import views

urlpatterns = [
    path("complaints/", views.queue, name="complaint_queue"),
    path("complaints/clock/", views.clock_settings, name="complaint_settings"),
    path("complaints/templates/", views.templates, name="complaint_templates"),
    path("complaints/<int:pk>/", views.detail, name="complaint_detail"),
    path("complaints/<int:pk>/identity/", views.identity, name="complaint_identity"),
    path("complaints/<int:pk>/<str:action>/", views.step, name="complaint_step"),
    path("complaint-files/<int:pk>/", views.attachment, name="complaint_attachment"),
    path("units/<str:code>/complaints/new/", views.staff_new, name="complaint_create"),
]
