"""Settings for HIG Updates, driven by environment variables.

SECRET_KEY   required unless DEBUG is on (then a development key is used)
DEBUG        "1"/"true" turns debug mode on; off by default
ALLOWED_HOSTS comma-separated host names
CSRF_TRUSTED_ORIGINS comma-separated origins allowed to post forms (behind a proxy)
BEHIND_HTTPS_PROXY "1" when a proxy terminates TLS: trust X-Forwarded-Proto, redirect to https, HSTS
DATABASE_URL defaults to SQLite in var/; postgres://… for PostgreSQL
REDIS_URL    optional shared cache; local memory otherwise
TASKS_BACKEND "immediate" (default) or "database" (django-tasks-db worker)
LINK_CHECK_TIMEOUT seconds the link checker waits for a server (default 10)
SITE_URL     the site's address, for links in emails (default http://localhost:8000)
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
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
    "taggit",
    "import_export",
    "django_tasks_db",
    "articles",
    "actors",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite connections are cheap and must not be shared across threads.
    DATABASES["default"]["CONN_MAX_AGE"] = 0

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

# The link checker (articles/links.py): seconds to wait per request, and requests at once.
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
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = BASE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Console in development; set EMAIL_BACKEND (e.g. django.core.mail.backends.smtp.EmailBackend) in production.
MAILERS = {"default": {"BACKEND": os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "HIG Updates <updates@localhost>")

LOGIN_URL = "admin:login"

SITE_NAME = "HIG Updates"
# Emails (review links, reminders) are sent outside a request, so they need the site's address.
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")

# Briefing files larger than this are refused by the importer (command and admin upload).
BRIEFING_IMPORT_MAX_BYTES = int(os.environ.get("BRIEFING_IMPORT_MAX_BYTES", 2 * 1024 * 1024))

# django-import-export: importing needs an explicit "<app>.import_<model>" permission;
# exporting needs only view access. Every import runs in one transaction.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_FORMATS = [CSV, XLSX, JSON]

TAGGIT_CASE_INSENSITIVE = True

if not DEBUG:
    SESSION_COOKIE_SECURE = env_flag("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_flag("SECURE_COOKIES", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    if env_flag("BEHIND_HTTPS_PROXY"):
        # The proxy terminates TLS and says so in X-Forwarded-Proto.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        SECURE_SSL_REDIRECT = True
        SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 30))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
