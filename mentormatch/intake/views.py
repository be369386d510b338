"""The two form webhooks. Each request is archived raw first, then checked, then processed once.

Order of checks, each answered in the API's one error shape and recorded on the archived delivery:
size (413), authentication (401; 503 when no secret is configured), JSON (400), form type (400),
resent response id or replayed signed delivery (200, nothing done twice), required answers (400 naming
them), processing (500 on an unexpected failure, with the delivery kept as failed for a retry by hand).
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mentormatch.intake.models import WebhookDelivery
from mentormatch.intake.payloads import response_id_of
from mentormatch.intake.services import (
    PROFESSIONAL_AVAILABILITY,
    REVIEW_REQUEST,
    FormKind,
    form_delivery_process,
    webhook_delivery_archive,
    webhook_delivery_mark,
)
from mentormatch.intake.signing import SIGNATURE_HEADER, SignatureError, has_signature, verify_signature
from mentormatch.scheduling.services.people import without_nul
from mentormatch.web.errors import ApiError, Unauthorized, error_body

logger = logging.getLogger(__name__)

SHARED_SECRET_HEADER = "X-Form-Secret"


class PayloadTooLarge(ApiError):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    code = "payload_too_large"


class NotConfigured(ApiError):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    code = "not_configured"


def _read_limited(request: HttpRequest, limit: int) -> tuple[bytes, int | None]:
    """Read at most `limit + 1` bytes of the body; returns them and the declared length, if any."""
    declared_text = request.META.get("CONTENT_LENGTH") or ""
    declared = int(declared_text) if declared_text.isdigit() else None
    return request.read(limit + 1), declared


def clock() -> dt.datetime:
    """The current time for signature windows and the archive; tests replace it to replay fixtures."""
    return timezone.now()


def _authenticate(headers: dict[str, str], body: bytes) -> str:
    """Check the signature (or shared secret); returns the verified signature, "" for the shared secret."""
    secret = str(settings.FORM_WEBHOOK_SECRET or "")
    if not secret:
        raise NotConfigured("Form webhooks are off: FORM_WEBHOOK_SECRET is not set on the server.")
    if has_signature(headers):
        try:
            verify_signature(headers, body, secret, clock(), max_age=settings.FORM_WEBHOOK_MAX_AGE_SECONDS)
        except SignatureError as exc:
            raise Unauthorized(f"Signature refused: {exc.message}.", code=exc.code) from None
        signature = next(v for k, v in headers.items() if k.lower() == SIGNATURE_HEADER.lower())
        return signature.strip().lower()
    given = next((v for k, v in headers.items() if k.lower() == SHARED_SECRET_HEADER.lower()), None)
    if given is None:
        raise Unauthorized(
            "Sign the delivery (X-Mentormatch-Timestamp and X-Mentormatch-Signature) or send X-Form-Secret.",
            code="missing_credentials",
        )
    if not settings.FORM_WEBHOOK_ALLOW_SHARED_SECRET:
        raise Unauthorized(
            "X-Form-Secret is no longer accepted here; sign deliveries instead.", code="shared_secret_off"
        )
    if not hmac.compare_digest(given.encode(), secret.encode()):
        raise Unauthorized("X-Form-Secret does not match FORM_WEBHOOK_SECRET.", code="bad_secret")
    return ""


def _payload(body: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ApiError(f"The body is not valid JSON: {exc}.", code="malformed_json") from None
    except RecursionError:
        raise ApiError("The body is JSON nested too deeply to read.", code="malformed_json") from None
    if not isinstance(payload, dict):
        raise ApiError("The body must be a JSON object.", code="malformed_json")
    # PostgreSQL stores no NUL character; none is meaningful in a form answer.
    return dict(without_nul(payload))


def _receive(request: Request, kind: FormKind) -> Response:
    django_request: HttpRequest = request._request
    now = clock()
    limit = int(settings.FORM_WEBHOOK_MAX_BYTES)
    body, declared = _read_limited(django_request, limit)
    headers = dict(django_request.headers)
    delivery = webhook_delivery_archive(
        endpoint=kind.endpoint,
        headers=headers,
        body=body[:limit],
        remote_addr=str(django_request.META.get("REMOTE_ADDR") or ""),
        now=now,
    )
    try:
        if len(body) > limit or (declared is not None and declared > limit):
            size = declared if declared is not None else len(body)
            raise PayloadTooLarge(
                f"The body ({size} bytes) is larger than FORM_WEBHOOK_MAX_BYTES ({limit} bytes); "
                "only its beginning was archived."
            )
        signature = _authenticate(headers, body)
        payload = _payload(body)
        form_type = str(payload.get("form_type") or "")
        webhook_delivery_mark(
            delivery=delivery,
            status=WebhookDelivery.Status.RECEIVED,
            form_type=form_type,
            response_id=response_id_of(payload),
            signature=signature,
        )
        if form_type and form_type not in kind.form_types:
            raise ApiError(
                f"This endpoint takes {', '.join(sorted(kind.form_types))} submissions, not {form_type!r}.",
                code="wrong_form_type",
            )
        outcome = form_delivery_process(kind=kind, delivery=delivery, payload=payload, now=now)
    except ApiError as exc:
        webhook_delivery_mark(
            delivery=delivery, status=WebhookDelivery.Status.REJECTED, error=f"{exc.code}: {exc.message}"
        )
        body_json = error_body(exc.code, exc.message, {**exc.details, "delivery_id": delivery.pk})
        return Response(body_json, status=exc.status_code)
    except Exception as exc:
        logger.exception("form delivery %s failed", delivery.pk)
        webhook_delivery_mark(
            delivery=delivery, status=WebhookDelivery.Status.FAILED, error=f"{type(exc).__name__}: {exc}"
        )
        return Response(
            error_body(
                "processing_failed",
                f"The submission was archived (delivery {delivery.pk}) but could not be processed; "
                "an admin can see the error in the admin site.",
                {"delivery_id": delivery.pk},
            ),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    return Response(outcome.as_json(), status=status.HTTP_200_OK)


_OUTCOME = inline_serializer(
    "FormDeliveryOutcome",
    {
        "status": serializers.ChoiceField(choices=["processed", "duplicate"]),
        "delivery_id": serializers.IntegerField(),
        "needs_clarification": serializers.BooleanField(),
        "warnings": serializers.ListField(child=serializers.CharField()),
    },
)
_ERROR = inline_serializer(
    "FormDeliveryError",
    {
        "error": inline_serializer(
            "FormDeliveryErrorBody",
            {
                "code": serializers.CharField(),
                "message": serializers.CharField(),
                "delivery_id": serializers.IntegerField(),
                "missing": serializers.ListField(child=serializers.CharField(), required=False),
            },
        )
    },
)
_PARAMETERS = [
    OpenApiParameter("X-Form-Secret", str, OpenApiParameter.HEADER, required=False),
    OpenApiParameter("X-Mentormatch-Timestamp", str, OpenApiParameter.HEADER, required=False),
    OpenApiParameter("X-Mentormatch-Signature", str, OpenApiParameter.HEADER, required=False),
]
_RESPONSES = {
    200: OpenApiResponse(_OUTCOME, description="Processed, or a resent response id acknowledged."),
    400: OpenApiResponse(_ERROR, description="Malformed JSON or a submission missing required answers."),
    401: OpenApiResponse(_ERROR, description="Bad or missing signature / shared secret."),
    413: OpenApiResponse(_ERROR, description="Body larger than FORM_WEBHOOK_MAX_BYTES."),
    500: OpenApiResponse(_ERROR, description="Archived but processing failed."),
}


class _FormWebhook(APIView):
    authentication_classes: list[type] = []
    permission_classes: list[type] = []
    kind: FormKind


class ProfessionalAvailabilityWebhook(_FormWebhook):
    kind = PROFESSIONAL_AVAILABILITY

    @extend_schema(
        operation_id="forms_professional_availability",
        summary="Professional availability form submission (Google Forms webhook)",
        request={"application/json": {"type": "object"}},
        parameters=_PARAMETERS,
        responses=_RESPONSES,
        tags=["forms"],
    )
    def post(self, request: Request) -> Response:
        return _receive(request, self.kind)


class ReviewRequestWebhook(_FormWebhook):
    kind = REVIEW_REQUEST

    @extend_schema(
        operation_id="forms_review_request",
        summary="Student review request form submission (Google Forms webhook)",
        request={"application/json": {"type": "object"}},
        parameters=_PARAMETERS,
        responses=_RESPONSES,
        tags=["forms"],
    )
    def post(self, request: Request) -> Response:
        return _receive(request, self.kind)
