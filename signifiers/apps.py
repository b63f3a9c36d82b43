from django.apps import AppConfig


class SignifiersConfig(AppConfig):
    name = "signifiers"
    verbose_name = "Duidingsvragen"
