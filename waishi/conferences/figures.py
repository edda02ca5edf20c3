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

from waishi.conferences.enums import HAS_APPROVAL, Discipline, Format, SizeClass
from waishi.conferences.models import Conference, ConferenceVersion
from waishi.core import excel as xl
from waishi.core.enums import PlaceKind
from waishi.core.geography import PlaceCount, place_count_of
from waishi.core.models import Country, Unit

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


# The breakdowns of the page: each conference is in exactly one group of each.
BREAKDOWNS = (
    "current_version__size_class",
    "unit",
    "current_version__discipline",
    "current_version__format",
)


def _grouped(held: QuerySet[Conference]) -> dict[str, dict[Any, list[int]]]:
    """Conferences, participants and foreign participants by each of `BREAKDOWNS` (key ->
    [conferences, participants, foreign]), summed from one grouped query: the database reads
    the year's conferences once, whatever the number of breakdowns."""
    sums: dict[str, dict[Any, list[int]]] = {field: {} for field in BREAKDOWNS}
    grouped = held.values_list(*BREAKDOWNS).annotate(
        n=Count("pk"),
        people=Coalesce(Sum(PARTICIPANTS), 0),
        from_abroad=Coalesce(Sum(FOREIGN), 0),
    )
    for *keys, n, people, from_abroad in grouped:
        for field, key in zip(BREAKDOWNS, keys, strict=True):
            found = sums[field].setdefault(key, [0, 0, 0])
            found[0] += n
            found[1] += people
            found[2] += from_abroad
    return sums


def _rows(sums: dict[Any, list[int]], label: Callable[[Any], str]) -> list[Row]:
    """The rows of one breakdown, most conferences first."""
    # As the database ordered them: most first, then by key (an unknown unit last).
    ordered = sorted(sums.items(), key=lambda item: (-item[1][0], item[0] is None, item[0] or 0))
    return [Row(label(key), n, people, foreign) for key, (n, people, foreign) in ordered]


def _declared(held: QuerySet[Conference]) -> QuerySet[Any]:
    """The countries and regions each conference declared (its current version's)."""
    return ConferenceVersion.countries.through.objects.filter(
        conferenceversion__conference__in=held.values("pk"),
        conferenceversion=F("conferenceversion__conference__current_version"),
    )


def _places(held: QuerySet[Conference]) -> tuple[list[Row], list[Row], PlaceCount]:
    """Conferences each country (and region of China) takes part in, as declared, and how
    many countries and regions that is."""
    grouped = (
        _declared(held)
        .values_list("country")
        .annotate(n=Count("conferenceversion", distinct=True))
        .order_by("-n", "country")
    )
    counts = list(grouped)
    places = Country.objects.in_bulk([pk for pk, _n in counts])
    countries: list[Row] = []
    regions: list[Row] = []
    for pk, n in counts:
        place = places[pk]
        row = Row(place.name, n, 0, 0)
        (regions if place.kind == PlaceKind.REGION_OF_CHINA else countries).append(row)
    return countries, regions, place_count_of(places.values())


def figures(conferences_seen: QuerySet[Conference], year: int) -> Figures:
    held = held_in(conferences_seen, year)
    sums = _grouped(held)
    by_unit = sums["unit"]
    totals = [sum(column) for column in zip(*by_unit.values(), strict=True)] or [0, 0, 0]
    units = Unit.objects.in_bulk([pk for pk in by_unit if pk is not None])
    by_country, by_region, places = _places(held)
    return Figures(
        year=year,
        conferences=totals[0],
        participants=totals[1],
        foreign=totals[2],
        places=places,
        by_class=_rows(sums["current_version__size_class"], lambda key: str(SizeClass(key).label)),
        by_unit=_rows(by_unit, lambda pk: units[pk].name if pk in units else ""),
        by_discipline=_rows(
            sums["current_version__discipline"], lambda key: str(Discipline(key).label)
        ),
        by_format=_rows(sums["current_version__format"], lambda key: str(Format(key).label)),
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
