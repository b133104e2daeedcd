"""voorop settings, configured through environment variables (see docs/configuration.md).

The embedded default is SQLite in ``var/`` beside the checkout; production sets
``DATABASE_URL=postgres://…`` and ``VOOROP_ENV=production``.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = Path(os.environ.get("VOOROP_PROJECT_DIR", PACKAGE_DIR.parent.parent))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# "production", "dev" or "demo". Only dev and demo may run with DEBUG or demo credentials.
VOOROP_ENV = os.environ.get("VOOROP_ENV", "dev")
if VOOROP_ENV not in {"production", "dev", "demo"}:
    raise ImproperlyConfigured("VOOROP_ENV must be production, dev or demo")
IS_PRODUCTION = VOOROP_ENV == "production"
DEMO_MODE = VOOROP_ENV == "demo"

# The demo looks like production (Dutch error pages, no debug pages); VOOROP_DEBUG=1 for dev.
DEBUG = env_bool("VOOROP_DEBUG", default=VOOROP_ENV == "dev") and not IS_PRODUCTION

_INSECURE_DEV_KEY = "dev-only-insecure-key-never-use-in-production-8f3b2c1d9e7a6f5b4c3d2e1f0a9b8c7d"
SECRET_KEY = os.environ.get("SECRET_KEY", "" if IS_PRODUCTION else _INSECURE_DEV_KEY)
if IS_PRODUCTION and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY (>= 50 characters) is required in production")

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", "" if IS_PRODUCTION else "localhost,127.0.0.1,[::1],testserver"
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "voorop.core",  # first: its ready() sets the Dutch first option of every select
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_htmx",
    "voorop.organisations",
    "voorop.accounts",
    "voorop.authz",
    "voorop.audit",
    "voorop.persons",
    "voorop.meldingen",
    "voorop.intake",
    "voorop.cases",
    "voorop.sharing",
    "voorop.safetyplan",
    "voorop.reachability",
    "voorop.assessment",
    "voorop.acuut",
    "voorop.zsm",
    "voorop.actieoverleg",
    "voorop.hssk",
    "voorop.linkage",
    "voorop.seeding",
    "voorop.retention",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "voorop.core.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "voorop.audit.middleware.RequestContextMiddleware",
]

ROOT_URLCONF = "voorop.conf.urls"
WSGI_APPLICATION = "voorop.conf.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "voorop.core.context_processors.voorop",
                "voorop.audit.context_processors.privacy",
                "voorop.authz.context_processors.authz_nav",
            ],
        },
    },
]

_default_sqlite = PROJECT_DIR / "var" / "voorop.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{_default_sqlite}",
        conn_max_age=int(os.environ.get("VOOROP_DB_CONN_MAX_AGE", "60" if IS_PRODUCTION else "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            # A transaction takes the write lock at BEGIN, so appends to the access log's hash
            # chain are serialised (voorop.audit.services).
            "transaction_mode": "IMMEDIATE",
        }
    )
# PostgreSQL role the web application connects as: it gets SELECT and INSERT on the access log
# and nothing more (voorop.audit.privileges). Empty: only PUBLIC is restricted.
VOOROP_DB_APP_ROLE = os.environ.get("VOOROP_DB_APP_ROLE", "")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# How long an emergency access (doorbraak, art. 6 lid 1 sub d AVG) lasts, in hours.
VOOROP_EMERGENCY_ACCESS_HOURS = int(os.environ.get("VOOROP_EMERGENCY_ACCESS_HOURS", "4"))

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("VOOROP_STATIC_ROOT", PROJECT_DIR / "var" / "static"))
NODE_MODULES = Path(os.environ.get("VOOROP_NODE_MODULES", PROJECT_DIR / "node_modules"))
# Front-end packages come from npm (package.json / package-lock.json), never copied in by hand.
STATICFILES_DIRS = [
    ("vendor/utrecht-css", NODE_MODULES / "@utrecht" / "component-library-css" / "dist"),
    ("vendor/utrecht-tokens", NODE_MODULES / "@utrecht" / "design-tokens" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not IS_PRODUCTION
if not IS_PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["voorop.authz.api.IsOrganisationMember"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "voorop.core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "EXCEPTION_HANDLER": "voorop.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "voorop API",
    "DESCRIPTION": (
        "Casusregie Veiligheid Voorop: gezinssystemen, personen en meldingen, "
        "gefilterd op wat de aanroepende organisatie mag zien."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
}

# Security. Production settings pass `voorop check --deploy --fail-level WARNING`.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("VOOROP_SESSION_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if IS_PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("VOOROP_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("VOOROP_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("VOOROP_LOG_LEVEL", "INFO")},
}
