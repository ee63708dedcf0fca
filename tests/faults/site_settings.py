"""The production settings the fault tests' servers run with (DJANGO_DEBUG=0, real
PostgreSQL, Redis, database task queue), with two test-only changes: static files are served
from the app folders (no collectstatic step), and e-mail goes to files the test can count."""

import os

from project.settings import *  # noqa: F403
from project.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

if os.environ.get("NEXUS_FAULTS_MAIL_DIR"):
    MAILERS = {
        "default": {
            "BACKEND": "tests.faults.mail.SlowFileMailer",
            "OPTIONS": {
                "file_path": os.environ["NEXUS_FAULTS_MAIL_DIR"],
                "delay": float(os.environ.get("NEXUS_FAULTS_MAIL_DELAY", "0")),
            },
        }
    }
