"""The Confucius Institutes register in Excel, declared in core's Excel layer: institutes,
their yearly figures and the staff sent, in three sheets."""

from __future__ import annotations

from typing import IO

from django.db.models import QuerySet

from waishi.confucius.enums import DispatchRole, InstituteStatus
from waishi.confucius.models import Dispatch, Institute, YearlyFigures
from waishi.core import excel as xl

INSTITUTES = xl.Sheet(
    "Institutes 孔子学院",
    (
        xl.Column("id", "ID 编号"),
        xl.Column("name_zh", "Name (Chinese) 中文名称"),
        xl.Column("name_en", "Name (English) 英文名称"),
        xl.Column("host", "Host institution 外方合作院校", get=lambda i: i.host.name),
        xl.Column("country", "Country 国家", get=lambda i: i.country.name),
        xl.Column("city", "City 城市"),
        xl.Column("founded_on", "Founded on 成立日期", kind=xl.DATE),
        xl.Column(
            "chinese_director",
            "Chinese director 中方院长",
            get=lambda i: str(i.chinese_director or ""),
        ),
        xl.Column(
            "foreign_director",
            "Foreign director 外方院长",
            get=lambda i: str(i.foreign_director or ""),
        ),
        xl.Column("website", "Website 网站"),
        xl.Column("status", "Status 状态", kind=xl.Choice(InstituteStatus)),
    ),
)
FIGURES = xl.Sheet(
    "Yearly figures 年度数据",
    (
        xl.Column("institute_id", "Institute ID 学院编号"),
        xl.Column("institute", "Institute 孔子学院", get=lambda row: row.institute.name),
        xl.Column("year", "Year 年份", kind=xl.Number()),
        xl.Column("students", "Students 学员", kind=xl.Number()),
        xl.Column("classes", "Classes 教学班", kind=xl.Number()),
        xl.Column("events", "Cultural events 文化活动", kind=xl.Number()),
        xl.Column("hsk_takers", "HSK test takers HSK 考生", kind=xl.Number()),
        xl.Column("hskk_takers", "HSKK test takers HSKK 考生", kind=xl.Number()),
        xl.Column(
            "scholarships_recommended",
            "Scholarship recipients recommended 推荐奖学金生",
            kind=xl.Number(),
        ),
    ),
)
STAFF = xl.Sheet(
    "Staff sent 外派人员",
    (
        xl.Column("institute_id", "Institute ID 学院编号"),
        xl.Column("institute", "Institute 孔子学院", get=lambda d: d.institute.name),
        xl.Column("person", "Person 人员", get=lambda d: d.person.display_name),
        xl.Column("role", "Role 角色", kind=xl.Choice(DispatchRole)),
        xl.Column("starts_on", "Term starts 任期开始", kind=xl.DATE),
        xl.Column("ends_on", "Term ends 任期结束", kind=xl.DATE),
        xl.Column("returned_on", "Came back on 回国日期", kind=xl.DATE),
    ),
)


def export_workbook(institutes: QuerySet[Institute]) -> IO[bytes]:
    """Institutes, their yearly figures and the staff sent; a spooled file at its start."""
    rows = list(institutes)
    ids = [institute.pk for institute in rows]
    figures = (
        YearlyFigures.objects.filter(institute_id__in=ids)
        .select_related("institute")
        .order_by("institute__name_zh", "institute_id", "year")
    )
    staff = (
        Dispatch.objects.filter(institute_id__in=ids)
        .select_related("institute", "person")
        .order_by("institute__name_zh", "institute_id", "starts_on")
    )
    return xl.export([(INSTITUTES, rows), (FIGURES, figures), (STAFF, staff)])
