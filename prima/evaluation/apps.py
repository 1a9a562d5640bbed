from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "prima.evaluation"
    label = "evaluation"
    verbose_name = _("Public-service evaluation (PEKPPP)")

    def ready(self) -> None:
        from prima.evaluation import evidence

        evidence.connect()
