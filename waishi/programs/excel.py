"""Programs to .xlsx (openpyxl's write-only mode, so a long list stays small in memory)."""

from __future__ import annotations

from typing import IO

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook

from waishi.core.excel import append_header, spool
from waishi.programs.models import Cohort, Program


def export_workbook(programs: QuerySet[Program]) -> IO[bytes]:
    """A workbook of `programs` (one row each) and their cohorts, in a spooled file at 0."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Programs"))
    append_header(
        sheet,
        [
            _("ID"),
            _("Name (Chinese)"),
            _("Name (English)"),
            _("Partner institutions"),
            _("Countries"),
            _("Home college"),
            _("Agreement"),
            _("Level"),
            _("Mode"),
            _("Discipline"),
            _("Approval number"),
            _("Approved on"),
            _("Valid until"),
            _("Yearly quota"),
            _("Tuition per year (CNY)"),
            _("Status"),
            _("Ended on"),
        ],
    )
    ids = []
    for program in programs:
        ids.append(program.pk)
        partners = list(program.partners.all())
        sheet.append(
            [
                program.pk,
                program.name_zh,
                program.name_en,
                "; ".join(p.name for p in partners),
                "; ".join(sorted({p.country.name for p in partners})),
                program.home_unit.name,
                program.agreement.name if program.agreement else "",
                program.get_level_display(),
                program.get_mode_display(),
                program.discipline,
                program.approval_number,
                program.approval_date,
                program.valid_until,
                program.annual_quota,
                program.tuition,
                program.get_status_display(),
                program.ended_on,
            ]
        )
    cohorts = book.create_sheet(_("Cohorts"))
    append_header(
        cohorts,
        [
            _("Program ID"),
            _("Program"),
            _("Intake year"),
            _("Quota"),
            _("Enrolled"),
            _("Transferred abroad"),
            _("Graduated"),
        ],
    )
    for cohort in (
        Cohort.objects.filter(program_id__in=ids)
        .select_related("program")
        .order_by("program__name_zh", "program_id", "intake_year")
    ):
        cohorts.append(
            [
                cohort.program_id,
                cohort.program.name,
                cohort.intake_year,
                cohort.effective_quota,
                cohort.enrolled,
                cohort.transferred_abroad,
                cohort.graduated,
            ]
        )
    buffer = spool()
    book.save(buffer)
    buffer.seek(0)
    return buffer
