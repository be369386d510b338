from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("mentormatch.web.api_urls")),
    path("availability/", include("mentormatch.intake.clarification_urls")),
    path("feedback/", include("mentormatch.notifications.urls")),
    path("dashboard/", include("mentormatch.dashboard.urls")),
]
