"""Prima's URLs. Public pages first, then staff pages, accounts, the API and health checks."""

from __future__ import annotations

from django.urls import include, path, re_path
from django.views.generic import TemplateView

from prima.complaints import open311
from prima.evaluation import views as evaluation_views
from prima.lib.health import healthz, readyz
from prima.registry import views as registry_views
from prima.surveys import public_views as survey_views

urlpatterns = [
    path("", registry_views.home, name="home"),
    path("units/", registry_views.directory, name="directory"),
    path("units/<str:code>/", registry_views.unit_public, name="unit_public"),
    path("units/<str:code>/ikm/", survey_views.results, name="unit_ikm"),
    path("units/", include("prima.standards.urls")),
    path("s/", include("prima.surveys.urls")),
    path("complaints/", include("prima.complaints.urls")),
    path("pembinaan/", include("prima.coaching.urls")),
    path("evaluasi/<str:token>/", evaluation_views.rating, name="evaluation_rating"),
    path(
        "evaluasi/<str:token>/terima-kasih/",
        evaluation_views.rating_thanks,
        name="evaluation_rating_thanks",
    ),
    path("open311/v2/discovery.<str:fmt>", open311.discovery, name="open311_discovery"),
    path("open311/v2/services.<str:fmt>", open311.services, name="open311_services"),
    path("open311/v2/requests.<str:fmt>", open311.requests, name="open311_requests"),
    path(
        "open311/v2/requests/<str:public_id>.<str:fmt>",
        open311.request_detail,
        name="open311_request",
    ),
    path("open311/v2/openapi.json", open311.openapi, name="open311_openapi"),
    re_path(r"^open311/", open311.not_found),
    path("regions/", registry_views.regions, name="regions"),
    path("regions/<str:code>/", registry_views.region_detail, name="region_detail"),
    path("about/api/", TemplateView.as_view(template_name="about_api.html"), name="about_api"),
    path("manage/", include("prima.registry.urls")),
    path("accounts/", include("prima.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("prima.api")),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
]

handler400 = "prima.lib.errors.bad_request"
handler404 = "prima.lib.errors.not_found"
handler500 = "prima.lib.errors.server_error"
