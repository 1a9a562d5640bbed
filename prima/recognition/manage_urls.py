"""Staff pages of recognition programmes, part of the /manage/ namespace."""

from __future__ import annotations

from django.urls import path

from prima.recognition import views

urlpatterns = [
    path("recognition/", views.programmes, name="recognition_programmes"),
    path("recognition/new/", views.programme_new, name="recognition_programme_new"),
    path("recognition/<int:pk>/", views.programme_detail, name="recognition_programme"),
    path("recognition/<int:pk>/edit/", views.programme_edit, name="recognition_programme_edit"),
    path("recognition/<int:pk>/open/", views.programme_open, name="recognition_programme_open"),
    path("recognition/<int:pk>/close/", views.programme_close, name="recognition_programme_close"),
    path("recognition/<int:pk>/criteria/", views.criterion_add, name="recognition_criterion_add"),
    path(
        "recognition/<int:pk>/criteria/<int:criterion_pk>/remove/",
        views.criterion_remove,
        name="recognition_criterion_remove",
    ),
    path("recognition/<int:pk>/committee/", views.member_add, name="recognition_member_add"),
    path(
        "recognition/<int:pk>/committee/<int:member_pk>/remove/",
        views.member_remove,
        name="recognition_member_remove",
    ),
    path("recognition/<int:pk>/nominate/", views.nominate, name="recognition_nominate"),
    path("recognition/<int:pk>/decide/", views.decide, name="recognition_decide"),
    path("recognition/<int:pk>/awards/", views.award_add, name="recognition_award_add"),
    path(
        "recognition/<int:pk>/awards/<int:award_pk>/remove/",
        views.award_remove,
        name="recognition_award_remove",
    ),
    path("recognition/<int:pk>/export/", views.programme_export, name="recognition_export"),
    path("recognition/<int:pk>/history/", views.programme_history, name="recognition_history"),
    path(
        "recognition/nominations/<int:pk>/",
        views.nomination_detail,
        name="recognition_nomination",
    ),
    path(
        "recognition/nominations/<int:pk>/evidence/",
        views.evidence_add,
        name="recognition_evidence_add",
    ),
    path(
        "recognition/nominations/<int:pk>/evidence/<int:file_pk>/",
        views.evidence_file,
        name="recognition_evidence",
    ),
    path(
        "recognition/nominations/<int:pk>/withdraw/",
        views.nomination_withdraw,
        name="recognition_withdraw",
    ),
    path("recognition/nominations/<int:pk>/declare/", views.declare, name="recognition_declare"),
    path("recognition/nominations/<int:pk>/score/", views.score, name="recognition_score"),
]
