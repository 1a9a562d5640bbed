"""Staff pages of the insights app: the start page of every role. Part of the /manage/
namespace, assembled in prima/urls.py."""

from __future__ import annotations

from django.urls import path

from prima.insights import start_views

urlpatterns = [
    path("", start_views.start, name="home"),
]
