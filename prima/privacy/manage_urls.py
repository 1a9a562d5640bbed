"""Staff pages of the privacy app, mounted in the "manage" namespace by prima/urls.py."""

from __future__ import annotations

from django.urls import URLPattern, path

from prima.privacy import views

urlpatterns: list[URLPattern] = [
    path("privacy/register/", views.register, name="privacy_register"),
    path("privacy/register.<str:fmt>", views.register, name="privacy_register_export"),
    path("privacy/dpia/<slug:key>.md", views.dpia, name="privacy_dpia"),
]
