"""The public partner directory: the Global Partners table (continent -> country ->
institution, counts computed from the data) and the world map shaded by partners per country.

Reads only; shared by the public page and any API. One query builds the whole directory,
however many institutions there are. The map is drawn from the country outlines that ship with
pygal_maps_world (offline, no tiles), as plain SVG with a shade class per country and no
style or script of its own, so a strict Content-Security-Policy holds; the colours are in the
public site's CSS.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from waishi.core.enums import Continent
from waishi.core.geography import PlaceCount, place_count, place_count_of
from waishi.core.models import Country
from waishi.core.names import is_chinese, name_sort_key, shown_name_order
from waishi.partners.enums import PartnerStatus
from waishi.partners.models import Institution
from waishi.partners.search import fold

# Shade classes: (smallest count, legend label); a country takes the last one it reaches.
SHADES: tuple[tuple[int, str], ...] = ((1, "1"), (2, "2–3"), (4, "4–6"), (7, "7–9"), (10, "10+"))
SVG_NS = "{http://www.w3.org/2000/svg}"
# Names listed per country on the whole directory; a country with more links to its own page
# (`?country=XX`), which lists them all. Keeps the page small with thousands of partners.
SHOWN_PER_COUNTRY = 20


@dataclass
class DirectoryInstitution:
    pk: int
    name: str
    other_name: str
    city: str
    website: str
    # Folded names the row does not show (abbreviations, former names), for the search box,
    # which also reads the row's own text and its country's.
    hidden_names: str


@dataclass
class DirectoryCountry:
    code: str
    name: str
    other_name: str
    continent: str
    english_name: str
    kind: str  # PlaceKind: Hong Kong, Macao and Taiwan are counted apart from countries
    # Those listed: all of them, or the first `limit` by name.
    institutions: list[DirectoryInstitution] = field(default_factory=list)
    limit: int | None = None  # names shown; None for all
    total: int = 0  # the country's institutions, listed or not

    @property
    def count(self) -> int:
        return self.total

    @property
    def shown(self) -> list[DirectoryInstitution]:
        return self.institutions

    @property
    def more(self) -> bool:
        return self.limit is not None and self.total > self.limit

    @property
    def anchor(self) -> str:
        return f"country-{self.code.lower()}"

    @property
    def items_html(self) -> SafeString:
        """The `<li>` of each institution listed, written here rather than by the template
        row by row: a directory lists some 1,300 of them."""
        other_lang = "en" if is_chinese() else "zh-Hans"
        items = []
        for row in self.institutions:
            search = f' data-search="{escape(row.hidden_names)}"' if row.hidden_names else ""
            name = (
                f'<a href="{escape(row.website)}" rel="noopener" target="_blank">'
                f"{escape(row.name)}</a>"
                if row.website
                else f'<span class="institution-name">{escape(row.name)}</span>'
            )
            other = (
                f' <span class="other-name" lang="{other_lang}">{escape(row.other_name)}</span>'
                if row.other_name
                else ""
            )
            city = f' <span class="city">{escape(row.city)}</span>' if row.city else ""
            items.append(f"\n          <li{search}>{name}{other}{city}</li>")
        return mark_safe("".join(items))  # noqa: S308 (every value is escaped)


@dataclass
class DirectoryContinent:
    value: str
    label: str
    countries: list[DirectoryCountry] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(country.count for country in self.countries)

    @property
    def anchor(self) -> str:
        return f"continent-{self.value}"


@dataclass
class Directory:
    continents: list[DirectoryContinent]
    query: str = ""
    country: str = ""  # the ISO code when the directory is one country's

    @property
    def countries(self) -> list[DirectoryCountry]:
        return [country for continent in self.continents for country in continent.countries]

    @property
    def truncated(self) -> bool:
        """Whether some country lists only its first names."""
        return any(country.more for country in self.countries)

    @property
    def institution_count(self) -> int:
        return sum(continent.count for continent in self.continents)

    @property
    def places(self) -> PlaceCount:
        return place_count_of(self.countries)

    @property
    def country_count(self) -> int:
        """Countries listed, without Hong Kong, Macao and Taiwan (`region_count`)."""
        return self.places.countries

    @property
    def region_count(self) -> int:
        return self.places.regions_of_china


def active_institutions() -> QuerySet[Institution]:
    """The institutions the public sees: those whose partnership is active."""
    return Institution.objects.filter(status=PartnerStatus.ACTIVE)


def partner_figures() -> tuple[int, PlaceCount]:
    """(active partner institutions, the countries and regions of China they are in), for
    the overview's figures."""
    rows = active_institutions()
    places = place_count(Country.objects.filter(Exists(rows.filter(country=OuterRef("pk")))))
    return rows.count(), places


def continent_counts() -> list[tuple[str, str, int]]:
    """(continent, its label, active partners there) for each continent that has any, in the
    page's order. One query."""
    found = dict(
        active_institutions()
        .values_list("country__continent")
        .annotate(count=Count("pk"))
        .values_list("country__continent", "count")
    )
    return [
        (value, str(label), found[value]) for value, label in Continent.choices if found.get(value)
    ]


