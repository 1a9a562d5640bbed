from __future__ import annotations

from django.urls import URLPattern

public: list[URLPattern] = []
manage: list[URLPattern] = []
