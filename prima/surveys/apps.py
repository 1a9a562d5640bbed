from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "prima.surveys"
    label = "surveys"
    verbose_name = _("Community Satisfaction Survey (SKM)")

    def ready(self) -> None:
        from prima.registry import unit_tasks
        from prima.registry.models import Agency, Region, Service, ServiceUnit
        from prima.surveys.models import ExtraQuestion, SurveyPeriod, UnitSurveySettings
        from prima.surveys.queries import forget_citizen_forms, rating_tasks

        # A change to anything a citizen's form shows clears the unit's cached form in the
        # shared cache at once (queries.citizen_form).
        for model in (
            Agency,
            Region,
            Service,
            ServiceUnit,
            ExtraQuestion,
            SurveyPeriod,
            UnitSurveySettings,
        ):
            for signal in (post_save, post_delete):
                signal.connect(forget_citizen_forms, sender=model, dispatch_uid=f"skm-{model}")

        # The unit's public page links its survey while a period takes answers.
        unit_tasks.offer("surveys", rating_tasks)
