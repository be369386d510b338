"""Texts for the cohort commands. Pure: data in, strings out.

Proposal times are given in the program's zone (one zone for a long list that admins compare line by line),
as "Mon Dec 7, 3:30 PM EST".
"""

from __future__ import annotations

from datetime import datetime

from mentormatch.bot.formatting import MESSAGE_LIMIT, escape, paginate, plural, truncate
from mentormatch.bot.models import ApprovalOutcome, Approvals, AutoMatch, Proposal
from mentormatch.core.describe import format_moment

# A run can hold thousands of proposals: show what fits in a few messages, the rest is on the admin site.
PROPOSAL_PAGES = 4
UNPLACED_PAGES = 2
APPROVAL_PAGES = 4
ADMIN_SITE = "see the admin site (Cohort assignment → Proposals)"
APPROVE_HINT = "Book them with `!approve_proposals all` or `!approve_proposals <id> [<id> ...]`."


def program_time(moment: datetime, zone: str) -> str:
    """An instant as "Mon Dec 7, 3:30 PM EST" in the program's zone."""
    return format_moment(int(moment.timestamp()), zone)


def _score(score: float | None) -> str:
    return "" if score is None else f" · score {score:g}"


def proposal_line(proposal: Proposal, *, zone: str) -> str:
    """`#101` **Jane Doe** → **John Roe** · Mon Dec 7, 3:30 PM EST · score 81.2"""
    student = escape(proposal.student.name or "(no name)")
    professional = escape(proposal.professional.name) if proposal.professional else "?"
    when = program_time(proposal.start, zone) if proposal.start else "?"
    return f"`#{proposal.id}` **{student}** → **{professional}** · {when}{_score(proposal.score)}"


def unplaced_line(proposal: Proposal) -> str:
    """• **Sam Poe**: No professional's availability overlaps the student's."""
    why = proposal.reason_message or proposal.reason_code.replace("_", " ") or "no reason given"
    return f"• **{escape(proposal.student.name or '(no name)')}**: {escape(truncate(why, 300))}"


def _summary(result: AutoMatch, *, zone: str) -> str:
    run = result.run
    compare = ""
    if run.greedy_placed is not None and run.greedy_placed != run.placed:
        compare = f" (one at a time would place {run.greedy_placed})"
    return (
        f"🧩 **Auto-match** run {run.id}: placed **{run.placed}** of "
        f"{plural(run.requests, 'pending student')}{compare}. Times in {zone}."
    )


def _join_if_fits(pages: list[str], more: list[str]) -> list[str]:
    """Append the pages of a second section, starting on the last page when both fit in one message."""
    if pages and more and len(pages[-1]) + 2 + len(more[0]) <= MESSAGE_LIMIT:
        return [*pages[:-1], f"{pages[-1]}\n\n{more[0]}", *more[1:]]
    return [*pages, *more]


def auto_match_pages(result: AutoMatch, *, zone: str) -> list[str]:
    """The run's counts, its proposals (ids to approve) and the students it could not place, with why."""
    if result.run.requests == 0 and not result.proposals and not result.unplaced:
        return ["🎉 No pending review requests to match."]
    summary = _summary(result, zone=zone)
    if result.proposals:
        pages = paginate(
            [proposal_line(p, zone=zone) for p in result.proposals],
            header=f"{summary}\n**Proposals** ({len(result.proposals)}). {APPROVE_HINT}",
            max_pages=PROPOSAL_PAGES,
            more=f"…and {{count}} more proposals (`!approve_proposals all` books them too): {ADMIN_SITE}.",
        )
    else:
        pages = [f"{summary}\nNo student could be placed."]
    if result.unplaced:
        unplaced = paginate(
            [unplaced_line(p) for p in result.unplaced],
            header=f"**Not placed** ({len(result.unplaced)}):",
            max_pages=UNPLACED_PAGES,
            more=f"…and {{count}} more not placed: {ADMIN_SITE}.",
        )
        pages = _join_if_fits(pages, unplaced)
    return pages


OUTCOME_ORDER = {"refused": 0, "skipped": 1, "booked": 2}


def outcome_line(outcome: ApprovalOutcome, *, zone: str) -> str:
    ident = f"`#{outcome.proposal_id}`"
    if outcome.outcome == "booked":
        when = f" for {program_time(outcome.start, zone)}" if outcome.start else ""
        return f"✅ {ident} booked{when}"
    why = escape(truncate(outcome.message or outcome.code.replace("_", " ") or "no reason given", 300))
    if outcome.outcome == "refused":
        return f"✖️ {ident} refused: {why}"
    return f"⏭️ {ident} {escape(outcome.outcome or 'skipped')}: {why}"


def approvals_pages(result: Approvals, *, zone: str) -> list[str]:
    """How many were booked, then every refusal and skip with why (first), then the bookings."""
    if not result.results:
        return ["There are no open proposals to approve. Run `!auto_match` first."]
    total = len(result.results)
    parts = [f"📅 Booked **{result.booked}** of {plural(total, 'proposal')}"]
    if result.refused:
        parts.append(f"{result.refused} refused")
    if result.skipped:
        parts.append(f"{result.skipped} skipped")
    header = "; ".join(parts) + f". Times in {zone}."
    if result.booked:
        header += " Both people of each booking get an email with a calendar invite."
    ordered = sorted(result.results, key=lambda o: OUTCOME_ORDER.get(o.outcome, 1))
    return paginate(
        [outcome_line(o, zone=zone) for o in ordered],
        header=header,
        max_pages=APPROVAL_PAGES,
        more=f"…and {{count}} more: {ADMIN_SITE}.",
    )