def directory_build(query: str = "", country: str = "") -> Directory:
    """The Global Partners table in the active language; with `query`, only institutions
    whose names (any language, any other name, accents and case ignored) or country match;
    with `country` (an ISO code), only that country's, all listed (otherwise each country
    lists its first `SHOWN_PER_COUNTRY`). One query: the database sorts each country's
    institutions by their stored sort keys (pinyin order on Chinese pages), counts them and
    cuts its first names, so the page reads some 1,300 rows however many partners there are
    (a search reads the countries' names first)."""
    wanted = fold(query)
    country = country.upper()
    chinese = is_chinese()
    rows = active_institutions()
    if country:
        rows = rows.filter(country__code=country)
    if wanted:
        # search_text holds every name folded; a country matches by its names in either
        # language, folded as they are (the countries are few).
        in_country = [
            pk
            for pk, c_en, c_zh in Country.objects.values_list("pk", "name_en", "name_zh")
            if wanted in fold(f"{c_en} {c_zh}")
        ]
        rows = rows.filter(Q(search_text__contains=wanted) | Q(country__in=in_country))
    limit = None if country else SHOWN_PER_COUNTRY
    partition = [F("country_id")]
    rows = rows.annotate(
        total=Window(Count("pk"), partition_by=partition),
        place=Window(
            RowNumber(),
            partition_by=partition,
            order_by=shown_name_order(),
        ),
    )
    if limit is not None:
        rows = rows.filter(place__lte=limit)
    found = rows.order_by("country_id", "place").values_list(
        "pk", "name_en", "name_zh", "city", "website", "search_text",
        "country__code", "country__name_en", "country__name_zh", "country__continent",
        "country__kind", "total",
    )  # fmt: skip
    countries: dict[str, DirectoryCountry] = {}
    for row in found:
        code = row[6]
        place = countries.get(code)
        if place is None:
            c_en, c_zh = row[7], row[8]
            name, other = (c_zh or c_en, c_en) if chinese else (c_en or c_zh, c_zh)
            place = countries[code] = DirectoryCountry(
                code, name, "" if other == name else other, row[9], c_en, row[10], limit=limit
            )
            place.total = row[11]
        place.institutions.append(_directory_institution(row, chinese))
    continents = []
    for value, label in Continent.choices:
        # Most partners first, then by the name shown (pinyin order on Chinese pages).
        in_continent = sorted(
            (c for c in countries.values() if c.continent == value),
            key=lambda c: (-c.count, name_sort_key(c.name)),
        )
        if in_continent:
            continents.append(DirectoryContinent(value, str(label), in_continent))
    return Directory(continents, query=query, country=country)


def _directory_institution(row: tuple[Any, ...], chinese: bool) -> DirectoryInstitution:
    pk, name_en, name_zh, city, website, search_text = row[:6]
    name, other = (name_zh or name_en, name_en) if chinese else (name_en or name_zh, name_zh)
    shown = {fold(name_en), fold(name_zh)}
    hidden = [n for n in search_text.split(" | ") if n and n not in shown]
    return DirectoryInstitution(
        pk, name, "" if other == name else other, city, website, " | ".join(hidden)
    )


# The map -----------------------------------------------------------------------------------


