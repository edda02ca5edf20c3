"""Every ISO 3166 country with its English and Chinese name and its continent, from installed
packages: django-countries for the list and both names, country-converter for continents and
for reading the common names people write ("UK", "USA", "Korea")."""

from __future__ import annotations

import logging
from functools import cache

from django.utils import translation
from django_countries import countries

from waishi.partners.enums import Continent

_CONTINENTS = {
    "Asia": Continent.ASIA,
    "Europe": Continent.EUROPE,
    "America": Continent.AMERICAS,
    "Africa": Continent.AFRICA,
    "Oceania": Continent.OCEANIA,
    "Antarctica": Continent.ANTARCTICA,
}

# Short forms seen in the office's documents that the converter does not read.
COMMON_NAMES = {
    "german": "DE",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "holland": "NL",
}


@cache
def _converter():
    import country_converter

    # It logs every name it cannot read; we report those ourselves.
    logging.getLogger("country_converter").setLevel(logging.CRITICAL)
    return country_converter.CountryConverter()


def country_rows() -> list[tuple[str, str, str, str]]:
    """(code, English name, Chinese name, continent) for every country."""
    with translation.override("en"):
        english = {code: str(name) for code, name in countries}
    with translation.override("zh-hans"):
        chinese = {code: str(name) for code, name in countries}
    codes = sorted(english)
    found = _converter().convert(codes, src="ISO2", to="continent", not_found=None)
    rows = []
    for code, continent_name in zip(codes, found, strict=True):
        if continent_name not in _CONTINENTS:
            raise ValueError(f"no continent known for country {code}")
        rows.append((code, english[code], chinese[code], _CONTINENTS[continent_name]))
    return rows


def code_for_name(name: str) -> str | None:
    """The ISO code for a country name as people write it, or None when unsure."""
    cleaned = " ".join(name.split()).strip()
    if not cleaned:
        return None
    if cleaned.lower() in COMMON_NAMES:
        return COMMON_NAMES[cleaned.lower()]
    by_name = countries.by_name(cleaned)
    if by_name:
        return by_name
    found = _converter().convert(cleaned, to="ISO2", not_found=None)
    if isinstance(found, str) and len(found) == 2 and found.isupper():
        return found
    return None
