"""The two cache backends settings.py configures: Redis that never takes a page down, and a
database cache whose counters hold across processes.

Per use (README, "Redis down"):
- the page cache (unread counts, the review-queue badge) fails OPEN: an error reads as a miss
  and a write is skipped, logged; pages are a little slower, never a 500;
- sessions do not depend on Redis at all (cached_db: the database has every session);
- rate limits fall back to the database cache ("FALLBACK" below): an outage must not switch
  off spam and password-guessing limits, and the database is there (else the write fails
  anyway). The counters start again from zero on the fallback, so at most one more window
  gets through at the switch.
"""

from __future__ import annotations

import base64
import logging
import pickle
import threading
import time
from datetime import UTC, datetime

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.db import connections, models, router, transaction
from django.utils import timezone

log = logging.getLogger("nexus.cache")

try:
    from redis.exceptions import RedisError
except ImportError:  # no Redis client installed: FailOpenRedisCache is not configured either
    RedisError = OSError

# Redis not answering (refused, timed out, reset, …); not a caller's mistake (a ValueError
# from incr() on a missing key goes to the caller as RedisCache raises it).
REDIS_DOWN = (RedisError, OSError)

_server_state: dict[str, dict] = {}

# After a failure, leave Redis alone this long (per process): a down Redis then costs one
# refused connection every few seconds, not one per cache call.
RETRY_AFTER_SECONDS = 5.0


class FailOpenRedisCache(RedisCache):
    """Django's RedisCache, but a Redis error never reaches the caller.

    Without FALLBACK (OPTIONS, an alias): a read is a miss, a write is skipped, add() says it
    added (so a lock taken with add() does not spin), incr() counts from `delta`. With
    FALLBACK: every call goes to that cache instead while Redis fails.
    """

    # Writes made while Redis failed, per server: Redis may still hold the old values (a
    # logged-out session, a stale count). They are deleted first thing once it answers again.
    WRITE_METHODS = {"set", "set_many", "add", "touch", "delete", "delete_many", "incr"}
    MAX_REMEMBERED = 10_000

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self._fallback_alias = options.pop("FALLBACK", None)
        self._retry_after = float(options.pop("RETRY_AFTER_SECONDS", RETRY_AFTER_SECONDS))
        # A stopped or unreachable Redis must fail fast, not hang a request.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, {**params, "OPTIONS": options})
        # Shared by the threads of a process (each thread has its own cache object).
        self._state = _server_state.setdefault(
            str(server), {"down_until": 0.0, "stale": set(), "lock": threading.Lock()}
        )

    def _call(self, name: str, failed, *args, **kwargs):
        state = self._state
        if time.monotonic() >= state["down_until"]:
            try:
                if state["stale"]:
                    self._forget_stale()
                return getattr(super(), name)(*args, **kwargs)
            except REDIS_DOWN as exc:
                state["down_until"] = time.monotonic() + self._retry_after
                log.warning(
                    "cache: Redis failed (%s), %s",
                    type(exc).__name__,
                    f"using {self._fallback_alias}" if self._fallback_alias else "failing open",
                    extra={"operation": name, "error": str(exc)},
                )
        if name in self.WRITE_METHODS:
            self._remember_stale(name, args)
        if self._fallback_alias:
            return getattr(caches[self._fallback_alias], name)(*args, **kwargs)
        return failed(*args, **kwargs) if callable(failed) else failed

    def _remember_stale(self, name: str, args) -> None:
        keys = args[0] if name in {"set_many", "delete_many"} else [args[0]]
        version = args[-1]
        with self._state["lock"]:
            stale = self._state["stale"]
            if len(stale) < self.MAX_REMEMBERED:
                stale.update(self.make_and_validate_key(k, version=version) for k in keys)
            else:
                log.error("cache: too many writes missed while Redis failed; some may be stale")

    def _forget_stale(self) -> None:
        with self._state["lock"]:
            keys, self._state["stale"] = list(self._state["stale"]), set()
        try:
            self._cache.delete_many(keys)  # already-made keys: the client does not prefix again
        except Exception:
            with self._state["lock"]:
                self._state["stale"].update(keys)
            raise

    def ping(self) -> None:
        """Ask Redis itself (no fail-open, no fallback); raises when it does not answer."""
        self._cache.get_client(write=True).ping()
        self._state["down_until"] = 0.0  # it answers again: stop skipping it

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", lambda data, *a: list(data), data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", True, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", lambda key, delta, *a: delta, key, delta, version)

    def clear(self):
        return self._call("clear", None)


class SharedDatabaseCache(DatabaseCache):
    """Django's DatabaseCache with an add() and incr() that hold across processes.

    add() is one INSERT … ON CONFLICT DO NOTHING (after removing expired entries), so of two
    processes adding the same key exactly one wins; incr() reads the row FOR UPDATE and writes
    it back in one transaction (BaseCache's get-then-set lost counts between processes).
    """

    def _sql(self):
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        return db, connection, connection.ops.quote_name(self._table)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        db, connection, table = self._sql()
        now = connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0))
        expires = connection.ops.adapt_datetimefield_value(self._expiry(timeout))
        with connection.cursor() as cursor:
            # Expired entries go first (this key's among them): an index range on `expires`,
            # and the table stays the size of the live counters.
            cursor.execute(f"DELETE FROM {table} WHERE expires < %s", [now])
            cursor.execute(
                f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s) "
                "ON CONFLICT (cache_key) DO NOTHING",
                [key, self._encode(value), expires],
            )
            return cursor.rowcount == 1

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db, connection, table = self._sql()
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        # Two statements in one transaction (no savepoint inside a request's own): on
        # PostgreSQL the row lock, on SQLite the transaction itself (BEGIN IMMEDIATE, see
        # settings.py) keeps a second process from reading the old value meanwhile.
        value = None
        with transaction.atomic(using=db, savepoint=False), connection.cursor() as cursor:
            cursor.execute(f"SELECT value, expires FROM {table} WHERE cache_key = %s{lock}", [key])
            row = cursor.fetchone()
            if row is not None and self._as_datetime(connection, row[1]) >= timezone.now():
                value = self._decode(row[0]) + delta
                cursor.execute(
                    f"UPDATE {table} SET value = %s WHERE cache_key = %s",
                    [self._encode(value), key],
                )
        if value is None:  # raised outside the transaction, which stays usable
            raise ValueError(f"Key '{key}' not found")
        return value

    def _expiry(self, timeout):
        timeout = self.get_backend_timeout(timeout)
        if timeout is None:
            return datetime.max.replace(tzinfo=UTC, microsecond=0)
        return datetime.fromtimestamp(timeout, tz=UTC).replace(microsecond=0)

    def _encode(self, value) -> str:
        return base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")

    @staticmethod
    def _decode(raw):
        # Only rows this cache wrote (as Django's own DatabaseCache does).
        return pickle.loads(base64.b64decode(raw.encode()))  # noqa: S301

    @staticmethod
    def _as_datetime(connection, value):
        expression = models.Expression(output_field=models.DateTimeField())
        for converter in connection.ops.get_db_converters(
            expression
        ) + expression.get_db_converters(connection):
            value = converter(value, expression, connection)
        return value
