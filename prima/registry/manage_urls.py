"""Staff pages of the registry: agencies, units, services and
coordination regions. Part of the /manage/ namespace, assembled in prima/urls.py."""

from __future__ import annotations

from django.urls import path

from prima.registry import views

urlpatterns = [
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/new/", views.agency_create, name="agency_create"),
    path("agencies/<slug:code>/", views.agency_detail, name="agency_detail"),
    path("agencies/<slug:code>/edit/", views.agency_edit, name="agency_edit"),
    path("agencies/<slug:code>/history/", views.agency_history, name="agency_history"),
    path("agencies/<slug:agency_code>/units/new/", views.unit_create, name="unit_create"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/<str:code>/", views.unit_detail, name="unit_detail"),
    path("units/<str:code>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<str:code>/history/", views.unit_history, name="unit_history"),
    path("units/<str:unit_code>/services/new/", views.service_create, name="service_create"),
    path("services/<int:pk>/edit/", views.service_edit, name="service_edit"),
    path("coordination-regions/", views.coordination_regions, name="coordination_regions"),
    path(
        "coordination-regions/<str:code>/edit/",
        views.coordination_region_edit,
        name="coordination_region_edit",
    ),
]
