"""Settings shared by every environment; everything that differs comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

from .media import media_origin, media_storage_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    """Read a yes/no environment variable; refuse anything ambiguous rather than guess."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean: use true or false.")


def env_list(name, default=()):
    """Read a comma-separated environment variable into a list, ignoring blanks."""
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "django_prose_editor",
    "django_tasks",
    "django_tasks_db",
    # The shared kernel, which imports no app. First of the project's apps: its ready()
    # connects the receiver that reads a row before its save, before any app's receivers.
    "core",
    # Before the admin: its admin/index.html adds the paused-subscriber notice to the desk's
    # home page and extends the admin's own.
    "distribution",
    "newsroom.apps.NewsroomAdminConfig",  # replaces django.contrib.admin: a throttled login
    "newsroom",  # the project: its User, admin site, URLs and settings
    "events",
    "articles",
    "desk",
    "live",
    "planning",
    "audit",
    "demo",
    # A second factor (docs/decisions/0016-second-factor-on-django-otp.md): passkeys and
    # security keys, authenticator apps, one-time recovery codes; the desk's tokens and sessions.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whether this session passed a second factor (request.user.is_verified()), then the
    # desk's door: no desk page without the factor one's role requires (accounts/middleware.py).
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.AccountsMiddleware",
    # After authentication: the audit trail's receivers read who is signed in from here.
    "audit.middleware.AuditRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

# Content-Security-Policy: only this site's own files run; no inline script anywhere (JSON-LD
# blocks are data, not script, and are allowed by type). No other host is ever contacted.
# The one inline script is the story editor's import map, which carries the response's nonce
# (articles/editor.py); the nonce appears in the header only on pages that use one.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        # Pictures may come from the media bucket's (or its CDN's) own address.
        "img-src": ["'self'", "data:", *filter(None, [media_origin(os.environ)])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Admin login: failed attempts allowed per account and per address in the window.
ADMIN_LOGIN_FAILURES_PER_USERNAME = int(os.environ.get("NEWSROOM_LOGIN_FAILURES_PER_USER", "5"))
ADMIN_LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("NEWSROOM_LOGIN_FAILURES_PER_IP", "20"))
ADMIN_LOGIN_WINDOW_SECONDS = int(os.environ.get("NEWSROOM_LOGIN_WINDOW_SECONDS", "900"))

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"
AUTH_USER_MODEL = "newsroom.User"

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
                "articles.context_processors.site",
            ],
        },
    },
]

# DATABASE_URL picks the database (postgres://user@host:5432/name); SQLite in the project
# folder otherwise. Persistent connections: a page that opens a connection per request
# costs more than the page itself (docs/how-to/postgresql.md).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the task worker write the same file. WAL lets readers go on while
    # one process writes (and commits without an fsync each); IMMEDIATE transactions take the
    # write lock when they start, waiting up to `timeout` seconds for it, instead of failing
    # with "database is locked" half-way through.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
