"""Settings shared by every environment. Environment differences come from variables (django-environ)."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from .storage import storages_from_env

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    env.read_env(str(BASE_DIR / ".env"))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

# ---------------------------------------------------------------- database
# DATABASE_URL unset: an embedded SQLite file under var/; set: usually PostgreSQL.
if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    # A connection kept between requests is checked before a request uses it: after a database restart the next
    # request reconnects instead of failing (tests/test_service_faults.py).
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
else:
    VAR_DIR.mkdir(exist_ok=True)
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(VAR_DIR / "db.sqlite3")}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Whatever names the file (the default or a sqlite:// URL). WAL: readers never wait for the writer. IMMEDIATE: a
    # request's transaction takes the write lock when it begins, so two saves queue instead of one failing "database
    # is locked" when it upgrades from reading. timeout: how long a save waits in that queue (seconds).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        **DATABASES["default"].get("OPTIONS", {}),
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# A PostgreSQL read replica for the roll-up pages' reads (config/routers.py); unset: every read from default.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **env.db("DATABASE_REPLICA_URL"),
        "CONN_MAX_AGE": DATABASES["default"].get("CONN_MAX_AGE", 0),
        "CONN_HEALTH_CHECKS": DATABASES["default"].get("CONN_HEALTH_CHECKS", False),
        "TEST": {"MIRROR": "default"},  # a test run reads the test database through it
    }
    DATABASE_ROUTERS = ["config.routers.ReplicaRouter"]
REPLICA_READ_VIEWS = ("report_rollup", "report_rollup_progress", "api_rollup")
# The grids post a page at a time: a page of the assignment grid holds at most 800 cells of two fields each (value
# and version, targets.selectors.ASSIGN_CELLS_PER_PAGE), so about 1,600 fields; more only for the one unit a page
# shows when a section has more than 800 figures (up to 2,499 of them fit). A unit's own grid posts three per figure.
# Django's 1,000 refused such pages; beyond 5,000 is no page of ours, only abuse (the Vietnamese 400 page).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5_000
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------- apps
DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_tables2",
    "treebeard",
    "simple_history",
    "django_celery_beat",
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]
LOCAL_APPS = [
    "accounts",
    "units",
    "campaigns",
    "targets",
    "reports",
    "scoring",
    "notices",
    "summaries",
    "people",
    "awards",
    "nominations",
    "documents",
    "api",
    "demo",  # load_demo: every app's demo, from above them all
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]
if "replica" in DATABASES:  # after the user is looked up (on default): the view's reads go to the replica
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
        "config.routers.ReplicaReadsMiddleware",
    )

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
                "django.template.context_processors.i18n",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.user_units",
                "notices.context_processors.unread",
            ],
        },
    }
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# ---------------------------------------------------------------- language, time, numbers
LANGUAGE_CODE = "vi"
# Vietnamese whatever the browser asks for: no LocaleMiddleware, one language.
LANGUAGES = [("vi", _("Vietnamese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Not True: Django would then also group ids and versions in templates ("reg-7.081"), breaking forms and links once
# a table passes 999 rows. Quantities shown to users go through targets.numbers / units.vn, which always write the
# Vietnamese form (1.105; 7,5); the decimal comma still comes from the "vi" formats.
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["config.formats"]

# ---------------------------------------------------------------- static and media
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media"))
# Uploaded and generated files: the local disk under MEDIA_ROOT, or an S3-compatible bucket with STORAGE_BACKEND=s3
# (config/settings/storage.py). Code reaches them only through the storage API, never a path on disk.
STORAGES = storages_from_env(env.ENVIRON)  # after read_env: .env counts too

# ---------------------------------------------------------------- cache and sessions
# REDIS_URL set (production, docker-compose): the cache and the sessions live in Redis, so any web process answers
# any request and more web processes can be added behind the proxy. Unset: the process's own memory and database
# sessions, as an embedded install needs nothing else.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# ---------------------------------------------------------------- forms and tables
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

# ---------------------------------------------------------------- e-mail
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = env("DJANGO_EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Thi đua <thidua@localhost>")
# The host and scheme written into links in e-mails sent by workers, which have no request.
SITE_URL = env("DJANGO_SITE_URL", default="http://127.0.0.1:8000")  # printed in issued documents' QR codes

# Digital signatures: the PKCS#12 passwords are kept encrypted with keys derived from these (the first encrypts;
# list an old one after a new one to rotate). Unset: derived from SECRET_KEY.
SIGNING_SECRET_KEYS = env.list("SIGNING_SECRET_KEYS", default=[])
# Where `load_demo` keeps the demo certificate authority's key (never in the database; demo use only).
DEMO_CA_DIR = env.path("DEMO_CA_DIR", default=str(BASE_DIR / "var" / "demo-ca"))

# ---------------------------------------------------------------- Celery
# CELERY_BROKER_URL unset: tasks run in the calling process as soon as they are enqueued.
_BROKER = env("CELERY_BROKER_URL", default="")
CELERY_BROKER_URL = _BROKER or "memory://"
CELERY_TASK_ALWAYS_EAGER = not _BROKER
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TIMEZONE = TIME_ZONE
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_TIME_LIMIT = 10 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 5 * 60
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Redis delivers a message again when its worker died without acknowledging it (killed in the middle of a
    # render) after this many seconds: longer than any task may run, or a slow task would run twice.
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 5 * 60),
    # A broker that accepts the connection and never answers fails a publish in seconds, not never.
    "socket_timeout": 2,
    "socket_connect_timeout": 2,
}
# WeasyPrint keeps about 0.4 MiB per document it renders: a pool process is replaced after this many tasks.
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=200)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# ---------------------------------------------------------------- failed-login throttling (django-axes)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# ---------------------------------------------------------------- Content-Security-Policy, with django-csp
# Every page loads scripts, styles, fonts and images from this site only, and runs no inline script, no inline
# event handler, no eval and no inline style: a page's behaviour is a static file under static/js/ reading data-*
# attributes (static/js/app.js), its looks classes in static/css/app.css. data: is for the images shown inline
# (signature and seal images, QR codes, Bootstrap's icons in its CSS). The document previews framed by their own
# page replace frame-ancestors with 'self' and allow their exact inline styles by hash (documents.preview).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# ---------------------------------------------------------------- the REST API (/api/v1/, the api app)
# Personal tokens (accounts.tokens) or the browser's session; every answer in one error body (api.errors); at most
# API_PAGE_SIZE_MAX rows a page; each token (or session user) throttled to API_THROTTLE_RATE requests.
API_PAGE_SIZE = 50
API_PAGE_SIZE_MAX = 200
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api_token": env("API_THROTTLE_RATE", default="1200/hour")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Thi đua API",
    "DESCRIPTION": "Đọc và ghi dữ liệu thi đua theo đúng phạm vi đơn vị của người dùng (xem README, mục API).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI from the sidecar package's static files: nothing from another site at run time.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "units.models.UnitKind.choices",
        "CampaignKindEnum": "campaigns.models.CampaignKind.choices",
        "CampaignStatusEnum": "campaigns.models.CampaignStatus.choices",
        "PeriodKindEnum": "reports.models.PeriodKind.choices",
        "ReportStatusEnum": "reports.models.ReportStatus.choices",
    },
}

# ---------------------------------------------------------------- logging
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(asctime)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"level": "INFO", "handlers": ["console"]},
    # WeasyPrint logs each step of a render and fontTools each font table it subsets: some 30 lines a document.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
# Tests give each real worker a queue of its own, so that no other worker can take their tasks.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
