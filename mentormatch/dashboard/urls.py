from django.urls import path

from mentormatch.dashboard.views import stats_page

app_name = "dashboard"
urlpatterns = [path("", stats_page, name="stats")]
