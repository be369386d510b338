from django.apps import AppConfig


class CohortConfig(AppConfig):
    name = "mentormatch.cohort"
    label = "cohort"
    verbose_name = "Cohort assignment"
