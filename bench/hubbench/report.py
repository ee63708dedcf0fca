"""bench/RESULTS.md: the machine, the commands, the tables."""

from __future__ import annotations

import contextlib
import os
import platform
import subprocess
from datetime import UTC, datetime


def machine() -> str:
    cpu = mem = ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as fh:
        cpu = next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), "")
    with contextlib.suppress(OSError, IndexError), open("/proc/meminfo") as fh:
        mem = fh.readline().split(":", 1)[1].strip()
    try:
        wrk = subprocess.run(["/usr/bin/wrk", "--version"], capture_output=True, text=True)
        wrk_version = (wrk.stdout or wrk.stderr).splitlines()[0]
    except (OSError, IndexError):
        wrk_version = "wrk"
    return (
        f"{os.cpu_count()} cores ({cpu}), {mem} memory, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, {wrk_version}"
    )


def _f(value, digits=1):
    return "–" if value is None else f"{value:,.{digits}f}"


def _growth(start: list[int], end: list[int]) -> str:
    return ", ".join(f"{(e - s) / s * 100:+.1f}%" for s, e in zip(start, end, strict=False))


def table(result: dict) -> list[str]:
    ceiling = result["ceiling_rps"]
    lines = [
        f"Ceiling `/hello/`: {_f(ceiling, 0)} req/s on average; its runs, one before each page "
        f"and one at each end: {', '.join(_f(x, 0) for x in result['ceiling_runs'])}. "
        "Each page's '× ceiling' is over the ceiling run just before it; "
        f"ceiling with a template and one query: {_f(result['template']['rps'], 0)} req/s "
        f"(× {result['template']['rps'] / ceiling:.3f}).",
        "",
        "| page | anonymous req/s | × ceiling | p50 ms | p99 ms | logged in req/s | × ceiling "
        "| p50 ms | p99 ms | rendered req/s | × ceiling | p50 ms | p99 ms |",
        "|---|" + "---:|" * 12,
    ]
    for name, row in result["pages"].items():
        cells = [name]
        for r in (row.get("anonymous"), row.get("logged in"), row.get("rendered")):
            if r is None:
                cells += ["–"] * 4
                continue
            note = " (redirect)" if r.get("redirect") else ""
            paired = r.get("ceiling") or ceiling
            cells += [_f(r["rps"], 0) + note, f"{r['rps'] / paired:.3f}", _f(r["p50"], 2),
                      _f(r["p99"], 2)]  # fmt: skip
        lines.append("| " + " | ".join(cells) + " |")
    if result.get("djangowiki"):
        r = result["djangowiki"]
        lines.append(
            f"| django-wiki article page (its own data, anonymous) | {_f(r['rps'], 0)} | "
            f"{r['rps'] / ceiling:.3f} | {_f(r['p50'], 2)} | {_f(r['p99'], 2)} |" + " – |" * 8
        )
    return lines


def write(path, *, command: str, results: list[dict], notes: list[str], extra: list[str]):
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Hub bench: every main page against the ceiling and django-wiki",
        "",
        f"Measured {now} by `bench/hub_bench.py`. Machine: {machine()}.",
        "",
        "```sh",
        command,
        "```",
        "",
    ]
    lines += notes + [""]
    for result in results:
        lines += [f"## {result['label']}", "", *result["describe"], "", *table(result), ""]
        for rss in result.get("rss") or []:
            lines += [
                f"Worker memory (RSS, KB), {rss['how']}: after the warm-up {rss['start']}; "
                f"after every page and {rss['seconds']} s of load on {rss['page']} "
                f"{rss['window']} ({_growth(rss['start'], rss['window'])} since the warm-up); "
                f"after {rss['seconds']} s more {rss['end']} "
                f"({_growth(rss['window'], rss['end'])} over that {rss['seconds']} s run).",
                "",
            ]
        lines.append(
            f"Load average before / after: {result['load_before']} / {result['load_after']}."
        )
        lines.append("")
    lines += extra
    with open(path, "w") as fh:
        fh.write("\n".join(lines).rstrip() + "\n")
