"""Django settings for mentormatch. Everything configurable comes from the environment (and `.env`)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from dotenv import load_dotenv

from mentormatch.scheduling.limits import MAX_SESSIONS_PER_WEEK_RANGE, SESSION_MINUTES_RANGE
from mentormatch.web.config import env_bool, env_float, env_int, env_list, env_str, env_zone

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Real environment variables win over `.env` (override=False).
load_dotenv(os.environ.get("MENTORMATCH_ENV_FILE", BASE_DIR / ".env"), override=False)

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY") or ("insecure-development-key" if DEBUG else "")
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be set (or DEBUG=true for local development).")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "django_tasks_db",
    "mentormatch.scheduling",
    "mentormatch.intake",
    "mentormatch.notifications",
    "mentormatch.dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files (the admin's CSS) served by the app itself, with DEBUG on or off: see docs/running.md.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "mentormatch.web.errors.ApiErrorShapeMiddleware",
    # /api/bot is served as /api/bot/ (no redirect that drops a POST body); before CommonMiddleware.
    "mentormatch.web.slashes.ApiTrailingSlashMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "mentormatch.web.urls"
WSGI_APPLICATION = "mentormatch.web.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'mentormatch.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock at BEGIN, which serialises bookings on SQLite.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Without `collectstatic`, WhiteNoise finds static files in the apps (as runserver does); `make run` sets it.
# Production: run `manage.py collectstatic` and leave it off (files are then served from STATIC_ROOT).
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", DEBUG)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "mentormatch.web.errors.api_exception_handler",
    # DRF's JSON parser, answering JSON nested too deeply with a 400 instead of a RecursionError (a 500).
    "DEFAULT_PARSER_CLASSES": [
        "mentormatch.web.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAdminUser"],
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "mentormatch API",
    "DESCRIPTION": "Scheduling for mentoring programs: form webhooks, the bot API and REST resources.",
    "VERSION": "0.1.0",
}

TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# --- Program ---------------------------------------------------------------------------------------
PROGRAM_NAME = env_str("PROGRAM_NAME", "mentormatch")
PROGRAM_TIMEZONE = env_zone("PROGRAM_TIMEZONE", "America/New_York")
SESSION_MINUTES = env_int("SESSION_MINUTES", 30, bounds=SESSION_MINUTES_RANGE)
MATCH_HORIZON_DAYS = env_int("MATCH_HORIZON_DAYS", 21)
SESSION_BUFFER_MINUTES = env_int("SESSION_BUFFER_MINUTES", 0)
MIN_NOTICE_HOURS = env_float("MIN_NOTICE_HOURS", 2.0)
DEFAULT_MAX_SESSIONS_PER_WEEK = env_int(
    "DEFAULT_MAX_SESSIONS_PER_WEEK", 3, bounds=MAX_SESSIONS_PER_WEEK_RANGE
)
STUDENT_FORM_URL = env_str("STUDENT_FORM_URL", "")
STUDENT_FORM_DISCORD_ID_ENTRY = env_str("STUDENT_FORM_DISCORD_ID_ENTRY", "")
# Linked from the dashboard, for admins to pass on to new professionals.
PROFESSIONAL_FORM_URL = env_str("PROFESSIONAL_FORM_URL", "")

# --- Secrets shared with the forms and the bot ---------------------------------------------------
FORM_WEBHOOK_SECRET = env_str("FORM_WEBHOOK_SECRET")
FORM_WEBHOOK_ALLOW_SHARED_SECRET = env_bool("FORM_WEBHOOK_ALLOW_SHARED_SECRET", True)
FORM_WEBHOOK_MAX_AGE_SECONDS = env_int("FORM_WEBHOOK_MAX_AGE_SECONDS", 300)
FORM_WEBHOOK_MAX_BYTES = env_int("FORM_WEBHOOK_MAX_BYTES", 256 * 1024)
BOT_SHARED_SECRET = env_str("BOT_SHARED_SECRET")
BACKEND_API_URL = env_str("BACKEND_API_URL", f"{SITE_URL}/api").rstrip("/")

# --- Discord -------------------------------------------------------------------------------------
DISCORD_TOKEN = env_str("DISCORD_TOKEN")
DISCORD_GUILD_ID = env_str("DISCORD_GUILD_ID")
DISCORD_ADMIN_ROLE = env_str("DISCORD_ADMIN_ROLE", "")
DISCORD_API_BASE = env_str("DISCORD_API_BASE", "https://discord.com/api/v10")

# --- Email ---------------------------------------------------------------------------------------
# The original setup guide's EMAIL_* variables stay the interface. Django 6.1 deprecates the EMAIL_*
# settings in favour of MAILERS (and refuses both at once), so they are translated here, never set.
_smtp_backend = "django.core.mail.backends.smtp.EmailBackend"
_email_host = env_str("EMAIL_HOST")
_email_backend = env_str(
    "EMAIL_BACKEND", _smtp_backend if _email_host else "django.core.mail.backends.console.EmailBackend"
)
_email_use_ssl = env_bool("EMAIL_USE_SSL", False)
_email_options: dict[str, object] = {}
if _email_backend == _smtp_backend:
    _email_options = {
        "host": _email_host or "localhost",
        "port": env_int("EMAIL_PORT", 465 if _email_use_ssl else 587),
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_str("EMAIL_HOST_PASSWORD"),
        "use_ssl": _email_use_ssl,
        "use_tls": env_bool("EMAIL_USE_TLS", not _email_use_ssl),
        # Seconds before an unresponsive server is given up on; the worker retries the message later.
        "timeout": env_int("EMAIL_TIMEOUT", 10),
    }
    if _email_options["use_ssl"] and _email_options["use_tls"]:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Set at most one of EMAIL_USE_TLS and EMAIL_USE_SSL to true.")
MAILERS = {"default": {"BACKEND": _email_backend, "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "mentormatch <noreply@example.com>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Google Calendar -----------------------------------------------------------------------------
GOOGLE_CALENDAR_CREDENTIALS = env_str("GOOGLE_CALENDAR_CREDENTIALS")
GOOGLE_CALENDAR_ID = env_str("GOOGLE_CALENDAR_ID")

# Every record is written once, by the root's console handler. Django's default config also gives the
# `django` logger a console handler of its own (when DEBUG is on), so each "Bad Request" and each 500
# traceback came out twice; configuring `django` here replaces that handler, keeping only mail to ADMINS.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": "INFO", "propagate": True},
        "django.tasks": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# --- Intake and availability (intake engineer) ---------------------------------------------------
# Availability read with a confidence below this (0..1), or with any warning, needs clarification.
AVAILABILITY_CLARIFY_BELOW_CONFIDENCE = env_float("AVAILABILITY_CLARIFY_BELOW_CONFIDENCE", 0.75)


# --- Notifications (notifications engineer) ------------------------------------------------------
def _lead_times(name: str, default: str):  # type: ignore[no-untyped-def]  # -> tuple[timedelta, ...]
    from django.core.exceptions import ImproperlyConfigured

    from mentormatch.notifications.durations import parse_durations

    try:
        return parse_durations(name, env_str(name, default))
    except ValueError as error:
        raise ImproperlyConfigured(str(error)) from None


# Reminders go out this long before a session, by email and Discord DM ("24h,1h"; d/h/m units).
REMINDER_LEAD_TIMES = _lead_times("REMINDER_LEAD_TIMES", "24h,1h")
# Feedback links (signed) stop working after this many days; the request goes out this long after the end.
FEEDBACK_LINK_MAX_AGE_DAYS = env_int("FEEDBACK_LINK_MAX_AGE_DAYS", 14)
FEEDBACK_DELAY_MINUTES = env_int("FEEDBACK_DELAY_MINUTES", 0)
# A failed send is retried after base, 2x base, 4x base ... seconds (capped), at most this many tries.
NOTIFICATION_MAX_ATTEMPTS = env_int("NOTIFICATION_MAX_ATTEMPTS", 6)
NOTIFICATION_RETRY_BASE_SECONDS = env_int("NOTIFICATION_RETRY_BASE_SECONDS", 60)
NOTIFICATION_RETRY_MAX_SECONDS = env_int("NOTIFICATION_RETRY_MAX_SECONDS", 3600)
# The workers sweep (lost tasks, dead workers' claims, emails held too long) every this many seconds by
# themselves; 0 switches it off (then run `manage.py notifications_send_due` from cron).
NOTIFICATION_SWEEP_SECONDS = env_int("NOTIFICATION_SWEEP_SECONDS", 60, bounds=(0, 3600))
# Seconds to wait for Discord's and Google's HTTP APIs before counting the try as failed.
DISCORD_HTTP_TIMEOUT = env_float("DISCORD_HTTP_TIMEOUT", 10.0)
GOOGLE_CALENDAR_TIMEOUT = env_float("GOOGLE_CALENDAR_TIMEOUT", 15.0)


# --- Matching and ranking (matching engineer) ----------------------------------------------------
# How much each part of a suggestion's score counts (only the ratios matter). See docs/matching.md.
MATCH_WEIGHT_SPECIALIZATION = env_float("MATCH_WEIGHT_SPECIALIZATION", 0.35)
MATCH_WEIGHT_AVAILABILITY = env_float("MATCH_WEIGHT_AVAILABILITY", 0.20)
MATCH_WEIGHT_RATING = env_float("MATCH_WEIGHT_RATING", 0.15)
MATCH_WEIGHT_EXPERIENCE = env_float("MATCH_WEIGHT_EXPERIENCE", 0.10)
MATCH_WEIGHT_LOAD = env_float("MATCH_WEIGHT_LOAD", 0.10)
MATCH_WEIGHT_FRESHNESS = env_float("MATCH_WEIGHT_FRESHNESS", 0.10)
for _name in [n for n in dir() if n.startswith("MATCH_WEIGHT_")]:
    if globals()[_name] < 0:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"{_name} must not be negative (got {globals()[_name]}).")
# A professional's rating is averaged with this many imaginary reviews at the program mean (which is
# MATCH_DEFAULT_RATING until someone has been rated).
MATCH_RATING_PRIOR_COUNT = env_float("MATCH_RATING_PRIOR_COUNT", 5.0)
MATCH_DEFAULT_RATING = env_float("MATCH_DEFAULT_RATING", 4.5)
# How many professionals suggest-matches lists, and how many first slots it shows for each.
MATCH_SUGGESTION_LIMIT = env_int("MATCH_SUGGESTION_LIMIT", 5)
MATCH_SLOTS_PER_SUGGESTION = env_int("MATCH_SLOTS_PER_SUGGESTION", 3)
# Bookings (schedule-session, reschedule-session) further ahead than this many days are refused.
BOOKING_MAX_DAYS_AHEAD = env_int("BOOKING_MAX_DAYS_AHEAD", 90)
if BOOKING_MAX_DAYS_AHEAD < 1:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"BOOKING_MAX_DAYS_AHEAD must be at least 1 (got {BOOKING_MAX_DAYS_AHEAD}).")


# --- Forms and clarification (forms engineer) ----------------------------------------------------
# Days a clarification link (/availability/fix/<token>/) stays valid.
CLARIFICATION_LINK_MAX_AGE_DAYS = env_int("CLARIFICATION_LINK_MAX_AGE_DAYS", 14)


# --- Cohort assignment (cohort engineer) ---------------------------------------------------------
INSTALLED_APPS += ["mentormatch.cohort"]
# auto-match offers each student this many slots (spread over weeks) with each of this many professionals.
COHORT_SLOTS_PER_PROFESSIONAL = env_int("COHORT_SLOTS_PER_PROFESSIONAL", 3)
COHORT_PROFESSIONALS_PER_STUDENT = env_int("COHORT_PROFESSIONALS_PER_STUDENT", 10)
# The integer solver stops here with its best answer (never worse than one-at-a-time greedy).
COHORT_TIME_LIMIT_SECONDS = env_float("COHORT_TIME_LIMIT_SECONDS", 20.0)
