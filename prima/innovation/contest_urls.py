"""The competition pages: `public` under /inovasi/kompetisi/ in the "innovation" namespace,
`manage` under /manage/ (names prefixed innovation_contest_)."""

from __future__ import annotations

from django.urls import URLPattern, path

from prima.innovation import contest_views as views

public: list[URLPattern] = [
    path("kompetisi/", views.public_competitions, name="contest_list"),
    path("kompetisi/<int:pk>/", views.public_competition, name="contest"),
    path(
        "kompetisi/<int:pk>/sanggah/<int:entry_pk>/",
        views.public_objection,
        name="contest_objection",
    ),
    path(
        "kompetisi/<int:pk>/sanggah/terkirim/",
        views.public_objection_received,
        name="contest_objection_received",
    ),
]

manage: list[URLPattern] = [
    path("kompetisi/", views.competitions, name="innovation_contest_list"),
    path("kompetisi/new/", views.competition_new, name="innovation_contest_new"),
    path("kompetisi/reviews/", views.my_reviews, name="innovation_contest_reviews"),
    path("kompetisi/reviews/<int:pk>/", views.review, name="innovation_contest_review"),
    path(
        "kompetisi/objections/<int:pk>/",
        views.objection_resolve,
        name="innovation_contest_objection",
    ),
    path("kompetisi/entries/<int:pk>/", views.entry_detail, name="innovation_contest_entry"),
    path(
        "kompetisi/entries/<int:pk>/answers/",
        views.entry_answers,
        name="innovation_contest_answers",
    ),
    path(
        "kompetisi/entries/<int:pk>/answers/<int:answer_pk>/file/",
        views.answer_file,
        name="innovation_contest_answer_file",
    ),
    path(
        "kompetisi/entries/<int:pk>/submit/", views.entry_submit, name="innovation_contest_submit"
    ),
    path(
        "kompetisi/entries/<int:pk>/withdraw/",
        views.entry_withdraw,
        name="innovation_contest_withdraw",
    ),
    path("kompetisi/entries/<int:pk>/check/", views.entry_check, name="innovation_contest_check"),
    path(
        "kompetisi/entries/<int:pk>/assign/", views.entry_assign, name="innovation_contest_assign"
    ),
    path(
        "kompetisi/entries/<int:pk>/decide/", views.entry_decide, name="innovation_contest_decide"
    ),
    path("kompetisi/<int:pk>/", views.competition_detail, name="innovation_contest"),
    path("kompetisi/<int:pk>/edit/", views.competition_edit, name="innovation_contest_edit"),
    path("kompetisi/<int:pk>/windows/", views.windows_edit, name="innovation_contest_windows"),
    path("kompetisi/<int:pk>/open/", views.competition_open, name="innovation_contest_open"),
    path("kompetisi/<int:pk>/groups/new/", views.group_edit, name="innovation_contest_group_new"),
    path(
        "kompetisi/<int:pk>/groups/<int:group_pk>/",
        views.group_edit,
        name="innovation_contest_group",
    ),
    path(
        "kompetisi/<int:pk>/groups/<int:group_pk>/criteria/new/",
        views.criterion_edit,
        name="innovation_contest_criterion_new",
    ),
    path(
        "kompetisi/<int:pk>/groups/<int:group_pk>/criteria/<int:criterion_pk>/",
        views.criterion_edit,
        name="innovation_contest_criterion",
    ),
    path(
        "kompetisi/<int:pk>/categories/new/",
        views.category_edit,
        name="innovation_contest_category_new",
    ),
    path(
        "kompetisi/<int:pk>/categories/<int:category_pk>/",
        views.category_edit,
        name="innovation_contest_category",
    ),
    path("kompetisi/<int:pk>/enter/", views.enter, name="innovation_contest_enter"),
    path("kompetisi/<int:pk>/ranking/", views.ranking, name="innovation_contest_ranking"),
    path(
        "kompetisi/<int:pk>/ranking.csv",
        views.ranking_export,
        name="innovation_contest_ranking_export",
    ),
    path(
        "kompetisi/<int:pk>/ranking/compute/",
        views.ranking_compute,
        name="innovation_contest_ranking_compute",
    ),
    path("kompetisi/<int:pk>/shortlist/", views.shortlist, name="innovation_contest_shortlist"),
    path("kompetisi/<int:pk>/decree/", views.decree, name="innovation_contest_decree"),
    path("kompetisi/<int:pk>/publish/", views.publish, name="innovation_contest_publish"),
]
