"""Texts for the professional commands. Pure: data in, strings out."""

from __future__ import annotations

from collections.abc import Sequence

from mentormatch.bot.formatting import escape, paginate, plural, truncate
from mentormatch.bot.models import ProfessionalSummary


def professional_added(pro: ProfessionalSummary) -> str:
    verb = "Added" if pro.created else "Updated"
    specialties = f" ({escape(pro.specialties)})" if pro.specialties else ""
    return (
        f"👤 {verb} **{escape(pro.name)}**{specialties}. "
        "They become matchable once their availability arrives through the availability form."
    )


def _line(pro: ProfessionalSummary) -> str:
    role = ", ".join(part for part in (pro.title, pro.company) if part)
    parts = [f"**{escape(pro.name)}**"]
    if role:
        parts.append(escape(role))
    if pro.specialties:
        parts.append(escape(truncate(pro.specialties, 120)))
    if pro.timezone:
        parts.append(pro.timezone)
    flags = []
    if not pro.active:
        flags.append("inactive")
    if pro.has_availability is False:
        flags.append("no availability yet")
    line = "• " + " · ".join(parts)
    return f"{line} _({', '.join(flags)})_" if flags else line


def professionals_pages(professionals: Sequence[ProfessionalSummary]) -> list[str]:
    if not professionals:
        return ['No professionals yet. Add one with `!add_professional "Name" "Specialties"`.']
    header = f"**{plural(len(professionals), 'professional')}**:"
    return paginate([_line(p) for p in professionals], header=header)
