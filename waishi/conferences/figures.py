"""Figures of international conferences for a year: how many the university held, by size
class, organising unit, discipline and format; their participants and foreign participants;
the countries taking part, Hong Kong, Macao and Taiwan counted apart (never among countries).

Counted over the conferences approved at some time (approved, changing or closed) that start
in the year and that the user may see. The participants are those who came, from the filed
summary, or else those expected. Grouped and summed by the database; exported to Excel."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.db.models import Case, Count, F, IntegerField, QuerySet, Sum, When
from django.db.models.functions import Coalesce

from waishi.conferences import queries
from waishi.conferences.enums import HAS_APPROVAL, Discipline, Format, SizeClass
from waishi.conferences.models import Conference, ConferenceVersion
from waishi.core import excel as xl
from waishi.core import tallies
from waishi.core.enums import PlaceKind
from waishi.core.geography import PlaceCount, place_count_of
from waishi.core.models import AnyUser, Country, Unit
from waishi.core.permissions import reads_everything

# The participants who came once the summary is filed, else those expected.
PARTICIPANTS = Case(
    When(summary__filed_at__isnull=False, then=F("summary__actual_total")),
    default=F("current_version__expected_total"),
    output_field=IntegerField(),
)
FOREIGN = Case(
    When(summary__filed_at__isnull=False, then=F("summary__actual_foreign")),
    default=F("current_version__expected_foreign"),
    output_field=IntegerField(),
)


@dataclass
class Row:
    label: str
    conferences: int
    participants: int
    foreign: int


@dataclass
class Figures:
    year: int
    conferences: int
    participants: int
    foreign: int
    places: PlaceCount
    by_class: list[Row]
    by_unit: list[Row]
    by_discipline: list[Row]
    by_format: list[Row]
    by_country: list[Row]
    by_region: list[Row]


def held_in(conferences_seen: QuerySet[Conference], year: int) -> QuerySet[Conference]:
    """The conferences counted for `year`."""
    return conferences_seen.filter(
        status__in=HAS_APPROVAL, current_version__starts_on__year=year
    ).order_by()


# The breakdowns of the page, by the field each groups on: each conference is in exactly one
# group of each.
BREAKDOWNS = {
    "size_class": "current_version__size_class",
    "unit": "unit",
    "discipline": "current_version__discipline",
    "format": "current_version__format",
}


def _key(value: Any) -> str:
    return "" if value is None else str(value)


def _grouped(held: QuerySet[Conference]) -> tallies.YearCounts:
    """Conferences, participants and foreign participants by each of `BREAKDOWNS` (key ->
    [conferences, participants, foreign]), summed from one grouped query: the database reads
    the year's conferences once, whatever the number of breakdowns."""
    sums: tallies.YearCounts = {name: {} for name in BREAKDOWNS}
    grouped = held.values_list(*BREAKDOWNS.values()).annotate(
        n=Count("pk"),
        people=Coalesce(Sum(PARTICIPANTS), 0),
        from_abroad=Coalesce(Sum(FOREIGN), 0),
    )
    for *keys, n, people, from_abroad in grouped:
        for name, key in zip(BREAKDOWNS, keys, strict=True):
            found = sums[name].setdefault(_key(key), [0, 0, 0])
            found[0] += n
            found[1] += people
            found[2] += from_abroad
    return sums


def _declared(held: QuerySet[Conference]) -> QuerySet[Any]:
    """The countries and regions each conference declared (its current version's)."""
    return ConferenceVersion.countries.through.objects.filter(
        conferenceversion__conference__in=held.values("pk"),
        conferenceversion=F("conferenceversion__conference__current_version"),
    )


def counted_rows(conferences_seen: QuerySet[Conference], year: int) -> tallies.YearCounts:
    """A year's figures counted from the rows: for a reader who sees only some conferences."""
    held = held_in(conferences_seen, year)
    declared = (
        _declared(held).values_list("country").annotate(n=Count("conferenceversion", distinct=True))
    ).order_by()
    return {
        **_grouped(held),
        "country": {_key(country): [n, 0, 0] for country, n in declared},
    }


