"""The bot API: `POST /api/bot/` with header `X-Bot-Secret` and a JSON body `{"action": ..., ...}`.

Actions live in a registry: each is one function taking a `BotCall` and returning a JSON object, declared with
the serializer that validates its input. Adding an action is one function and one decorator line:

    @bot_action("auto-match", AutoMatchInput, summary="Propose professionals for every pending request")
    def auto_match(call: BotCall) -> dict[str, Any]:
        return {...}

Modules named `bot_actions*` in this package, or `bot_actions` at the top of any mentormatch app, are
imported on first use, so a new module registers itself by existing. Answers are JSON objects with times in
ISO 8601 with an offset; refusals use the one error shape (`{"error": {"code", "message", ...}}`).
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import ParseError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mentormatch.web.auth import BotSecretAuthentication, is_bot
from mentormatch.web.errors import ApiError
from mentormatch.web.parsers import NESTED_TOO_DEEPLY, NestedTooDeeply

__all__ = [
    "BOT_ACTIONS",
    "BotActionInput",
    "BotCall",
    "BotView",
    "DiscordIdField",
    "StrictCharField",
    "bot_action",
]


class StrictCharField(serializers.CharField):
    """Text that must arrive as a JSON string: DRF's CharField turns a number into text (`123` -> "123"),
    which for a name or a title is a mistake to refuse, not a value to store."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return str(super().to_internal_value(data))


class DiscordIdField(serializers.CharField):
    """A Discord user id as people paste it: the number, or a mention `<@...>` / `<@!...>`; gives the number.
    Anything else is a 400 naming the field."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        from mentormatch.scheduling.services.people import discord_id_normalise, discord_id_problem

        text = super().to_internal_value(data)
        try:
            return discord_id_normalise(text, field=self.field_name or "discord_id") or ""
        except ApiError:
            # The error shape puts the field's name in front of a field's message: give the bare problem.
            raise serializers.ValidationError(f"{discord_id_problem(text)}.") from None


class BotActionInput(serializers.Serializer[Any]):
    """Fields every action accepts. Action serializers extend it."""

    action = serializers.CharField(help_text="The action's name, e.g. suggest-matches.")
    actor_discord_id = DiscordIdField(
        required=False, allow_blank=True, help_text="The Discord user who asked (recorded); a mention works."
    )


@dataclass(frozen=True)
class BotCall:
    """One validated call: its input, who acted (`discord:<id>`, else `bot`) and the time it arrived."""

    data: dict[str, Any]
    actor: str
    now: datetime
    request: Request


Handler = Callable[[BotCall], dict[str, Any]]


@dataclass(frozen=True)
class BotAction:
    name: str
    handler: Handler
    input: type[BotActionInput]
    summary: str
    status: int = 200


BOT_ACTIONS: dict[str, BotAction] = {}


def bot_action(
    name: str, input: type[BotActionInput] = BotActionInput, *, summary: str = "", status: int = 200
) -> Callable[[Handler], Handler]:
    """Register `handler` as the bot action `name`, its input validated by `input`."""

    def register(handler: Handler) -> Handler:
        if name in BOT_ACTIONS and BOT_ACTIONS[name].handler is not handler:
            raise RuntimeError(f"Bot action {name!r} is registered twice.")
        BOT_ACTIONS[name] = BotAction(
            name=name,
            handler=handler,
            input=input,
            summary=summary or (handler.__doc__ or "").strip(),
            status=status,
        )
        return handler

    return register


_discovered = False
_discover_lock = threading.Lock()


def discover_actions() -> dict[str, BotAction]:
    """Import every module that registers actions (once)."""
    global _discovered
    if _discovered:
        return BOT_ACTIONS
    with _discover_lock:
        if _discovered:
            return BOT_ACTIONS
        package = importlib.import_module(__package__ or "mentormatch.scheduling.api")
        for info in pkgutil.iter_modules(package.__path__):
            if info.name.startswith("bot_actions"):
                importlib.import_module(f"{package.__name__}.{info.name}")
        for config in apps.get_app_configs():
            if config.name.startswith("mentormatch.") and importlib.util.find_spec(
                f"{config.name}.bot_actions"
            ):
                importlib.import_module(f"{config.name}.bot_actions")
        _discovered = True
    return BOT_ACTIONS


def clock() -> datetime:
    """The time a call arrives (one place, so tests can freeze it)."""
    return timezone.now()


def actor_of(data: dict[str, Any]) -> str:
    actor = str(data.get("actor_discord_id") or "").strip()
    return f"discord:{actor}" if actor else "bot"


class IsBot(permissions.BasePermission):
    message = "Send the X-Bot-Secret header."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return is_bot(request)


INVALID_BODY = 'The body must be a JSON object ({"action": ...}) sent with Content-Type: application/json.'


def _json_object(request: Request) -> dict[str, Any]:
    """The body as a JSON object, else a 400 `invalid_body` (form data, no Content-Type, an empty body, JSON
    that is a list, a string or null, JSON nested too deeply to read, or no JSON at all) with what was
    received in `received`."""
    media_type = (request.content_type or "").split(";")[0].strip().lower()
    received: str | None = None
    data: Any = None
    if media_type != "application/json":
        received = f"Content-Type {media_type}" if media_type else "no Content-Type"
    elif request.stream is None:
        received = "an empty body"
    else:
        try:
            data = request.data
        except NestedTooDeeply:
            received = NESTED_TOO_DEEPLY
        except ParseError as error:
            received = f"text that is not JSON ({error.detail})"
        else:
            if type(data) is not dict:
                received = f"JSON {_json_kind(data)}"
    if received is not None:
        raise ApiError(INVALID_BODY, code="invalid_body", details={"received": received})
    return dict(data)


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    return "number" if isinstance(value, int | float) else type(value).__name__


def _request_schema() -> dict[str, serializers.Serializer[Any] | type[serializers.Serializer[Any]]]:
    return {name: action.input for name, action in sorted(discover_actions().items())}


class BotView(APIView):
    authentication_classes = [BotSecretAuthentication]
    permission_classes = [IsBot]

    @extend_schema(
        operation_id="bot_action",
        summary="Run one bot action",
        description=(
            "The body (a JSON object, Content-Type: application/json; anything else gets 400 invalid_body) "
            "names an action and its fields. Unknown actions get 400 with the list of valid ones; a wrong or "
            "missing X-Bot-Secret gets 401. Answers are JSON objects; times are ISO 8601 with offset."
        ),
        parameters=[
            OpenApiParameter(
                "X-Bot-Secret", str, OpenApiParameter.HEADER, required=True, description="BOT_SHARED_SECRET"
            )
        ],
        request=PolymorphicProxySerializer(
            component_name="BotRequest", serializers=_request_schema, resource_type_field_name="action"
        ),
        responses={200: OpenApiTypes.OBJECT, 201: OpenApiTypes.OBJECT},
        tags=["bot"],
    )
    def post(self, request: Request) -> Response:
        actions = discover_actions()
        body = _json_object(request)
        name = body.get("action")
        action = actions.get(name) if isinstance(name, str) else None
        if action is None:
            valid = sorted(actions)
            given = f"Unknown action {name!r}." if name else "No action given."
            raise ApiError(
                f"{given} Valid actions: {', '.join(valid)}.",
                code="unknown_action",
                details={"actions": valid},
            )
        parsed = action.input(data=body)
        parsed.is_valid(raise_exception=True)
        data = dict(parsed.validated_data)
        call = BotCall(data=data, actor=actor_of(data), now=clock(), request=request)
        return Response(action.handler(call), status=action.status)
