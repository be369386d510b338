"""Who may call the API: the bot (header `X-Bot-Secret`) or a logged-in staff user.

Use both classes together on a view:

    authentication_classes = [BotSecretAuthentication, SessionAuthentication]
    permission_classes = [IsStaffOrBot]

A wrong bot secret is refused outright (401) rather than falling through to the session, so a misconfigured
bot learns about it at once.
"""

from __future__ import annotations

import hmac
from typing import Any

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions
from rest_framework.request import Request
from rest_framework.views import APIView

BOT_SECRET_HEADER = "X-Bot-Secret"


class BotPrincipal:
    """The bot as a caller. Not a Django user: it has no password, session or admin access."""

    is_authenticated = True
    is_active = True
    is_staff = False
    is_superuser = False
    is_anonymous = False
    username = "bot"
    pk = None

    def __str__(self) -> str:
        return "bot"


class BotToken:
    """The `request.auth` value of a bot call."""

    def __repr__(self) -> str:
        return "BotToken()"


class BotSecretAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        given = request.headers.get(BOT_SECRET_HEADER)
        if given is None:
            return None
        expected = str(settings.BOT_SHARED_SECRET or "")
        if not expected:
            raise exceptions.AuthenticationFailed(
                "The bot API is off: BOT_SHARED_SECRET is not set on the server."
            )
        if not hmac.compare_digest(given.encode(), expected.encode()):
            raise exceptions.AuthenticationFailed(f"{BOT_SECRET_HEADER} does not match BOT_SHARED_SECRET.")
        return BotPrincipal(), BotToken()

    def authenticate_header(self, request: Request) -> str:
        # Any value makes DRF answer 401 (not 403) to an unauthenticated caller.
        return BOT_SECRET_HEADER


def is_bot(request: Request) -> bool:
    return isinstance(request.auth, BotToken)


class IsStaffOrBot(permissions.BasePermission):
    message = "Log in as staff or send X-Bot-Secret."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if is_bot(request):
            return True
        user = request.user
        return bool(user is not None and user.is_authenticated and user.is_active and user.is_staff)


class BotSecretScheme(OpenApiAuthenticationExtension):
    """Documents `X-Bot-Secret` in the OpenAPI schema (registered by subclassing)."""

    target_class = "mentormatch.web.auth.BotSecretAuthentication"
    name = "botSecret"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": BOT_SECRET_HEADER,
            "description": "The bot's shared secret, BOT_SHARED_SECRET.",
        }
