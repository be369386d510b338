from django.urls import path

from mentormatch.scheduling.api.rest import ProfessionalAvailabilityView, ScheduledSessionsView

urlpatterns = [
    path("scheduled-sessions/", ScheduledSessionsView.as_view(), name="scheduled-sessions"),
    path(
        "professional-availability/", ProfessionalAvailabilityView.as_view(), name="professional-availability"
    ),
]
