"""Hawl settings: a few environment variables with defaults that run a fresh clone on SQLite."""

import json
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, *, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, *, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = os.environ.get("SECRET_KEY", "django-insecure-dev-only")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default="localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default="")

# Hawl's apps first: their commands (createsuperuser) and templates win over Django's.
INSTALLED_APPS = [
    "core",
    "standards",
    "organisations",
    "people",
    "notifications",
    "catalogue",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "django_htmx",
    "ninja",
    "csp",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "core.middleware.ApiErrorsAsJsonMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.RejectControlCharactersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "core.context_processors.layout",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'hawl.sqlite3'}",
        # Each worker keeps its connection: a new PostgreSQL connection per request costs more
        # than most requests. Checked before reuse, so a restarted database is not an error.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Serialise writers so two bookings cannot interleave; wait rather than fail on a lock.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # No JIT: it compiles a query whose estimated cost is high (the find page's scored
    # suggestions) for longer than the query takes to run — over a second on a small server.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every app server: a table in the database (core's first migration makes
# it). It holds sign-in throttling counters and reference data every user sees alike.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "hawl_cache",
        # Room for every school's, cluster's and authority's directory filters, and throttling.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
# Sessions live in the database too, so any app server can answer any request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
AUTH_USER_MODEL = "people.User"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Django's rules, with messages in Hawl's own catalogue (people.passwords).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "people.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "people.passwords.MinimumLengthValidator"},
    {"NAME": "people.passwords.CommonPasswordValidator"},
    {"NAME": "people.passwords.NumericPasswordValidator"},
]

# django-allauth: accounts are provisioned from schools' MIS data, so nobody signs up here.
# A real deployment adds allauth.socialaccount with OpenID Connect (Hwb / Microsoft Entra ID).
ACCOUNT_ADAPTER = "people.auth.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_FORMS = {
    "login": "people.auth.LoginForm",
    "reset_password": "people.auth.ResetPasswordForm",
    "reset_password_from_key": "people.auth.ResetPasswordKeyForm",
}
# A reset request answers the same whether or not the address has an account, and sends nothing
# to an address without one.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_LOGOUT_ON_GET = False
# Failed sign-ins: 5 in 5 minutes per account and address (people.auth makes the key), 30 a
# minute per address across accounts (a school behind one address is many people). Someone
# elsewhere cannot lock a person out. Counted in the shared cache.
ACCOUNT_RATE_LIMITS = {"login_failed": "30/m/ip,5/5m/key"}
# Behind a load balancer: how many proxies in front of Hawl add to X-Forwarded-For.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "people:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "people:home"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("cy", _("Welsh"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "hawl_language"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Files people upload go to the default storage. On one machine that is MEDIA_ROOT; with more
# than one app server it must be a store they share: STORAGE_BACKEND names a Django storage
# class (e.g. django-storages' "storages.backends.s3.S3Storage" for any S3-compatible store) and
# STORAGE_OPTIONS its options as JSON (docs/deploy.md).
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {
        "BACKEND": os.environ.get("STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": json.loads(os.environ.get("STORAGE_OPTIONS") or "{}"),
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise serves what `hawl collectstatic` put in STATIC_ROOT; only development (DEBUG) also
# finds files where they are written, so production serves exactly what was collected.
WHITENOISE_USE_FINDERS = DEBUG

# `hawl serve` (gunicorn): where it listens and how many worker processes answer.
SERVE_BIND = os.environ.get("BIND", "127.0.0.1:8000")
SERVE_WORKERS = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Hawl <no-reply@hawl.localhost>")
# A send that hangs gives up well inside the worker's lease on a message (notifications.services),
# so no other worker sends it again while this one still might.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "60"))
# Hawl's address as people reach it: the links in emails, written with no request to ask.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Background work (django-tasks): a queue in the database, run by `hawl worker`. Emails are sent
# there, never inside a request.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Who is responsible for the personal data Hawl holds, and how to reach them (privacy notice).
DATA_CONTROLLER = os.environ.get("DATA_CONTROLLER", "Welsh Government")
DATA_CONTROLLER_CY = os.environ.get("DATA_CONTROLLER_CY", "Llywodraeth Cymru")
DATA_PROTECTION_CONTACT = os.environ.get(
    "DATA_PROTECTION_CONTACT", "data-protection@hawl.localhost"
)

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Behind HTTPS (SECURE_COOKIES=true): redirect plain HTTP and send HSTS; health checks stay plain.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=SESSION_COOKIE_SECURE)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS", "31536000" if SESSION_COOKIE_SECURE else "0")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=SESSION_COOKIE_SECURE
)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=SESSION_COOKIE_SECURE)
if env_bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# The language cookie is as safe as the session's: Secure behind HTTPS, never read by scripts.
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "core.views.csrf_failure"

# Content-Security-Policy (django-csp): scripts, styles, fonts and images from Hawl itself only;
# no inline script or style anywhere; no framing; forms post only to Hawl.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# Page sizes are settings so tests and the benchmark can reason about them.
HAWL_PAGE_SIZE = 25
HAWL_API_PAGE_SIZE = 50
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# A staff import that would end the employment of more than this share of a school's current
# staff needs a second, deliberate confirmation.
HAWL_IMPORT_CONFIRM_LEAVERS_PERCENT = int(os.environ.get("IMPORT_CONFIRM_LEAVERS_PERCENT", "20"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
