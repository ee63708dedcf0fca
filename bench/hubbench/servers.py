"""gunicorn processes on 127.0.0.1, each started and stopped by the bench itself."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from hubbench import ROOT


def production_env(database_url: str, **extra) -> dict:
    """The site's production settings, on 127.0.0.1 without HTTPS (no proxy in front)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_", "NEXUS_"))}
    env.update(
        DJANGO_DEBUG="0",
        SECRET_KEY="hub-bench-only-" + "k" * 50,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        TASK_BACKEND="database",
        # The bench measures serving, not refusing: no load shedding (503s) and no API
        # throttling (429s), which wrk would count as fast answers.
        NEXUS_SHED_QUEUE_MS="0",
        NEXUS_RATE_API="1000000/60",
        NEXUS_RATE_API_ANON="1000000/60",
        PYTHONPATH=f"{ROOT / 'bench'}:{ROOT}",
    )
    env.update(extra)
    return env


class Gunicorn:
    """One gunicorn master with its workers, the site's gunicorn.conf.py and 2 workers."""

    def __init__(self, name: str, port: int, env: dict, *, python: str, app: str | None = None,
                 cwd: Path = ROOT, workers: int = 2, threads: int = 1, config: bool = True,
                 log: Path):  # fmt: skip
        self.name, self.port, self.url = name, port, f"http://127.0.0.1:{port}"
        command = [python, "-m", "gunicorn"]
        if config:
            command += ["--config", str(ROOT / "gunicorn.conf.py")]
        # No recycling during the bench (gunicorn.conf.py restarts a worker every ~1000
        # requests): the figures and the memory would measure restarts.
        command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers),
                    "--threads", str(threads), "--max-requests", "0",
                    "--error-logfile", str(log)]  # fmt: skip
        if app:
            command.append(app)
        env = {**env, "WEB_CONCURRENCY": str(workers), "GUNICORN_THREADS": str(threads)}
        self.log = open(log, "a")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=self.log, stderr=self.log, start_new_session=True
        )

    def wait(self, path: str = "/", host: str | None = None, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        request = urllib.request.Request(self.url + path)
        if host:
            request.add_header("Host", host)
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} stopped; see its log")
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    response.read()
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise RuntimeError(f"{self.name} did not answer on {self.url}{path}")

    def worker_rss_kb(self) -> list[int]:
        """Each worker's resident memory, in KB (children of the master)."""
        out = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            if fields.get("PPid", "").strip() == str(self.process.pid):
                out.append(int(fields["VmRSS"].split()[0]))
        return sorted(out)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
