"""Pages of the notifications app reached from links in messages (mounted at /feedback/)."""

from django.urls import path

from mentormatch.notifications.feedback.views import feedback_page

app_name = "notifications"

urlpatterns = [
    path("<str:token>/", feedback_page, name="feedback"),
]
