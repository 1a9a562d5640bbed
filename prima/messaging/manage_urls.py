"""Staff pages of SMS and WhatsApp, assembled into the "manage" namespace by prima.urls."""

from __future__ import annotations

from django.urls import path

from prima.messaging import skm_views, views

urlpatterns = [
    path("pesan/tinjau/", views.review_queue, name="messaging_review"),
    path("pesan/tinjau/<int:pk>/", views.review_item, name="messaging_review_item"),
    path("pesan/telepon/", views.phone, name="messaging_phone"),
    path("pesan/survei/", skm_views.survey_invite_units, name="messaging_survey_units"),
    path("pesan/survei/<str:code>/", skm_views.survey_invite, name="messaging_survey_invite"),
]
