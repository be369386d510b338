"""Finding people by what admins type: the one lookup of a professional by name.

`professional_find` is shared by every path that takes a professional's name (the REST API, the bot's
schedule-session and add-professional-availability), so a name finds the same person everywhere.
"""

from __future__ import annotations

import difflib
import unicodedata

from mentormatch.scheduling.models import Professional
from mentormatch.web.errors import ApiError, NotFound

__all__ = ["AmbiguousName", "name_fold", "professional_find"]

_SUGGESTIONS = 5


class AmbiguousName(ApiError):
    code = "ambiguous_name"


def name_fold(name: str) -> str:
    """A name compared without case, accents or extra spaces: "Tomás  Álvarez" and "tomas alvarez" agree."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.casefold().split())


def _label(professional: Professional) -> str:
    extra = professional.email or ("inactive" if not professional.active else "")
    return f"{professional.name} (id {professional.pk}{', ' + extra if extra else ''})"


def _pick(candidates: list[Professional], wanted: str, how: str) -> Professional:
    if len(candidates) == 1:
        return candidates[0]
    active = [p for p in candidates if p.active]
    if len(active) == 1:
        return active[0]
    listed = "; ".join(_label(p) for p in candidates[:10])
    raise AmbiguousName(
        f"{wanted!r} {how} {len(candidates)} professionals: {listed}. Give the full name or the id.",
        details={"candidates": [{"id": p.pk, "name": p.name, "email": p.email} for p in candidates[:10]]},
    )


def professional_find(*, name: str) -> Professional:
    """The professional an admin means by `name`.

    An exact match, ignoring case and accents, comes first; else a unique partial match ("Whitfield" for
    "Dana Whitfield"). Several matches (where exactly one is active, that one wins) are refused with a 400
    listing the candidates; no match is a 404 with "did you mean" suggestions by similarity, so "Tomas
    Alvarez" finds "Tomás Álvarez" and "Dana Whitfeld" suggests "Dana Whitfield".
    """
    wanted = " ".join(str(name).split())
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
