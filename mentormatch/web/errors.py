"""One error shape for the whole API: `{"error": {"code": ..., "message": ...}}`.

DRF views render it through `api_exception_handler`; Django's own 400/403/404/500 views (unknown URLs,
unhandled exceptions) answer in it too for paths under /api/, through the `handler*` hooks in web/urls.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults as django_defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler


class ApiError(Exception):
    """An error a caller can act on. Raised by services and views, rendered by `api_exception_handler`."""

    status_code: int = status.HTTP_400_BAD_REQUEST
    code: str = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status_code: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if status_code is not None:
            self.status_code = status_code
        self.details = details or {}


class NotFound(ApiError):
    status_code = status.HTTP_404_NOT_FOUND
    code = "not_found"


class Conflict(ApiError):
    status_code = status.HTTP_409_CONFLICT
    code = "conflict"


class Unauthorized(ApiError):
    status_code = status.HTTP_401_UNAUTHORIZED
    code = "unauthorized"


class Forbidden(ApiError):
    status_code = status.HTTP_403_FORBIDDEN
    code = "forbidden"


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if details:
        body.update(details)
    return {"error": body}


def _flatten(detail: Any, prefix: str = "") -> list[str]:
    """Every message of a DRF error tree, each after the names of its fields ("discord_id: ...").

    A message that already begins with its field's name (a service's "discord_id: ..." passed on by a
    field) keeps that one name instead of getting it twice.
    """
    if isinstance(detail, dict):
        out: list[str] = []
        for key, value in detail.items():
            # List entries are keyed by their index, 0 included ("industries: 0: Not a valid string.").
            name = "" if key == "non_field_errors" else str(key)
            out.extend(_flatten(value, f"{prefix}{name}: " if name else prefix))
        return out
    if isinstance(detail, list):
        return [msg for item in detail for msg in _flatten(item, prefix)]
    text = str(detail)
    last = prefix.rsplit(": ", 2)[-2] + ": " if prefix else ""
    if last and text.startswith(last):
        return [f"{prefix[: -len(last)]}{text}"]
    return [f"{prefix}{text}"]


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApiError):
        return Response(error_body(exc.code, exc.message, exc.details), status=exc.status_code)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        messages = _flatten(exc.detail)
        response.data = error_body("invalid", "; ".join(messages), {"fields": exc.detail})
    elif isinstance(exc, exceptions.APIException):
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code
        response.data = error_body(str(code), str(exc.detail))
    return response


# --- Django's error views: the same shape for every path under /api/, Django's HTML pages elsewhere -------


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or request.path == "/api"


def _json_error(code: str, message: str, status_code: int) -> JsonResponse:
    return JsonResponse(error_body(code, message), status=status_code)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return _json_error("bad_request", "The request could not be read.", 400)
    return django_defaults.bad_request(request, exception or Exception())


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return _json_error("forbidden", "You are not allowed to do that.", 403)
    return django_defaults.permission_denied(request, exception or Exception())


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return _json_error(
            "not_found", f"No API endpoint at {request.path}; the schema at /api/schema/ lists them.", 404
        )
    return django_defaults.page_not_found(request, exception or Exception())


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return _json_error(
            "server_error", "Something went wrong on the server; it was logged. Try again later.", 500
        )
    return django_defaults.server_error(request)


_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
}


class ApiErrorShapeMiddleware:
    """Under /api/, an error answered as HTML (Django's DEBUG pages, CSRF failures) becomes the JSON shape.

    With DEBUG off the `handler*` views already answer JSON; with DEBUG on Django renders its technical
    404 and 500 pages instead of calling them, and API callers (the bot) must still get JSON.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            _is_api(request)
            and response.status_code >= 400
            and not isinstance(response, Response)  # DRF answers (JSON or its browsable page) are shaped
            and not str(response.get("Content-Type", "")).startswith("application/json")
        ):
            shaped = self._shaped(request, response)
            # Django logs an error answer once (`log_response` marks it); the replacement is the same answer,
            # so it must not be logged a second time (a 500 traceback followed by another line).
            if getattr(response, "_has_been_logged", False):
                shaped._has_been_logged = True  # type: ignore[attr-defined]
            return shaped
        return response

    @staticmethod
    def _shaped(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.status_code == 404:
            return page_not_found(request)
        if response.status_code >= 500:
            return server_error(request)
        code = _CODES.get(response.status_code, "error")
        return _json_error(code, f"The request failed ({response.status_code}).", response.status_code)
