"""The Google Calendar API client: service-account credentials and the bundled discovery document.

`GOOGLE_CALENDAR_CREDENTIALS` is a path to the service account's JSON key, or the JSON itself.
`http_factory` is the one seam for the network: tests give the client library's own `HttpMockSequence`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httplib2
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from google.oauth2 import service_account
from google_auth_httplib2 import AuthorizedHttp
from googleapiclient.discovery import build

SCOPES = ["https://www.googleapis.com/auth/calendar"]


def load_credentials(raw: str) -> service_account.Credentials:
    text = raw.strip()
    try:
        info = json.loads(text) if text.startswith("{") else json.loads(Path(text).read_text())
    except (OSError, ValueError) as error:
        raise ImproperlyConfigured(
            f"GOOGLE_CALENDAR_CREDENTIALS must be a service-account JSON key or the path to one: {error}"
        ) from None
    credentials: service_account.Credentials = service_account.Credentials.from_service_account_info(
        info, scopes=SCOPES
    )
    return credentials


def http_factory() -> Any:
    return httplib2.Http(timeout=settings.GOOGLE_CALENDAR_TIMEOUT)


def calendar_service() -> Any:
    credentials = load_credentials(settings.GOOGLE_CALENDAR_CREDENTIALS)
    authorized = AuthorizedHttp(credentials, http=http_factory())
    return build("calendar", "v3", http=authorized, static_discovery=True, cache_discovery=False)
