"""congan settings: every value comes from the environment (see docs/operations.md)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import django
from django.core.exceptions import ImproperlyConfigured

from congan.config.env import envbool, envint, envlist, envsecret, envstr
from congan.config.files import private_dir, private_sqlite
from congan.config.keys import envkeyring

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(envstr("CONGAN_DATA_DIR", str(Path.cwd() / "var"))).resolve()
private_dir(DATA_DIR)  # 0700: it holds the SQLite file and the generated keys (config/files.py)

PRODUCTION = envbool("CONGAN_PRODUCTION", False)
DEBUG = envbool("CONGAN_DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("CONGAN_DEBUG cannot be on in production (CONGAN_PRODUCTION=true)")
SECRET_KEY = envsecret(
    "CONGAN_SECRET_KEY", fallback_file=None if PRODUCTION else DATA_DIR / "secret_key", min_length=50
)
#: The keys of the audit chain, outside the database (see org/audit.py and config/keys.py).
CONGAN_AUDIT_KEYS = envkeyring(
    "CONGAN_AUDIT_KEY", fallback_file=None if PRODUCTION else DATA_DIR / "audit_key"
)
#: The keys sealing personal data field by field (org/crypto.py), outside the database and kept
#: apart from its backups; the first is current, older ones still open what they sealed.
CONGAN_DATA_KEYS = envkeyring(
    "CONGAN_DATA_KEY", fallback_file=None if PRODUCTION else DATA_DIR / "data_key"
)
#: Signed checkpoints of the chain's head go here, outside the database, every N entries and at
#: each `congan audit verify`; in production a directory on another machine or a write-once mount.
CONGAN_AUDIT_CHECKPOINT_DIR = Path(envstr("CONGAN_AUDIT_CHECKPOINT_DIR", str(DATA_DIR / "audit-checkpoints")))
CONGAN_AUDIT_CHECKPOINT_EVERY = envint("CONGAN_AUDIT_CHECKPOINT_EVERY", 1000)
ALLOWED_HOSTS = envlist("CONGAN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("CONGAN_CSRF_TRUSTED_ORIGINS", [])

DATABASES = {
    "default": dj_database_url.parse(
        envstr("CONGAN_DATABASE_URL", f"sqlite:///{DATA_DIR / 'congan.sqlite3'}"),
        conn_max_age=envint("CONGAN_DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and IMMEDIATE transactions let the embedded demo survive concurrent clicks.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    private_sqlite(DATABASES["default"]["NAME"])  # 0600 before SQLite creates it, and so its -wal/-shm
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

#: congan's own apps, in dependency order (registers before reports, the project's verbs last;
#: architecture.json). An app not present in this build is simply absent: URLs, API routers,
#: importers, demo data and navigation follow (congan.project.discovery).
CONGAN_APPS = [
    f"congan.{name}"
    for name in ("org", "registry", "dataquality", "cases", "traffic", "campaigns", "reports", "project")
    if (PACKAGE_DIR / name / "apps.py").exists()
]

# The project's apps first: their catalogues (and templates) win over Django's own, so "Action" or
# "History" reads as the project translates it, not as the admin site does.
INSTALLED_APPS = [
    *CONGAN_APPS,
    "congan.importing",  # the import framework's catalogue (its messages on the web, in the user's language)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "ninja",
    "django_tasks_db",
]

#: Background jobs (imports started from the web, cleansing runs): Django's tasks framework with a
#: database-backed queue; `congan worker` (started by `congan serve`) runs them (docs/operations.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
#: Uploaded files waiting for their job, and each job's progress: private, beside the data.
CONGAN_JOBS_DIR = private_dir(Path(envstr("CONGAN_JOBS_DIR", str(DATA_DIR / "jobs"))))
# A large upload spills to disk while it arrives: into the private jobs directory, not /tmp.
FILE_UPLOAD_TEMP_DIR = str(CONGAN_JOBS_DIR)
FILE_UPLOAD_PERMISSIONS = 0o600
#: The largest file an import from the web takes (MB).
CONGAN_UPLOAD_MAX_MB = envint("CONGAN_UPLOAD_MAX_MB", 200)

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "congan.org.middleware.LanguageMiddleware",
    "congan.org.middleware.QueryGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "congan.org.middleware.DenialAuditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]
if django.VERSION >= (6, 0):  # Django's own Content-Security-Policy (the 5.2 line on Python 3.11 has none)
    from django.utils.csp import CSP

    MIDDLEWARE.insert(1, "django.middleware.csp.ContentSecurityPolicyMiddleware")
    SECURE_CSP = {
        "default-src": [CSP.SELF],
        "script-src": [CSP.SELF],
        "style-src": [CSP.SELF, CSP.NONCE],
        # The report charts are matplotlib SVGs, which colour every shape with a style attribute.
        "style-src-attr": [CSP.UNSAFE_INLINE],
        "img-src": [CSP.SELF, "data:"],
        "object-src": [CSP.NONE],
        "base-uri": [CSP.NONE],
        "form-action": [CSP.SELF],
        "frame-ancestors": [CSP.NONE],
    }

ROOT_URLCONF = "congan.config.urls"
WSGI_APPLICATION = "congan.config.wsgi.application"

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
                "django.template.context_processors.i18n",
                "congan.org.context_processors.navigation",
                *(["django.template.context_processors.csp"] if django.VERSION >= (6, 0) else []),
            ],
        },
    }
]

AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Throttled login (org/throttle.py): a (username, address) pair is locked after a few failures, an
# address after more; the cool-off runs from the last counted failure, and attempts while locked
# do not restart it. The address is the client's, from CONGAN_CLIENT_IP_HEADER behind a proxy.
AXES_HANDLER = "congan.org.throttle.Throttle"
AXES_FAILURE_LIMIT = envint("CONGAN_LOGIN_FAILURE_LIMIT", 5)
CONGAN_LOGIN_ADDRESS_FAILURE_LIMIT = envint("CONGAN_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = envint("CONGAN_LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "congan.org.audit.client_address"
AXES_LOCKOUT_CALLABLE = "congan.org.throttle.lockout_response"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("CONGAN_SESSION_SECONDS", 8 * 3600)
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# In production every request is HTTPS: plain HTTP is redirected and browsers are told (HSTS) never
# to try it again. The TLS proxy in front says a request came over HTTPS in this header.
SECURE_SSL_REDIRECT = PRODUCTION
SECURE_HSTS_SECONDS = envint("CONGAN_HSTS_SECONDS", 365 * 24 * 3600) if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = (envstr("CONGAN_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO"), "https")
# Behind a reverse proxy, the client's address for the audit trail comes from this header.
CONGAN_CLIENT_IP_HEADER = envstr("CONGAN_CLIENT_IP_HEADER", "")

LANGUAGE_CODE = "vi"
# Each app carries its own catalogue in <app>/locale; language names are shown in their own language.
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
USE_I18N = True
# Stored in UTC, shown in Vietnam's time everywhere (pages, documents, exports).
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
# Counts read 1.234.567 in Vietnamese and 1,234,567 in English (config/formats/vi: Django's own vi
# formats have no grouping). A number that is a code, a year or an id is shown with
# |stringformat:"d" (or "s") so it is never grouped; form inputs and JSON are not localized.
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["congan.config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
WHITENOISE_USE_FINDERS = True

#: The city this installation serves (GSO code of the 2025 province) and its old provinces.
CONGAN_CITY_CODE = envstr("CONGAN_CITY_CODE", "92")

#: Recording-integrity flags (congan.reports.integrity; docs/reports.md): a unit is flagged when its
#: share reaches the limit, or RATIO_TO_CITY_PERCENT of the city's share; under MIN_CASES never.
CONGAN_INTEGRITY = {name: envint(f"CONGAN_INTEGRITY_{name.upper()}", default) for name, default in (
    ("ratio_to_city_percent", 150), ("min_cases", 5),
    ("downgrade_percent", 10), ("no_crime_percent", 10),
    ("late_clearing_days", 7), ("late_clearing_percent", 50),
    ("backdating_days", 7), ("backdating_percent", 5),
    ("late_recording_days", 30), ("late_recording_percent", 10),
)}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("CONGAN_LOG_LEVEL", "WARNING")},
}
