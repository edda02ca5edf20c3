"""Confucius Institutes to .xlsx (openpyxl's write-only mode)."""

from __future__ import annotations

from typing import IO

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook

from waishi.confucius.models import Dispatch, Institute, YearlyFigures
from waishi.core.excel import append_header, spool


def export_workbook(institutes: QuerySet[Institute]) -> IO[bytes]:
    """Institutes, their yearly figures and the staff sent, in three sheets; a spooled
    file positioned at its start."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Institutes"))
    append_header(
        sheet,
        [
            _("ID"),
            _("Name (Chinese)"),
            _("Name (English)"),
            _("Host institution"),
            _("Country"),
            _("City"),
            _("Founded on"),
            _("Chinese director"),
            _("Foreign director"),
            _("Website"),
            _("Status"),
        ],
    )
    ids = []
    for institute in institutes:
        ids.append(institute.pk)
        sheet.append(
            [
                institute.pk,
                institute.name_zh,
                institute.name_en,
                institute.host.name,
                institute.country.name,
                institute.city,
                institute.founded_on,
                str(institute.chinese_director or ""),
                str(institute.foreign_director or ""),
                institute.website,
                institute.get_status_display(),
            ]
        )
    figures = book.create_sheet(_("Yearly figures"))
    append_header(
        figures,
        [
            _("Institute ID"),
            _("Institute"),
            _("Year"),
            _("Students"),
            _("Classes"),
            _("Cultural events"),
            _("HSK test takers"),
            _("HSKK test takers"),
            _("Scholarship recipients recommended"),
        ],
    )
    for row in (
        YearlyFigures.objects.filter(institute_id__in=ids)
        .select_related("institute")
        .order_by("institute__name_zh", "institute_id", "year")
    ):
        figures.append(
            [
                row.institute_id,
                row.institute.name,
                row.year,
                row.students,
                row.classes,
                row.events,
                row.hsk_takers,
                row.hskk_takers,
                row.scholarships_recommended,
            ]
        )
    staff = book.create_sheet(_("Staff sent"))
    append_header(
        staff,
        [
            _("Institute ID"),
            _("Institute"),
            _("Person"),
            _("Role"),
            _("Term starts"),
            _("Term ends"),
            _("Came back on"),
        ],
    )
    for posting in (
        Dispatch.objects.filter(institute_id__in=ids)
        .select_related("institute", "person")
        .order_by("institute__name_zh", "institute_id", "starts_on")
    ):
        staff.append(
            [
                posting.institute_id,
                posting.institute.name,
                posting.person.display_name,
                posting.get_role_display(),
                posting.starts_on,
                posting.ends_on,
                posting.returned_on,
            ]
        )
    buffer = spool()
    book.save(buffer)
    buffer.seek(0)
    return buffer
