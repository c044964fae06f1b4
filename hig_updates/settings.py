"""Settings for HIG Updates, driven by environment variables.

SECRET_KEY   required unless DEBUG is on (then a development key is used)
DEBUG        "1"/"true" turns debug mode on; off by default
ALLOWED_HOSTS comma-separated host names
CSRF_TRUSTED_ORIGINS comma-separated origins allowed to post forms (behind a proxy)
BEHIND_HTTPS_PROXY "1" when a proxy terminates TLS: trust X-Forwarded-Proto, redirect to https, HSTS
DATABASE_URL defaults to SQLite in var/; postgres://… for PostgreSQL
REDIS_URL    optional shared cache; local memory otherwise
TASKS_BACKEND "immediate" (default) or "database" (django-tasks-db worker)
LINK_CHECK_TIMEOUT seconds the link checker may spend on one URL, redirects included (default 10)
SITE_URL     the site's address, for links in emails (default http://localhost:8000)
SECURE_HSTS_SECONDS, SECURE_HSTS_INCLUDE_SUBDOMAINS, SECURE_HSTS_PRELOAD  HSTS behind the proxy (the operator's call)
TRUSTED_PROXY_COUNT how many proxies append to X-Forwarded-For behind BEHIND_HTTPS_PROXY (default 1)
STATIC_ROOT  where collectstatic writes the static files (default staticfiles/)
DATABASE_REPLICA_URL optional read replica of DATABASE_URL (hig_updates/db_router.py)
REPLICA_LAG_SECONDS how long a client reads from the primary after it wrote (default 10)
IMAGE_UPLOAD_MAX_BYTES, IMAGE_MAX_PIXELS  limits of an image upload (default 15 MB, 40 million pixels)
MEDIA_STORAGE_BUCKET uploads go to this S3-compatible bucket; MEDIA_ROOT on disk otherwise. With it:
  MEDIA_STORAGE_ENDPOINT_URL (non-AWS servers), MEDIA_STORAGE_REGION, MEDIA_STORAGE_ACCESS_KEY_ID,
  MEDIA_STORAGE_SECRET_ACCESS_KEY, MEDIA_STORAGE_CUSTOM_DOMAIN (public host: unsigned links)
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from import_export.formats.base_formats import CSV, JSON, XLSX

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment, or set DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"


def env_list(name):
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
# Origins (scheme + host) allowed to post forms, e.g. https://updates.example.org behind a proxy.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
if DEBUG:
    ALLOWED_HOSTS += ["127.0.0.1", "localhost", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    # SearchVectorField and full-text search on PostgreSQL (articles.public.search_index).
    "django.contrib.postgres",
    "taggit",
    "import_export",
    "django_tasks_db",
    "axes",
    "articles",
    "actors",
]

MIDDLEWARE = [
    # One JSON log line per request, whatever answers it; then HEAD answers lose their body (gunicorn
    # warns otherwise). hig_updates/observability.py
    "hig_updates.observability.RequestLogMiddleware",
    "hig_updates.observability.HeadResponseMiddleware",
    # The security headers come first, so every response carries them: static files, errors, lockouts.
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "hig_updates.security.AdminContentSecurityPolicyMiddleware",
    "hig_updates.security.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A public page whose database is away answers a styled 503 (templates/503.html).
    "hig_updates.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hig_updates.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "hig_updates.wsgi.application"
ASGI_APPLICATION = "hig_updates.asgi.application"

if "DATABASE_URL" not in os.environ:
    # The embedded default: a newcomer needs no database server.
    VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    )
}
# A read replica of DATABASE_URL: reads go there, writes (and a client's reads for REPLICA_LAG_SECONDS
# after it wrote, and reads inside a transaction) to the primary. hig_updates/db_router.py
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=600, conn_health_checks=True)
    # Tests run on the primary's test database through this alias too (nothing to replicate there).
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["hig_updates.db_router.PrimaryReplicaRouter"]
    # Before every middleware that may touch the database (sessions, django-axes, views), so they know
    # where to read; only the request log and the HEAD middleware sit outside it.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware"),
        "hig_updates.db_router.ReadYourWritesMiddleware",
    )
    REPLICA_LAG_SECONDS = int(os.environ.get("REPLICA_LAG_SECONDS", "10"))
# For this long after public content changed, a public page may still be read from a replica that
# has not caught up: it is served but neither cached nor given validators (articles/public/cache.py).
PAGE_CACHE_SETTLE_SECONDS = REPLICA_LAG_SECONDS if DATABASE_REPLICA_URL else 0
for database in DATABASES.values():
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # SQLite connections are cheap and must not be shared across threads.
        database["CONN_MAX_AGE"] = 0
        # Several processes share the file (gunicorn's workers, the task worker, commands). WAL lets
        # them read while one writes; a writer waits up to 20 s for another's lock instead of failing
        # at once; and a transaction takes the write lock when it begins (IMMEDIATE), so one that read
        # first never fails when it comes to write after another process did.
        database["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            **database.get("OPTIONS", {}),
        }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "hig-updates"}}

if os.environ.get("TASKS_BACKEND", "immediate") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# The link checker (articles/editorial/link_check.py): seconds for the whole check of one URL
# (look-ups, connections, answers, redirects), and URLs checked at once.
LINK_CHECK_TIMEOUT = float(os.environ.get("LINK_CHECK_TIMEOUT", "10"))
LINK_CHECK_WORKERS = 8
# Editors type source URLs: by default the checker talks only to public addresses.
LINK_CHECK_ALLOW_PRIVATE = env_flag("LINK_CHECK_ALLOW_PRIVATE")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))  # where collectstatic writes
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploads (expert photos, the image library and its renditions, the kept PDFs of updates, briefings
# waiting for their background import) go to an S3-compatible bucket when MEDIA_STORAGE_BUCKET is set
# (django-storages), to MEDIA_ROOT otherwise.
MEDIA_STORAGE_BUCKET = os.environ.get("MEDIA_STORAGE_BUCKET", "")
if MEDIA_STORAGE_BUCKET:
    media_keys = [os.environ.get(f"MEDIA_STORAGE_{name}", "") for name in ("ACCESS_KEY_ID", "SECRET_ACCESS_KEY")]
    if any(media_keys) and not all(media_keys):
        raise ImproperlyConfigured(
            "Set both MEDIA_STORAGE_ACCESS_KEY_ID and MEDIA_STORAGE_SECRET_ACCESS_KEY, or neither "
            "(then boto3 finds credentials itself: AWS_* variables, ~/.aws, an instance role)."
        )
    media_custom_domain = os.environ.get("MEDIA_STORAGE_CUSTOM_DOMAIN", "")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_STORAGE_BUCKET,
            "endpoint_url": os.environ.get("MEDIA_STORAGE_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MEDIA_STORAGE_REGION") or None,
            "access_key": media_keys[0] or None,
            "secret_key": media_keys[1] or None,
            # Public address of the bucket (a CDN): plain links. Without it the bucket stays private and
            # links are signed, valid for two days (longer than a cached public page lives, one day).
            "custom_domain": media_custom_domain or None,
            "querystring_auth": not media_custom_domain,
            "querystring_expire": 2 * 24 * 60 * 60,
            "default_acl": None,  # the bucket's own policy decides
            # Like the file system: a second upload with the same name gets a new name, never replaces.
            "file_overwrite": False,
        },
    }

# Console in development; set EMAIL_BACKEND (e.g. django.core.mail.backends.smtp.EmailBackend) in production.
MAILERS = {"default": {"BACKEND": os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "HIG Updates <updates@localhost>")

LOGIN_URL = "admin:login"

# Login throttling (django-axes): both sign-in pages (/admin/login/, /review/login/) go through
# `authenticate()`, where AxesStandaloneBackend refuses a locked-out account or address first.
# Five failures lock the account (from anywhere) and the address (for every account) for fifteen
# minutes; each further try restarts the fifteen minutes. The refusal is templates/lockout.html
# with status 429. Admins unlock in the admin (Axes › Access attempts: delete the row) or with
# `manage.py axes_reset_username USERNAME` / `axes_reset_ip ADDRESS`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one locks
AXES_LOCKOUT_CALLABLE = "hig_updates.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "hig_updates.security.client_ip_address"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Behind BEHIND_HTTPS_PROXY: how many proxies append to X-Forwarded-For (the client is the address before them).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))

# Security headers on every response (the middleware sits first in MIDDLEWARE).
# No inline script or style anywhere: Django's admin marks its few inline elements with the
# request's nonce ({% csp_nonce_attr %}), which only appears in the header when a page used it;
# the public and review templates use none, so cached public pages never hold a stale nonce.
# Images may come from any https address (editors link to them in bodies).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "https:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# The admin (hig_updates.security.AdminContentSecurityPolicyMiddleware, /admin/ only) also allows,
# by hash, the one inline event handler and two style attributes of django-import-export's export
# page (admin/import_export/export.html: the "Select all" toggle and its label); nothing else inline.
SECURE_CSP_ADMIN = {
    **SECURE_CSP,
    "script-src-attr": [CSP.UNSAFE_HASHES, "'sha256-wid4zL8fR53ZYy1ljOepzR77Dn6vWUUxuNnnWWBP3I8='"],
    "style-src-attr": [
        CSP.UNSAFE_HASHES,
        "'sha256-mHgUAqxc8GPXM/QhzkHrHujcrQTU9fd6ZjWz+icxKcA='",
        "'sha256-+YWRMZ88jMyO7jVlBA52tZADiPobPIUA8LAWee68Fvs='",
    ],
}
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# hig_updates.security.PermissionsPolicyMiddleware: the browser features no page of the site uses.
PERMISSIONS_POLICY = (
    "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture", "geolocation", "gyroscope",
    "interest-cohort", "magnetometer", "microphone", "payment", "publickey-credentials-get", "usb",
)  # fmt: skip

SITE_NAME = "HIG Updates"
# Emails (review links, reminders) are sent outside a request, so they need the site's address.
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")

# The image library (articles/images/checks.py): uploads larger than this, or with more pixels than this
# (a decompression bomb declares billions in a small file), are refused before anything is stored.
IMAGE_UPLOAD_MAX_BYTES = int(os.environ.get("IMAGE_UPLOAD_MAX_BYTES", 15 * 1024 * 1024))
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", 40_000_000))

# Briefing files larger than this are refused by the importer (command and admin upload).
BRIEFING_IMPORT_MAX_BYTES = int(os.environ.get("BRIEFING_IMPORT_MAX_BYTES", 2 * 1024 * 1024))
# A .docx is a zip: its listing must stay within these before it is parsed (a small file can unpack huge).
BRIEFING_DOCX_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("BRIEFING_DOCX_MAX_UNCOMPRESSED_BYTES", 20 * 1024 * 1024))
BRIEFING_DOCX_MAX_MEMBER_BYTES = 10 * 1024 * 1024
BRIEFING_DOCX_MAX_MEMBERS = 200
# Uploads larger than this are imported by a background task (articles.importers.service), the report emailed.
BRIEFING_IMPORT_TASK_BYTES = int(os.environ.get("BRIEFING_IMPORT_TASK_BYTES", 512 * 1024))

# django-import-export: importing needs an explicit "<app>.import_<model>" permission;
# exporting needs only view access. Every import runs in one transaction.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_FORMATS = [CSV, XLSX, JSON]
# An upload waits for its confirmation in the cache (shared through REDIS_URL) under a random key
# (django-import-export's CacheStorage; an unknown key is a 400): the default temp-folder storage
# would import, then delete, any temp file a crafted confirm form names.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "articles.importers.spreadsheets.UploadAwaitingConfirmation"

TAGGIT_CASE_INSENSITIVE = True

if not DEBUG:
    SESSION_COOKIE_SECURE = env_flag("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_flag("SECURE_COOKIES", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    if env_flag("BEHIND_HTTPS_PROXY"):
        # The proxy terminates TLS and says so in X-Forwarded-Proto.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        SECURE_SSL_REDIRECT = True
        SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 30))
        # Only the operator knows whether every sub-domain speaks https and whether to ask browsers
        # to preload the domain (hard to undo): both off unless set.
        SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS")
        SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD")

# Every log record is one JSON line on standard error (hig_updates.observability.JsonFormatter):
# one per request from hig_updates.requests (INFO), and django.request's errors with their traceback.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "hig_updates.observability.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},  # standard error
    "loggers": {"hig_updates.requests": {"level": "INFO"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