# Path data: the map's outlines carry two decimals in a 2475-unit-wide frame, far finer than
# a screen shows. The map is drawn in a frame half as wide (MAP_SCALE), every point rounded to
# whole units (a unit is about a pixel on a wide screen), curves drawn as lines, and steps that
# round to nothing dropped. Deltas are taken between
# rounded absolute points, so the rounding never adds up along an outline.
MAP_SCALE = 0.5
_PATH_TOKEN = re.compile(r"[a-zA-Z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_PATH_ARITY = {"m": 2, "l": 2, "c": 6, "s": 4, "q": 4, "t": 2, "h": 1, "v": 1, "z": 0}


def compact_path(d: str, scale: float = 1.0, *, lines: bool = False) -> str:
    """SVG path data scaled by `scale`, every point rounded to whole units, as relative
    commands; a step whose points all round onto the current point is left out. With
    `lines`, each curve becomes a line to its end (a map's curves span a pixel or two)."""
    tokens = _PATH_TOKEN.findall(d)
    out: list[str] = []
    x = y = start_x = start_y = 0.0  # the exact current point and subpath start (unscaled)
    rx = ry = 0  # the rounded current point (scaled)
    command = ""
    last = ""
    i = 0
    while i < len(tokens):
        if tokens[i].isalpha():
            command = tokens[i]
            i += 1
            if command in "zZ":
                out.append("z")
                x, y = start_x, start_y
                rx, ry = round(x * scale), round(y * scale)
                last = "z"
                continue
        if not command:
            raise ValueError("path data must start with a command")
        low = command.lower()
        arity = _PATH_ARITY[low]
        args = [float(v) for v in tokens[i : i + arity]]
        i += arity
        relative = command.islower()
        if low in "hv":
            if low == "h":
                x = x + args[0] if relative else args[0]
                step, rx = round(x * scale) - rx, round(x * scale)
            else:
                y = y + args[0] if relative else args[0]
                step, ry = round(y * scale) - ry, round(y * scale)
            if step == 0:
                continue
            letter, segment = low, f"{low}{step}"
        else:
            points = []
            for k in range(0, arity, 2):
                px, py = args[k], args[k + 1]
                if relative:
                    px, py = px + x, py + y
                points.append((round(px * scale) - rx, round(py * scale) - ry))
            x, y = (args[-2] + x, args[-1] + y) if relative else (args[-2], args[-1])
            if low == "m":
                start_x, start_y = x, y
                command = "l" if relative else "L"  # pairs after a moveto are linetos
            else:
                if lines:
                    low, points = "l", points[-1:]
                if not any(v for p in points for v in p):
                    continue  # a step that rounds to nothing
            if low == "m" and not out:
                letter, segment = "M", f"M{round(x * scale)} {round(y * scale)}"
            else:
                letter = low
                segment = low + " ".join(f"{px} {py}" for px, py in points)
            rx, ry = round(x * scale), round(y * scale)
        if letter == last and letter not in "Mm":
            body = segment[1:]
            segment = body if body.startswith("-") else " " + body
        out.append(segment)
        last = letter
    return "".join(out).replace(" -", "-")


@cache
def _world_outlines() -> tuple[str, dict[str, tuple[str, ...]]]:
    """(viewBox, ISO code -> path data) from pygal_maps_world's world map of 2015."""
    import pygal_maps_world

    source = Path(pygal_maps_world.__file__).parent / "worldmap.svg"
    root = ET.parse(source).getroot()  # noqa: S314 (a file of an installed package)
    outlines: dict[str, tuple[str, ...]] = {}
    for group in root.iter(f"{SVG_NS}g"):
        classes = (group.get("class") or "").split()
        if "country" not in classes:
            continue
        code = classes[0].upper()
        outlines[code] = tuple(
            compact_path(p.get("d", ""), MAP_SCALE, lines=True) for p in group.iter(f"{SVG_NS}path")
        )
    x, y, width, height = (float(v) for v in root.get("viewBox", "0 0 2475 1388").split())
    view_box = " ".join(str(round(v * MAP_SCALE)) for v in (x, y, width, height))
    return view_box, outlines


def map_codes() -> frozenset[str]:
    """The countries the map can draw (the 2015 map lacks a few)."""
    return frozenset(_world_outlines()[1])


def shade_for(count: int) -> int:
    """The shade class (1 to len(SHADES)) of a country with `count` partners; 0 for none."""
    level = 0
    for index, (smallest, _label) in enumerate(SHADES, start=1):
        if count >= smallest:
            level = index
    return level


def legend() -> list[tuple[int, str]]:
    return [(index, label) for index, (_smallest, label) in enumerate(SHADES, start=1)]


def countries_not_on_map(directory: Directory) -> list[DirectoryCountry]:
    drawn = map_codes()
    return [c for c in directory.countries if c.code not in drawn]


@cache
def world_base_svg() -> str:
    """Every country's outline, unshaded, as a standalone SVG image (the same for everyone,
    whatever the data): the background under the inline map's shaded countries. Colours are
    presentation attributes (the image does not see the page's CSS), no style or script."""
    view_box, outlines = _world_outlines()
    drawn = "".join(f'<path d="{d}"/>' for paths in outlines.values() for d in paths)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view_box}">'
        f'<g fill="#dfe4ea" stroke="#fff" stroke-width=".6">{drawn}</g></svg>'
    )


def world_map_svg(directory: Directory, base_url: str = "") -> SafeString:
    """The world as inline SVG: each country with partners shaded by their number, titled
    with its name and count, and linked to its part of the table. With `base_url` (where
    `world_base_svg` is served, cached by the browser), the countries without partners come
    from that image instead of the page, which keeps the page small."""
    view_box, outlines = _world_outlines()
    by_code = {c.code: c for c in directory.countries}
    title = _("World map of partner institutions by country")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="world-map" viewBox="{view_box}" '
        f'role="group" aria-labelledby="world-map-title" preserveAspectRatio="xMidYMid meet">'
        f'<title id="world-map-title">{escape(title)}</title>'
    ]
    if base_url:
        x, y, width, height = view_box.split()
        parts.append(
            f'<image href="{escape(base_url)}" x="{x}" y="{y}" width="{width}" '
            f'height="{height}" aria-hidden="true"/>'
        )
    for code, paths in outlines.items():
        country = by_code.get(code)
        if country is None and base_url:
            continue
        drawn = "".join(f'<path d="{d}"/>' for d in paths)
        if country is None:
            parts.append(f'<g class="map-country">{drawn}</g>')
            continue
        label = ngettext(
            "%(country)s: %(count)d partner", "%(country)s: %(count)d partners", country.count
        ) % {
            "country": country.name,
            "count": country.count,
        }
        parts.append(
            f'<a href="#{country.anchor}" class="map-link" data-country="{code}">'
            f'<g class="map-country shade-{shade_for(country.count)}">'
            f"<title>{escape(label)}</title>{drawn}</g></a>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (built from escaped text and map data)
