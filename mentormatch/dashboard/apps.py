from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "mentormatch.dashboard"
    label = "dashboard"
