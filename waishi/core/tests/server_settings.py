"""The deployed settings (DEBUG off), for a server a test starts itself; only the static files'
storage is the plain one, so that the test needs no `collectstatic`."""

from waishi.settings import *  # noqa: F403
from waishi.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
