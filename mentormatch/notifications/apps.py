from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "mentormatch.notifications"
    label = "notifications"

    def ready(self) -> None:
        from mentormatch.notifications import checks  # noqa: F401  (registers the system checks)
