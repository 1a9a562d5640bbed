"""Staff pages of the privacy app, mounted in the "manage" namespace by prima/urls.py."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
