from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "prima.evaluation"
    label = "evaluation"
    verbose_name = _("Public-service evaluation (PEKPPP)")

    def ready(self) -> None:
        from prima.evaluation import evidence, export_kinds, queries
        from prima.registry import unit_tasks

        evidence.connect()
        # The results of many lokus, prepared in the background (prima.jobs.exports).
        export_kinds.register_kinds()
        # The unit's public page links its F-03 form while a cycle collects ratings.
        unit_tasks.offer("evaluation", queries.rating_tasks)
