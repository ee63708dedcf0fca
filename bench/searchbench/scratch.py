"""The throwaway database the search bench fills."""

import os
import shutil
import sys
import tempfile
from urllib.parse import urlsplit, urlunsplit


class Scratch:
    """The database to fill. By default a temporary SQLite file, deleted afterwards.

    DATABASE_URL=postgres://.../<name>: that database is created on the server and dropped
    afterwards (a name that already exists is refused, so no real database is touched);
    DATABASE_URL=sqlite:///<path>: that file, kept. With --keep the database stays; with
    --reuse an existing one made by an earlier --keep run is used as it is (no generation).
    """

    def __init__(self, keep=False, reuse=False):
        self.keep = keep
        self.reuse = reuse
        self.url = os.environ.get("DATABASE_URL", "")
        self.tmpdir = None
        self.pg_admin_url = None
        self.pg_name = None

    def __enter__(self) -> str:
        if self.url.startswith(("postgres://", "postgresql://")):
            import psycopg

            parts = urlsplit(self.url)
            name = parts.path.lstrip("/")
            if not name or name in {"postgres", "template0", "template1"}:
                name = f"nexus_bench_{os.getpid()}"
            self.pg_admin_url = urlunsplit(parts._replace(path="/postgres"))
            with psycopg.connect(self.pg_admin_url, autocommit=True) as conn:
                exists = conn.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", [name]
                ).fetchone()
                if exists and not self.reuse:
                    sys.exit(f"Database {name!r} exists: name a new one, or pass --reuse.")
                if not exists:
                    conn.execute(f'CREATE DATABASE "{name}"')
            if not self.keep and not self.reuse:
                self.pg_name = name  # ours: dropped at the end
            print(f"Database: PostgreSQL {name}{' (kept)' if not self.pg_name else ''}")
            return urlunsplit(parts._replace(path=f"/{name}"))
        if self.url.startswith("sqlite:///"):
            print(f"Database: {self.url} (kept)")
            return self.url
        if self.url:
            sys.exit("Only SQLite (default) and PostgreSQL are supported.")
        self.tmpdir = tempfile.mkdtemp(prefix="nexus-bench-")
        return f"sqlite:///{self.tmpdir}/bench.sqlite3"

    def __exit__(self, *exc):
        from django.db import connections

        connections.close_all()
        if self.pg_name:
            import psycopg

            with psycopg.connect(self.pg_admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
        if self.tmpdir and self.keep:
            print(f"Kept {self.tmpdir}/bench.sqlite3")
        elif self.tmpdir:
            shutil.rmtree(self.tmpdir, ignore_errors=True)
