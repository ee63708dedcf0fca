"""Real processes for the fault tests: a private Redis, a private PostgreSQL cluster, the site
under gunicorn with production settings, and the task worker, each on its own port and
stopped, killed and started again by the tests.

Never the shared services: PostgreSQL and Redis here are started from their binaries into a
temporary directory, on ports kept for these tests (5440-5444, 6390-6394: one pair per xdist
worker; past five workers, free ports the system gives).
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import requests

BASE_DIR = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))

REDIS_SERVER = shutil.which("redis-server")
PG_BIN = next(
    (
        Path(p).parent
        for p in (shutil.which("pg_ctl"), "/usr/local/bin/pg_ctl", "/usr/lib/postgresql/15/bin")
        if p and (Path(p).parent / "initdb").exists()
    ),
    None,
)


def missing_binaries() -> list[str]:
    missing = [] if REDIS_SERVER else ["redis-server"]
    if PG_BIN is None:
        missing.append("initdb/pg_ctl/postgres")
    return missing


def _worker_index() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return int(worker[2:]) if worker[2:].isdigit() else 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port(base: int) -> int:
    """Our port for this xdist worker: base + its number (five of each), else a free one."""
    index = _worker_index()
    return base + index if index < 5 else _free_port()


def wait_until(check, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def _answers(port_number: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port_number), timeout=0.5):
            return True
    except OSError:
        return False


class Redis:
    def __init__(self, port_number: int):
        self.port = port_number
        self.url = f"redis://127.0.0.1:{port_number}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--loglevel", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until(lambda: _answers(self.port), 10, f"redis-server on {self.port}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        wait_until(lambda: not _answers(self.port), 5, f"redis on {self.port} to stop")


class Postgres:
    """A throwaway cluster (initdb, trust auth, no fsync) in a temporary directory.

    initdb and postgres refuse to run as root: as root, they run as the `postgres` user
    (runuser), which must be able to enter the directory.
    """

    def __init__(self, port_number: int):
        self.port = port_number
        self.root = Path(tempfile.mkdtemp(prefix="nexus-faults-pg-"))
        self.data = self.root / "data"
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.root, user.pw_uid, user.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_user, *args], check=True, capture_output=True, timeout=120)

    def init(self) -> None:
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U",
                  "postgres", "-E", "UTF8", "--no-sync")  # fmt: skip

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
        )
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options,
                  "-l", str(self.root / "log"), "-w", "-t", "60", "start")  # fmt: skip

    def stop(self) -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def create_database(self, name: str) -> str:
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


def site_env(database_url: str, **extra: str) -> dict[str, str]:
    """Production settings (no DEBUG), over plain HTTP on 127.0.0.1."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "tests.faults.site_settings",
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": "fault-tests-a-long-random-secret-key-0123456789-abcdefghijklmnop",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": database_url,
        "TASK_BACKEND": "database",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(BASE_DIR),
    }
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True,
        timeout=timeout,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def django_script(env: dict[str, str], code: str, timeout: float = 120) -> str:
    """Run `code` in a Django process with the site's settings; returns what it printed."""
    script = "import django\ndjango.setup()\n" + code
    result = subprocess.run(
        [PYTHON, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True,
        timeout=timeout,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


class Site:
    """gunicorn with gunicorn.conf.py (gthread), one worker process, on our port."""

    def __init__(self, env: dict[str, str], port_number: int, log_dir: Path):
        self.env = {
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{port_number}",
            "WEB_CONCURRENCY": env.get("WEB_CONCURRENCY", "1"),
            "GUNICORN_THREADS": env.get("GUNICORN_THREADS", "8"),
        }
        self.base = f"http://127.0.0.1:{port_number}"
        self.log_path = log_dir / f"gunicorn-{port_number}.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Site:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            # No control socket: its default path is shared by every gunicorn of the user.
            [GUNICORN, "--config", "gunicorn.conf.py", "--no-control-socket"],
            cwd=BASE_DIR, env=self.env,
            stdout=log, stderr=log, start_new_session=True,
        )  # fmt: skip
        wait_until(self._up, 60, f"gunicorn at {self.base}", interval=0.2)
        return self

    def _up(self) -> bool:
        assert self.process.poll() is None, self.log()
        try:
            requests.get(self.base + "/healthz", timeout=2)
        except requests.RequestException:
            return False
        return True

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def errors(self) -> list[dict]:
        """The app's log records at ERROR or worse (a 500, an unhandled exception)."""
        records = []
        for line in self.log().splitlines():
            if line.startswith("{"):
                record = json.loads(line)
                if record.get("level") in {"ERROR", "CRITICAL"}:
                    records.append(record)
        return records

    def session(self) -> requests.Session:
        return requests.Session()

    def log_in(self, username: str, password: str) -> requests.Session:
        session = requests.Session()
        session.get(self.base + "/accounts/login/", timeout=10)
        response = session.post(
            self.base + "/accounts/login/",
            data={"login": username, "password": password,
                  "csrfmiddlewaretoken": session.cookies["csrftoken"]},
            allow_redirects=False, timeout=10,
        )  # fmt: skip
        assert response.status_code == 302, (response.status_code, response.text[:2000])
        return session


class Worker:
    """`manage.py db_worker`, polling every 0.1 s."""

    def __init__(self, env: dict[str, str], log_path: Path):
        self.env = env
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [PYTHON, "manage.py", "db_worker", "--queue-name", "*", "--no-reload",
             "--no-startup-delay", "--interval", "0.1"],
            cwd=BASE_DIR, env=self.env, stdout=log, stderr=log,
        )  # fmt: skip

    def signal(self, signum: int) -> int:
        self.process.send_signal(signum)
        return self.process.wait(60)

    def stop_if_running(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
