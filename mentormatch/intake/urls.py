from django.urls import path

from mentormatch.intake.views import ProfessionalAvailabilityWebhook, ReviewRequestWebhook

urlpatterns = [
    path(
        "professional-availability/",
        ProfessionalAvailabilityWebhook.as_view(),
        name="forms-professional-availability",
    ),
    path("review-request/", ReviewRequestWebhook.as_view(), name="forms-review-request"),
]
