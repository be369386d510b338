from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "mentormatch.intake"
    label = "intake"
    verbose_name = "Form intake"
