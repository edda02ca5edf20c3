"""The parser of the partner page importer: the "Table: Global Partners" part of a page in
the seed's format, read into entries (one per institution) and a report. Writes nothing; the
loader (`loader.py`) puts the entries in the registry.

The page is kept by hand and has the faults of one: a heading written twice, countries that
follow a continent without a heading of their own, names separated by the Chinese list comma,
an editor's note "(空格)" inside a name, stray spaces, a word missing its last letter. The
importer mends only what it can mend safely, keeps the spelling it saw as an other name of the
institution, and reports everything else for a person to check. It never invents data.

The continent of a country comes from the Country data, never from the page's heading; where
the two disagree, the report says so.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from waishi.core.enums import Continent
from waishi.core.geography import code_for_name
from waishi.core.models import Country
from waishi.partners.search import fold

# The project's own copy of the office's page (a user's machine has only the project).
SEED_PAGE = Path(__file__).parent.parent / "data" / "xtu-international-overview.txt"

TABLE_START = re.compile(r"^\s*Table\s*:\s*Global Partners\s*$", re.IGNORECASE)
HEADING = re.compile(r"^(?P<name>[^()\d]+?)\s*[(（]\s*(?P<count>\d+)\s*[)）]\s*$")
# Names are separated by commas; the Chinese list comma (、) and full-width comma slip in.
SEPARATORS = re.compile(r"[,，、;；]")
# An editor's note left in the text: "(空格)" means "a space goes here".
EDITOR_SPACE = re.compile(r"\s*[(（]\s*空格\s*[)）]\s*")
# Small words an English name writes in lower case between other words.
SMALL_WORDS = {"Of": "of", "And": "and", "The": "the", "For": "for"}

# How continents are written as headings (English and Chinese).
CONTINENT_NAMES = {
    "asia": Continent.ASIA,
    "亚洲": Continent.ASIA,
    "europe": Continent.EUROPE,
    "欧洲": Continent.EUROPE,
    "america": Continent.AMERICAS,
    "americas": Continent.AMERICAS,
    "the americas": Continent.AMERICAS,
    "north america": Continent.AMERICAS,
    "south america": Continent.AMERICAS,
    "latin america": Continent.AMERICAS,
    "美洲": Continent.AMERICAS,
    "北美洲": Continent.AMERICAS,
    "南美洲": Continent.AMERICAS,
    "oceania": Continent.OCEANIA,
    "大洋洲": Continent.OCEANIA,
    "africa": Continent.AFRICA,
    "非洲": Continent.AFRICA,
}

# Places where partner universities stand, by country: a name's last word that is one of
# these cut short by one letter is mended ("Orléan" -> "Orléans"); a word that looks like one
# of these but is not (same country) is only reported ("Braque" for "Prague").
KNOWN_PLACES: dict[str, tuple[str, ...]] = {
    "FR": ("Paris", "Orléans", "Tours", "Poitiers", "Lyon", "Lille", "Nantes", "Rennes",
           "Bordeaux", "Toulouse", "Marseille", "Grenoble", "Strasbourg", "Montpellier"),
    "CZ": ("Prague", "Brno", "Ostrava", "Olomouc", "Pardubice", "Liberec", "Plzeň"),
    "DE": ("Marburg", "Berlin", "Munich", "Hamburg", "Heidelberg", "Göttingen", "Leipzig"),
    "ES": ("León", "Madrid", "Barcelona", "Murcia", "Valencia", "Seville"),
    "IT": ("Rome", "Milan", "Bologna", "Florence", "Turin", "Naples", "Padua", "Pisa"),
    "BE": ("Mons", "Ghent", "Brussels", "Leuven", "Liège", "Antwerp", "Namur"),
    "PT": ("Bragança", "Lisbon", "Porto", "Coimbra", "Braga", "Aveiro"),
    "US": ("Boston", "Louis", "Oregon", "Missouri", "Massachusetts", "Jacksonville"),
    "MX": ("Mexico",),
    "CU": ("Havana",),
}  # fmt: skip


@dataclass(frozen=True)
class Entry:
    """One institution as the page lists it."""

    line: int
    country_code: str
    name: str  # as it will be stored (mended)
    seen: str  # as the page writes it (spaces tidied)


@dataclass(frozen=True)
class Notice:
    """One thing the report tells the operator. `kind` is one of: count, placement, mend,
    check, unreadable, duplicate, heading."""

    kind: str
    line: int
    message: str


@dataclass
class ImportReport:
    """What the import found, mended, could not read and did."""

    entries: list[Entry] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    already_there: int = 0
    not_recreated: list[str] = field(default_factory=list)
    # Created without a Chinese name: none is known in `data/partner_names_zh.json`.
    no_chinese_name: list[str] = field(default_factory=list)
    dry_run: bool = False
    continent_counts: dict[str, int] = field(default_factory=dict)
    country_count: int = 0

    def notices_of(self, kind: str) -> list[Notice]:
        return [n for n in self.notices if n.kind == kind]

    @property
    def changed(self) -> bool:
        return bool(self.created)

    def lines(self) -> list[str]:
        """The report as lines of text for a person to read."""
        out = [
            _("The page lists %(institutions)d institutions in %(countries)d countries: %(by)s.")
            % {
                "institutions": len(self.entries),
                "countries": self.country_count,
                "by": ", ".join(
                    f"{Continent(c).label} {n}" for c, n in self.continent_counts.items()
                ),
            }
        ]
        sections = (
            ("count", _("Headings whose stated count differs from the names found:")),
            ("placement", _("Where the page's headings disagree with the country data:")),
            ("heading", _("Headings written more than once:")),
            ("mend", _("Mended:")),
            ("check", _("To check by hand (left as written):")),
            ("duplicate", _("Names listed twice (loaded once):")),
            ("unreadable", _("Lines that could not be read (nothing loaded from them):")),
        )
        for kind, title in sections:
            found = self.notices_of(kind)
            if found:
                out.append(title)
                out += [
                    _("  line %(line)d: %(message)s") % {"line": n.line, "message": n.message}
                    if n.line
                    else f"  {n.message}"
                    for n in found
                ]
        if self.no_chinese_name:
            out.append(
                _("No official Chinese name known (left empty; add it on the partner's page): %s")
                % ", ".join(self.no_chinese_name)
            )
        if self.not_recreated:
            out.append(
                _("Removed from the registry since an earlier import, not created again: %s")
                % ", ".join(self.not_recreated)
            )
        if self.dry_run:
            out.append(
                _(
                    "Dry run: %(created)d would be created, %(kept)d are already in the registry;"
                    " nothing was written."
                )
                % {"created": len(self.created), "kept": self.already_there}
            )
        elif self.created:
            out.append(
                _("Created %(created)d institutions; %(kept)d were already in the registry.")
                % {"created": len(self.created), "kept": self.already_there}
            )
        else:
            out.append(
                _("Nothing to change: all %(kept)d institutions are already in the registry.")
                % {"kept": self.already_there}
            )
        return out


# Reading ----------------------------------------------------------------------------------


def _table_lines(text: str) -> list[tuple[int, str]]:
    """(line number, text) of the lines after "Table: Global Partners" (all lines when the
    page has no such title)."""
    lines = text.splitlines()
    start = next((i + 1 for i, line in enumerate(lines) if TABLE_START.match(line)), 0)
    return [(i + 1, lines[i]) for i in range(start, len(lines))]


def _tidy(text: str) -> str:
    return " ".join(text.replace("\u3000", " ").split())


def _mend_name(raw: str, code: str, line: int, notices: list[Notice]) -> tuple[str, str]:
    """(mended name, name as seen with spaces tidied); each mend is reported."""
    seen = _tidy(raw)
    name = raw
    if EDITOR_SPACE.search(name):
        name = EDITOR_SPACE.sub(" ", name)
        notices.append(
            Notice(
                "mend",
                line,
                _("removed the editor's note “(空格)” from “%(seen)s” (read as a space)")
                % {"seen": seen},
            )
        )
    if re.search(r"\S\s{2,}\S", raw.strip()):
        notices.append(
            Notice("mend", line, _("removed doubled spaces in “%(name)s”") % {"name": _tidy(name)})
        )
    name = _tidy(name)
    words = name.split(" ")
    small = [i for i, w in enumerate(words[1:-1], start=1) if w in SMALL_WORDS]
    if small:
        before = name
        for i in small:
            words[i] = SMALL_WORDS[words[i]]
        name = " ".join(words)
        notices.append(
            Notice(
                "mend",
                line,
                _("wrote “%(before)s” as “%(after)s”") % {"before": before, "after": name},
            )
        )
    places = KNOWN_PLACES.get(code, ())
    last = name.split(" ")[-1]
    if last not in places:
        longer = [p for p in places if len(p) == len(last) + 1 and p.startswith(last)]
        if len(longer) == 1:
            mended = name[: -len(last)] + longer[0]
            notices.append(
                Notice(
                    "mend",
                    line,
                    _("“%(before)s” is missing its last letter: “%(after)s”")
                    % {"before": name, "after": mended},
                )
            )
            name = mended
    for word in re.findall(r"[^\W\d_]{4,}", name):
        if word in places or not word[0].isupper():
            continue
        close = difflib.get_close_matches(word, places, n=1, cutoff=0.66)
        if close and len(close[0]) == len(word):
            notices.append(
                Notice(
                    "check",
                    line,
                    _(
                        "“%(word)s” in “%(name)s” may be a misspelling of “%(place)s”; correct the"
                        " name in the registry if so (the import will not create it again)"
                    )
                    % {"word": word, "name": name, "place": close[0]},
                )
            )
    return name, seen


def partner_page_parse(text: str) -> ImportReport:
    """Read the Global Partners table of `text`. Writes nothing; the report holds the entries
    found and every notice about counts, headings, mends and unreadable lines."""
    report = ImportReport()
    notices = report.notices
    countries = {c.code: c for c in Country.objects.all()}

    continent: str | None = None  # of the page's last continent heading
    continent_heading: tuple[int, str, int] | None = None  # line, text, stated count
    country: Country | None = None
    country_heading: tuple[int, str, int] | None = None
    under_continent: list[Entry] = []
    under_country: list[Entry] = []
    headings_seen: dict[str, int] = {}
    previous_heading = ""
    seen_names: set[tuple[str, str]] = set()

    def close_country() -> None:
        if country_heading and len(under_country) != country_heading[2]:
            line, heading, stated = country_heading
            notices.append(
                Notice(
                    "count",
                    line,
                    _("“%(heading)s” says %(stated)d, the page lists %(found)d")
                    % {"heading": heading, "stated": stated, "found": len(under_country)},
                )
            )

    def close_continent() -> None:
        if not continent_heading:
            return
        line, heading, stated = continent_heading
        own = [e for e in under_continent if countries[e.country_code].continent == continent]
        others = [e for e in under_continent if e not in own]
        if len(under_continent) != stated:
            message = _("“%(heading)s” says %(stated)d, the page lists %(found)d under it") % {
                "heading": heading,
                "stated": stated,
                "found": len(under_continent),
            }
            if others:
                message += " " + _(
                    "(%(own)d in its own countries, %(others)d in countries of other continents)"
                ) % {"own": len(own), "others": len(others)}
            notices.append(Notice("count", line, message))

    for number, raw in _table_lines(text):
        line = raw.strip()
        if not line:
            continue
        heading = HEADING.match(line)
        if heading:
            name = _tidy(heading.group("name"))
            stated = int(heading.group("count"))
            label = f"{name} ({stated})"
            if label == previous_heading:
                notices.append(
                    Notice(
                        "heading",
                        number,
                        _("“%(heading)s” written twice in a row; read once") % {"heading": label},
                    )
                )
                continue
            previous_heading = label
            key = name.casefold()
            if key in CONTINENT_NAMES:
                close_country()
                close_continent()
                continent = CONTINENT_NAMES[key]
                continent_heading = (number, label, stated)
                country, country_heading, under_continent, under_country = None, None, [], []
                continue
            code = code_for_name(name)
            if code is None or code not in countries:
                close_country()
                country, country_heading, under_country = None, None, []
                notices.append(
                    Notice(
                        "unreadable",
                        number,
                        _(
                            "“%(heading)s” is neither a continent nor a country known to the"
                            " registry"
                        )
                        % {"heading": label},
                    )
                )
                continue
            close_country()
            if code in headings_seen:
                notices.append(
                    Notice(
                        "heading",
                        number,
                        _("“%(heading)s” already had a heading on line %(first)d")
                        % {"heading": label, "first": headings_seen[code]},
                    )
                )
            headings_seen.setdefault(code, number)
            country = countries[code]
            country_heading = (number, label, stated)
            under_country = []
            if continent and country.continent != continent:
                notices.append(
                    Notice(
                        "placement",
                        number,
                        _(
                            "the page puts %(country)s under “%(heading)s”; %(country)s is in"
                            " %(continent)s"
                        )
                        % {
                            "country": country.name_en,
                            "heading": continent_heading[1] if continent_heading else "",
                            "continent": Continent(country.continent).label,
                        },
                    )
                )
            elif not continent:
                notices.append(
                    Notice(
                        "placement",
                        number,
                        _("%(country)s comes before any continent heading")
                        % {"country": country.name_en},
                    )
                )
            continue
        previous_heading = ""
        if country is None:
            notices.append(
                Notice(
                    "unreadable",
                    number,
                    _("names without a country heading above them: “%(text)s”")
                    % {"text": _tidy(line)[:120]},
                )
            )
            continue
        if "、" in line:
            notices.append(
                Notice(
                    "mend",
                    number,
                    _("read the Chinese list comma (、) as a separator between names"),
                )
            )
        for part in SEPARATORS.split(line):
            if not _tidy(part):
                continue
            name, seen = _mend_name(part, country.code, number, notices)
            name_key = (country.code, fold(name))
            if name_key in seen_names:
                notices.append(
                    Notice(
                        "duplicate",
                        number,
                        _("“%(name)s” in %(country)s") % {"name": name, "country": country.name_en},
                    )
                )
                continue
            seen_names.add(name_key)
            entry = Entry(number, country.code, name, seen)
            report.entries.append(entry)
            under_country.append(entry)
            under_continent.append(entry)
    close_country()
    close_continent()

    by_continent = Counter(countries[e.country_code].continent for e in report.entries)
    report.continent_counts = {c.value: by_continent[c.value] for c in Continent if by_continent[c]}
    report.country_count = len({e.country_code for e in report.entries})
    headed = {CONTINENT_NAMES[k] for k in CONTINENT_NAMES if k in _headings_text(text)}
    for value, count in report.continent_counts.items():
        if value not in headed:
            names = sorted(
                {
                    countries[e.country_code].name_en
                    for e in report.entries
                    if countries[e.country_code].continent == value
                }
            )
            notices.append(
                Notice(
                    "placement",
                    0,
                    _("%(continent)s has no heading on the page; %(count)d names in %(countries)s")
                    % {
                        "continent": Continent(value).label,
                        "count": count,
                        "countries": ", ".join(names),
                    },
                )
            )
    return report


def _headings_text(text: str) -> set[str]:
    found = set()
    for _number, raw in _table_lines(text):
        match = HEADING.match(raw.strip())
        if match:
            found.add(_tidy(match.group("name")).casefold())
    return found
