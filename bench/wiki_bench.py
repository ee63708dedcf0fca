"""Wiki benchmark: Project Nexus's wiki against django-wiki, on the same content, in one run.

    python bench/wiki_bench.py                       # 200 pages x 5 revisions
    python bench/wiki_bench.py --pages 1000          # a larger wiki

Run with the project's venv (`make bench-wiki`). The first run makes a second, throwaway venv
for django-wiki in bench/.venvs/django-wiki (gitignored; pinned versions below, from PyPI),
since django-wiki 0.13 cannot run on Django 6.1; later runs reuse it.

One content set (seeded) is generated: markdown pages of a few KB with headings, paragraphs,
a fenced code block, a table, a list and links to other pages, each with several revisions.
Each wiki then runs in its own processes, with its own Django, a temporary SQLite file, the
local-memory cache and DEBUG off: one process loads the content through the wiki's own
model/service API; a fresh one times its real views with the Django test client (warm-up
first): a page, its history, a diff, the edit form and saving it, and reports its peak memory.
The figures of both are printed side by side, with SQL query counts. Not a test: nothing here
asserts a time.

This file is also what each side runs (`--side nexus|djangowiki`): it and its parts in
bench/wikibench/ import only the standard library and that side's Django, so they run in
either venv. Parts: content.py (the content set), djangowiki_venv.py, sides.py (the two wikis),
timing.py (requests, forms, memory), report.py.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from wikibench import ROOT
from wikibench.content import for_djangowiki, generate
from wikibench.djangowiki_venv import djangowiki_python
from wikibench.report import report
from wikibench.sides import run_side


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--revisions", type=int, default=5, help="revisions per page")
    parser.add_argument("--sample", type=int, default=20, help="pages timed (random sample)")
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per page (reads)")
    parser.add_argument(
        "--edit-repeat", type=int, default=5, help="timed edits per page (each saves a revision)"
    )
    parser.add_argument("--seed", type=int, default=2026)
    # Internal: what the driver runs in each side's process.
    parser.add_argument("--side", choices=["nexus", "djangowiki"], help=argparse.SUPPRESS)
    parser.add_argument("--phase", choices=["load", "time"], help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pages < 2 or args.revisions < 2 or args.sample < 1:
        parser.error("--pages and --revisions need at least 2, --sample at least 1.")
    args.sample = min(args.sample, args.pages)
    return args


def main():
    args = parse_args()
    if args.side:
        run_side(args)
        return
    started = time.perf_counter()
    load_before = os.getloadavg()
    wiki_python = djangowiki_python()
    workdir = Path(tempfile.mkdtemp(prefix="wiki-bench-"))
    try:
        content = generate(args)
        size = statistics.mean(len(p["revisions"][-1]) for p in content["pages"])
        print(
            f"Content: {args.pages} pages x {args.revisions} revisions, "
            f"{size / 1024:.1f} KB per page on average (last revision)"
        )
        (workdir / "content-nexus.json").write_text(json.dumps(content))
        (workdir / "content-djangowiki.json").write_text(json.dumps(for_djangowiki(content)))
        plan = {"sample": content["sample"], "edits": content["edits"], "revisions": args.revisions}
        (workdir / "plan.json").write_text(json.dumps(plan))
        del content
        # One side after the other: on a 2-core machine they would only slow each other down.
        results = {}
        for side, python in (("nexus", sys.executable), ("djangowiki", wiki_python)):
            for phase in ("load", "time"):
                command = [
                    str(python),
                    __file__,
                    "--side",
                    side,
                    "--phase",
                    phase,
                    "--workdir",
                    str(workdir),
                    "--repeat",
                    str(args.repeat),
                    "--edit-repeat",
                    str(args.edit_repeat),
                ]
                subprocess.run(command, check=True, cwd=ROOT)
                results.setdefault(side, {}).update(
                    json.loads((workdir / f"{side}-{phase}.json").read_text())
                )
        report(args, results, load_before, os.getloadavg(), time.perf_counter() - started)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
