from django.contrib import admin

from mentormatch.intake.models import WebhookDelivery


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["received_at", "endpoint", "form_type", "response_id", "status", "error"]
    list_filter = ["endpoint", "status", "form_type"]
    search_fields = ["response_id", "body", "error"]
    date_hierarchy = "received_at"
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
