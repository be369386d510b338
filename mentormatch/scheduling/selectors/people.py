"""Finding people by what admins type: the one lookup of a professional by name (or id).

`professional_find` is shared by every path that takes a professional's name or id (the REST API, every bot
action with `professional_name` / `professional_id`), so a name finds the same person everywhere.
"""

from __future__ import annotations

import difflib
import unicodedata

from mentormatch.scheduling.models import Professional
from mentormatch.web.errors import ApiError, NotFound

__all__ = ["AmbiguousName", "ambiguous_name", "name_fold", "professional_find", "professional_namesakes"]

_SUGGESTIONS = 5


class AmbiguousName(ApiError):
    code = "ambiguous_name"


def name_fold(name: str) -> str:
    """A name compared without case, accents or extra spaces: "Tomás  Álvarez" and "tomas alvarez" agree."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.casefold().split())


def _label(professional: Professional) -> str:
    extra = [professional.email or "no email"] + ([] if professional.active else ["inactive"])
    return f"{professional.name} (id {professional.pk}, {', '.join(extra)})"


def _pick(candidates: list[Professional], wanted: str, how: str) -> Professional:
    if len(candidates) == 1:
        return candidates[0]
    active = [p for p in candidates if p.active]
    if len(active) == 1:
        return active[0]
    raise ambiguous_name(candidates, wanted, how)


def ambiguous_name(candidates: list[Professional], wanted: str, how: str = "names") -> AmbiguousName:
    """The 400 for a name that fits several professionals, listing them with their ids and emails."""
    listed = "; ".join(_label(p) for p in candidates[:10])
    ask = "Pick one by id" if how == "names" else "Give the full name, or pick one by id"
    return AmbiguousName(
        f"{wanted!r} {how} {len(candidates)} professionals: {listed}. {ask} (professional_id in the API, "
        "#id in Discord commands).",
        details={
            "candidates": [
                {"id": p.pk, "name": p.name, "email": p.email, "active": p.active} for p in candidates[:10]
            ]
        },
    )


def professional_find(*, name: str | None = None, professional_id: int | None = None) -> Professional:
    """The professional an admin means by `name`, or the one with `professional_id` (give one of the two).

    By id: that professional, else a 404. By name: an exact match, ignoring case and accents, comes first;
    else a unique partial match ("Whitfield" for "Dana Whitfield"). Several matches (where exactly one is
    active, that one wins) are refused with a 400 listing the candidates with their ids and emails; no match
    is a 404 with "did you mean" suggestions by similarity, so "Tomas Alvarez" finds "Tomás Álvarez" and
    "Dana Whitfeld" suggests "Dana Whitfield".
    """
    if professional_id is not None:
        if name is not None and str(name).strip():
            raise ApiError("Give the professional's name or their id, not both.", code="invalid")
        found = Professional.objects.filter(pk=professional_id).first()
        if found is None:
            raise NotFound(f"No professional with id {professional_id}.")
        return found
    wanted = " ".join(str(name or "").split())
    folded = name_fold(wanted)
    if not folded:
        raise ApiError("Give the professional's name.", code="invalid")
    everyone = list(Professional.objects.only("pk", "name", "email", "active").order_by("name", "pk"))
    by_fold = [(name_fold(p.name), p) for p in everyone]
    exact = [p for fold, p in by_fold if fold == folded]
    if exact:
        return _pick(exact, wanted, "names")
    partial = [p for fold, p in by_fold if folded in fold]
    if partial:
        return _pick(partial, wanted, "is part of the names of")
    folds: dict[str, Professional] = {}
    for fold, professional in by_fold:
        folds.setdefault(fold, professional)
    close = difflib.get_close_matches(folded, list(folds), n=_SUGGESTIONS, cutoff=0.6)
    suggestions = [folds[fold].name for fold in close]
    hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
    raise NotFound(
        f"No professional named {wanted!r}.{hint}",
        details={"suggestions": suggestions} if suggestions else None,
    )


def professional_namesakes(*, name: str) -> list[Professional]:
    """The professionals whose name is `name`, ignoring case, accents and extra spaces (by id)."""
    folded = name_fold(name)
    if not folded:
        return []
    everyone = Professional.objects.only("pk", "name", "email", "active").order_by("pk")
    return [p for p in everyone if name_fold(p.name) == folded]
