"""Routes of the MPP app's dashboard pages: `public` (under /mpp/) and `manage` (staff)."""

from __future__ import annotations

from django.urls import URLPattern

public: list[URLPattern] = []
manage: list[URLPattern] = []
