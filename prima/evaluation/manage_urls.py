"""Staff pages of the evaluation module, part of the /manage/ namespace."""

from __future__ import annotations

from django.urls import path

from prima.evaluation import views

urlpatterns = [
    path("evaluation/", views.cycles, name="evaluation_cycles"),
    path("evaluation/<int:pk>/", views.cycle_detail, name="evaluation_cycle"),
    path("evaluation/<int:pk>/edit/", views.cycle_edit, name="evaluation_cycle_edit"),
    path("evaluation/<int:pk>/advance/", views.cycle_advance, name="evaluation_advance"),
    path("evaluation/<int:pk>/double/", views.cycle_double, name="evaluation_double"),
    path("evaluation/<int:pk>/lokus/new/", views.lokus_add, name="evaluation_lokus_add"),
    path("evaluation/<int:pk>/results/", views.results, name="evaluation_results"),
    path("evaluation/<int:pk>/results.<str:fmt>", views.results_export, name="evaluation_export"),
    path("evaluation/<int:pk>/priorities/", views.priorities, name="evaluation_priorities"),
    path("lokus/<int:pk>/", views.lokus_detail, name="evaluation_lokus"),
    path("lokus/<int:pk>/assign/", views.lokus_assign, name="evaluation_assign"),
    path("lokus/<int:pk>/remove/", views.lokus_remove, name="evaluation_lokus_remove"),
    path(
        "lokus/<int:pk>/self-assessment/",
        views.self_assessment,
        name="evaluation_self_assessment",
    ),
    path("lokus/<int:pk>/evidence/", views.evidence_add, name="evaluation_evidence_add"),
    path("lokus/<int:pk>/score/", views.score, name="evaluation_score"),
    path("lokus/<int:pk>/visits/", views.visit_add, name="evaluation_visit_add"),
    path("lokus/<int:pk>/contests/", views.contest_raise, name="evaluation_contest"),
    path("lokus/<int:pk>/accept/", views.scores_accept, name="evaluation_accept"),
    path(
        "lokus/<int:pk>/recommendations/",
        views.recommendation_save,
        name="evaluation_recommendation",
    ),
    path("lokus/<int:pk>/sessions/", views.session_add, name="evaluation_session"),
    path("lokus/<int:pk>/action-plan/", views.action_item, name="evaluation_action_add"),
    path(
        "lokus/<int:pk>/action-plan/<int:item_pk>/",
        views.action_item,
        name="evaluation_action_edit",
    ),
    path("lokus/<int:pk>/f03.svg", views.rating_qr, name="evaluation_rating_qr"),
    path("assignments/<int:pk>/remove/", views.lokus_unassign, name="evaluation_unassign"),
    path("evaluation-evidence/<int:pk>/", views.evidence_file, name="evaluation_evidence"),
    path(
        "evaluation-evidence/<int:pk>/remove/",
        views.evidence_remove,
        name="evaluation_evidence_remove",
    ),
    path("visits/<int:pk>/berita-acara.pdf", views.visit_pdf, name="evaluation_visit_pdf"),
    path("contests/<int:pk>/decide/", views.contest_decide, name="evaluation_decide"),
    path("contests/<int:pk>/file/", views.contest_file, name="evaluation_contest_file"),
    path("action-items/<int:pk>/file/", views.action_file, name="evaluation_action_file"),
]
