"""The loader of the partner page importer: the parser's entries into the registry
(`manage.py import_partner_page FILE`), idempotent and all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from waishi.core.models import Country
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


def partner_page_import(text: str, *, dry_run: bool = False, by: Any = None) -> ImportReport:
    """Load the institutions of the page's Global Partners table (status active) and return
    the report. Idempotent: an institution the registry holds or has held under any of its
    names in that country is left exactly as users made it (never updated, never created
    again). All or nothing. Side effects: institutions created with a history entry, the
    page's spelling kept as an other name where a name was mended; nothing when `dry_run`."""
    return partner_page_load(partner_page_parse(text), dry_run=dry_run, by=by)


def partner_page_load(
    report: ImportReport, *, dry_run: bool = False, by: Any = None
) -> ImportReport:
    """Write the entries of a parsed page (see `partner_page_import`); the report is
    completed with what was created, found already there, or not created again."""
    report.dry_run = dry_run
    countries = {
        c.code: c for c in Country.objects.filter(code__in={e.country_code for e in report.entries})
    }
    known, existing = _known_names()
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
            if dry_run:
                continue
            institution = Institution(
                name_en=entry.name, country=country, status=PartnerStatus.ACTIVE
            )
            if by is not None:
                institution._history_user = by
            institution._change_reason = reason
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


def partner_page_load_starting(say: Any) -> None:
    """Starting data: the project's copy of the page, on a database that holds no institution
    yet (so a second `make run` changes nothing and the office's registry is never touched)."""
    if Institution.objects.exists():
        say("partners: institutions already present, page not imported")
        return
    report = partner_page_import_file(SEED_PAGE)
    say(
        f"partners: {len(report.created)} institutions imported from {SEED_PAGE.name} "
        f"({len(report.notices)} notes; run import_partner_page for the report)"
    )
