from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "mentormatch.scheduling"
    label = "scheduling"
    verbose_name = "Scheduling"
