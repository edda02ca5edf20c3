import datetime

import pytest
from django.utils import translation

from waishi.people.tests.factories import PersonFactory

TODAY = datetime.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def _english():
    # Exact messages in English (services speak the active language); pages that test the
    # Chinese ask for it.
    with translation.override("en"):
        yield


@pytest.fixture
def frozen_today(settings):
    """Today is TODAY, for the expiry flags and reminders."""
    settings.WAISHI_FROZEN_TODAY = TODAY


@pytest.fixture
def people(personas):
    """The teacher's own Person, a colleague in the same college, one in another college and a
    visitor with no unit."""
    return {
        "teacher": PersonFactory(unit=personas.college, user=personas.teacher, family_name="Li"),
        "colleague": PersonFactory(unit=personas.college, family_name="Zhou"),
        "chemist": PersonFactory(unit=personas.other_college, family_name="Wang"),
        "visitor": PersonFactory(family_name="Smith"),
    }
