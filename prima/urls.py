"""Prima's URLs. Public pages first, then staff pages, accounts, the API and health checks.

The composition happens here, at the top: each app offers its public URLs (urls.py) and its
staff URLs (manage_urls.py), and this module assembles the staff ones into the one "manage"
namespace under /manage/. No app imports another app's URLs.
"""

from __future__ import annotations

from django.urls import include, path, re_path
from django.views.generic import TemplateView

from prima.accounts.manage_urls import urlpatterns as accounts_manage
from prima.coaching.manage_urls import urlpatterns as coaching_manage
from prima.complaints import open311
from prima.complaints.manage_urls import urlpatterns as complaints_manage
from prima.documents.manage_urls import urlpatterns as documents_manage
from prima.evaluation import public_views as evaluation_views
from prima.evaluation.manage_urls import urlpatterns as evaluation_manage
from prima.innovation.manage_urls import urlpatterns as innovation_manage
from prima.insights import picture_views
from prima.insights.manage_urls import urlpatterns as insights_manage
from prima.jobs.manage_urls import urlpatterns as jobs_manage
from prima.lib.health import healthz, readyz
from prima.messaging.manage_urls import urlpatterns as messaging_manage  # messaging
from prima.mpp.manage_urls import urlpatterns as mpp_manage
from prima.opendata import views as opendata_views
from prima.privacy import public_views as privacy_public
from prima.privacy.manage_urls import urlpatterns as privacy_manage
from prima.recognition.manage_urls import urlpatterns as recognition_manage
from prima.registry import public_views as registry_public
from prima.registry.manage_urls import urlpatterns as registry_manage
from prima.standards.manage_urls import urlpatterns as standards_manage
from prima.surveys import public_views as survey_views
from prima.surveys.manage_urls import urlpatterns as surveys_manage

# The staff area: one namespace, "manage", made of every app's staff pages.
manage_urlpatterns = [
    *registry_manage,
    *accounts_manage,
    *surveys_manage,
    *standards_manage,
    *complaints_manage,
    *evaluation_manage,
    *coaching_manage,
    *innovation_manage,
    *recognition_manage,
    *mpp_manage,
    *messaging_manage,  # messaging
    *documents_manage,
    *insights_manage,
    *jobs_manage,
    *privacy_manage,
]

urlpatterns = [
    path("", registry_public.home, name="home"),
    path("units/", registry_public.directory, name="directory"),
    path("units/<str:code>/", registry_public.unit_public, name="unit_public"),
    path("units/<str:code>/ikm/", survey_views.results, name="unit_ikm"),
    path("units/", include("prima.standards.urls")),
    path("s/", include("prima.surveys.urls")),
    path("complaints/", include("prima.complaints.urls")),
    path("pembinaan/", include("prima.coaching.urls")),
    path("inovasi/", include("prima.innovation.urls")),
    path("apresiasi/", include("prima.recognition.urls")),
    path("mpp/", include("prima.mpp.urls")),
    path("privasi/data/", include("prima.privacy.request_urls")),
    path("hooks/", include("prima.messaging.urls")),  # messaging: providers' webhooks
    path("", include("prima.documents.urls")),
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
    path("gambaran/", picture_views.area_page, name="picture"),
    path("gambaran/<str:code>/", picture_views.area_page, name="picture_area"),
    path("data/", opendata_views.index, name="opendata"),
    path("data/catalog.jsonld", opendata_views.catalog_view, name="opendata_catalog"),
    path("data/<slug:name>/", opendata_views.dataset_page, name="opendata_dataset"),
    path("data/<slug:name>/<slug:edition>/<path:path>", opendata_views.file, name="opendata_file"),
    path("privasi/", privacy_public.policy, name="privacy"),
    path("regions/", registry_public.regions, name="regions"),
    path("regions/<str:code>/", registry_public.region_detail, name="region_detail"),
    path("about/api/", TemplateView.as_view(template_name="about_api.html"), name="about_api"),
    path("manage/", include((manage_urlpatterns, "manage"))),
    path("accounts/", include("prima.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("prima.api")),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
]

handler400 = "prima.lib.errors.bad_request"
handler404 = "prima.lib.errors.not_found"
handler500 = "prima.lib.errors.server_error"
