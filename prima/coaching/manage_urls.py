"""Staff pages of the coaching programme, part of the /manage/ namespace."""

from __future__ import annotations

from django.urls import path

from prima.coaching import participant_views, reach_views, task_views, views

urlpatterns = [
    path("coaching/", views.events, name="coaching_events"),
    path("coaching/new/", views.event_new, name="coaching_event_new"),
    path("coaching/reach/", reach_views.reach, name="coaching_reach"),
    path("coaching/tasks/", task_views.tasks, name="coaching_tasks"),
    path("coaching/tasks/<int:pk>/", task_views.task_detail, name="coaching_task"),
    path("coaching/tasks/<int:pk>/report/", task_views.task_report, name="coaching_task_report"),
    path("coaching/tasks/<int:pk>/review/", task_views.task_review, name="coaching_task_review"),
    path(
        "coaching/tasks/<int:pk>/deadline/", task_views.task_deadline, name="coaching_task_deadline"
    ),
    path(
        "coaching/tasks/<int:pk>/reports/<int:report_pk>/file/",
        task_views.report_file,
        name="coaching_report_file",
    ),
    path("coaching/<int:pk>/", views.event_detail, name="coaching_event"),
    path("coaching/<int:pk>/edit/", views.event_edit, name="coaching_event_edit"),
    path("coaching/<int:pk>/publish/", views.event_publish, name="coaching_event_publish"),
    path("coaching/<int:pk>/cancel/", views.event_cancel, name="coaching_event_cancel"),
    path("coaching/<int:pk>/invite/", views.invite, name="coaching_invite"),
    path(
        "coaching/<int:pk>/invite/<slug:code>/withdraw/",
        views.uninvite,
        name="coaching_uninvite",
    ),
    path("coaching/<int:pk>/materials/", views.material_add, name="coaching_material_add"),
    path(
        "coaching/<int:pk>/materials/<int:material_pk>/",
        views.material_file,
        name="coaching_material",
    ),
    path(
        "coaching/<int:pk>/materials/<int:material_pk>/remove/",
        views.material_remove,
        name="coaching_material_remove",
    ),
    path("coaching/<int:pk>/register/", participant_views.register, name="coaching_register"),
    path(
        "coaching/<int:pk>/participants/<int:participant_pk>/remove/",
        participant_views.unregister,
        name="coaching_unregister",
    ),
    path(
        "coaching/<int:pk>/participants/<int:participant_pk>/attendance/",
        participant_views.attendance,
        name="coaching_attendance",
    ),
    path(
        "coaching/<int:pk>/participants/<int:participant_pk>/certificate.pdf",
        participant_views.certificate,
        name="coaching_certificate",
    ),
    path(
        "coaching/<int:pk>/participants.csv",
        participant_views.participants_csv,
        name="coaching_participants_csv",
    ),
    path(
        "coaching/<int:pk>/attendance/import/",
        participant_views.join_list,
        name="coaching_join_list",
    ),
    path("coaching/<int:pk>/check-in.svg", participant_views.check_in_qr, name="coaching_qr"),
    path("coaching/<int:pk>/questions/", views.question_add, name="coaching_question_add"),
    path(
        "coaching/<int:pk>/questions/<int:question_pk>/answer/",
        views.question_answer,
        name="coaching_question_answer",
    ),
    path("coaching/<int:pk>/tasks/new/", task_views.tasks_new, name="coaching_tasks_new"),
]
