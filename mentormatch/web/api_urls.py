"""Everything under /api/. Each app contributes its own `urls` module."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from mentormatch.web.health import health

urlpatterns = [
    path("health/", health, name="health"),
    path("schema/", SpectacularAPIView.as_view(permission_classes=[]), name="schema"),
    path("forms/", include("mentormatch.intake.urls")),
    path("", include("mentormatch.scheduling.api.bot_urls")),
    path("", include("mentormatch.scheduling.api.rest_urls")),
]
