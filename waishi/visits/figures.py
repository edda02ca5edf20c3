"""Figures of foreign visitors for a year: visits and guests (person-times) by country,
continent, host unit, reception level and purpose, Hong Kong, Macao and Taiwan counted apart
(never among countries). Counted over the approved and closed visits arriving in the year
that the user may see; exported to Excel."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from waishi.core import excel as xl
from waishi.core import tallies
from waishi.core.enums import Continent, PlaceKind
from waishi.core.geography import PlaceCount, place_count_of
from waishi.core.models import AnyUser, Country, Unit
from waishi.core.permissions import reads_everything
from waishi.visits import queries
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


def _key(value: Any) -> str:
    return "" if value is None else str(value)


def _grouped(visits: QuerySet[Visit], guests: QuerySet[Guest]) -> tallies.YearCounts:
    """Visits and guests by each of `BREAKDOWNS` (key -> [visits, guests, 0]), summed from one
    grouped query of the visits and one of their guests, whatever the number of breakdowns."""
    sums: tallies.YearCounts = {field: {} for field in BREAKDOWNS}
    counted = (
        (visits.values_list(*BREAKDOWNS), 0),
        (guests.values_list(*(f"visit__{field}" for field in BREAKDOWNS)), 1),
    )
    for rows, column in counted:
        for *keys, n in rows.annotate(n=Count("pk")).order_by():
            for field, key in zip(BREAKDOWNS, keys, strict=True):
                sums[field].setdefault(_key(key), [0, 0, 0])[column] += n
    return sums


def _by_place(guests: QuerySet[Guest], field: str) -> dict[str, list[int]]:
    """Visits (each once) and guests by a field of the guests' nationality."""
    rows = (
        guests.values_list(field)
        .annotate(visits=Count("visit", distinct=True), guests=Count("pk"))
        .order_by()
    )
    return {_key(key): [n_visits, n_guests, 0] for key, n_visits, n_guests in rows}


def counted_rows(visits_seen: QuerySet[Visit], year: int) -> tallies.YearCounts:
    """A year's figures counted from the rows: for a reader who sees only some visits."""
    visits = visits_seen.filter(arrival__year=year, status__in=COUNTED).order_by()
    guests = Guest.objects.filter(visit__in=visits.values("pk")).order_by()
    regions = guests.filter(person__nationality__kind=PlaceKind.REGION_OF_CHINA)
    foreign = guests.filter(person__nationality__kind=PlaceKind.COUNTRY)
    # A visit with guests from two regions is one visit.
    in_regions = regions.aggregate(visits=Count("visit", distinct=True), guests=Count("pk"))
    return {
        **_grouped(visits, guests),
        "nationality": _by_place(guests, "person__nationality"),
        "continent": _by_place(foreign, "person__nationality__continent"),
        "regions": {"": [in_regions["visits"], in_regions["guests"], 0]},
    }


def lines(visits: QuerySet[Visit]) -> dict[int, tallies.Lines]:
    """What each visit adds to its year's counts (`core/tallies.py`): the lines of
    `counted_rows`, one visit at a time."""
    found: dict[int, tallies.Lines] = {}
    counted = visits.filter(status__in=COUNTED).order_by()
    guests = (
        Guest.objects.filter(visit__in=counted.values("pk"))
        .values_list(
            "visit",
            "person__nationality",
            "person__nationality__kind",
            "person__nationality__continent",
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    # visit -> (breakdown, key) -> guests, for the guests' places
    places: dict[int, Counter[tuple[str, str]]] = {}
    for visit, place, kind, continent, n in guests:
        of_visit = places.setdefault(visit, Counter())
        of_visit["nationality", _key(place)] += n
        if kind == PlaceKind.COUNTRY:
            of_visit["continent", _key(continent)] += n
        elif kind == PlaceKind.REGION_OF_CHINA:
            of_visit["regions", ""] += n
    for pk, arrival, *keys in counted.values_list("pk", "arrival", *BREAKDOWNS):
        year = arrival.year
        of_visit = places.get(pk, Counter())
        total = sum(n for (breakdown, _key_), n in of_visit.items() if breakdown == "nationality")
        found[pk] = {
            **{
                (year, field, _key(key)): (1, total, 0)
                for field, key in zip(BREAKDOWNS, keys, strict=True)
            },
            **{(year, breakdown, key): (1, n, 0) for (breakdown, key), n in of_visit.items()},
        }
    return found


REGISTER = tallies.Register("visits", Visit, lines)


def _rows(sums: dict[str, list[int]], label: Any) -> list[Row]:
    """The rows of one breakdown, most visits first."""
    ordered = sorted(sums.items(), key=lambda item: (-item[1][0], item[0]))
    return [Row(label(key), n_visits, n_guests) for key, (n_visits, n_guests, _f) in ordered]


def figures(user: AnyUser, year: int) -> Figures:
    """The year's figures of the visits `user` may see: kept counts for a reader who sees
    every visit, else counted from the rows they see."""
    if reads_everything(user):
        counts = tallies.read(REGISTER, year)
    else:
        counts = counted_rows(queries.visits_for_user(user), year)
    return figures_of(year, counts)


def figures_of(year: int, counts: tallies.YearCounts) -> Figures:
    by_place = counts.get("nationality", {})
    places = Country.objects.in_bulk([int(key) for key in by_place if key])
    by_country, by_region = [], []
    # Most guests first.
    for key, (n_visits, n_guests, _f) in sorted(
        by_place.items(), key=lambda item: (-item[1][1], -item[1][0], item[0])
    ):
        place = places.get(int(key)) if key else None
        if place is None:
            by_country.append(Row(_("Not known"), n_visits, n_guests))
        elif place.kind == PlaceKind.REGION_OF_CHINA:
            by_region.append(Row(place.name, n_visits, n_guests))
        else:
            continent = str(Continent(place.continent).label) if place.continent else ""
            by_country.append(Row(place.name, n_visits, n_guests, continent))
    by_continent = [
        Row(str(Continent(code).label), n_visits, n_guests)
        for code, (n_visits, n_guests, _f) in sorted(
            counts.get("continent", {}).items(), key=lambda item: (-item[1][1], item[0])
        )
        if code in Continent.values
    ]
    by_unit = counts.get("unit", {})
    units = Unit.objects.in_bulk([int(key) for key in by_unit if key])
    regions = counts.get("regions", {}).get("", [0, 0, 0])
    return Figures(
        year=year,
        visits=sum(n_visits for n_visits, _g, _f in by_unit.values()),
        guests=sum(n_guests for _v, n_guests, _f in by_unit.values()),
        places=place_count_of(places.values()),
        regions_visits=regions[0],
        regions_guests=sum(row.guests for row in by_region),
        by_country=by_country,
        by_region=by_region,
        by_continent=by_continent,
        by_unit=_rows(
            by_unit, lambda key: units[int(key)].name if key and int(key) in units else ""
        ),
        by_level=_rows(
            counts.get("reception_level", {}), lambda key: str(ReceptionLevel(key).label)
        ),
        by_kind=_rows(counts.get("kind", {}), lambda key: str(VisitKind(key).label)),
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
