from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "mentormatch.notifications"
    label = "notifications"
