"""The admin's static files are served by the app itself (WhiteNoise), with DEBUG off too."""

from __future__ import annotations

from typing import Any

from django.test import Client


def test_the_admin_stylesheet_is_served_with_debug_off(settings: Any) -> None:
    settings.DEBUG = False
    settings.WHITENOISE_USE_FINDERS = True

    response = Client().get("/static/admin/css/base.css")

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"/*")  # type: ignore[attr-defined]