def lines(conferences: QuerySet[Conference]) -> dict[int, tallies.Lines]:
    """What each conference adds to its year's counts (`core/tallies.py`): the lines of
    `counted_rows`, one conference at a time."""
    held = conferences.filter(
        status__in=HAS_APPROVAL, current_version__starts_on__isnull=False
    ).order_by()
    declared: dict[int, list[Any]] = {}
    for conference, country in _declared(held).values_list(
        "conferenceversion__conference", "country"
    ):
        declared.setdefault(conference, []).append(country)
    found: dict[int, tallies.Lines] = {}
    for pk, starts_on, *keys, people, from_abroad in held.annotate(
        people=Coalesce(PARTICIPANTS, 0), from_abroad=Coalesce(FOREIGN, 0)
    ).values_list(
        "pk", "current_version__starts_on", *BREAKDOWNS.values(), "people", "from_abroad"
    ):
        year = starts_on.year
        found[pk] = {
            **{
                (year, name, _key(key)): (1, people, from_abroad)
                for name, key in zip(BREAKDOWNS, keys, strict=True)
            },
            **{(year, "country", _key(country)): (1, 0, 0) for country in declared.get(pk, [])},
        }
    return found


REGISTER = tallies.Register("conferences", Conference, lines)


def _rows(sums: dict[str, list[int]], label: Callable[[str], str]) -> list[Row]:
    """The rows of one breakdown, most conferences first (then by key: an unknown unit last)."""
    ordered = sorted(sums.items(), key=lambda item: (-item[1][0], item[0] == "", item[0]))
    return [Row(label(key), n, people, foreign) for key, (n, people, foreign) in ordered]


def _places(declared: dict[str, list[int]]) -> tuple[list[Row], list[Row], PlaceCount]:
    """Conferences each country (and region of China) takes part in, as declared, and how
    many countries and regions that is."""
    places = Country.objects.in_bulk([int(key) for key in declared if key])
    countries: list[Row] = []
    regions: list[Row] = []
    for key, (n, _people, _foreign) in sorted(
        declared.items(), key=lambda item: (-item[1][0], int(item[0]))
    ):
        place = places.get(int(key))
        if place is None:
            continue
        row = Row(place.name, n, 0, 0)
        (regions if place.kind == PlaceKind.REGION_OF_CHINA else countries).append(row)
    return countries, regions, place_count_of(places.values())


def figures(user: AnyUser, year: int) -> Figures:
    """The year's figures of the conferences `user` may see: kept counts for a reader who sees
    every conference, else counted from the rows they see."""
    if reads_everything(user):
        counts = tallies.read(REGISTER, year)
    else:
        counts = counted_rows(queries.conferences_for_user(user), year)
    return figures_of(year, counts)


def figures_of(year: int, counts: tallies.YearCounts) -> Figures:
    by_unit = counts.get("unit", {})
    totals = [sum(column) for column in zip(*by_unit.values(), strict=True)] or [0, 0, 0]
    units = Unit.objects.in_bulk([int(key) for key in by_unit if key])
    by_country, by_region, places = _places(counts.get("country", {}))
    return Figures(
        year=year,
        conferences=totals[0],
        participants=totals[1],
        foreign=totals[2],
        places=places,
        by_class=_rows(counts.get("size_class", {}), lambda key: str(SizeClass(key).label)),
        by_unit=_rows(
            by_unit, lambda key: units[int(key)].name if key and int(key) in units else ""
        ),
        by_discipline=_rows(counts.get("discipline", {}), lambda key: str(Discipline(key).label)),
        by_format=_rows(counts.get("format", {}), lambda key: str(Format(key).label)),
        by_country=by_country,
        by_region=by_region,
    )


def _sheet(title: str, label: str) -> xl.Sheet:
    return xl.Sheet(
        title,
        (
            xl.Column("label", label),
            xl.Column("conferences", "Conferences 会议数", kind=xl.Number()),
            xl.Column("participants", "Participants 参会人数", kind=xl.Number()),
            xl.Column("foreign", "Foreign participants 境外参会人数", kind=xl.Number()),
        ),
    )


PLACES = (
    xl.Column("label", "Country 国家"),
    xl.Column("conferences", "Conferences 会议数", kind=xl.Number()),
)
SHEETS = (
    ("by_class", _sheet("By class", "Class 类别")),
    ("by_unit", _sheet("By unit", "Organising unit 主办单位")),
    ("by_discipline", _sheet("By discipline", "Discipline 学科")),
    ("by_format", _sheet("By format", "Format 形式")),
    ("by_country", xl.Sheet("By country", PLACES)),
    (
        "by_region",
        xl.Sheet(
            "HK Macao Taiwan",
            (xl.Column("label", "Region 港澳台地区"), *PLACES[1:]),
        ),
    ),
)


def export_workbook(found: Figures) -> IO[bytes]:
    sheets: Iterable[tuple[xl.Sheet, Iterable[Row]]] = [
        (sheet, getattr(found, name)) for name, sheet in SHEETS
    ]
    return xl.export(sheets)
