"""Recompute every learner's reputation from the events and report (or fix) any drift."""

from django.core.management.base import BaseCommand, CommandError

from reputation.services import drift, drift_fix, levels_refresh


class Command(BaseCommand):
    help = (
        "Sum every learner's reputation events and compare with the stored totals (and accepted "
        "counts). Reports each difference; --fix stores the recomputed values. Also stores the "
        "levels that days since joining have moved on (run it daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="store the recomputed totals")

    def handle(self, *args, fix=False, **options):
        found = drift()
        for d in found:
            self.stdout.write(
                f"user {d.user_id}: stored {d.stored} (accepted {d.stored_accepted}), "
                f"events say {d.events} (accepted {d.accepted})"
            )
        if found and fix:
            drift_fix(found)
            self.stdout.write(self.style.SUCCESS(f"Fixed {len(found)} learner(s)."))
        elif found:
            self.stdout.write(
                self.style.WARNING(f"{len(found)} learner(s) drifted; --fix to store.")
            )
        else:
            self.stdout.write("Every stored total matches its events.")
        changed = levels_refresh()
        self.stdout.write(f"{changed} stored level(s) updated.")
        if found and not fix:
            raise CommandError(f"{len(found)} learner(s) drifted; run with --fix to store.")
