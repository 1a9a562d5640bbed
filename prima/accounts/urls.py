"""Signing in and one's own account, under /accounts/ (namespace "accounts")."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from prima.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("verify/", views.otp_verify, name="otp_verify"),
    path("", views.account, name="account"),
    path("profile/", views.profile_edit, name="profile_edit"),
    path("password/", views.password_change, name="password_change"),
    path("two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/backup-codes/", views.backup_codes, name="backup_codes"),
    path("two-factor/disable/", views.two_factor_disable, name="two_factor_disable"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
