"""Project Nexus settings: one file, safe defaults, production from the environment.

Every variable read here is listed in the README's configuration table.
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def _stop(message: str) -> None:
    # One clear line and a non-zero exit beat a traceback for an operator.
    sys.stderr.write(f"Configuration error: {message}\n")
    raise SystemExit(1)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    _stop(f"{name} must be 1 or 0 (got {raw!r}).")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        _stop(f"{name} must be a whole number (got {raw!r}).")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


TESTING = "pytest" in sys.modules
DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-local-development-key-never-use-in-production-0123456789"  # noqa: S105
    else:
        _stop("SECRET_KEY is not set (set it, or DJANGO_DEBUG=1 for local development).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG or TESTING else "")
if not ALLOWED_HOSTS:
    _stop("ALLOWED_HOSTS is not set (a comma-separated list of host names).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
for _origin in CSRF_TRUSTED_ORIGINS:
    if not _origin.startswith(("http://", "https://")):
        _stop(f"CSRF_TRUSTED_ORIGINS entries need a scheme, like https://{_origin}.")
# A refused form shows the learner's text back (core.kept_text) instead of a bare 403.
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

# Where links in emails point (emails are sent from background tasks, with no request to ask).
NEXUS_BASE_URL = os.environ.get("NEXUS_BASE_URL", "").rstrip("/")
if NEXUS_BASE_URL and not NEXUS_BASE_URL.startswith(("http://", "https://")):
    _stop(f"NEXUS_BASE_URL needs a scheme, like https://{NEXUS_BASE_URL}.")
if not NEXUS_BASE_URL:
    _first_host = ALLOWED_HOSTS[0].lstrip(".")
    NEXUS_BASE_URL = (
        "http://127.0.0.1:8000"
        if DEBUG or TESTING or _first_host in {"*", "localhost", "127.0.0.1"}
        else f"https://{_first_host}"
    )
SITE_NAME = "Project Nexus"
SITE_ID = 1

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django_htmx",
    "markdownx",
    "allauth",
    "allauth.account",
    "django_tasks_db",
    "core",
    "accounts",
    "knowledge",
    "discussions",
    "notifications",
    "moderation",
    "search",
    "webhooks",
    "portfolios",  # learner portfolios: README import/export (issue 15)
    "hub",
    "rest_framework",  # api: the REST API (below)
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "api",
    "reputation",
]

MIDDLEWARE = [
    "core.shedding.LoadSheddingMiddleware",  # ops: first, so a refusal costs nothing else
    "core.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # leaks (issue 11): no NUL in the path, no control character in the query string.
    "core.params.CleanParametersMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # perf: anonymous readers' pages whole from the cache, never stale (core/pagecache.py).
    "core.pagecache.AnonymousPageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "core.middleware.KeepTypedTextMiddleware",
    "core.middleware.NexusErrorMiddleware",
]

ROOT_URLCONF = "project.urls"
WSGI_APPLICATION = "project.wsgi.application"
ASGI_APPLICATION = "project.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "core.context_processors.nexus",
            ],
            "builtins": ["core.templatetags.timeago"],
        },
    },
]

# --- Database --------------------------------------------------------------------------------
_default_db = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
try:
    _db = dj_database_url.parse(
        os.environ.get("DATABASE_URL") or _default_db,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
except ValueError as exc:
    _scheme = (os.environ.get("DATABASE_URL") or "").partition("://")[0]
    if "Scheme" in str(exc):
        _stop(f"DATABASE_URL has an unknown scheme {_scheme!r} (use postgres:// or sqlite://).")
    _stop("DATABASE_URL is malformed (expected postgres://user:password@host:5432/name).")
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while one writer writes; IMMEDIATE avoids
    # "database is locked" upgrades in the middle of a transaction. Connections are kept
    # (DB_CONN_MAX_AGE, as for PostgreSQL): opening one, with its PRAGMAs and Django's SQL
    # functions, cost ~1.9 ms a request, more than the whole of a cached page.
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions ----------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    _stop(f"REDIS_URL must start with redis://, rediss:// or unix:// (got {REDIS_URL!r}).")
if REDIS_URL.startswith(("redis://", "rediss://")):
    try:
        _redis = urlsplit(REDIS_URL)
        _redis.port  # noqa: B018 (raises ValueError for a bad port)
        int(_redis.path.strip("/") or 0)
    except ValueError:
        _stop("REDIS_URL is malformed (expected redis://host:6379/<database number>).")
# Per use, what a Redis outage does (core/cache.py): the page cache fails open (a miss; pages
# stay up), sessions stay in the database (cached_db), rate limits move to the database cache.
# Without Redis, rate limits (ours and allauth's) live in the database cache, shared by every
# process; its table comes with `migrate` (core/migrations/0001).
_database_cache = {
    "BACKEND": "core.cache.SharedDatabaseCache",
    "LOCATION": "nexus_cache",
    "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "nexus"),
    "TIMEOUT": 3600,
    "OPTIONS": {"MAX_ENTRIES": 100_000},
}
if REDIS_URL:
    _redis_cache = {
        "BACKEND": "core.cache.FailOpenRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "nexus"),
    }
    CACHES = {
        "default": _redis_cache,
        "ratelimit": {**_redis_cache, "OPTIONS": {"FALLBACK": "database"}},
        "database": _database_cache,
    }
    # Every session is in the database; Redis only saves the read. A Redis outage logs nobody
    # out and loses no session.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "ratelimit": _database_cache,
        "database": _database_cache,
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Background work (django.tasks) ----------------------------------------------------------
TASK_BACKEND = os.environ.get("TASK_BACKEND", "database")
_task_backends = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
if TASK_BACKEND not in _task_backends:
    _stop(f"TASK_BACKEND must be one of {', '.join(_task_backends)} (got {TASK_BACKEND!r}).")
TASKS = {"default": {"BACKEND": _task_backends[TASK_BACKEND]}}

# --- Auth and accounts -----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USERNAME_BLACKLIST = ["admin", "moderator", "moderation", "nexus", "root", "system"]
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm"}
NEXUS_SIGNUP_OPEN = env_bool("NEXUS_SIGNUP_OPEN", True)
ACCOUNT_RATE_LIMITS = {
    # "key" is the account together with the client's address (accounts/adapter.py): a flood
    # of wrong passwords locks its sender out, not the account's owner elsewhere.
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Project Nexus] "

# --- Email -----------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Project Nexus <nexus@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
_email_host = os.environ.get("EMAIL_HOST", "")
if _email_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": env_int("EMAIL_PORT", 587),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files and uploads ----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
# `make run` and the tests serve static files straight from the app folders; production
# serves what collectstatic wrote (compressed, with hashed names).
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
STORAGES = {
    "default": {
        "BACKEND": "storages.backends.s3.S3Storage"
        if AWS_STORAGE_BUCKET_NAME
        else "django.core.files.storage.FileSystemStorage"
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_QUERYSTRING_AUTH = False
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MiB: a 200 KB page body fits with room to spare
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Markdown editor (django-markdownx) ------------------------------------------------------
MARKDOWNX_MARKDOWNIFY_FUNCTION = "knowledge.rendering.render_preview"
MARKDOWNX_MEDIA_PATH = "wiki-images/%Y/%m/"
MARKDOWNX_UPLOAD_MAX_SIZE = 2 * 1024 * 1024
MARKDOWNX_UPLOAD_CONTENT_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"]
MARKDOWNX_IMAGE_MAX_SIZE = {"size": (1600, 1600), "quality": 85}
MARKDOWNX_SERVER_CALL_LATENCY = 700

# --- Nexus product settings ------------------------------------------------------------------
NEXUS_MAX_BODY_CHARS = 200_000
NEXUS_MAX_COMMENT_CHARS = 5_000
NEXUS_AUTO_HIDE_FLAGS = env_int("NEXUS_AUTO_HIDE_FLAGS", 3)
NEXUS_HELD_POSTS = env_int("NEXUS_HELD_POSTS", 1)
# "count/seconds" per learner; kept in the cache so every web process shares them.
NEXUS_RATE_LIMITS = {
    "challenge": os.environ.get("NEXUS_RATE_CHALLENGE", "5/3600"),
    "solution": os.environ.get("NEXUS_RATE_SOLUTION", "20/3600"),
    "comment": os.environ.get("NEXUS_RATE_COMMENT", "30/600"),
    "page_edit": os.environ.get("NEXUS_RATE_PAGE_EDIT", "60/3600"),
    "flag": os.environ.get("NEXUS_RATE_FLAG", "20/3600"),
    # leaks (issue 11): image uploads (each one decodes an image).
    "upload": os.environ.get("NEXUS_RATE_UPLOAD", "30/3600"),
    # portfolios: one README import (however many challenges it creates) counts once.
    "portfolio_import": os.environ.get("NEXUS_RATE_PORTFOLIO_IMPORT", "10/3600"),
    # API requests (api/throttling.py): per token and per user; anonymous ones per address.
    "api": os.environ.get("NEXUS_RATE_API", "600/60"),
    "api_anon": os.environ.get("NEXUS_RATE_API_ANON", "120/60"),
}
for _action, _rule in NEXUS_RATE_LIMITS.items():
    _count, _, _seconds = _rule.partition("/")
    if not (_count.isdigit() and _seconds.isdigit() and int(_seconds) > 0):
        _stop(f"NEXUS_RATE_{_action.upper()} must be count/seconds like 5/3600 (got {_rule!r}).")
PAGINATE_BY = 20
# perf: the whole-page cache (core/pagecache.py); 0 turns it off, for everyone.
NEXUS_PAGE_CACHE = env_bool("NEXUS_PAGE_CACHE", True)
# A logged-in reader's own pages, kept for their session alone while nothing is written: at
# most this many seconds (0: never kept), and, without Redis, at most this many bytes of
# them per process.
NEXUS_VIEWER_PAGE_SECONDS = env_int("NEXUS_VIEWER_PAGE_SECONDS", 60)
NEXUS_VIEWER_PAGE_BYTES = env_int("NEXUS_VIEWER_PAGE_BYTES", 16 * 1024 * 1024)
# What the cached pages were rendered by: a build's commit, say; empty: a digest of the code's
# files, made at start-up. A deploy of other code never serves the old code's pages.
NEXUS_CODE_VERSION = os.environ.get("NEXUS_CODE_VERSION", "")

# --- Webhooks (webhooks app) -----------------------------------------------------------------
# The hosts outgoing webhooks may call: exact names, "*.slack.com" for any subdomain, "*" for
# any host. Empty (the default): none, and the webhook form says so.
NEXUS_WEBHOOK_ALLOWED_HOSTS = env_list("NEXUS_WEBHOOK_ALLOWED_HOSTS")
# Private, loopback and link-local addresses are refused unless this is 1 (local development).
NEXUS_WEBHOOK_ALLOW_PRIVATE = env_bool("NEXUS_WEBHOOK_ALLOW_PRIVATE", False)
# --- ops: load shedding (core/shedding.py) ----------------------------------------------------
# A request that waited longer than this for a gunicorn thread is refused at once (503 with
# Retry-After) instead of being served late; 0 switches shedding off.
NEXUS_SHED_QUEUE_MS = env_int("NEXUS_SHED_QUEUE_MS", 250)
NEXUS_SHED_RETRY_AFTER = env_int("NEXUS_SHED_RETRY_AFTER", 5)
# --- reputation: trust levels, serial votes, duplicates, leaderboards -------------------------
# A level needs every threshold: reputation, accepted contributions (accepted solutions plus
# posts a moderator approved) and days since joining. Basic's "accepted" defaults to
# NEXUS_HELD_POSTS (a new learner's first posts wait for review, as before).
NEXUS_TRUST_THRESHOLDS = {
    "basic": {"reputation": 0, "days": 0},
    "member": {
        "reputation": env_int("NEXUS_TRUST_MEMBER_REPUTATION", 50),
        "accepted": 3,
        "days": env_int("NEXUS_TRUST_MEMBER_DAYS", 3),
    },
    "regular": {
        "reputation": env_int("NEXUS_TRUST_REGULAR_REPUTATION", 250),
        "accepted": 10,
        "days": env_int("NEXUS_TRUST_REGULAR_DAYS", 30),
    },
    "leader": {
        "reputation": env_int("NEXUS_TRUST_LEADER_REPUTATION", 1000),
        "accepted": 30,
        "days": env_int("NEXUS_TRUST_LEADER_DAYS", 90),
    },
}
# Rate limits above are for new learners; each level gets this many times them.
NEXUS_RATE_SCALE = {"new": 1, "basic": 1, "member": 2, "regular": 3, "leader": 4}
# Votes from one learner to another in 24 hours beyond this many earn nothing (reversed).
NEXUS_SERIAL_VOTES_PER_DAY = env_int("NEXUS_SERIAL_VOTES_PER_DAY", 3)
# Accounts younger than this many hours cannot vote.
NEXUS_VOTE_MIN_ACCOUNT_HOURS = env_int("NEXUS_VOTE_MIN_ACCOUNT_HOURS", 24)
# Reopen votes (from members and above) that reopen a challenge closed as a duplicate.
NEXUS_REOPEN_VOTES = env_int("NEXUS_REOPEN_VOTES", 3)
# How long the home and topic leaderboards are cached (they are also dropped on every event).
NEXUS_LEADERBOARD_TTL = env_int("NEXUS_LEADERBOARD_TTL", 300)

# --- Security (production) -------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading commits the domain and every subdomain to HTTPS for months: an operator's
        # opt-in (SECURE_HSTS_PRELOAD=1), not a default, so its reminder is not a deploy failure.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# --- Content-Security-Policy and Permissions-Policy ------------------------------------------
# Every script and stylesheet is a file under /static/: no inline <script>, no <style>, no
# style="" attribute, no eval (htmx runs with allowEval off and injects no styles: the
# htmx-config meta in base.html). A nonce ({{ csp_nonce }}, from the csp context processor)
# is in the policy for the rare element that must be inline; nothing uses one today.
# Images: this site, plus the upload bucket's origin and NEXUS_CSP_IMG_ORIGINS (a comma list
# of https:// origins, for a CDN in front of uploads). Images that learners link from other
# sites in their markdown are not loaded. One view can relax the policy with
# django.views.decorators.csp.csp_override({**SECURE_CSP, ...}).
from django.utils.csp import CSP  # noqa: E402


def _origin(url: str, name: str) -> str:
    parts = urlsplit(url)
    if (
        parts.scheme not in {"http", "https"}
        or not parts.hostname
        or any(c in url for c in " ;,'\"\\")
    ):
        _stop(f"{name} needs origins like https://cdn.example.com (got {url!r}).")
    return f"{parts.scheme}://{parts.netloc}"


_image_origins = [_origin(o, "NEXUS_CSP_IMG_ORIGINS") for o in env_list("NEXUS_CSP_IMG_ORIGINS")]
if MEDIA_URL.startswith(("http://", "https://")):
    _image_origins.append(_origin(MEDIA_URL, "MEDIA_URL"))
if AWS_STORAGE_BUCKET_NAME:
    if AWS_S3_ENDPOINT_URL:
        _image_origins.append(_origin(AWS_S3_ENDPOINT_URL, "AWS_S3_ENDPOINT_URL"))
    else:
        _image_origins.append(f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com")
        if AWS_S3_REGION_NAME:
            _image_origins.append(
                f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{AWS_S3_REGION_NAME}.amazonaws.com"
            )
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, *dict.fromkeys(_image_origins)],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
if DEBUG:
    # Django's own debug pages (the yellow traceback, the technical 404) carry inline styles and
    # a script and no nonce. Browsers ignore 'unsafe-inline' wherever a nonce is given, and every
    # page of the site renders one, so this only lets those nonce-less debug pages work.
    SECURE_CSP["script-src"] = [*SECURE_CSP["script-src"], CSP.UNSAFE_INLINE]
    SECURE_CSP["style-src"] = [*SECURE_CSP["style-src"], CSP.UNSAFE_INLINE]
# Browser features the site never uses, off for it and for anything embedded in it.
NEXUS_PERMISSIONS_POLICY = {
    feature: "()"
    for feature in (
        "accelerometer", "autoplay", "browsing-topics", "camera",
        "display-capture", "geolocation", "gyroscope", "hid", "magnetometer", "microphone",
        "midi", "payment", "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
    )
}  # fmt: skip

# --- Logging ---------------------------------------------------------------------------------
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "core.logging.JsonFormatter"},
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "json"},
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "nexus": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
        # The request line comes from nexus.request; runserver's own line would repeat it.
        "django.server": {"handlers": [], "level": "ERROR", "propagate": False},
    },
}

# --- api: the REST API (/api/v1/, docs at /api/docs/; docs/api.md) ---------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # The token first: its 401 (with WWW-Authenticate: Bearer) answers a caller with none.
        "api.authentication.TokenAuthentication",
        "api.authentication.SessionAuthentication",  # CSRF checked on writes
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.TokenScope"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.SiteRateThrottle"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATETIME_FORMAT": "iso-8601",  # in UTC (TIME_ZONE), with a Z
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Project Nexus API",
    "DESCRIPTION": (
        "The hub's wiki, challenges, solutions and comments, search, profiles and your own "
        "notifications, with the same permissions and moderation as the site. Send a personal "
        "access token (/settings/tokens/) as `Authorization: Bearer nxs_…`. Errors are RFC 9457 "
        "problem details. Versioning and deprecation: docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",  # served from this site, no CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No validator badge (it would send the schema's address to validator.swagger.io), no deep
    # links (a link inside each operation's button: nested controls for a screen reader).
    "SWAGGER_UI_SETTINGS": {"displayRequestDuration": True, "validatorUrl": None},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_problem_responses",
    ],
    "ENUM_NAME_OVERRIDES": {},
}
# Errors under /api/ that no API view answered (an unknown URL, a 500) as problem details too.
MIDDLEWARE.insert(1, "api.problems.ApiProblemMiddleware")
# CORS: off unless NEXUS_API_CORS_ORIGINS names the origins (a learner's own frontend, e.g.
# http://localhost:5173) that may call the API from a browser; only /api/ answers them, and
# without cookies (a token in the Authorization header is the credential).
CORS_ALLOWED_ORIGINS = env_list("NEXUS_API_CORS_ORIGINS")
for _origin in CORS_ALLOWED_ORIGINS:
    if not _origin.startswith(("http://", "https://")) or _origin.rstrip("/") != _origin:
        _stop(f"NEXUS_API_CORS_ORIGINS takes origins like https://app.example (got {_origin!r}).")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_HEADERS = ["accept", "authorization", "content-type", "if-match", "if-none-match"]
CORS_EXPOSE_HEADERS = ["ETag", "Location", "Retry-After", "X-Edit-Status"]
CORS_PREFLIGHT_MAX_AGE = 3600
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.common.CommonMiddleware"),
    "corsheaders.middleware.CorsMiddleware",
)
