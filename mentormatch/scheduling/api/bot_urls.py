from django.urls import path

from mentormatch.scheduling.api.bot import BotView

urlpatterns = [path("bot/", BotView.as_view(), name="bot")]
