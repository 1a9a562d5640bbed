"""Public pages of recognition programmes under /apresiasi/: the programmes that publish
their awards, and each one's criteria and awards."""

from __future__ import annotations

from django.urls import path

from prima.recognition import public_views

app_name = "recognition"

urlpatterns = [
    path("", public_views.programmes, name="programmes"),
    path("<int:pk>/", public_views.programme, name="programme"),
]