# DATABASE_REPLICA_URLS (comma-separated; DATABASE_REPLICA_URL for one) adds read replicas,
# aliased replica, replica_2, …: public reads go there when a replica has applied the latest
# change, everything else to the primary (core/db_router.py). Tests mirror them.
DATABASE_ROUTERS = []
REPLICA_URLS = [
    url.strip()
    for url in os.environ.get(
        "DATABASE_REPLICA_URLS", os.environ.get("DATABASE_REPLICA_URL", "")
    ).split(",")
    if url.strip()
]
for number, url in enumerate(REPLICA_URLS, 1):
    alias = "replica" if number == 1 else f"replica_{number}"
    DATABASES[alias] = dj_database_url.parse(
        url,
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES[alias]["TEST"] = {"MIRROR": "default"}
if REPLICA_URLS:
    DATABASE_ROUTERS = ["core.db_router.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(0, "core.db_router.ReplicaReadsMiddleware")
# DATABASE_PREPARE_THRESHOLD (PostgreSQL; 2 unless set, "off" to turn it off): psycopg prepares
# a statement on the server once it ran that many times on a connection, so a query of a fixed
# shape (core/caching/fixed_shape.py) is planned once per connection, not on every page (the
# story's query took 10-14 ms to plan at 100,000 stories, 0.4 ms prepared). It needs
# server-side parameter binding, which Django leaves off by default; the whole suite passes
# with it. Off for a pooler in transaction mode that cannot keep prepared statements. On the
# replicas too: the public's reads go there.
PREPARE_THRESHOLD = os.environ.get("DATABASE_PREPARE_THRESHOLD", "2").strip().lower()
if PREPARE_THRESHOLD != "off" and not PREPARE_THRESHOLD.isdigit():
    raise ImproperlyConfigured(
        f"DATABASE_PREPARE_THRESHOLD={PREPARE_THRESHOLD!r}: a number of runs, or off."
    )
for database in DATABASES.values():
    if database["ENGINE"] == "django.db.backends.postgresql" and PREPARE_THRESHOLD != "off":
        database.setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=int(PREPARE_THRESHOLD)
        )
# After a write, the writer's browser reads from the primary for this many seconds.
NEWSROOM_READ_YOUR_WRITES_SECONDS = int(os.environ.get("NEWSROOM_READ_YOUR_WRITES_SECONDS", "5"))

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        # Falls back to each process's memory while Redis is down (core/caching/cache_backends.py).
        "default": {
            "BACKEND": "core.caching.cache_backends.RedisCacheWithMemoryFallback",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom",
        },
        # Each process keeps its own copy of the pages it served lately, in front of Redis:
        # a page read a thousand times a minute crosses the network once per process.
        "process-local": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "process-local",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }
else:
    CACHES = {
        "default": {
            # Django's, reading many keys at once (the versions of a page's surrogate keys).
            "BACKEND": "core.caching.cache_backends.LocalMemoryCache",
            # Pages and the versions of their surrogate keys (Django's default is 300).
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }

# Public pages for anonymous readers come from the cache above until a change purges a key
# they show (core/caching/); the server and browsers keep them this many seconds. Set
# NEWSROOM_PAGE_CACHE=false to measure or debug the site without the server's cache (the
# headers for the caches in front stay).
NEWSROOM_PAGE_CACHE = env_bool("NEWSROOM_PAGE_CACHE", True)
NEWSROOM_PAGE_CACHE_SECONDS = int(os.environ.get("NEWSROOM_PAGE_CACHE_SECONDS", "60"))
# A reader's search results (articles/views.py `search`), kept this many seconds per search
# and page, purged as the lists they show are; 0 makes them for every request.
NEWSROOM_SEARCH_KEEP_SECONDS = int(os.environ.get("NEWSROOM_SEARCH_KEEP_SECONDS", "60"))
# How long a process trusts the versions of surrogate keys it last read from the cache: a
# purge made in another process reaches its readers this much later at most.
NEWSROOM_PAGE_CACHE_GENERATION_CHECK_SECONDS = float(
    os.environ.get("NEWSROOM_PAGE_CACHE_GENERATION_CHECK_SECONDS", "1")
)
# The HTTP cache in front, purged on every change by surrogate key: "varnish", "fastly",
# "cloudflare", or none (core/caching/purge.py).
NEWSROOM_PURGE_BACKEND = os.environ.get("NEWSROOM_PURGE_BACKEND", "")
if NEWSROOM_PURGE_BACKEND not in ("", "varnish", "fastly", "cloudflare"):
    raise ImproperlyConfigured(
        f"NEWSROOM_PURGE_BACKEND={NEWSROOM_PURGE_BACKEND!r}: use varnish, fastly or cloudflare."
    )
# The header that carries the keys; by default the backend's (xkey, Surrogate-Key, Cache-Tag).
NEWSROOM_SURROGATE_KEY_HEADER = os.environ.get("NEWSROOM_SURROGATE_KEY_HEADER", "")
NEWSROOM_SURROGATE_KEY_HEADER_BYTES = int(
    os.environ.get("NEWSROOM_SURROGATE_KEY_HEADER_BYTES", "4000")
)
# s-maxage: a cache that is purged on every change may keep pages long; one that is not, no
# longer than browsers do.
NEWSROOM_SHARED_CACHE_SECONDS = int(
    os.environ.get(
        "NEWSROOM_SHARED_CACHE_SECONDS",
        "86400" if NEWSROOM_PURGE_BACKEND else str(NEWSROOM_PAGE_CACHE_SECONDS),
    )
)
NEWSROOM_STALE_WHILE_REVALIDATE_SECONDS = int(
    os.environ.get("NEWSROOM_STALE_WHILE_REVALIDATE_SECONDS", "30")
)
NEWSROOM_STALE_IF_ERROR_SECONDS = int(os.environ.get("NEWSROOM_STALE_IF_ERROR_SECONDS", "86400"))
# Without Redis, each machine's processes share their pages' copies for when the database is
# down, in one SQLite file (newsroom/caching/outage_copies.py; the temporary folder by default).
NEWSROOM_OUTAGE_COPIES = env_bool("NEWSROOM_OUTAGE_COPIES", True)
NEWSROOM_OUTAGE_COPIES_PATH = os.environ.get("NEWSROOM_OUTAGE_COPIES_PATH", "")
NEWSROOM_VARNISH_URLS = env_list("NEWSROOM_VARNISH_URLS", ["http://127.0.0.1:6081/"])
NEWSROOM_FASTLY_API_URL = os.environ.get("NEWSROOM_FASTLY_API_URL", "https://api.fastly.com")
NEWSROOM_FASTLY_SERVICE_ID = os.environ.get("NEWSROOM_FASTLY_SERVICE_ID", "")
NEWSROOM_FASTLY_API_TOKEN = os.environ.get("NEWSROOM_FASTLY_API_TOKEN", "")
NEWSROOM_CLOUDFLARE_API_URL = os.environ.get(
    "NEWSROOM_CLOUDFLARE_API_URL", "https://api.cloudflare.com/client/v4"
)
NEWSROOM_CLOUDFLARE_ZONE_ID = os.environ.get("NEWSROOM_CLOUDFLARE_ZONE_ID", "")
NEWSROOM_CLOUDFLARE_API_TOKEN = os.environ.get("NEWSROOM_CLOUDFLARE_API_TOKEN", "")
NEWSROOM_PURGE_ATTEMPTS = int(os.environ.get("NEWSROOM_PURGE_ATTEMPTS", "3"))
NEWSROOM_PURGE_TIMEOUT_SECONDS = float(os.environ.get("NEWSROOM_PURGE_TIMEOUT_SECONDS", "2"))
# Story views are kept in each process and added to the counters at most this often
# (articles/view_counts.py); 0 writes every view at once.
NEWSROOM_VIEW_COUNT_FLUSH_SECONDS = float(os.environ.get("NEWSROOM_VIEW_COUNT_FLUSH_SECONDS", "2"))

# The task queue (Django's tasks interface, django-tasks until Django 6 ships django.tasks):
# slow work leaves the request for a worker (`python manage.py run_worker`). The database
# backend needs no other server; NEWSROOM_TASKS=rq with REDIS_URL sends tasks to RQ on Redis,
# for many worker machines. See docs/how-to/workers-and-queues.md.
NEWSROOM_TASKS = os.environ.get("NEWSROOM_TASKS", "database")
# `purges`: the cache in front (core/caching/tasks.py); `default`: everything else.
TASK_QUEUES = ["purges", "default"]
if NEWSROOM_TASKS == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured("NEWSROOM_TASKS=rq needs REDIS_URL (redis://host:6379/0).")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    # A worker takes RQ's queues in this order: purges of the cache in front before pushes.
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": TASK_QUEUES}}
    RQ_QUEUES = {queue: {"URL": REDIS_URL} for queue in TASK_QUEUES}
elif NEWSROOM_TASKS == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}
else:
    raise ImproperlyConfigured(
        f"NEWSROOM_TASKS={NEWSROOM_TASKS!r}: use database (the default) or rq."
    )
# What every worker also runs every few seconds besides the queue: work that comes due
# without anyone enqueueing it (a scheduled story's push, a retry, a delivery whose worker died).
NEWSROOM_WORKER_PERIODIC = ["distribution.tasks.sweep", "core.caching.cdn.resend_unsent"]
NEWSROOM_WORKER_PERIODIC_SECONDS = float(os.environ.get("NEWSROOM_WORKER_PERIODIC_SECONDS", "5"))

