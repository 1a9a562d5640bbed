"""Public pages of the MPP app (under /mpp/): the list of MPPs and an MPP's page (place_urls),
filing a complaint at the MPP (quality_urls)."""

from __future__ import annotations

from prima.mpp import dashboard_urls, digital_urls, figures_urls, place_urls, quality_urls

app_name = "mpp"

urlpatterns = [
    *place_urls.public,
    *figures_urls.public,
    *quality_urls.public,
    *digital_urls.public,
    *dashboard_urls.public,
]
