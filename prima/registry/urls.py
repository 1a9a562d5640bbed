"""Staff pages of the registry, under /manage/ (namespace "manage")."""

from __future__ import annotations

from django.urls import path

from prima.accounts import manage_views
from prima.coaching.manage_urls import urlpatterns as coaching_urlpatterns
from prima.complaints.manage_urls import urlpatterns as complaint_urlpatterns
from prima.evaluation.manage_urls import urlpatterns as evaluation_urlpatterns
from prima.registry import views
from prima.standards.manage_urls import urlpatterns as standard_urlpatterns
from prima.surveys.manage_urls import urlpatterns as survey_urlpatterns

app_name = "manage"

urlpatterns = [
    path("", views.manage_home, name="home"),
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
    path("users/", manage_views.user_list, name="user_list"),
    path("users/new/", manage_views.user_create, name="user_create"),
    path("users/<int:pk>/", manage_views.user_detail, name="user_detail"),
    path("users/<int:pk>/edit/", manage_views.user_edit, name="user_edit"),
    path("users/<int:pk>/grant/", manage_views.user_grant, name="user_grant"),
    path("users/<int:pk>/active/", manage_views.user_set_active, name="user_set_active"),
    path("users/<int:pk>/password/", manage_views.user_set_password, name="user_set_password"),
    path(
        "users/<int:pk>/two-factor/reset/",
        manage_views.user_reset_two_factor,
        name="user_reset_two_factor",
    ),
    path("users/<int:pk>/history/", manage_views.user_history, name="user_history"),
    path("roles/<int:pk>/revoke/", manage_views.membership_revoke, name="membership_revoke"),
    path("audit/", manage_views.audit_log, name="audit_log"),
    path("changes/", manage_views.changes, name="changes"),
]

urlpatterns += survey_urlpatterns
urlpatterns += standard_urlpatterns
urlpatterns += complaint_urlpatterns
urlpatterns += evaluation_urlpatterns
urlpatterns += coaching_urlpatterns
