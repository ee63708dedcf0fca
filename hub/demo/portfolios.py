"""Demo portfolios: two learners' READMEs (hub/demo/readmes/<username>.md) read by the
portfolio importer, so `/u/<name>/learnings/` and `/learnings/` have something to show on a
fresh install. Only the overview, the technologies and concepts, and the takeaways are taken:
the demo's challenges are its own (challenges.toml). Importing again adds nothing."""

from pathlib import Path

from portfolios import importer, services

READMES = Path(__file__).parent / "readmes"


def seed(accounts) -> None:
    for path in sorted(READMES.glob("*.md")):
        user = accounts.people[path.stem]
        plan = services.import_plan(user=user, parsed=importer.parse(path.read_text("utf-8")))
        keep = {item.key for item in plan.new_items if item.kind != "challenge"}
        services.import_apply(user=user, plan=plan, selected=keep)
