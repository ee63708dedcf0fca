"""The side-by-side report (driver)."""

from __future__ import annotations

import os
import platform
import statistics

# What is timed, in the order printed.
OPERATIONS = [
    ("view_anon", "view a page, anonymous"),
    ("view_user", "view a page, logged in"),
    ("history", "page history"),
    ("diff", "diff of the last two revisions"),
    ("edit_form", "open the edit form (GET)"),
    ("edit_save", "save an edit (POST)"),
    ("view_after_edit", "first view after an edit"),
]


def summary(samples: list[float]) -> str:
    if not samples:
        return "-"
    q = (
        statistics.quantiles(samples, n=100, method="inclusive")
        if len(samples) > 1
        else samples * 99
    )
    return f"{q[94]:7.1f} ({q[49]:6.1f}) {max(samples):7.1f}"


def span(values: list[int]) -> str:
    if not values:
        return "-"
    low, high = min(values), max(values)
    return str(low) if low == high else f"{low}-{high}"


def report(args, results: dict, load_before, load_after, seconds) -> None:
    nexus, wiki = results["nexus"], results["djangowiki"]
    width = 30
    print()
    print(
        f"Wiki bench: {args.pages} pages x {args.revisions} revisions (seed {args.seed}); "
        f"{args.sample} sampled pages, {args.repeat} timed requests each (edits: "
        f"{args.edit_repeat}); {seconds:.0f}s in all"
    )
    print(
        f"Machine: {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"load average {' '.join(f'{x:.2f}' for x in load_before)} before, "
        f"{' '.join(f'{x:.2f}' for x in load_after)} after"
    )
    for r in (nexus, wiki):
        versions = ", ".join(f"{k} {v}" for k, v in r["versions"].items())
        print(
            f"{r['name']:<12} {versions}; migrate {r['migrate_s']:.1f}s, "
            f"load {r['revisions_loaded']} revisions {r['load_s']:.1f}s"
        )
    print()
    head = f"{'p95':>7} {'(p50)':>8} {'max':>7} {'q':>5}"
    print(f"{'ms per request':<34} | {'Nexus':<{width}} | django-wiki")
    print(f"{'':<34} | {head} | {head}")
    print("-" * 34 + "-+-" + "-" * width + "-+-" + "-" * width)
    for key, label in OPERATIONS:
        cells = []
        for r in (nexus, wiki):
            row = r["rows"][key]
            cells.append(f"{summary(row['samples'])} {span(row['queries']):>5}")
        print(f"{label:<34} | {cells[0]:<{width}} | {cells[1]}")
    extra = [
        ("load via the API, ms/revision", lambda r: r["load_s"] * 1000 / r["revisions_loaded"]),
        ("peak RSS of the timing process, MB", lambda r: r["memory"]["peak_mb"]),
        ("its RSS at the end, MB", lambda r: r["memory"]["end_mb"]),
    ]
    for label, value in extra:
        print(f"{label:<34} | {value(nexus):7.1f}{'':<{width - 7}} | {value(wiki):7.1f}")
    print()
    print("q: SQL queries per request (min-max over the sampled pages). Load: each side's own")
    print("model/service API, no HTTP. django-wiki's diff is a JSON endpoint for its history")
    print("page's script; Nexus's is a full HTML page. Nexus renders markdown when a revision")
    print("is saved; django-wiki when the page is first viewed after it (then from its cache).")
