"""One settings module, driven by the environment (see .env.example).

Nothing set: SQLite under var/, console e-mail, debug off, local media. Production sets SECRET_KEY,
DATABASE_URL, ALLOWED_HOSTS and HTTPS=1 and passes `manage.py check --deploy`.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
# SQLite cannot create its folder; making it here keeps "nothing configured" working on a fresh clone.
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# The fallback key only ever signs development sessions; check --deploy flags it if it reaches production.
SECRET_KEY = os.environ.get("SECRET_KEY", "django-insecure-development-key-do-not-use-in-production")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A refused form goes back to its page with a message rather than to a bare 403 (catalog.errors).
CSRF_FAILURE_VIEW = "catalog.errors.csrf_failure"
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    # Tokens for other agencies' systems (one per account, revocable in the admin).
    "rest_framework.authtoken",
    "drf_spectacular",
    # Swagger UI's files served from our own static folder: no CDN, and the strict CSP holds.
    "drf_spectacular_sidecar",
    "django_filters",
    "import_export",
    "axes",
    # Optional two-step sign-in (time-based codes) for the secretariat and administrators (catalog.two_factor).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "catalog",
    "scoring",
    "awards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Security and bad input (catalog.middleware): no cache keeps a signed-in page or a file; a body past the
    # upload limits is refused before it is read.
    "catalog.middleware.PrivateNoStoreMiddleware",
    "catalog.middleware.RefuseOversizedBodyMiddleware",
    # Compresses HTML and JSON (a list page shrinks ~6×) for rural mobile connections; outermost after the
    # security headers so it sees the final body. Django's version pads against BREACH; static files arrive
    # already compressed from WhiteNoise and are left alone.
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "catalog.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified() and otp_device from the session (django-otp); then the second sign-in step.
    "django_otp.middleware.OTPMiddleware",
    "catalog.middleware.TwoFactorMiddleware",
    # A NUL byte in the address, query or form answers 400 (PostgreSQL cannot take one); an id in the address
    # past 64 bits answers 404 (SQLite cannot bind one).
    "catalog.middleware.RefuseBadInputMiddleware",
    # A 405 answers the Vietnamese error page instead of Django's empty body.
    "catalog.middleware.MethodNotAllowedPageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Login throttling (django-axes); last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    {
        # Only for the public catalogue's cards (see config/jinja2.py); found after the Django templates.
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "config.jinja2.environment", "autoescape": True},
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        # Off unless asked for: the check is one more round trip ("SELECT 1") before every request's first query,
        # measured at 14 % of a PostgreSQL list page's time in the worker. Without it, the first request a
        # worker serves after the database restarted answers 500, and Django then drops the broken connection.
        conn_health_checks=os.environ.get("CONN_HEALTH_CHECKS", "0") == "1",
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Short queries only: PostgreSQL's JIT compiler spends more time compiling a list page's query (1.7 s of
    # 2.9 s, measured) than running it. An index probe costs about a sequential page on SSDs and in the cache
    # (PostgreSQL's default of 4 dates from spinning disks): with it, a search's window of 2,880 listing rows
    # joined its words by scanning all 100,000 (86 ms, measured) instead of probing them (6 ms).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off -c random_page_cost=1.1"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo's readers and one writer work at once; busy timeout waits instead of failing.
    # Immediate transactions take the write lock at BEGIN, so two judges saving at once wait for each other
    # (up to the timeout) instead of one failing with "database is locked" when its read turns into a write.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "catalog.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "catalog:dashboard"
LOGOUT_REDIRECT_URL = "home"

# Login throttling on the site and the admin (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one
# e-mail from one address, that pair is refused (even with the right password) for AXES_COOLOFF_TIME; a right
# password before that resets the count. The lock page is templates/registration/locked.html.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Both login forms (ours and the admin's) name the e-mail "username"; it is counted case-insensitively.
AXES_USERNAME_FORM_FIELD = "username"


def AXES_USERNAME_CALLABLE(request, credentials):  # noqa: N802 (a setting)
    username = (credentials or {}).get("username") or request.POST.get("username") or ""
    return username.strip().lower()


AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
# Behind the reverse proxy the client's address is the right-most X-Forwarded-For entry the proxy appended;
# AXES_PROXY_COUNT says how many proxies stand in front (README, deployment). 0: REMOTE_ADDR only.
if int(os.environ.get("AXES_PROXY_COUNT", "0")):
    AXES_IPWARE_PROXY_COUNT = int(os.environ["AXES_PROXY_COUNT"])
    AXES_IPWARE_PROXY_ORDER = "right-most"
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first, English available; dates dd/mm/yyyy through config/formats.
LANGUAGE_CODE = "vi"
# The name authenticator apps show beside the account (catalog.two_factor).
OTP_TOTP_ISSUER = "CNNT tiêu biểu"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# LOCALE_DIR lets the translation-completeness test extract into a scratch copy.
LOCALE_PATHS = [Path(os.environ.get("LOCALE_DIR", BASE_DIR / "config" / "locale"))]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every start until collectstatic has made it.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Documents: outside MEDIA_ROOT and without any URL (see catalog.storage).
    "private": {"BACKEND": "catalog.storage.PrivateStorage"},
    # Hashed, compressed files after collectstatic (the demo command runs it); plain files while debugging.
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Several app servers share media through any S3-compatible store (django-storages) when S3_BUCKET is set:
# public files (photos, thumbnails) under media/, served from the store's address; private files (documents,
# frozen dossiers, generated PDFs and ZIPs) under private/ with a private ACL and no URL at all — they leave only
# through the permission-checked views, which stream them from the store (catalog.storage).
# S3_PREFIX puts both under one more folder, so several deployments (or test runs) can share a bucket.
S3_BUCKET = os.environ.get("S3_BUCKET", "")
S3_PREFIX = os.environ.get("S3_PREFIX", "").strip("/")
if S3_BUCKET:
    _s3_folder = f"{S3_PREFIX}/" if S3_PREFIX else ""
    _s3 = {
        "bucket_name": S3_BUCKET,
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
        "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
        "region_name": os.environ.get("S3_REGION", "us-east-1"),
        "file_overwrite": False,
    }
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        **_s3, "location": f"{_s3_folder}media", "default_acl": "public-read", "querystring_auth": False,
        "custom_domain": os.environ.get("S3_PUBLIC_DOMAIN") or None}}
    STORAGES["private"] = {"BACKEND": "catalog.storage.PrivateS3Storage", "OPTIONS": {
        **_s3, "location": f"{_s3_folder}private", "default_acl": "private", "querystring_auth": True}}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
# Without a reverse proxy (the embedded demo) Django serves the public media folder itself.
SERVE_MEDIA = env_bool("SERVE_MEDIA", default=True)

# Upload limits: Django refuses bigger request bodies before our validators even run.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
PHOTO_MAX_BYTES = int(os.environ.get("PHOTO_MAX_BYTES", 10 * 1024 * 1024))
# The most pixels an uploaded image is ever decoded to (catalog.uploads): 12 Mpx is a full phone photo and costs
# ~0.3 s and ~100 MB; a bigger JPEG is decoded at 1/2–1/8 scale, a bigger PNG/WebP refused.
PHOTO_MAX_PIXELS = int(os.environ.get("PHOTO_MAX_PIXELS", 12_000_000))
DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_BYTES", 10 * 1024 * 1024))
# Spreadsheet imports (catalog.uploads.validate_spreadsheet_upload): the file, what its zip may unpack to (a
# 10,000-row XLSX unpacks to ~5 MB; a zip bomb to gigabytes) and the rows one import takes.
SPREADSHEET_MAX_BYTES = int(os.environ.get("SPREADSHEET_MAX_BYTES", 10 * 1024 * 1024))
SPREADSHEET_MAX_UNPACKED_BYTES = int(os.environ.get("SPREADSHEET_MAX_UNPACKED_BYTES", 100 * 1024 * 1024))
SPREADSHEET_MAX_ROWS = int(os.environ.get("SPREADSHEET_MAX_ROWS", 20_000))
# Any request body past this is refused from its Content-Length before it is read (catalog.middleware); the
# largest ordinary upload is a 20 MB decision scan. Views named here take more (artisan video evidence).
REQUEST_BODY_MAX_BYTES = int(os.environ.get("REQUEST_BODY_MAX_BYTES", 21 * 1024 * 1024))
ARTISAN_VIDEO_MAX_BYTES = int(os.environ.get("ARTISAN_VIDEO_MAX_BYTES", 200 * 1024 * 1024))
REQUEST_BODY_LARGE_VIEWS = {"artisans:evidence_add": ARTISAN_VIDEO_MAX_BYTES + 1024 * 1024}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "CNNT tiêu biểu <no-reply@cnnt.local>")

# Background work (catalog.jobs, catalog.mail's outbox) through Django's tasks API (the django-tasks backport).
# TASK_BACKEND=database: tasks are rows in the existing database, run by `manage.py db_worker` on any number of
# machines. Otherwise (the embedded demo, the tests) the immediate backend runs them in-process after commit.
TASK_BACKEND = os.environ.get("TASK_BACKEND", "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[TASK_BACKEND],
    }
}
JOB_MAX_ATTEMPTS = int(os.environ.get("JOB_MAX_ATTEMPTS", "3"))
JOB_RETRY_SECONDS = int(os.environ.get("JOB_RETRY_SECONDS", "30"))
TASK_QUEUE_MAX_WAIT = int(os.environ.get("TASK_QUEUE_MAX_WAIT", "600"))  # seconds; /healthz/ready fails past it
MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "8"))
# A round report file with more ranking rows than this is made by a background job (scoring.report_files):
# WeasyPrint lays out ~10 rows a second, so 300 rows is the most a request should wait for.
# A spreadsheet export with more rows than this (the nominations list with its filters, scoring.exports; the
# round report's XLSX, scoring.report_files) is made by a background job and offered on a progress page.
EXPORT_INLINE_MAX_ROWS = int(os.environ.get("EXPORT_INLINE_MAX_ROWS", "2000"))
REPORT_INLINE_MAX_ROWS = {"pdf": int(os.environ.get("REPORT_PDF_INLINE_MAX_ROWS", "300"))}
# Days after its job ended that `manage.py prune_uploads` deletes an uploaded import file (the job's findings stay)
# and a made file (an export, a report, a certificate ZIP: it can be made again). catalog.jobs.prune_files.
IMPORT_UPLOAD_RETENTION_DAYS = int(os.environ.get("IMPORT_UPLOAD_RETENTION_DAYS", "7"))
EXPORT_FILE_RETENTION_DAYS = int(os.environ.get("EXPORT_FILE_RETENTION_DAYS", "7"))

CACHES = {
    "default": (
        # Shared by every app server (the `redis` client is a dependency); REDIS_KEY_PREFIX separates sites or
        # test runs sharing one server.
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"],
         "KEY_PREFIX": os.environ.get("REDIS_KEY_PREFIX", "cnnt")}
        if os.environ.get("REDIS_URL")
        # Room for the public catalogue's cached fragments (Django's default is 300 entries).
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 3000}}
    )
}

# Public catalogue fragments (catalog.public.cache). Short, because with the default per-process locmem cache
# another process sees a change only when its copy expires; with Redis invalidation is immediate everywhere.
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", "300"))

REST_FRAMEWORK = {
    # Token for other agencies' systems, session (with CSRF) for the site's own pages. Token first, so an
    # unauthenticated request gets 401 with a WWW-Authenticate header rather than 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "catalog.rest.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["catalog.rest.AnonThrottle", "catalog.rest.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_ANON_RATE", "120/minute"),
        "user": os.environ.get("API_USER_RATE", "1200/minute"),
    },
    # The services' ValidationError and PermissionDenied become field-by-field JSON (catalog.rest).
    "EXCEPTION_HANDLER": "catalog.rest.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CNNT tiêu biểu API",
    "DESCRIPTION": "Sản phẩm công nghiệp nông thôn tiêu biểu và danh hiệu nghệ nhân: danh mục công khai, hồ sơ "
                   "của cơ sở, chấm điểm, thư ký hội đồng.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One schema name per choice set used by several fields.
    "ENUM_NAME_OVERRIDES": {
        "NominationStateEnum": "scoring.enums.NominationState",
        "RoundStateEnum": "scoring.enums.RoundState",
        "ProductGroupEnum": "catalog.enums.ProductGroup",
        "PhotoRoleEnum": "catalog.enums.PhotoRole",
        "JuryRoleEnum": "scoring.enums.JuryRole",
        "CertificateStatusEnum": "catalog.enums.CertificateStatus",
        "DecisionStateEnum": "awards.enums.DecisionState",
        "ArtisanNominationStateEnum": "awards.artisans.enums.NominationState",
        "ArtisanTitleEnum": "awards.artisans.enums.Title",
        "CouncilLevelEnum": "awards.artisans.enums.CouncilLevel",
        "CouncilMemberRoleEnum": "awards.artisans.enums.MemberRole",
        "CouncilSessionStateEnum": "awards.artisans.enums.SessionState",
        "EvidenceKindEnum": "awards.artisans.enums.EvidenceKind",
        "PrizeLevelEnum": "awards.artisans.enums.PrizeLevel",
        "DocumentKindEnum": "catalog.enums.DocumentKind",
        "RoundLevelEnum": "catalog.enums.Level",
    },
}

IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Spelled out (the library's default) because imports are all-or-nothing: catalog.resources rolls back
# the whole file on any bad row, which only works inside a transaction.
IMPORT_EXPORT_USE_TRANSACTIONS = True

# Complaints: filed within 15 working days of the result notice, answered within 10 (Thông tư 26/2014). The
# holidays themselves are data (awards.PublicHoliday, edited in the admin).
COMPLAINT_FILING_WORKING_DAYS = int(os.environ.get("COMPLAINT_FILING_WORKING_DAYS", "15"))
COMPLAINT_ANSWER_WORKING_DAYS = int(os.environ.get("COMPLAINT_ANSWER_WORKING_DAYS", "10"))

# HTTPS=1 behind a TLS-terminating proxy turns on every transport protection check --deploy asks for.
HTTPS = env_bool("HTTPS")
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# A strict policy: our templates carry no inline script or style. The admin (staff only, Django's and
# import-export's own templates) is left out because it still uses inline script.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/quan-tri/"],
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
    },
}
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# LOG_FORMAT=json: one JSON object a line (time, level, logger, message, exception), for a log collector.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "pythonjsonlogger.json.JsonFormatter",
                 "fmt": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s",
                 "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"}},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler",
                             "formatter": "json" if os.environ.get("LOG_FORMAT") == "json" else "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Error reports to Sentry (or a compatible service) only when SENTRY_DSN is set; the client is optional
# (`pip install -e '.[sentry]'`). No personal data is sent.
if os.environ.get("SENTRY_DSN"):
    import sentry_sdk

    sentry_sdk.init(dsn=os.environ["SENTRY_DSN"], send_default_pii=False,
                    environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
                    traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")))
