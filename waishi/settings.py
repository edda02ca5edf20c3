"""The one settings module. Every value that differs between machines comes from the
environment (see the README's table); office policy lives in the database instead."""

from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from waishi.env import env_bool, env_header, env_int, env_list, env_networks, env_str

# Django's generic classes take their type in the code too (ModelForm[Unit]), as mypy reads it.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("WAISHI_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_countries",
    "axes",
    "django_htmx",
    "csp",
    "bootstrap",
    "heroicons",
    "rules.apps.AutodiscoverRulesConfig",
    "dbbackup",
    "django_tasks",
    "django_tasks_db",
    "waishi.core",
    "waishi.people",
    "waishi.workflow",
    "waishi.partners",
    "waishi.agreements",
    "waishi.programs",
    "waishi.plans",
    "waishi.confucius",
    "waishi.travel",
    "waishi.visits",
    "waishi.conferences",
    "waishi.public",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "waishi.core.middleware.UserLanguageMiddleware",
    # Last, so that a lockout answers before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "waishi.urls"
WSGI_APPLICATION = "waishi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "waishi.core.context_processors.shell",
            ],
        },
    },
]

# Data -------------------------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'waishi.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; a busy timeout instead of "locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX", "waishi")
# Public pages are cached whole (waishi/core/page_cache.py), in Redis when REDIS_URL is set (one
# cache for every server process), else in each process's memory. A Redis that is down or
# slower than these timeouts is a miss, never an error (waishi/core/cache_backend.py).
CACHES = {
    "default": (
        {
            "BACKEND": "waishi.core.cache_backend.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "waishi"}
    ),
}
# Sessions are kept in the database, never in the cache: a restarted cache logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Accounts ---------------------------------------------------------------------------------

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "public:overview"

AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The lockout counts per client address: behind a reverse proxy, the one the proxy passes in
# TRUSTED_PROXY_HEADER, believed only from TRUSTED_PROXIES (waishi/core/client_ip.py).
AXES_CLIENT_IP_CALLABLE = "waishi.core.client_ip.client_address"
TRUSTED_PROXY_HEADER = env_header("TRUSTED_PROXY_HEADER")
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
if TRUSTED_PROXY_COUNT < 1:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 1 or more")
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES", ["127.0.0.1", "::1"])

SESSION_COOKIE_AGE = env_int("SESSION_HOURS", 12) * 3600

# Languages and time -----------------------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

# The home institution: data, not code, so another university sets its own.
HOME_INSTITUTION_NAME_ZH = env_str("HOME_INSTITUTION_NAME_ZH", "湘潭大学")
HOME_INSTITUTION_NAME_EN = env_str("HOME_INSTITUTION_NAME_EN", "Xiangtan University")
# The inviter on letters (a consulate asks for the address and telephone).
HOME_INSTITUTION_ADDRESS_ZH = env_str(
    "HOME_INSTITUTION_ADDRESS_ZH", "湖南省湘潭市雨湖区羊牯塘 411105"
)
HOME_INSTITUTION_ADDRESS_EN = env_str(
    "HOME_INSTITUTION_ADDRESS_EN", "Yanggutang, Yuhu District, Xiangtan, Hunan 411105, China"
)
OFFICE_PHONE = env_str("OFFICE_PHONE", "")
OFFICE_NAME_ZH = env_str("OFFICE_NAME_ZH", "国际交流合作处")
OFFICE_NAME_EN = env_str("OFFICE_NAME_EN", "International Exchange and Cooperation Office")

# Static and uploaded files ----------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(VAR_DIR / "backups")))
# Uploads are served only through views that check permission, never by URL.
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
    # Backups of the database and the uploaded files (manage.py backup, waishi/core/backup.py).
    "dbbackup": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(BACKUP_DIR)},
    },
}
DBBACKUP_HOSTNAME = "waishi"
DBBACKUP_CLEANUP_KEEP = env_int("BACKUP_KEEP", 14)
DBBACKUP_SEND_EMAIL = False
DBBACKUP_CONNECTOR_MAPPING = {"django.db.backends.sqlite3": "waishi.core.backup.SqliteConnector"}
# Serve from the apps' folders too, so a run without collectstatic still has its assets.
WHITENOISE_USE_FINDERS = True
UPLOAD_MAX_MB = env_int("UPLOAD_MAX_MB", 20)
# The most rows one Excel import reads (all sheets together); a larger file is refused.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 20000)
# An import of a larger file (in KB) is read and written by the background worker, with its
# progress on a page of its own (waishi/core/jobs.py); a smaller one answers at once.
IMPORT_INLINE_KB = env_int("IMPORT_INLINE_KB", 256)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Background work: Django's task framework (django-tasks), its tasks kept in the database and
# run by `manage.py db_worker` (`make run` starts one; see the README's "Deploying").
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# E-mail -----------------------------------------------------------------------------------

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Where the site is reached, for links in e-mails (e.g. https://waishi.example.edu); unset, the
# port `make run` serves on.
SITE_URL = env_str("SITE_URL", f"http://127.0.0.1:{env_int('PORT', 8000)}")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "waishi@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security ---------------------------------------------------------------------------------

HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# API --------------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "waishi.core.api_filters.FilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "waishi.core.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "waishi.core.api_schema.WaishiAutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Waishi API",
    "DESCRIPTION": "The API of the international office's working system (Waishi).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choices that share a field name across apps get names of their own in the schema.
    "ENUM_NAME_OVERRIDES": {
        "GuestRoleEnum": "waishi.visits.enums.GuestRole",
        "ParticipantRoleEnum": "waishi.conferences.enums.ParticipantRole",
    },
}

# Logging: one line per event to stdout; no request bodies, so no personal data.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stdout"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
