"""Public pages of the standards module, under /units/<code>/ (namespace "standards")."""

from __future__ import annotations

from django.urls import path

from prima.standards import public_views as views

app_name = "standards"

urlpatterns = [
    path("<str:code>/passport/", views.passport, name="passport"),
    path("<str:code>/passport.pdf", views.passport_pdf, name="passport_pdf"),
    path("<str:code>/standards/<int:pk>/", views.standard_public, name="standard"),
    path("<str:code>/standards/<int:pk>/poster.pdf", views.poster, name="poster"),
    path("<str:code>/standards/<int:pk>/<str:kind>/", views.standard_file, name="file"),
    path("<str:code>/forums/<int:pk>/berita-acara.pdf", views.forum_minutes, name="minutes"),
    path(
        "<str:code>/forums/<int:pk>/photos/<int:photo_pk>/", views.forum_photo, name="forum_photo"
    ),
    path("<str:code>/facilities/<int:pk>/photo/", views.facility_photo, name="facility_photo"),
    path("<str:code>/maklumat/", views.maklumat_file, name="maklumat_file"),
]
