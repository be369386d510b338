"""Self-service pages of the intake app (mounted at /availability/)."""

from django.urls import path

from mentormatch.intake.clarification_views import clarification_page

urlpatterns = [
    path("fix/<str:token>/", clarification_page, name="clarification"),
]