# Distribution (distribution/): pushes of every story change to subscribers.
# The address the pushed stories' links point to (the API's and the site's absolute URLs).
NEWSROOM_SITE_URL = os.environ.get("NEWSROOM_SITE_URL", "http://127.0.0.1:8000")
# Seconds one POST may take (connecting, and waiting for each read of the answer).
NEWSROOM_DISTRIBUTION_TIMEOUT = float(os.environ.get("NEWSROOM_DISTRIBUTION_TIMEOUT", "10"))
# How long a delivery is retried before it is marked failed.
NEWSROOM_DISTRIBUTION_RETRY_SECONDS = int(
    os.environ.get("NEWSROOM_DISTRIBUTION_RETRY_SECONDS", str(24 * 3600))
)
# Failed attempts in a row after which a subscriber is paused.
NEWSROOM_DISTRIBUTION_PAUSE_AFTER = int(os.environ.get("NEWSROOM_DISTRIBUTION_PAUSE_AFTER", "20"))
# Endpoints on loopback, private, link-local or metadata addresses (SSRF) and plain http://
# are refused unless these say otherwise; unset, they follow DEBUG.
NEWSROOM_DISTRIBUTION_ALLOW_PRIVATE_ADDRESSES = (
    env_bool("NEWSROOM_DISTRIBUTION_ALLOW_PRIVATE_ADDRESSES")
    if os.environ.get("NEWSROOM_DISTRIBUTION_ALLOW_PRIVATE_ADDRESSES")
    else None
)
NEWSROOM_DISTRIBUTION_ALLOW_HTTP = (
    env_bool("NEWSROOM_DISTRIBUTION_ALLOW_HTTP")
    if os.environ.get("NEWSROOM_DISTRIBUTION_ALLOW_HTTP")
    else None
)

# The desk's autosave (desk/services.py): kept this many days, then `prune_autosaves` deletes
# them; the largest request an autosave or a live preview may send.
NEWSROOM_AUTOSAVE_MAX_AGE_DAYS = int(os.environ.get("NEWSROOM_AUTOSAVE_MAX_AGE_DAYS", "30"))
NEWSROOM_AUTOSAVE_MAX_BYTES = int(
    os.environ.get("NEWSROOM_AUTOSAVE_MAX_BYTES", str(2 * 1024 * 1024))
)
# How long a name stays on another's story form after that person's last heartbeat.
NEWSROOM_PRESENCE_SECONDS = int(os.environ.get("NEWSROOM_PRESENCE_SECONDS", "30"))

