from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "prima.insights"
    label = "insights"
    verbose_name = _("Start pages and readiness")

    def ready(self) -> None:
        from prima.insights import export_kinds, figures_store, store

        store.connect()
        figures_store.connect()
        # The national picture's long files, prepared in the background (prima.jobs.exports).
        export_kinds.register_kinds()
