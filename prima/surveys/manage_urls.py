"""Staff survey pages, part of the /manage/ namespace (assembled in prima/urls.py)."""

from __future__ import annotations

from django.urls import path

from prima.surveys import views

urlpatterns = [
    path("surveys/", views.survey_home, name="survey_home"),
    path("surveys/recap/", views.recap, name="survey_recap"),
    path("surveys/<int:pk>/", views.period_detail, name="survey_period"),
    path("surveys/<int:pk>/edit/", views.period_edit, name="survey_period_edit"),
    path("surveys/<int:pk>/publish/", views.period_publish, name="survey_publish"),
    path("surveys/<int:pk>/responses/", views.period_responses, name="survey_responses"),
    path("surveys/<int:pk>/import/", views.period_import, name="survey_import"),
    path("surveys/<int:pk>/anomalies/", views.period_anomalies, name="survey_anomalies"),
    path("surveys/<int:pk>/report.<str:fmt>", views.period_report, name="survey_report"),
    path("surveys/<int:period_pk>/followups/new/", views.followup_edit, name="followup_create"),
    path("followups/<int:pk>/", views.followup_edit, name="followup_edit"),
    path(
        "surveys/<int:pk>/publications/new/",
        views.publication_create,
        name="publication_create",
    ),
    path("publications/<int:pk>/delete/", views.publication_delete, name="publication_delete"),
    path(
        "responses/<int:pk>/<str:verb>/",
        views.response_review,
        name="response_review",
    ),
    path("units/<str:code>/surveys/", views.unit_surveys, name="unit_surveys"),
    path("units/<str:code>/surveys/new/", views.period_create, name="survey_period_create"),
    path("units/<str:code>/surveys/order/", views.questionnaire_order, name="questionnaire_order"),
    path(
        "units/<str:code>/surveys/questions/new/",
        views.extra_question_edit,
        name="extra_question_create",
    ),
    path(
        "units/<str:code>/surveys/questions/<int:pk>/",
        views.extra_question_edit,
        name="extra_question_edit",
    ),
    path("units/<str:code>/kiosks/new/", views.kiosk_create, name="kiosk_create"),
    path("kiosks/<int:pk>/<str:verb>/", views.kiosk_action, name="kiosk_action"),
]
