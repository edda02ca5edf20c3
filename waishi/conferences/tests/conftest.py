import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    # Assertions read the English messages; the Chinese ones are checked by the .po test.
    with translation.override("en"):
        yield


@pytest.fixture
def english_pages(settings):
    # Pages answer in English when the browser asks for nothing else.
    settings.LANGUAGE_CODE = "en"
