"""Staff pages of accounts: users and their roles, the security log, the changes log. Part of
the /manage/ namespace, assembled in prima/urls.py."""

from __future__ import annotations

from django.urls import path

from prima.accounts import manage_views

urlpatterns = [
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
