import json

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html

from mentormatch.intake.models import WebhookDelivery
from mentormatch.intake.services import webhook_delivery_reprocess
from mentormatch.web.admin_selection import SelectedIdsMixin


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(SelectedIdsMixin, admin.ModelAdmin):
    """The raw archive: read-only, so what a form sent is kept exactly as it arrived."""

    list_display = ["received_at", "endpoint", "form_type", "response_id", "status", "short_error"]
    list_filter = ["endpoint", "status", "form_type"]
    search_fields = ["response_id", "body", "error"]
    date_hierarchy = "received_at"
    fields = readonly_fields = (
        "received_at",
        "endpoint",
        "form_type",
        "response_id",
        "response_revision",
        "signature",
        "status",
        "error",
        "processed_at",
        "remote_addr",
        "headers_display",
        "body_display",
    )
    actions = ["process_again"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description="error")
    def short_error(self, obj: WebhookDelivery) -> str:
        return obj.error if len(obj.error) <= 80 else obj.error[:77] + "..."

    @admin.display(description="headers")
    def headers_display(self, obj: WebhookDelivery) -> str:
        return format_html("<pre>{}</pre>", json.dumps(obj.headers, indent=2))

    @admin.display(description="body")
    def body_display(self, obj: WebhookDelivery) -> str:
        try:
            text = json.dumps(json.loads(obj.body), indent=2, ensure_ascii=False)
        except (ValueError, RecursionError):
            # Not JSON, or nested too deeply to read: shown as it arrived (escaped, like everything here).
            text = obj.body
        return format_html("<pre style='white-space: pre-wrap'>{}</pre>", text)

    @admin.action(description="Process failed deliveries again (after fixing the cause)")
    def process_again(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        done, skipped, failed = 0, 0, 0
        for delivery in queryset.order_by("received_at"):
            if delivery.status != WebhookDelivery.Status.FAILED:
                skipped += 1
                continue
            try:
                webhook_delivery_reprocess(delivery=delivery, now=timezone.now())
                done += 1
            except Exception as exc:
                failed += 1
                self.message_user(request, f"Delivery {delivery.pk} failed again: {exc}", messages.ERROR)
        summary = f"Processed {done}; skipped {skipped} that were not failed; {failed} failed again."
        self.message_user(request, summary, messages.SUCCESS if not failed else messages.WARNING)
