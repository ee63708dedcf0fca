"""Whole-page cache, never stale: shared by anonymous readers, and each logged-in reader's own.

What is cached: a GET by a reader with no session, no messages and no Authorization header,
answered 200 with no cookie of its own (the CSRF cookie aside, see below), not marked private
or no-store, varying on nothing but the headers in the key. Keyed by host, full path (query
included) and the htmx request headers (a fragment and its full page are two entries).

Never stale: every entry carries the content *generation* it was rendered at, and is served
only while that generation is current. Every write to the database bumps it: a wrapper on
every connection (``connection.execute_wrappers``) sees each INSERT, UPDATE and DELETE, so
``queryset.update()`` (moderation's guarded hides, vote scores, counters), bulk writes and raw
SQL count as much as ``save()``. Only tables no anonymous page ever shows are ignored
(``IGNORED_TABLES``: sessions, the task queue, notifications, e-mail addresses, the cache
table, logs). When unsure, it bumps. A write bumps twice: at once (later reads in the same
transaction miss), and after its transaction commits (a reader in another process who
rendered the old rows meanwhile stored them under the generation that is now gone). A page
rendered while its own connection holds uncommitted writes is not stored at all (a rollback
would otherwise leave it behind).

Where the generation lives: in the default cache when it is shared (Redis); otherwise, with
SQLite (one machine), in a small file every process on the machine reads (a few
microseconds); otherwise (PostgreSQL without Redis) in the shared database cache.

CSRF: every page carries a CSRF token (``<body hx-headers>``, forms), which is tied to the
reader's own CSRF cookie and must never be shared. Before a page is stored, each token
that unmasks to this request's secret is replaced by a placeholder; a cached page gets a
fresh token of the reader's own secret on the way out (``get_token``, which also sets the
reader's cookie when they have none, through CsrfViewMiddleware, outside this one).

Logged-in readers' pages are never shared: their per-viewer bits (votes, edit links, unread
count) are everywhere. Two things serve them:

- *Their own copy*: each page a logged-in reader reads is kept for their session alone (keyed
  by the session cookie, never shared, at most NEXUS_VIEWER_PAGE_SECONDS and never past the
  session's expiry), and served to them while the *private generation* holds. Every write
  bumps that one, including the tables no anonymous page shows (``IGNORED_TABLES``:
  sessions, notifications...): a notification, a log-out (the session row goes), typed text
  kept in the session, all make every copy out of date. A page that showed a flash message,
  set a cookie or changed the session is never kept. CSRF tokens are punched out as for
  anonymous pages, and the page's CSP nonce too: each reading gets a fresh one. Without Redis
  the copies live in each process, least recently used out first, within
  NEXUS_VIEWER_PAGE_BYTES. A hit runs no query at all (not even the session's).
- *Fragments*, for the first reading of a page: ``{% cache %}`` keyed by
  ``pagecache.generation()`` for what every viewer sees alike, and ``{% fragment %}``
  (``fragment_get`` / ``fragment_set`` below) for blocks that differ by viewer, keyed by the
  viewer's own bits for that block (the caller's signature), with CSRF tokens punched out as
  for whole pages. The generation a request's fragments are keyed by is read once, before its
  view runs (``request_generation``): a fragment rendered from rows read after a concurrent
  write is then stored under the generation that write has already replaced, never under the
  new one.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
import time
import uuid
from collections import OrderedDict

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connections, router, transaction
from django.db.backends.signals import connection_created
from django.middleware.csrf import _unmask_cipher_token, get_token

GEN_KEY = "pagecache:generation"
PRIVATE_GEN_KEY = "pagecache:generation:private"
PAGE_TIMEOUT = 600
PLACEHOLDER = "__NEXUS_CSRF_TOKEN__"
NONCE_PLACEHOLDER = "__NEXUS_CSP_NONCE__"
KEY_HEADERS = (
    "HTTP_HX_REQUEST",
    "HTTP_HX_TARGET",
    "HTTP_HX_BOOSTED",
    "HTTP_HX_HISTORY_RESTORE_REQUEST",
    "HTTP_HX_TRIGGER",
    "HTTP_HX_TRIGGER_NAME",
)
# Vary values a stored page may carry: Cookie (only readers without a session or messages
# cookie are served, and the CSRF token is punched out), encodings (GZip runs outside this
# middleware, on every response) and the htmx headers (in the key).
ALLOWED_VARY = {"cookie", "accept-encoding", "hx-request"}
SKIPPED_PREFIXES = (
    "/accounts/",
    "/admin/",
    "/api/",
    "/moderation/",
    "/notifications/",
    "/markdownx/",
    "/healthz",
    "/static/",
    "/media/",
)
# Tables whose rows no anonymous page shows: writing them never bumps the generation.
IGNORED_TABLES = frozenset(
    {
        "django_session",
        "django_admin_log",
        "notifications_notification",
        "account_emailaddress",
        "account_emailconfirmation",
        "moderation_moderationlogentry",
    }
)
IGNORED_PREFIXES = ("django_tasks_db", "nexus_cache")
_WRITE_RE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+[`"]?(\w+)',
    re.IGNORECASE,
)
_READ_WORDS = ("SELECT", "SAVEPOINT", "RELEASE", "PRAGMA", "BEGIN", "COMMIT", "ROLLBACK",
               "SET ", "SHOW", "EXPLAIN", "VALUES")  # fmt: skip
_CTE_WRITE_RE = re.compile(
    r"\b(?:INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|REPLACE\s+INTO)\b", re.IGNORECASE
)
_TOKEN_RE = re.compile(r"[A-Za-z0-9]{64}")


# --- the generation --------------------------------------------------------------------------


def _store() -> str:
    """Where the generation lives: "cache" (Redis), "file" (SQLite) or "database"."""
    if not isinstance(caches["default"], LocMemCache):
        return "cache"
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        return "file"
    return "database"


def _gen_file() -> str:
    explicit = getattr(settings, "NEXUS_PAGECACHE_GENERATION_FILE", "")
    if explicit:
        return explicit
    db = settings.DATABASES["default"]
    name = str(db.get("TEST", {}).get("NAME") or "") if settings.TESTING else ""
    name = name or str(db["NAME"])
    digest = hashlib.sha1(name.encode(), usedforsecurity=False).hexdigest()[:16]
    return os.path.join(tempfile.gettempdir(), f"nexus-pagecache-{digest}.gen")


def _new_value() -> str:
    # Unique, never reused: a generation that disappears (evicted, wiped) comes back as a new
    # one, so no old page can match it again.
    return f"{time.time_ns():x}{uuid.uuid4().hex[:8]}"


_code_version: list[str] = []
_CODE_SKIP = {".venv", ".git", "tests", "bench", "node_modules", "staticfiles", "media",
              "__pycache__", "docs", "examples", "scripts"}  # fmt: skip


def code_version() -> str:
    """Which code renders the pages: a deploy that changes a template or a view must not be
    served the old one's cached pages (Redis outlives the processes). NEXUS_CODE_VERSION when
    set (a build's commit), else a digest of the site's .py and .html files' sizes and times,
    made once per process."""
    if not _code_version:
        explicit = getattr(settings, "NEXUS_CODE_VERSION", "")
        if explicit:
            _code_version.append(str(explicit))
        else:
            digest = hashlib.sha1(usedforsecurity=False)
            for root, dirs, files in os.walk(settings.BASE_DIR):
                dirs[:] = sorted(d for d in dirs if d not in _CODE_SKIP and not d.startswith("."))
                for name in sorted(files):
                    if name.endswith((".py", ".html", ".txt", ".svg")):
                        st = os.stat(os.path.join(root, name))
                        digest.update(f"{root}/{name}:{st.st_size}:{st.st_mtime_ns}\n".encode())
            _code_version.append(digest.hexdigest()[:12])
    return _code_version[0]


def generation() -> str:
    """The current content generation (a string, with the code version): every database
    write, and every deploy of new code, changes it."""
    return f"{_stored_generation()}.{code_version()}"


def private_generation() -> str:
    """What a logged-in reader's own cached pages are keyed by: changed by every write a page
    can show, the reader's own sessions and notifications included, and by every deploy."""
    return f"{_stored_generation(private=True)}.{code_version()}"


def _stored_generation(*, private: bool = False) -> str:
    store = _store()
    if store == "file":
        path = _gen_file() + (".private" if private else "")
        try:
            with open(path) as fh:
                value = fh.read()
            if value:
                return value
        except FileNotFoundError:
            pass
        return _bump_file(path)
    cache = caches["default"] if store == "cache" else caches["database"]
    key = PRIVATE_GEN_KEY if private else GEN_KEY
    value = cache.get(key)
    if value is None:
        cache.add(key, _new_value(), None)
        value = cache.get(key) or "unknown"
    return value


def _bump_file(path: str) -> str:
    value = _new_value()
    tmp = f"{path}.{os.getpid()}.{threading.get_ident()}"
    with open(tmp, "w") as fh:
        fh.write(value)
    os.replace(tmp, path)
    return value


_cache_table_made = False


def _cache_table_exists() -> bool:
    """False while `migrate` builds a new database, before core's migration makes the cache
    table: no page is cached yet, and a write into a missing table would abort the migration's
    transaction (PostgreSQL without Redis). Asked once per process until the table is there."""
    global _cache_table_made
    if not _cache_table_made:
        cache = caches["database"]
        connection = connections[router.db_for_write(cache.cache_model_class)]
        _cache_table_made = cache._table in connection.introspection.table_names()
    return _cache_table_made


def bump(*, private_only: bool = False) -> None:
    """A new generation: every cached page and fragment is out of date. `private_only`: only
    logged-in readers' own pages are (a session, a notification changed)."""
    store = _store()
    if store == "file":
        if not private_only:
            _bump_file(_gen_file())
        _bump_file(_gen_file() + ".private")
        return
    if store == "database" and not _cache_table_exists():
        return
    cache = caches["default"] if store == "cache" else caches["database"]
    values = {PRIVATE_GEN_KEY: _new_value()}
    if not private_only:
        values[GEN_KEY] = _new_value()
    cache.set_many(values, None)


def _bump_after_commit() -> None:
    bump()


def _bump_private_after_commit() -> None:
    bump(private_only=True)


def _write_kind(sql: str) -> str | None:
    """ "content" for a write any page may show, "private" for one only its owner's pages show
    (IGNORED_TABLES: sessions, notifications...), None for a read or a write no page shows."""
    head = sql.lstrip()[:10].upper()
    if head.startswith(_READ_WORDS):
        return None
    match = _WRITE_RE.match(sql)
    if match is None:
        if head.startswith("WITH"):  # a CTE: a read unless it writes somewhere inside
            return "content" if _CTE_WRITE_RE.search(sql) is not None else None
        return "content"  # an unknown statement: when unsure, bump
    table = match.group(1).lower()
    if table.startswith(IGNORED_PREFIXES):
        return None
    return "private" if table in IGNORED_TABLES else "content"


def _is_content_write(sql: str) -> bool:
    return _write_kind(sql) == "content"


def _pending(connection, after=None) -> bool:
    """Whether this connection holds uncommitted writes (of the `after` kind; any kind when
    None) that will bump at commit."""
    wanted = (after,) if after else (_bump_after_commit, _bump_private_after_commit)
    return any(func in wanted for _, func, _ in connection.run_on_commit)


def _write_watcher(connection):
    def watch(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        kind = _write_kind(sql) if isinstance(sql, str) else None
        if kind is not None:
            private = kind == "private"
            # In the database store, a bump inside the transaction is seen by nobody before
            # the commit and would hold the generation row to the end: every write on the site
            # would wait for the one before. There, the bump after commit is the bump.
            if not (connection.in_atomic_block and _store() == "database"):
                bump(private_only=private)
            if connection.in_atomic_block:
                after = _bump_private_after_commit if private else _bump_after_commit
                if not _pending(connection, after):
                    transaction.on_commit(after, using=connection.alias)
        return result

    return watch


def _on_connection(sender, connection, **kwargs):
    if not any(getattr(w, "_nexus_pagecache", False) for w in connection.execute_wrappers):
        watcher = _write_watcher(connection)
        watcher._nexus_pagecache = True
        connection.execute_wrappers.append(watcher)


def install() -> None:
    """Watch every database connection's writes (CoreConfig.ready: web, worker, commands)."""
    connection_created.connect(_on_connection, dispatch_uid="core.pagecache.watch")
    for connection in connections.all(initialized_only=True):
        _on_connection(None, connection)


# --- the middleware --------------------------------------------------------------------------


def _cacheable_request(request) -> bool:
    if request.method != "GET" or not getattr(settings, "NEXUS_PAGE_CACHE", True):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return not request.path.startswith(SKIPPED_PREFIXES)


def _key(request) -> str:
    parts = [request.get_host(), request.get_full_path()]
    parts += [f"{h}={request.META[h]}" for h in KEY_HEADERS if h in request.META]
    return (
        "pagecache:page:"
        + hashlib.sha1("\n".join(parts).encode(), usedforsecurity=False).hexdigest()
    )


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies:
        return False
    session = getattr(request, "session", None)
    if session is not None and (session.modified or not session.is_empty()):
        return False  # the session middleware is about to set a cookie
    messages = getattr(request, "_messages", None)
    if messages is not None and getattr(messages, "added_new", False):
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if vary - ALLOWED_VARY:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return not _pending(connections["default"])


def _punch_csrf(request, content: str) -> str | None:
    """The page with each of this request's CSRF tokens replaced by the placeholder; None when
    a token cannot be told apart (never store what might carry one)."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return content
    if PLACEHOLDER in content:
        return None

    def replace(match):
        token = match.group(0)
        return PLACEHOLDER if _unmask_cipher_token(token) == secret else token

    content = _TOKEN_RE.sub(replace, content)
    return None if secret in content else content


# --- fragments ---------------------------------------------------------------------------------

FRAGMENT_TIMEOUT = 600


def request_generation(request) -> str:
    """The generation read when this request began (the middleware reads it before the view),
    or now when it was not (a request outside the middleware, e.g. a test's RequestFactory)."""
    gen = getattr(request, "_nexus_generation", None)
    if gen is None:
        gen = request._nexus_generation = generation()
    return gen


def _fragment_key(request, name: str, signature) -> str:
    parts = (request_generation(request), request.get_host(), request.get_full_path(),
             request.META.get("HTTP_HX_REQUEST", ""), name, repr(signature))  # fmt: skip
    digest = hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()
    return f"pagecache:frag:{digest}"


def fragments_enabled(request) -> bool:
    return (
        request is not None
        and request.method == "GET"
        and getattr(settings, "NEXUS_PAGE_CACHE", True)
        and not getattr(request, "_nexus_no_fragments", False)
    )


def fragment_get(request, name: str, signature) -> str | None:
    """A stored block for this request's path and this viewer's `signature`, with the reader's
    own CSRF token put in; None on a miss."""
    stored = caches["default"].get(_fragment_key(request, name, signature))
    if stored is None:
        return None
    if PLACEHOLDER not in stored:
        return stored
    token = getattr(request, "_nexus_fragment_token", None)
    if token is None:  # one masked token for every block of the page (any masking is valid)
        token = request._nexus_fragment_token = get_token(request)
    return stored.replace(PLACEHOLDER, token)


def fragment_set(request, name: str, signature, html: str) -> None:
    """Store a rendered block, unless it could carry something of this reader's: a CSRF token
    that cannot be punched out, a CSP nonce, or rows this request has not committed."""
    if "nonce=" in html or _pending(connections["default"]):
        return
    punched = _punch_csrf(request, html)
    if punched is not None:
        caches["default"].set(_fragment_key(request, name, signature), punched, FRAGMENT_TIMEOUT)


# --- a logged-in reader's own pages -------------------------------------------------------------

VIEWER_SKIPPED_PREFIXES = tuple(p for p in SKIPPED_PREFIXES if p != "/notifications/")


class _LocalPages:
    """Per-process store for logged-in readers' pages when the cache is not shared: least
    recently used first out, bounded in bytes (a page can be 400 KB; entry counts would not
    bound the worker's memory)."""

    def __init__(self):
        self._entries: OrderedDict[str, tuple] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            stored = self._entries.get(key)
            if stored is None:
                return None
            self._entries.move_to_end(key)
            return stored[0]

    def set(self, key, entry, size: int, limit: int) -> None:
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            if size > limit // 4:
                return
            self._entries[key] = (entry, size)
            self._bytes += size
            while self._bytes > limit:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= dropped

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0


_local_pages = _LocalPages()


def _viewer_seconds() -> int:
    return int(getattr(settings, "NEXUS_VIEWER_PAGE_SECONDS", 60))


def _viewer_request(request) -> bool:
    if request.method != "GET" or not getattr(settings, "NEXUS_PAGE_CACHE", True):
        return False
    if _viewer_seconds() <= 0:
        return False
    cookies = request.COOKIES
    if not cookies.get(settings.SESSION_COOKIE_NAME) or cookies.get("messages"):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return not request.path.startswith(VIEWER_SKIPPED_PREFIXES)


def _viewer_key(request) -> str:
    parts = [request.get_host(), request.get_full_path(),
             request.COOKIES[settings.SESSION_COOKIE_NAME]]  # fmt: skip
    parts += [f"{h}={request.META[h]}" for h in KEY_HEADERS if h in request.META]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"pagecache:viewer:{digest}"


def _viewer_storable(request, response) -> bool:
    from core import kept_text

    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False  # pages only: never a download (an export, a file)
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False  # a stale cookie, or a session with no one logged in
    session = request.session
    if session.modified or session.session_key != request.COOKIES[settings.SESSION_COOKIE_NAME]:
        return False
    if kept_text.SESSION_KEY in session:
        return False  # typed text waiting to be given back: shown once, never replayed
    messages = getattr(request, "_messages", None)
    if messages is not None and (messages.added_new or messages.used):
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("no-store", "no-cache")):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if vary - ALLOWED_VARY:
        return False
    return not _pending(connections["default"])


def _viewer_get(request, key: str, gen: str):
    entry = caches["default"].get(key) if _store() == "cache" else _local_pages.get(key)
    if entry is None or entry[0] != gen or entry[1] <= time.time():
        return None
    return entry


def _viewer_set(request, response, key: str, gen: str) -> bool:
    charset = response.charset or "utf-8"
    content = response.content.decode(charset)
    nonce = getattr(request, "_csp_nonce", None)
    if nonce:  # generated for this page: each reading gets a fresh one (see _for_viewer)
        if NONCE_PLACEHOLDER in content:
            return False
        content = content.replace(str(nonce), NONCE_PLACEHOLDER)
    if "nonce=" in content.replace(f'nonce="{NONCE_PLACEHOLDER}"', ""):
        return False  # a nonce that is not this request's
    content = _punch_csrf(request, content)
    if content is None:
        return False
    headers = [(k, v) for k, v in response.items() if k.lower() != "content-length"]
    parts = tuple(content.encode(charset).split(PLACEHOLDER.encode()))
    seconds = _viewer_seconds()
    expires = min(time.time() + seconds, request.session.get_expiry_date().timestamp())
    entry = (gen, expires, request.user.pk, response.status_code, headers, parts)
    if _store() == "cache":
        caches["default"].set(key, entry, seconds)
    else:
        size = sum(len(p) for p in parts) + 2048
        _local_pages.set(key, entry, size, settings.NEXUS_VIEWER_PAGE_BYTES)
    return True


class AnonymousPageCacheMiddleware:
    """Serves pages from the cache while their generation holds (placed after CSRF, sessions,
    auth and messages; see the module's docstring): anonymous readers' pages shared by all of
    them, and each logged-in reader's own pages, keyed by their session, for that session
    alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _viewer_request(request):
            return self._for_viewer(request)
        if not _cacheable_request(request):
            if request.method == "GET":
                request._nexus_generation = generation()  # for the page's fragments
            return self.get_response(request)
        cache = caches["default"]
        key = _key(request)
        gen = request._nexus_generation = generation()
        entry = cache.get(key)
        if entry is not None and entry[0] == gen:
            return self._from_entry(request, entry)
        response = self.get_response(request)
        if _storable(request, response):
            charset = response.charset or "utf-8"
            content = _punch_csrf(request, response.content.decode(charset))
            if content is not None:
                headers = [(k, v) for k, v in response.items() if k.lower() != "content-length"]
                # Bytes, split where the reader's token goes: a hit only joins them.
                parts = tuple(content.encode(charset).split(PLACEHOLDER.encode()))
                cache.set(key, (gen, response.status_code, headers, parts), PAGE_TIMEOUT)
                response["X-Page-Cache"] = "miss"
        return response

    def _for_viewer(self, request):
        """A logged-in reader's page: from their own entry while nothing was written since
        (``private_generation``), their session still runs and the entry is under
        NEXUS_VIEWER_PAGE_SECONDS old; else rendered, and kept for them."""
        key = _viewer_key(request)
        gen = private_generation()
        entry = _viewer_get(request, key, gen)
        if entry is not None:
            request._nexus_user_id = entry[2]  # the request log's user, without a query
            response = self._from_entry(request, entry[3:])
            if NONCE_PLACEHOLDER.encode() in response.content:
                nonce = str(request._csp_nonce).encode()  # the header will carry it
                response.content = response.content.replace(NONCE_PLACEHOLDER.encode(), nonce)
            return response
        request._nexus_generation = generation()  # for the page's fragments
        response = self.get_response(request)
        if _viewer_storable(request, response) and _viewer_set(request, response, key, gen):
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _from_entry(request, entry):
        from django.http import HttpResponse

        *_, status, headers, parts = entry
        content = get_token(request).encode().join(parts) if len(parts) > 1 else parts[0]
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response
