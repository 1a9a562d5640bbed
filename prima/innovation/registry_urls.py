"""The innovation registry's routes: the public catalogue and pages (app namespace
"innovation", mounted at /inovasi/) and the staff pages (the "manage" namespace, under
/manage/inovasi/). Competitions have their own routes under kompetisi/ (contest_urls)."""

from __future__ import annotations

from django.urls import URLPattern, path

from prima.innovation import public_views
from prima.innovation import registry_views as views

public: list[URLPattern] = [
    path("", public_views.catalogue, name="catalogue"),
    path("<int:pk>/", public_views.innovation, name="innovation"),
    path("<int:pk>/berkas/<int:file_pk>/", public_views.innovation_file, name="file"),
]

manage: list[URLPattern] = [
    path("inovasi/", views.innovation_list, name="innovation_list"),
    path("inovasi/baru/", views.innovation_new, name="innovation_new"),
    path("inovasi/<int:pk>/", views.innovation_detail, name="innovation_detail"),
    path("inovasi/<int:pk>/ubah/", views.innovation_edit, name="innovation_edit"),
    path(
        "inovasi/<int:pk>/publikasi/<slug:verb>/",
        views.innovation_publish,
        name="innovation_publish",
    ),
    path("inovasi/<int:pk>/sk/", views.innovation_decree, name="innovation_decree"),
    path("inovasi/<int:pk>/tim/", views.innovation_team_add, name="innovation_team_add"),
    path(
        "inovasi/<int:pk>/tim/<int:member_pk>/hapus/",
        views.innovation_team_remove,
        name="innovation_team_remove",
    ),
    path("inovasi/<int:pk>/ukuran/", views.innovation_measure_add, name="innovation_measure_add"),
    path(
        "inovasi/<int:pk>/ukuran/<int:measure_pk>/hapus/",
        views.innovation_measure_remove,
        name="innovation_measure_remove",
    ),
    path("inovasi/<int:pk>/berkas/", views.innovation_file_add, name="innovation_file_add"),
    path("inovasi/<int:pk>/berkas/<int:file_pk>/", views.innovation_file, name="innovation_file"),
    path(
        "inovasi/<int:pk>/berkas/<int:file_pk>/hapus/",
        views.innovation_file_remove,
        name="innovation_file_remove",
    ),
    path("inovasi/<int:pk>/laporan/", views.innovation_report, name="innovation_report"),
    path(
        "inovasi/<int:pk>/laporan/<int:report_pk>/berkas/",
        views.innovation_report_file,
        name="innovation_report_file",
    ),
    path(
        "inovasi/<int:pk>/replikasi/",
        views.innovation_replication_new,
        name="innovation_replication_new",
    ),
    path("inovasi/<int:pk>/sumber/", views.innovation_source_new, name="innovation_source_new"),
    path(
        "inovasi/replikasi/<int:pk>/",
        views.innovation_replication_edit,
        name="innovation_replication_edit",
    ),
    path(
        "inovasi/replikasi/<int:pk>/pks/",
        views.innovation_agreement,
        name="innovation_agreement",
    ),
]
