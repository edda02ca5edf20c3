"""Figures of foreign visitors for a year: visits and guests (person-times) by country,
continent, host unit, reception level and purpose, Hong Kong, Macao and Taiwan counted apart
(never among countries). Counted over the approved and closed visits arriving in the year
that the user may see; exported to Excel."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from waishi.core import excel as xl
from waishi.core.enums import Continent, PlaceKind
from waishi.core.geography import PlaceCount, place_count_of
from waishi.core.models import Country, Unit
from waishi.visits.enums import ReceptionLevel, VisitKind, VisitStatus
from waishi.visits.models import Guest, Visit

COUNTED = (VisitStatus.APPROVED, VisitStatus.CLOSED)


@dataclass
class Row:
    label: str
    visits: int
    guests: int
    group: str = ""


@dataclass
class Figures:
    year: int
    visits: int
    guests: int
    places: PlaceCount
    regions_visits: int
    regions_guests: int
    by_country: list[Row]
    by_region: list[Row]
    by_continent: list[Row]
    by_unit: list[Row]
    by_level: list[Row]
    by_kind: list[Row]


# The breakdowns by a field of the visit: each visit is in exactly one group of each.
BREAKDOWNS = ("unit", "reception_level", "kind")


def _grouped(visits: QuerySet[Visit], guests: QuerySet[Guest]) -> dict[str, dict[Any, list[int]]]:
    """Visits and guests by each of `BREAKDOWNS` (key -> [visits, guests]), summed from one
    grouped query of the visits and one of their guests, whatever the number of breakdowns."""
    sums: dict[str, dict[Any, list[int]]] = {field: {} for field in BREAKDOWNS}
    counted = (
        (visits.values_list(*BREAKDOWNS), 0),
        (guests.values_list(*(f"visit__{field}" for field in BREAKDOWNS)), 1),
    )
    for rows, column in counted:
        for *keys, n in rows.annotate(n=Count("pk")).order_by():
            for field, key in zip(BREAKDOWNS, keys, strict=True):
                sums[field].setdefault(key, [0, 0])[column] += n
    return sums


def _rows(sums: dict[Any, list[int]], label: Any) -> list[Row]:
    """The rows of one breakdown, most visits first."""
    ordered = sorted(sums.items(), key=lambda item: -item[1][0])
    return [Row(label(key), n_visits, n_guests) for key, (n_visits, n_guests) in ordered]


def figures(visits_seen: QuerySet[Visit], year: int) -> Figures:
    visits = visits_seen.filter(arrival__year=year, status__in=COUNTED).order_by()
    guests = Guest.objects.filter(visit__in=visits.values("pk")).order_by()
    by_place = list(
        guests.values_list("person__nationality")
        .annotate(visits=Count("visit", distinct=True), guests=Count("pk"))
        .order_by("-guests")
    )
    places = Country.objects.in_bulk([pk for pk, _v, _g in by_place if pk is not None])
    by_country, by_region = [], []
    continents: dict[str, list[int]] = {}
    for pk, n_visits, n_guests in by_place:
        place = places.get(pk) if pk is not None else None
        if place is None:
            by_country.append(Row(_("Not known"), n_visits, n_guests))
            continue
        if place.kind == PlaceKind.REGION_OF_CHINA:
            by_region.append(Row(place.name, n_visits, n_guests))
            continue
        continent = str(Continent(place.continent).label) if place.continent else ""
        by_country.append(Row(place.name, n_visits, n_guests, continent))
    regions = guests.filter(person__nationality__kind=PlaceKind.REGION_OF_CHINA)
    foreign = guests.filter(person__nationality__kind=PlaceKind.COUNTRY)
    for code, n_visits, n_guests in (
        foreign.values_list("person__nationality__continent")
        .annotate(visits=Count("visit", distinct=True), guests=Count("pk"))
        .order_by("-guests")
    ):
        continents[code] = [n_visits, n_guests]
    by_continent = [
        Row(str(Continent(code).label), counts[0], counts[1])
        for code, counts in continents.items()
        if code in Continent.values
    ]
    sums = _grouped(visits, guests)
    by_unit = sums["unit"]
    units = Unit.objects.in_bulk([pk for pk in by_unit if pk is not None])
    return Figures(
        year=year,
        visits=sum(n_visits for n_visits, _g in by_unit.values()),
        guests=sum(n_guests for _v, n_guests in by_unit.values()),
        places=place_count_of(places.values()),
        # A visit with guests from two regions is one visit.
        regions_visits=regions.values("visit").distinct().count(),
        regions_guests=sum(row.guests for row in by_region),
        by_country=by_country,
        by_region=by_region,
        by_continent=by_continent,
        by_unit=_rows(by_unit, lambda pk: units[pk].name if pk in units else ""),
        by_level=_rows(sums["reception_level"], lambda key: str(ReceptionLevel(key).label)),
        by_kind=_rows(sums["kind"], lambda key: str(VisitKind(key).label)),
    )


def _sheet(title: str, label: str) -> xl.Sheet:
    return xl.Sheet(
        title,
        (
            xl.Column("label", label),
            xl.Column("visits", "Visits 来访批次", kind=xl.Number()),
            xl.Column("guests", "Guests (person-times) 来访人次", kind=xl.Number()),
        ),
    )


BY_COUNTRY = xl.Sheet(
    "By country",
    (
        xl.Column("label", "Country 国家"),
        xl.Column("group", "Continent 洲"),
        xl.Column("visits", "Visits 来访批次", kind=xl.Number()),
        xl.Column("guests", "Guests (person-times) 来访人次", kind=xl.Number()),
    ),
)
SHEETS = (
    ("by_country", BY_COUNTRY),
    ("by_region", _sheet("HK Macao Taiwan", "Region 港澳台地区")),
    ("by_continent", _sheet("By continent", "Continent 洲")),
    ("by_unit", _sheet("By host unit", "Host unit 接待单位")),
    ("by_level", _sheet("By reception level", "Reception level 接待规格")),
    ("by_kind", _sheet("By purpose", "Purpose 来访类型")),
)


def export_workbook(found: Figures) -> IO[bytes]:
    sheets: Iterable[tuple[xl.Sheet, Iterable[Row]]] = [
        (sheet, getattr(found, name)) for name, sheet in SHEETS
    ]
    return xl.export(sheets)
