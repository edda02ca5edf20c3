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
from waishi.core.geography import PlaceCount, place_count
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


def _rows(held: QuerySet[Conference], field: str, label: Callable[[Any], str]) -> list[Row]:
    """Conferences, participants and foreign participants grouped by `field`, most first."""
    grouped = (
        held.values_list(field)
        .annotate(
            n=Count("pk"),
            people=Coalesce(Sum(PARTICIPANTS), 0),
            from_abroad=Coalesce(Sum(FOREIGN), 0),
        )
        .order_by("-n", field)
    )
    return [Row(label(key), n, total, foreign) for key, n, total, foreign in grouped]


def _declared(held: QuerySet[Conference]) -> QuerySet[Any]:
    """The countries and regions each conference declared (its current version's)."""
    return ConferenceVersion.countries.through.objects.filter(
        conferenceversion__conference__in=held.values("pk"),
        conferenceversion=F("conferenceversion__conference__current_version"),
    )


def _places(held: QuerySet[Conference]) -> tuple[list[Row], list[Row]]:
    """Conferences each country (and region of China) takes part in, as declared."""
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
    return countries, regions


def figures(conferences_seen: QuerySet[Conference], year: int) -> Figures:
    held = held_in(conferences_seen, year)
    totals = held.aggregate(
        n=Count("pk"),
        participants=Coalesce(Sum(PARTICIPANTS), 0),
        foreign=Coalesce(Sum(FOREIGN), 0),
    )
    declared = Country.objects.filter(pk__in=_declared(held).values("country"))
    units = Unit.objects.in_bulk(list(held.values_list("unit", flat=True).distinct()))
    by_country, by_region = _places(held)
    return Figures(
        year=year,
        conferences=totals["n"],
        participants=totals["participants"],
        foreign=totals["foreign"],
        places=place_count(declared),
        by_class=_rows(held, "current_version__size_class", lambda key: str(SizeClass(key).label)),
        by_unit=_rows(held, "unit", lambda pk: units[pk].name if pk in units else ""),
        by_discipline=_rows(
            held, "current_version__discipline", lambda key: str(Discipline(key).label)
        ),
        by_format=_rows(held, "current_version__format", lambda key: str(Format(key).label)),
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
