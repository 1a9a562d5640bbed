"""Form rendering shared by every page: Django's accessible markup with Prima's templates."""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Labels, hints and errors tied to their inputs (aria-describedby, aria-invalid)."""

    form_template_name = "prima/forms/div.html"
    field_template_name = "prima/forms/field.html"
