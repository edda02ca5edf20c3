"""The programs register in Excel, declared in core's Excel layer: programs (one row each)
and their cohorts."""

from __future__ import annotations

from typing import IO

from django.db.models import QuerySet

from waishi.core import excel as xl
from waishi.programs.enums import ProgramLevel, ProgramMode, ProgramStatus
from waishi.programs.models import Cohort, Program

PROGRAMS = xl.Sheet(
    "Programs 合作办学",
    (
        xl.Column("id", "ID 编号"),
        xl.Column("name_zh", "Name (Chinese) 中文名称"),
        xl.Column("name_en", "Name (English) 英文名称"),
        xl.Column(
            "partners",
            "Partner institutions 合作院校",
            get=lambda program: [p.name for p in program.partners.all()],
            kind=xl.ListOf(xl.TEXT),
        ),
        xl.Column(
            "countries",
            "Countries 国家",
            get=lambda program: sorted({p.country.name for p in program.partners.all()}),
            kind=xl.ListOf(xl.TEXT),
        ),
        xl.Column("home_unit", "Home college 所属学院", get=lambda program: program.home_unit.name),
        xl.Column(
            "agreement",
            "Agreement 合作协议",
            get=lambda program: program.agreement.name if program.agreement else "",
        ),
        xl.Column("level", "Level 层次", kind=xl.Choice(ProgramLevel)),
        xl.Column("mode", "Mode 模式", kind=xl.Choice(ProgramMode)),
        xl.Column("discipline", "Discipline 专业"),
        xl.Column("approval_number", "Approval number 批准书编号"),
        xl.Column("approval_date", "Approved on 批准日期", kind=xl.DATE),
        xl.Column("valid_until", "Valid until 有效期至", kind=xl.DATE),
        xl.Column("annual_quota", "Yearly quota 年度招生计划", kind=xl.Number()),
        xl.Column("tuition", "Tuition per year (CNY) 学费(元/年)", kind=xl.Number()),
        xl.Column("status", "Status 状态", kind=xl.Choice(ProgramStatus)),
        xl.Column("ended_on", "Ended on 终止日期", kind=xl.DATE),
    ),
)
COHORTS = xl.Sheet(
    "Cohorts 年级",
    (
        xl.Column("program_id", "Program ID 项目编号"),
        xl.Column("program", "Program 项目", get=lambda cohort: cohort.program.name),
        xl.Column("intake_year", "Intake year 入学年份", kind=xl.Number()),
        xl.Column("effective_quota", "Quota 招生计划", kind=xl.Number()),
        xl.Column("enrolled", "Enrolled 实际录取", kind=xl.Number()),
        xl.Column("transferred_abroad", "Transferred abroad 出国学习", kind=xl.Number()),
        xl.Column("graduated", "Graduated 毕业", kind=xl.Number()),
    ),
)


def export_workbook(programs: QuerySet[Program]) -> IO[bytes]:
    """A workbook of `programs` and their cohorts, in a spooled file at its start."""
    rows = list(programs)
    cohorts = (
        Cohort.objects.filter(program_id__in=[program.pk for program in rows])
        .select_related("program")
        .order_by("program__name_zh", "program_id", "intake_year")
    )
    return xl.export([(PROGRAMS, rows), (COHORTS, cohorts)])
