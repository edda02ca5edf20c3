"""Conferences' share of the demo data: ten years of international conferences held by the
colleges (about a hundred a year at scale 1) and the next year's, each with its versions
(one in ten changed after approval), organisers, forecast and external filing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, Subquery

from waishi.conferences import policy
from waishi.conferences.enums import (
    ConferenceStatus,
    Discipline,
    Format,
    Half,
    OrganiserRole,
    SizeClass,
    VersionStatus,
)
from waishi.conferences.models import (
    Conference,
    ConferenceVersion,
    ExternalFiling,
    Forecast,
    Organiser,
)
from waishi.core import changes
from waishi.core.demo_data import DEMO_NOTE, YEARS, DemoRun, Made, aware
from waishi.core.models import Unit, User
from waishi.partners.models import Institution
from waishi.people.models import Person

CONFERENCES_PER_YEAR = 100  # at scale 1

REGISTERS = [("conferences", Conference), ("conference forecasts", Forecast)]

TOPICS = [
    ("计算数学", "Computational Mathematics", Discipline.NATURAL),
    ("材料科学", "Materials Science", Discipline.NATURAL),
    ("化学工程", "Chemical Engineering", Discipline.NATURAL),
    ("人工智能", "Artificial Intelligence", Discipline.NATURAL),
    ("环境科学", "Environmental Science", Discipline.NATURAL),
    ("机械工程", "Mechanical Engineering", Discipline.NATURAL),
    ("比较文学", "Comparative Literature", Discipline.SOCIAL),
    ("国际法", "International Law", Discipline.SOCIAL),
    ("区域经济", "Regional Economics", Discipline.SOCIAL),
    ("哲学", "Philosophy", Discipline.SOCIAL),
    ("中国近现代史", "Modern Chinese History", Discipline.SOCIAL),
    ("汉语国际教育", "Teaching Chinese to Speakers of Other Languages", Discipline.SOCIAL),
]
KINDS = [
    ("国际学术研讨会", "International Symposium on"),
    ("国际会议", "International Conference on"),
    ("国际论坛", "International Forum on"),
    ("国际青年学者论坛", "International Young Scholars Forum on"),
]
FORMATS = {Format.ONSITE: 70, Format.HYBRID: 18, Format.ONLINE: 12}
PAST_STATUS = {
    ConferenceStatus.CLOSED: 88,
    ConferenceStatus.CANCELLED: 6,
    ConferenceStatus.REJECTED: 6,
}
COMING_STATUS = {
    ConferenceStatus.APPROVED: 45,
    ConferenceStatus.IN_APPROVAL: 25,
    ConferenceStatus.DRAFT: 20,
    ConferenceStatus.RETURNED: 5,
    ConferenceStatus.CHANGING: 5,
}  # fmt: skip
VERSION_OF = {
    ConferenceStatus.DRAFT: VersionStatus.DRAFT,
    ConferenceStatus.IN_APPROVAL: VersionStatus.IN_APPROVAL,
    ConferenceStatus.RETURNED: VersionStatus.RETURNED,
    ConferenceStatus.REJECTED: VersionStatus.REJECTED,
    ConferenceStatus.CANCELLED: VersionStatus.WITHDRAWN,
    ConferenceStatus.APPROVED: VersionStatus.APPROVED,
    ConferenceStatus.CLOSED: VersionStatus.APPROVED,
}
AUTHORITY = "湖南省教育厅"
VENUES = [
    "湘潭大学学术交流中心",
    "湘潭大学逸夫楼报告厅",
    "湘潭大学图书馆报告厅",
    "湘潭大学国际会议厅",
]
CHANGE_REASON = "会场调整，会期顺延一周"


def generate(run: DemoRun) -> Made:
    """No history rows (as for visits): the scale-100 run would write millions of them."""
    colleges = run.made("colleges", Unit)
    staff = [p for p in run.made("staff", Person) if p.unit_id is not None]
    applicants = run.made("officers", User)
    institutions = run.made("institutions", Institution)
    if not colleges or not staff or not applicants:
        return
    staff_of: dict[int, list[Person]] = {}
    for person in staff:
        staff_of.setdefault(person.unit_id or 0, []).append(person)
    units = [u for u in colleges if u.pk in staff_of] or colleges
    offset = Conference.objects.count()  # references stay unique when adding (--force)
    ahead = run.today + datetime.timedelta(days=365)
    ended_recently = policy.months_before(run.today, policy.SUMMARY_MONTHS.value())
    plans: list[dict[str, Any]] = []
    for n in range(run.scaled(CONFERENCES_PER_YEAR * (YEARS + 1))):
        starts = run.day(run.start, ahead)
        ends = starts + datetime.timedelta(days=run.rng.randrange(0, 4))
        if ends < run.today:
            status = (
                ConferenceStatus.APPROVED if ends >= ended_recently else run.weighted(PAST_STATUS)
            )
        else:
            status = run.weighted(COMING_STATUS)
        topic_zh, topic_en, discipline = run.rng.choice(TOPICS)
        kind_zh, kind_en = run.rng.choice(KINDS)
        major = run.rng.random() < 0.08
        total = run.rng.randrange(820, 1200) if major else run.rng.randrange(30, 300)
        foreign = max(3, int(total * run.rng.choice((0.1, 0.2, 0.3, 0.4))))
        unit = run.rng.choice(units)
        plans.append(
            {
                "n": offset + n + 1,
                "unit": unit,
                "starts": starts,
                "ends": ends,
                "status": status,
                "name_zh": f"{starts.year}{topic_zh}{kind_zh}",
                "name_en": f"{starts.year} {kind_en} {topic_en}",
                "discipline": discipline,
                "format": run.weighted(FORMATS),
                "major": major,
                "total": total,
                "foreign": foreign,
                "countries": run.rng.randrange(3, 16),
                "changed": status in (ConferenceStatus.CHANGING,)
                or (status == ConferenceStatus.CLOSED and run.rng.random() < 0.1),
                "forecast": major or run.rng.random() < 0.7,
            }
        )
    # The forecasts, made the autumn before (a supplement in March for the second half).
    forecasts = [
        Forecast(
            unit=plan["unit"],
            year=plan["starts"].year,
            half=Half.SECOND_HALF
            if plan["starts"].month > 6 and run.rng.random() < 0.2
            else Half.YEAR,
            name=plan["name_zh"],
            expected_month=plan["starts"].month,
            size_class=SizeClass.MAJOR if plan["major"] else SizeClass.GENERAL,
            entered_by=run.rng.choice(applicants),
            notes=DEMO_NOTE,
        )
        for plan in plans
        if plan["forecast"]
    ]
    made_forecasts = iter(run.bulk(Forecast, forecasts, history=False))
    yield "conference forecasts", len(forecasts)
    rows = []
    for plan in plans:
        unit = plan["unit"]
        rows.append(
            Conference(
                reference=f"HY{plan['starts'].year}-{plan['n']:06d}",
                unit=unit,
                applicant=run.rng.choice(applicants),
                responsible=run.rng.choice(staff_of.get(unit.pk) or staff),
                status=plan["status"],
                forecast=next(made_forecasts) if plan["forecast"] else None,
                notes=DEMO_NOTE,
            )
        )
    conferences = run.bulk(Conference, rows, history=False)
    yield "conferences", len(conferences)
    versions = []
    for conference, plan in zip(conferences, plans, strict=True):
        first = _version(run, conference, plan, 1)
        versions.append(first)
        if plan["changed"]:
            first.status = VersionStatus.SUPERSEDED
            later = _version(run, conference, plan, 2)
            later.starts_on += datetime.timedelta(days=7)
            later.ends_on += datetime.timedelta(days=7)
            later.change_reason = CHANGE_REASON
            if conference.status == ConferenceStatus.CHANGING:
                first.status = VersionStatus.APPROVED
                later.status = VersionStatus.IN_APPROVAL
                later.approved_on = None
            versions.append(later)
    made_versions = run.bulk(ConferenceVersion, versions, history=False)
    yield "conferences: versions", len(made_versions)
    changes.update(
        Conference.objects.filter(notes=DEMO_NOTE, current_version=None),
        current_version=Subquery(
            ConferenceVersion.objects.filter(conference=OuterRef("pk"))
            .order_by("-number")
            .values("pk")[:1]
        ),
    )
    organisers, filings = [], []
    for version in made_versions:
        if institutions and run.rng.random() < 0.8:
            partner = run.rng.choice(institutions)
            organisers.append((version.pk, partner.pk, "", OrganiserRole.CO_ORGANISER, False))
        if version.approved_on is not None:
            filings.append(
                (
                    version.pk,
                    AUTHORITY,
                    f"湘教外〔{version.approved_on.year}〕{version.pk % 1000 + 1}号",
                    (version.approved_on + datetime.timedelta(days=10)).isoformat(),
                    "",
                    run.rng.choice(applicants).pk,
                    aware(version.approved_on + datetime.timedelta(days=10)).isoformat(),
                )
            )
    yield (
        "conferences: organisers",
        run.fast_insert(
            Organiser, ["version_id", "institution_id", "name", "role", "overseas_ngo"], organisers
        ),
    )
    columns = ["version_id", "authority", "number", "filed_on", "file", "recorded_by_id"]
    yield (
        "conferences: external filings",
        run.fast_insert(ExternalFiling, [*columns, "recorded_at"], filings),
    )


def _version(
    run: DemoRun, conference: Conference, plan: dict[str, Any], number: int
) -> ConferenceVersion:
    status = VERSION_OF.get(ConferenceStatus(plan["status"]), VersionStatus.APPROVED)
    submitted = policy.months_before(plan["starts"], 7 if plan["major"] else 5)
    decided = status in (VersionStatus.APPROVED, VersionStatus.SUPERSEDED)
    return ConferenceVersion(
        conference=conference,
        number=number,
        name_zh=plan["name_zh"],
        name_en=plan["name_en"],
        discipline=plan["discipline"],
        format=plan["format"],
        starts_on=plan["starts"],
        ends_on=plan["ends"],
        venue="" if plan["format"] == Format.ONLINE else run.rng.choice(VENUES),
        city="" if plan["format"] == Format.ONLINE else "湘潭",
        expected_total=plan["total"],
        expected_foreign=plan["foreign"],
        expected_countries=plan["countries"],
        size_class=SizeClass.MAJOR if plan["major"] else SizeClass.GENERAL,
        budget=Decimal(plan["total"] * 800),
        funding_source="学科建设经费",
        status=status,
        submitted_at=None if status == VersionStatus.DRAFT else aware(submitted),
        approved_on=submitted + datetime.timedelta(days=20) if decided else None,
        created_by=conference.applicant,
    )
