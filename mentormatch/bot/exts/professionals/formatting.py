"""Texts for the professional commands. Pure: data in, strings out."""

from __future__ import annotations

from collections.abc import Sequence

from mentormatch.bot.formatting import escape, paginate, plural, truncate
from mentormatch.bot.models import AvailabilitySaved, ProfessionalSummary, Window

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def professional_added(pro: ProfessionalSummary) -> str:
    verb = "Added" if pro.created else "Updated"
    specialties = f" ({escape(pro.specialties)})" if pro.specialties else ""
    return (
        f"👤 {verb} **{escape(pro.name)}**{specialties}. "
        "They become matchable once their availability arrives: the availability form or `!add_availability`."
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
    if pro.needs_clarification:
        flags.append("availability needs clarification")
    line = "• " + " · ".join(parts)
    return f"{line} _({', '.join(flags)})_" if flags else line


def professionals_pages(professionals: Sequence[ProfessionalSummary]) -> list[str]:
    if not professionals:
        return ['No professionals yet. Add one with `!add_professional "Name" "Specialties"`.']
    header = f"**{plural(len(professionals), 'professional')}**:"
    return paginate([_line(p) for p in professionals], header=header)


def window_text(window: Window) -> str:
    day = WEEKDAYS[window.weekday] if window.weekday is not None and 0 <= window.weekday < 7 else window.date
    zone = f" {window.tz}" if window.tz else ""
    return f"{day} {window.start}-{window.end}{zone}"


def availability_saved(saved: AvailabilitySaved) -> str:
    name = escape(saved.professional.name)
    verb = "Added" if saved.created else "Saved availability for"
    zone = f" ({saved.timezone})" if saved.timezone else ""
    if saved.windows:
        shown = ", ".join(window_text(w) for w in saved.windows[:20])
        more = f" and {len(saved.windows) - 20} more" if len(saved.windows) > 20 else ""
        lines = [f"🗓️ {verb} **{name}**{zone}, read as: {shown}{more}."]
    else:
        lines = [f"⚠️ {verb} **{name}**{zone}, but no time could be read from that text."]
    if saved.exclusions:
        lines.append("Except: " + ", ".join(window_text(w) for w in saved.exclusions[:10]) + ".")
    lines += [f"⚠️ {escape(warning)}" for warning in saved.warnings[:5]]
    return truncate("\n".join(lines), 2000)
