"""A portfolio as the README learners keep in their repositories: the same headings,
`**Term** – description` bullets, a Challenge | Solution table, links back to the hub.
Importing it again finds everything it holds already there (see services.import_plan)."""

from __future__ import annotations

import re

from django.conf import settings

from discussions.models import Solution
from portfolios import selectors
from portfolios.models import Note, Portfolio

EXPORT_CAP = 200
CELL_CHARS = 300


def _absolute(path: str) -> str:
    return f"{settings.NEXUS_BASE_URL}{path}"


def _cell(text: str) -> str:
    """Markdown on one line, fit for a table cell."""
    text = re.sub(r"```.*?```", " ", text or "", flags=re.DOTALL)
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > CELL_CHARS:
        text = text[:CELL_CHARS].rsplit(" ", 1)[0] + " …"
    return text.replace("|", "\\|")


def _term_line(row) -> str:
    line = f"- **{row.name}**"
    if row.description:
        line += f" – {row.description}"
    if row.url:
        line += f" ([wiki]({_absolute(row.url)}))"
    return line


def export_readme(owner, viewer) -> str:
    portfolio = Portfolio.objects.filter(user=owner).first()
    technologies, concepts = selectors.term_rows(owner)
    name = owner.display_name
    out = [f"# Project Nexus – {name}'s learnings", ""]
    out += ["## Overview", "", (portfolio.overview.strip() if portfolio else "") or "", ""]
    if technologies:
        out += ["## Key Technologies", "", *(_term_line(r) for r in technologies), ""]
    if concepts:
        out += ["## Core Concepts", "", *(_term_line(r) for r in concepts), ""]
    challenges = list(selectors.challenges_met(owner, viewer)[:EXPORT_CAP])
    accepted = {
        s.challenge_id: s
        for s in Solution.objects.visible_to(viewer).filter(
            challenge__in=[c.pk for c in challenges], is_accepted=True
        )
    }
    solved_for_others = list(selectors.solutions_for_others(owner, viewer)[:EXPORT_CAP])
    if challenges or solved_for_others:
        out += ["## Challenges & Solutions", "", "| Challenge | Solution |", "|---|---|"]
        for challenge in challenges:
            solution = accepted.get(challenge.pk)
            url = _absolute(challenge.get_absolute_url())
            title = challenge.title.replace("|", "\\|").replace("]", "\\]")
            out.append(f"| [{title}]({url}) | {_cell(solution.body) if solution else ''} |")
        for solution in solved_for_others:
            challenge = solution.challenge
            url = _absolute(solution.get_absolute_url())
            title = challenge.title.replace("|", "\\|").replace("]", "\\]")
            out.append(f"| [{title}]({url}) | {_cell(solution.body)} |")
        out.append("")
    notes = list(Note.objects.filter(user=owner).order_by("position", "pk"))
    if notes:
        out += ["## Best Practices & Personal Takeaways", ""]
        out += ["- " + n.body.strip().replace("\n", "\n  ") for n in notes]
        out.append("")
    people = selectors.collaborators(owner)
    collaboration = portfolio.collaboration.strip() if portfolio else ""
    out += ["## Collaboration", ""]
    if collaboration:
        out += [collaboration, ""]
    # Lines that link to the hub's profiles: written here, skipped when imported again.
    for person in people["helped"]:
        out.append(_person_line("Helped", person))
    for person in people["helped_by"]:
        out.append(_person_line("Helped by", person))
    portfolio_url = _absolute(f"/u/{owner.username}/learnings/")
    out += ["", f"Kept alive on [Project Nexus]({_absolute('/')}): see {portfolio_url}", ""]
    return "\n".join(out).replace("\n\n\n", "\n\n").rstrip() + "\n"


def _person_line(verb: str, person) -> str:
    user = person.user
    url = _absolute(user.get_absolute_url())
    track = user.profile.get_track_display().lower()
    line = f"- {verb} [{user.display_name}]({url}) ({track}, {person.count} solution"
    line += "s)" if person.count != 1 else ")"
    if person.across_tracks:
        line += " – across backend and frontend"
    return line
