from django.contrib import admin
from django.urls import include, path

# Under /api/ these answer JSON in the API's error shape; elsewhere Django's HTML pages.
handler400 = "mentormatch.web.errors.bad_request"
handler403 = "mentormatch.web.errors.permission_denied"
handler404 = "mentormatch.web.errors.page_not_found"
handler500 = "mentormatch.web.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("mentormatch.web.api_urls")),
    path("availability/", include("mentormatch.intake.clarification_urls")),
    path("feedback/", include("mentormatch.notifications.urls")),
    path("dashboard/", include("mentormatch.dashboard.urls")),
]
