"""Staff pages of the standards module, part of the /manage/ namespace."""

from __future__ import annotations

from django.urls import path

from prima.standards import views

urlpatterns = [
    path("standards/", views.standards_home, name="standards_home"),
    path("units/<str:code>/standards/", views.unit_standards, name="unit_standards"),
    path("services/<int:service_pk>/standards/new/", views.draft_create, name="standard_create"),
    path("standards/<int:pk>/", views.standard_detail, name="standard_detail"),
    path("standards/<int:pk>/edit/", views.standard_edit, name="standard_edit"),
    path("standards/<int:pk>/set/", views.standard_set, name="standard_set"),
    path("standards/<int:pk>/review/", views.review_start, name="standard_review"),
    path("standards/<int:pk>/file/<str:kind>/", views.standard_file, name="standard_file"),
    path("standards/<int:pk>/<str:verb>/", views.standard_action, name="standard_action"),
    path("standard-reviews/<int:pk>/finish/", views.review_finish, name="review_finish"),
    path(
        "units/<str:code>/standards/publications/new/",
        views.publication_create,
        name="standard_publication_create",
    ),
    path(
        "standard-publications/<int:pk>/delete/",
        views.publication_delete,
        name="standard_publication_delete",
    ),
    path("units/<str:code>/maklumat/", views.maklumat_edit, name="maklumat_edit"),
    path(
        "maklumat/<int:pk>/publications/new/",
        views.maklumat_publication_create,
        name="maklumat_publication_create",
    ),
    path("maklumat/<int:pk>/file/", views.maklumat_file, name="maklumat_file"),
    path("units/<str:code>/forums/new/", views.forum_edit, name="forum_create"),
    path("units/<str:code>/forums/<int:pk>/edit/", views.forum_edit, name="forum_edit"),
    path("forums/<int:pk>/", views.forum_detail, name="forum_detail"),
    path("forums/<int:pk>/add/<str:kind>/", views.forum_add, name="forum_add"),
    path("forums/<int:pk>/berita-acara.pdf", views.forum_minutes, name="forum_minutes"),
    path("forum-<str:kind>/<int:pk>/remove/", views.forum_remove, name="forum_remove"),
    path("forum-photos/<int:pk>/", views.forum_photo, name="forum_photo"),
    path("units/<str:code>/facilities/", views.facilities_edit, name="unit_facilities"),
    path("facilities/<int:pk>/photo/", views.facility_photo, name="facility_photo"),
    path("facility-types/", views.facility_types, name="facility_types"),
    path("facility-types/<int:pk>/", views.facility_types, name="facility_type_edit"),
]
