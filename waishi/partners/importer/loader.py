"""The loader of the partner page importer: the parser's entries into the registry
(`manage.py import_partner_page FILE`), idempotent and all or nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from waishi.core.history import history_by
from waishi.core.models import Country, User
from waishi.partners.enums import OtherNameKind, PartnerStatus
from waishi.partners.importer.parser import SEED_PAGE, ImportReport, partner_page_parse
from waishi.partners.models import Institution, InstitutionName
from waishi.partners.search import fold
from waishi.partners.services import institution_search_refresh


def _known_names() -> tuple[dict[tuple[int, str], int], set[int]]:
    """(country id, folded name) -> institution id, from every name the registry holds or
    has held: current names, other names, and former English names in the history (so a
    name a user corrected is not imported again); and the ids that still exist."""
    known: dict[tuple[int, str], int] = {}
    existing: set[int] = set()
    for pk, country_id, name_en, name_zh in Institution.objects.values_list(
        "pk", "country_id", "name_en", "name_zh"
    ):
        existing.add(pk)
        for name in (name_en, name_zh):
            if name:
                known[(country_id, fold(name))] = pk
    for pk, country_id, name in InstitutionName.objects.values_list(
        "institution_id", "institution__country_id", "name"
    ):
        known.setdefault((country_id, fold(name)), pk)
    for pk, country_id, name_en in Institution.history.values_list("id", "country_id", "name_en"):
        if name_en:
            known.setdefault((country_id, fold(name_en)), pk)
    return known, existing


NAMES_ZH = Path(__file__).resolve().parent.parent / "data" / "partner_names_zh.json"


def seed_names_zh(path: Path = NAMES_ZH) -> dict[tuple[str, str], str]:
    """(country code, folded English name) -> the official Chinese name, for the seed's
    institutions whose Chinese name is known (the project's data file)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        (code, fold(name_en)): name_zh
        for code, names in data.items()
        if not code.startswith("_")
        for name_en, name_zh in names.items()
    }


def partner_names_zh_fill(*, by: User | None = None) -> int:
    """Give the seed's institutions that have no Chinese name the official one from the data
    file (a registry loaded before the file existed); a name the office typed is never
    changed. Returns how many were filled."""
    names = seed_names_zh()
    filled = 0
    with transaction.atomic():
        for institution in Institution.objects.filter(name_zh="").select_related("country"):
            name_zh = names.get((institution.country.code, fold(institution.name_en)))
            if not name_zh:
                continue
            institution.name_zh = name_zh
            history_by(institution, by, _("Official Chinese name from the seed's data")[:100])
            institution.save()
            institution_search_refresh(institution)
            filled += 1
    return filled


def partner_page_import(
    text: str, *, dry_run: bool = False, by: User | None = None
) -> ImportReport:
    """Load the institutions of the page's Global Partners table (status active) and return
    the report. Idempotent: an institution the registry holds or has held under any of its
    names in that country is left exactly as users made it (never updated, never created
    again). All or nothing. Side effects: institutions created with a history entry, the
    page's spelling kept as an other name where a name was mended; nothing when `dry_run`."""
    return partner_page_load(partner_page_parse(text), dry_run=dry_run, by=by)


def partner_page_load(
    report: ImportReport, *, dry_run: bool = False, by: User | None = None
) -> ImportReport:
    """Write the entries of a parsed page (see `partner_page_import`); the report is
    completed with what was created, found already there, or not created again."""
    report.dry_run = dry_run
    countries = {
        c.code: c for c in Country.objects.filter(code__in={e.country_code for e in report.entries})
    }
    known, existing = _known_names()
    names_zh = seed_names_zh()
    reason = _("Imported from the Global Partners page")[:100]
    with transaction.atomic():
        for entry in report.entries:
            country = countries[entry.country_code]
            pk = known.get((country.pk, fold(entry.name))) or known.get(
                (country.pk, fold(entry.seen))
            )
            if pk is not None:
                if pk in existing:
                    report.already_there += 1
                else:
                    report.not_recreated.append(entry.name)
                continue
            report.created.append(entry.name)
            name_zh = names_zh.get((entry.country_code, fold(entry.name)), "")
            if not name_zh:
                report.no_chinese_name.append(entry.name)
            if dry_run:
                continue
            institution = Institution(
                name_en=entry.name, name_zh=name_zh, country=country, status=PartnerStatus.ACTIVE
            )
            history_by(institution, by, reason)
            institution.save()
            if fold(entry.seen) != fold(entry.name):
                InstitutionName.objects.create(
                    institution=institution, name=entry.seen, kind=OtherNameKind.SPELLING
                )
            institution_search_refresh(institution)
            known[(country.pk, fold(entry.name))] = institution.pk
            existing.add(institution.pk)
    return report


def partner_page_import_file(path: str | Path, **kwargs: Any) -> ImportReport:
    """`partner_page_import` of a file (UTF-8; a byte-order mark is ignored)."""
    return partner_page_import(Path(path).read_text(encoding="utf-8-sig"), **kwargs)


def partner_page_load_starting(say: Callable[[str], None]) -> None:
    """Starting data: the project's copy of the page, on a database that holds no institution
    yet (so a second `make run` changes nothing and the office's registry is never touched)."""
    if Institution.objects.exists():
        filled = partner_names_zh_fill()
        say(
            "partners: institutions already present, page not imported"
            + (f"; official Chinese names added: {filled}" if filled else "")
        )
        return
    report = partner_page_import_file(SEED_PAGE)
    say(
        f"partners: {len(report.created)} institutions imported from {SEED_PAGE.name} "
        f"({len(report.notices)} notes, {len(report.no_chinese_name)} without a known Chinese "
        "name; run import_partner_page for the report)"
    )