# Every account is a desk account (staff): Django's validators at strict settings.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"max_similarity": 0.5},  # Django's default is 0.7
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("NEWSROOM_PASSWORD_MIN_LENGTH", "12"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Second factors (accounts/; docs/how-to/accounts.md). Editors, superusers and anyone who may
# manage subscribers or users must have one; true here requires one of every staff account.
NEWSROOM_REQUIRE_SECOND_FACTOR_FOR_ALL = env_bool("NEWSROOM_REQUIRE_SECOND_FACTOR_FOR_ALL")
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "/admin/"
OTP_TOTP_ISSUER = os.environ.get("NEWSROOM_SITE_NAME", "Newsroom")
# Passkeys: the password comes first, the passkey is the second step, never the only one.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_RP_NAME = os.environ.get("NEWSROOM_SITE_NAME", "Newsroom")


def _webauthn_defaults(site_url):
    """The relying party (the host passkeys belong to) and the origins allowed to use them,
    from the site's address. Browsers refuse an IP address as a relying party, so a local
    http://127.0.0.1:8000 becomes localhost (open the desk at http://localhost:8000/)."""
    from urllib.parse import urlsplit

    parts = urlsplit(site_url)
    host = parts.hostname or "localhost"
    local = parts.scheme != "https" or host.replace(".", "").isdigit() or host == "localhost"
    if local:
        port = f":{parts.port}" if parts.port else ""
        return "localhost", [f"http://localhost{port}"]
    return host, [f"https://{parts.netloc}"]


_rp_id, _origins = _webauthn_defaults(os.environ.get("NEWSROOM_SITE_URL", "http://127.0.0.1:8000"))
# Changing the relying party makes every registered passkey unusable: set it once.
OTP_WEBAUTHN_RP_ID = os.environ.get("NEWSROOM_WEBAUTHN_RP_ID", _rp_id)
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("NEWSROOM_WEBAUTHN_ORIGINS", _origins)

# API tokens (accounts.models.AccessToken): lifetime offered by default and the longest
# allowed, in days; last use written at most this often.
NEWSROOM_TOKEN_DAYS = int(os.environ.get("NEWSROOM_TOKEN_DAYS", "90"))
NEWSROOM_TOKEN_MAX_DAYS = int(os.environ.get("NEWSROOM_TOKEN_MAX_DAYS", "365"))
NEWSROOM_TOKEN_LAST_USED_EVERY_SECONDS = 60

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded pictures: the local disk (MEDIA_ROOT), or an S3-compatible bucket shared by every
# web machine and worker with NEWSROOM_MEDIA_STORAGE=s3 (newsroom/media_storage.py).
STORAGES = {
    "default": media_storage_settings(os.environ),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Uploads: refuse oversized requests before anything is decoded.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "Newsroom")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# The audit trail (audit/): entries older than this many days are deleted by
# `prune_audit_trail` (run it daily). A year is what most security audits ask to keep.
NEWSROOM_AUDIT_RETENTION_DAYS = int(os.environ.get("NEWSROOM_AUDIT_RETENTION_DAYS", "365"))

# REST API (newsroom/api.py; docs/reference/api.md). The public read API is anonymous and cached
# by anyone; the desk's write API takes a token. Rates are per client address (anonymous) or
# per account (desk). NUM_PROXIES is how many proxies in front of Django append to
# X-Forwarded-For: 0 trusts none (a client cannot reset its count by forging the header);
# behind one reverse proxy, set NEWSROOM_API_NUM_PROXIES=1.
REST_FRAMEWORK = {
    # Named, expiring, revocable tokens whose hash only is kept (accounts/authentication.py).
    "DEFAULT_AUTHENTICATION_CLASSES": ["accounts.authentication.AccessTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["core.api_support.parsers.JSONBodyParser"],
    "DEFAULT_SCHEMA_CLASS": "core.api_support.schema.NewsroomAutoSchema",
    "EXCEPTION_HANDLER": "core.api_support.exceptions.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("NEWSROOM_API_ANON_RATE", "120/minute"),
        "desk": os.environ.get("NEWSROOM_API_DESK_RATE", "600/minute"),
    },
    "NUM_PROXIES": int(os.environ.get("NEWSROOM_API_NUM_PROXIES", "0")),
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# How long browsers and shared caches may keep a public API response without asking again.
NEWSROOM_API_CACHE_SECONDS = int(os.environ.get("NEWSROOM_API_CACHE_SECONDS", "60"))

SPECTACULAR_SETTINGS = {
    "TITLE": f"{SITE_NAME} API",
    "DESCRIPTION": (
        "Everything published: stories, and the people, events, agreements, places, countries "
        "and organizations they are about. Anonymous, read-only, JSON; every story also as "
        "IPTC ninjs. The desk's write API (`/api/desk/`) takes `Authorization: Bearer …`, "
        "a token made in the desk."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    # The docs page loads Swagger UI from this project's static files, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api_support.schema.require_in_partial_updates",
        "core.api_support.schema.require_a_value_in_query_parameters",
        "core.api_support.schema.refuse_nul_in_request_text",
    ],
    # Several models have a `kind` or a `status`: name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "ArticleStatusEnum": "articles.models.Article.Status",
        "CorrectionKindEnum": "articles.models.Correction.Kind",
        "PlaceKindEnum": "events.models.Place.Kind",
        "EventKindEnum": "events.models.Event.Kind",
        "EventStatusEnum": "events.models.Event.Status",
        "AgreementKindEnum": "events.models.Agreement.Kind",
        "AgreementPartyStatusEnum": "events.models.AgreementParty.Status",
    },
}
