"""Load shedding under overload: gunicorn with the production settings, driven by wrk.

    make bench-shed                              # 60 s at twice the saturating load
    .venv/bin/python bench/shed_bench.py --seconds 20
    .venv/bin/python bench/shed_bench.py --no-shed   # the same without shedding (before)

1. Set-up: a throwaway SQLite database (or DATABASE_URL) with the demo content
   (`seed_demo`), collectstatic, then gunicorn -c gunicorn.conf.py on 127.0.0.1 with
   DJANGO_DEBUG=0 (production settings; plain HTTP on the loopback).
2. Saturation: wrk, closed loop, at 2, 4, 8, ... connections for --step-seconds each, each
   request on a new connection as in step 3 (gthread serves kept-alive connections more
   slowly: an extra trip through its main loop); the saturating load is the highest
   throughput of pages served (200s) over all the steps, X requests/s.
3. Overload at 2X: wrk with many connections, each waiting a random think time (mean
   --think seconds) between its requests, so that 2X requests/s are offered while the site
   answers fast. Without shedding the queue grows until the site's own slowness holds the
   rate down to X: each request then waits about --think seconds in the queue.
   Alongside, a few probe clients (Python, keep-alive, ~20 requests/s in all) time each of their
   requests: wrk reports latency for every answer together, the probes give the p50 of the
   served ones (200) apart from the refused ones (503).
4. It prints the count of each status (wrk's, all requests) and p50/p90/p99 of served and
   refused requests (the probes').
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
WRK = shutil.which("wrk") or "/usr/bin/wrk"

LUA = r"""
local threads = {}
statuses = {}
function setup(thread) table.insert(threads, thread) end
function init(args) math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16)) end
function delay()
  if THINK_MS == 0 then return 0 end
  return math.random(0, 2 * THINK_MS)
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses")) do total[k] = (total[k] or 0) + v end
  end
  for k, v in pairs(total) do io.write(string.format("STATUS %d %d\n", k, v)) end
  local e = summary.errors
  io.write(string.format("ERRORS %d %d %d %d\n", e.connect, e.read, e.write, e.timeout))
  io.write(string.format("LATENCY %d %d %d\n", latency:percentile(50),
    latency:percentile(90), latency:percentile(99)))
