from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "prima.lib"
    label = "prima_lib"
    verbose_name = "Prima library"
