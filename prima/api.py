"""The JSON API, version 1: every endpoint under /api/v1/, its OpenAPI schema and docs."""

from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import permissions, routers
from rest_framework.routers import DefaultRouter

from prima.coaching import api as coaching_api
from prima.innovation import api as innovation_api
from prima.insights import api as insights_api
from prima.insights import area_api
from prima.messaging import api as messaging_api

# --- mpp:reach ---
from prima.mpp import api as mpp_api

# --- end mpp:reach ---
from prima.registry import api as registry_api
from prima.standards import api as standard_api
from prima.surveys import api as survey_api


class PublicRootView(routers.APIRootView):
    """The list of API endpoints, readable by anyone."""

    permission_classes = [permissions.AllowAny]


router = DefaultRouter()
router.APIRootView = PublicRootView
router.register("regions", registry_api.RegionViewSet, basename="region")
router.register(
    "coordination-regions", registry_api.CoordinationRegionViewSet, basename="coordination-region"
)
router.register("agencies", registry_api.AgencyViewSet, basename="agency")
router.register("units", registry_api.UnitViewSet, basename="unit")
router.register("surveys/results", survey_api.PublishedResultViewSet, basename="survey-result")
router.register("standards", standard_api.StandardViewSet, basename="standard")
router.register("coaching/events", coaching_api.EventViewSet, basename="coaching-event")
router.register("innovations", innovation_api.InnovationViewSet, basename="innovation")
# --- mpp:reach ---
router.register("mpps", mpp_api.MppViewSet, basename="mpp")
# --- end mpp:reach ---

app_name = "api"

urlpatterns = [
    path("", include(router.urls)),
    path("services/", registry_api.ServiceListView.as_view(), name="service-list"),
    path("services/<int:pk>/", registry_api.ServiceDetailView.as_view(), name="service-detail"),
    path("me/", registry_api.MeView.as_view(), name="me"),
    path(
        "surveys/invitations/",
        messaging_api.TicketInvitationView.as_view(),
        name="survey-ticket-invitation",
    ),
    path("readiness/", insights_api.ReadinessView.as_view(), name="readiness"),
    path("insights/areas/<str:code>/", area_api.AreaView.as_view(), name="insights-area"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
