"""Every /api/ URL answers with or without its trailing slash.

Django's APPEND_SLASH answers `/api/bot` with a redirect to `/api/bot/`, which HTTP clients follow with a GET
and no body (and with DEBUG on, Django refuses a POST outright with a RuntimeError page). API callers type
URLs from memory, so under /api/ a path without its slash is served as the path with it, in place: same
method, same body, same query. Paths outside /api/ keep Django's redirect.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import is_valid_path


class ApiTrailingSlashMiddleware:
    """Serve `/api/<x>` as `/api/<x>/` when only the latter exists. Runs before CommonMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path.startswith("/api/") and not path.endswith("/"):
            urlconf = getattr(request, "urlconf", None)
            if not is_valid_path(path, urlconf) and is_valid_path(f"{path}/", urlconf):
                request.path_info = f"{path}/"
                request.path = f"{request.path}/"
        return self.get_response(request)