end
"""


def _free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def _env(args, database_url: str, shed: bool) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": "shed-bench-a-long-random-secret-key-only-for-this-bench-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if not shed:
        env["NEXUS_SHED_QUEUE_MS"] = "0"
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    return env


def _manage(env, *argv) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *argv], cwd=BASE_DIR, env=env, check=True, stdout=subprocess.DEVNULL
    )


def _start_gunicorn(env, log_path: Path) -> subprocess.Popen:
    log = log_path.open("ab")
    process = subprocess.Popen(
        [GUNICORN, "--config", "gunicorn.conf.py", "--no-control-socket"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            conn = http.client.HTTPConnection(
                "127.0.0.1", int(env["GUNICORN_BIND"][10:]), timeout=5
            )
            conn.request("GET", "/healthz")
            if conn.getresponse().status in (200, 503):
                return process
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            sys.exit(f"gunicorn did not start; see {log_path}")
        time.sleep(0.3)


def _wrk(url: str, connections: int, seconds: int, think_ms: int, script: Path) -> dict:
    script.write_text(f"THINK_MS = {think_ms}\n" + LUA)
    threads = max(1, min(2, connections))
    out = subprocess.run(
        [
            WRK,
            "-t",
            str(threads),
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "-H",
            "Connection: close",
            "--timeout",
            "60s",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    statuses = Counter({int(s): int(n) for s, n in re.findall(r"^STATUS (\d+) (\d+)$", out, re.M)})
    errors = [int(n) for n in re.search(r"^ERRORS (\d+) (\d+) (\d+) (\d+)$", out, re.M).groups()]
    latency = [int(n) / 1000 for n in re.search(r"^LATENCY (\d+) (\d+) (\d+)$", out, re.M).groups()]
    return {
        "statuses": statuses,
        "errors": dict(zip(("connect", "read", "write", "timeout"), errors, strict=True)),
        "latency_ms": latency,
        "seconds": seconds,
    }


class OpenLoop:
    """Requests arriving at `rate` per second (Poisson arrivals, as from many people), each on
    a connection of its own, whether or not the earlier ones were answered: what a popular
    site sees. Each request's status and time to the last byte are kept."""

    def __init__(self, port: int, path: str, rate: float, seconds: float, patience: float):
        self.port, self.rate, self.seconds, self.patience = port, rate, seconds, patience
        self.request = (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: shed-bench\r\n"
            "Accept: text/html\r\nConnection: close\r\n\r\n"
        ).encode()
        self.samples: list[tuple[int, float]] = []
        self.served_in_window = 0  # 200s answered before the run's end
        self.end = 0.0
        self.in_flight = 0
        self.max_in_flight = 0
        self.retry_after: Counter = Counter()

    async def _one(self) -> None:
        started = time.monotonic()
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        status = -1
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
            try:
                writer.write(self.request)
                await writer.drain()
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head.split(b" ", 2)[1])
                match = re.search(rb"\r\nretry-after: *(\d+)", head, re.I)
                if status == 503:
                    self.retry_after[match.group(1).decode() if match else "none"] += 1
                while await reader.read(65536):
                    pass
            finally:
                writer.close()
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            status = -1
        finally:
            self.in_flight -= 1
        self.samples.append((status, time.monotonic() - started))
        if status == 200 and time.monotonic() <= self.end:
            self.served_in_window += 1

    async def run(self) -> int:
        """Returns how many requests had no answer within `patience` after the run."""
        tasks = set()
        end = self.end = time.monotonic() + self.seconds
        next_at = time.monotonic()
        while next_at < end:
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
            task = asyncio.create_task(self._one())
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            next_at += random.expovariate(self.rate)
        if tasks:
            _, pending = await asyncio.wait(set(tasks), timeout=self.patience)
            for task in pending:
                task.cancel()
            return len(pending)
        return 0


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q / 100 * len(values)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="overload run length (60)")
    parser.add_argument("--step-seconds", type=int, default=5, help="each saturation step (5)")
    parser.add_argument(
        "--patience",
        type=float,
        default=60,
        help="how long to wait for answers after the run, seconds (60)",
    )
    parser.add_argument("--path", default="/challenges/", help="the page to load")
    parser.add_argument("--port", type=int, default=8135)
    parser.add_argument("--workers", type=int, default=0, help="WEB_CONCURRENCY (gunicorn's)")
    parser.add_argument("--no-shed", action="store_true", help="NEXUS_SHED_QUEUE_MS=0: the before")
    args = parser.parse_args()
    if not Path(WRK).exists():
        sys.exit("wrk is not installed (apt-get install wrk).")
    if not _free(args.port):
        sys.exit(f"port {args.port} is taken; pass --port")

    work = Path(tempfile.mkdtemp(prefix="nexus-shed-"))
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{work / 'db.sqlite3'}"
    env = _env(args, database_url, shed=not args.no_shed)
    gunicorn = None
    try:
        print(f"set-up: migrate, seed_demo, collectstatic ({database_url})", flush=True)
        setup_env = {**env, "DJANGO_DEBUG": "1"}
        _manage(setup_env, "migrate", "--noinput", "-v0")
        _manage(setup_env, "seed_demo")
        _manage(env, "collectstatic", "--noinput", "-v0")
        gunicorn = _start_gunicorn(env, work / "gunicorn.log")
        url = f"http://127.0.0.1:{args.port}{args.path}"
        workers = env.get("WEB_CONCURRENCY") or f"{os.cpu_count() * 2 + 1} (default)"
        print(f"gunicorn: {url}, workers {workers}, shedding {'off' if args.no_shed else 'on'}")

        print("\nsaturation (closed loop, no think time):")
        best = 0.0
        for connections in (2, 4, 8, 16, 32):
            run = _wrk(url, connections, args.step_seconds, 0, work / "s.lua")
            served = run["statuses"][200] / run["seconds"]
            print(
                f"  {connections:>3} connections: {served:7.1f} served/s, "
                f"p50 {run['latency_ms'][0]:.0f} ms, statuses {dict(run['statuses'])}"
            )
            best = max(best, served)
        offered = 2 * best
        print(f"saturating load: {best:.0f} pages/s; 2x = {offered:.0f} requests/s")

        print(
            f"\noverload: {args.seconds} s at {offered:.0f} requests/s, open loop ...", flush=True
        )
        load = OpenLoop(args.port, args.path, offered, args.seconds, args.patience)
        unanswered = asyncio.run(load.run())
        statuses = Counter(status for status, _ in load.samples)
        print(
            "statuses: "
            + ", ".join(
                f"{'no answer' if s == -1 else s}: {n}" for s, n in sorted(statuses.items())
            )
            + f"; still waiting {args.patience:g} s after the end: {unanswered}"
        )
        print(
            f"most requests in flight at once: {load.max_in_flight}; 503 Retry-After: "
            f"{dict(load.retry_after) or '-'}"
        )
        by_status: dict[int, list[float]] = {}
        for status, seconds in load.samples:
            by_status.setdefault(status, []).append(seconds)
        for status, values in sorted(by_status.items()):
            name = {200: "served", 503: "refused", -1: "no answer"}.get(status, str(status))
            print(
                f"  {name} ({status}): {len(values)}, p50 {_pct(values, 50) * 1000:.0f} ms, "
                f"p90 {_pct(values, 90) * 1000:.0f} ms, p99 {_pct(values, 99) * 1000:.0f} ms"
            )
        served = by_status.get(200, [])
        other_5xx = sum(n for s, n in statuses.items() if s >= 500 and s != 503)
        print(
            f"\nserved/s during the run {load.served_in_window / args.seconds:.0f}; p50 of served "
            f"{statistics.median(served) * 1000 if served else float('nan'):.0f} ms "
            f"(target < 1000); 5xx other than 503: {other_5xx}"
        )
        tracebacks = (work / "gunicorn.log").read_text(errors="replace").count("Traceback")
        print(f"tracebacks in gunicorn's log: {tracebacks}")
    finally:
        if gunicorn and gunicorn.poll() is None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            try:
                gunicorn.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(gunicorn.pid, signal.SIGKILL)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
