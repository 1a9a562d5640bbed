"""The participants' page of a coaching event (/pembinaan/<token>/): no account needed."""

from __future__ import annotations

from django.urls import path

from prima.coaching import public_views

app_name = "coaching"

urlpatterns = [
    path("<str:token>/", public_views.public_event, name="event"),
    path("<str:token>/sertifikat/", public_views.public_certificate, name="certificate"),
    path("<str:token>/materi/<int:material_pk>/", public_views.public_material, name="material"),
]
