import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(client):
    # Exact messages in English: services speak the active language, pages the cookie's.
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield
