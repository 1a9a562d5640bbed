"""Routes of the MPP app's place pages: `public` (under /mpp/, namespace "mpp") and `manage`
(staff, under /manage/mpp/)."""

from __future__ import annotations

from django.urls import URLPattern, path

from prima.mpp import place_views as views
from prima.mpp import public_views

public: list[URLPattern] = [
    path("", public_views.mpp_list, name="list"),
    path("<str:code>/", public_views.mpp_detail, name="detail"),
]

manage: list[URLPattern] = [
    path("mpp/", views.mpp_list, name="mpp_list"),
    path("mpp/baru/<str:code>/", views.mpp_new, name="mpp_new"),
    path("mpp/<str:code>/", views.mpp_detail, name="mpp_detail"),
    path("mpp/<str:code>/ubah/", views.mpp_edit, name="mpp_edit"),
    path("mpp/<str:code>/dasar-hukum/", views.mpp_legal_basis, name="mpp_legal_basis"),
    path("mpp/<str:code>/tutup/", views.mpp_closure_add, name="mpp_closure_add"),
    path(
        "mpp/<str:code>/tutup/<int:pk>/hapus/",
        views.mpp_closure_remove,
        name="mpp_closure_remove",
    ),
    path("mpp/<str:code>/instansi/baru/", views.mpp_tenant_new, name="mpp_tenant_new"),
    path("mpp/<str:code>/instansi/<int:pk>/", views.mpp_tenant_edit, name="mpp_tenant_edit"),
    path(
        "mpp/<str:code>/instansi/<int:pk>/pks/",
        views.mpp_tenant_agreement,
        name="mpp_tenant_agreement",
    ),
    path(
        "mpp/<str:code>/instansi/<int:pk>/loket/baru/",
        views.mpp_counter_new,
        name="mpp_counter_new",
    ),
    path("mpp/<str:code>/loket/<int:pk>/", views.mpp_counter_edit, name="mpp_counter_edit"),
    path("mpp/<str:code>/layanan/baru/", views.mpp_offering_new, name="mpp_offering_new"),
    path("mpp/<str:code>/layanan/<int:pk>/", views.mpp_offering_edit, name="mpp_offering_edit"),
]
