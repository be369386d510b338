"""Admin actions ignore selected ids that are not ids.

Django's changelist filters the queryset with the posted `_selected_action` values as they are, so a value
that is not a primary key (`abc`, from a hand-made or stale form) ends in a 500 when the action reads the
queryset. `SelectedIdsMixin`, first among a ModelAdmin's bases, drops such values before the action runs
and says which were ignored; with nothing left Django answers as for an empty selection ("Items must be
selected...").
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def _is_pk(model_admin: admin.ModelAdmin[Any], value: str) -> bool:
    try:
        model_admin.model._meta.pk.to_python(value)  # type: ignore[union-attr]
    except (ValidationError, ValueError, TypeError):
        return False
    return True


class SelectedIdsMixin(admin.ModelAdmin[Any]):
    def response_action(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        name = helpers.ACTION_CHECKBOX_NAME
        selected = request.POST.getlist(name)
        kept = [value for value in selected if _is_pk(self, value)]
        if len(kept) != len(selected):
            ignored = ", ".join(repr(value) for value in selected if value not in kept)
            self.message_user(request, f"Ignored a selection that is not an id: {ignored}.", messages.WARNING)
            post = request.POST.copy()
            post.setlist(name, kept)
            request.POST = post  # type: ignore[assignment]
        return super().response_action(request, *args, **kwargs)
