"""Countries, the regions of China counted apart, and continents.

The rows come from installed packages: django-countries for the ISO 3166 list and the English
names, Babel's CLDR data for the Chinese names, country-converter for continents and for
reading the names people write ("UK", "USA", "Korea"). Where a package's name is not the
ISO/UN name the office uses, `NAME_EN` and `NAME_ZH` below say the right one.

Hong Kong, Macao and Taiwan are regions of China: the office counts them apart (港澳台),
never among "countries". `place_count` is the one way to count places.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, NamedTuple, Protocol

from django.db.models import Count, Q, QuerySet
from django.utils import translation
from django_countries import countries

from waishi.core.enums import Continent, PlaceKind
from waishi.core.names import SORT_KEYS, sort_keys

if TYPE_CHECKING:
    from country_converter import CountryConverter

    from waishi.core.models import Country

REGIONS_OF_CHINA = frozenset({"HK", "MO", "TW"})

# English names where django-countries differs from the ISO/UN short name the office uses.
NAME_EN = {
    "BS": "Bahamas",
    "GS": "South Georgia and the South Sandwich Islands",
    "NR": "Nauru",
    "HK": "Hong Kong, China",
    "MO": "Macao, China",
    "TW": "Taiwan, China",
}
# Chinese names where CLDR's differ from the names the office writes.
NAME_ZH = {
    "HK": "中国香港",
    "MO": "中国澳门",
    "TW": "中国台湾",
    "PS": "巴勒斯坦",
    "FK": "马尔维纳斯群岛（福克兰群岛）",
}

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


class CountryRow(NamedTuple):
    code: str
    name_en: str
    name_zh: str
    continent: str
    kind: str


@cache
def _converter() -> CountryConverter:
    import country_converter

    # It logs every name it cannot read; we report those ourselves.
    logging.getLogger("country_converter").setLevel(logging.CRITICAL)
    return country_converter.CountryConverter()


def country_rows() -> list[CountryRow]:
    """Every country and region with its checked names, continent and kind, by ISO code."""
    from babel import Locale

    with translation.override("en"):
        english = {code: str(name) for code, name in countries}
    chinese = Locale("zh", "Hans").territories
    codes = sorted(english)
    found = _converter().convert(codes, src="ISO2", to="continent", not_found=None)
    rows = []
    for code, continent_name in zip(codes, found, strict=True):
        if continent_name not in _CONTINENTS:
            raise ValueError(f"no continent known for country {code}")
        name_zh = NAME_ZH.get(code) or chinese.get(code)
        if not name_zh:
            raise ValueError(f"no Chinese name known for country {code}")
        rows.append(
            CountryRow(
                code,
                NAME_EN.get(code, english[code]).strip(),
                name_zh.strip(),
                _CONTINENTS[continent_name],
                PlaceKind.REGION_OF_CHINA if code in REGIONS_OF_CHINA else PlaceKind.COUNTRY,
            )
        )
    return rows


def countries_load(model: type[Country]) -> int:
    """Create the missing rows of `model` (the Country model, or its historical state in a
    migration) and bring every row's names, continent and kind up to date. Returns how many
    rows were created or changed."""
    existing = {c.code: c for c in model.objects.all()}
    fields = ["name_en", "name_zh", "continent", "kind"]
    # The sort keys of the names (core/names.py), which a migration before 0007 has not yet.
    keyed = any(f.name in SORT_KEYS for f in model._meta.fields)
    new, changed = [], []
    for row in country_rows():
        country = existing.get(row.code)
        if country is None:
            country = model(**row._asdict())
            new.append(country)
        elif any(getattr(country, f) != getattr(row, f) for f in fields):
            for f in fields:
                setattr(country, f, getattr(row, f))
            changed.append(country)
        else:
            continue
        if keyed:
            for field, key in sort_keys(country).items():
                setattr(country, field, key)
    model.objects.bulk_create(new)
    model.objects.bulk_update(changed, fields + list(SORT_KEYS) if keyed else fields)
    return len(new) + len(changed)


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


@dataclass(frozen=True)
class PlaceCount:
    """How many places a set of countries covers, as the office counts them."""

    countries: int
    regions_of_china: int  # Hong Kong, Macao, Taiwan


def place_count(places: QuerySet[Country]) -> PlaceCount:
    """Countries and regions of China among `places` (each counted once). One query."""
    found = places.aggregate(
        countries=Count("pk", filter=Q(kind=PlaceKind.COUNTRY), distinct=True),
        regions=Count("pk", filter=Q(kind=PlaceKind.REGION_OF_CHINA), distinct=True),
    )
    return PlaceCount(found["countries"], found["regions"])


class Place(Protocol):
    code: str
    kind: str


def place_count_of(places: Iterable[Place]) -> PlaceCount:
    """The same count for places already in hand (no query), each code counted once."""
    kinds = {place.code: place.kind for place in places}
    regions = sum(1 for kind in kinds.values() if kind == PlaceKind.REGION_OF_CHINA)
    return PlaceCount(len(kinds) - regions, regions)
