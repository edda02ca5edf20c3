"""Programs' share of the demo data: Sino-foreign cooperative programs of the colleges with
active partners, and a cohort for every year each has run."""

from __future__ import annotations

import datetime

from waishi.core.demo_data import BATCH, DEMO_NOTE, DemoRun, Made, aware
from waishi.core.models import Unit, User
from waishi.partners.enums import PartnerStatus
from waishi.partners.models import Institution
from waishi.programs.enums import ProgramLevel, ProgramMode, ProgramStatus
from waishi.programs.models import Cohort, Program

PROGRAMS = 35  # at scale 1

REGISTERS = [("cooperative programs", Program)]

DISCIPLINES = [
    ("数学与应用数学", "Mathematics and Applied Mathematics"),
    ("计算机科学与技术", "Computer Science and Technology"),
    ("机械工程", "Mechanical Engineering"),
    ("材料科学与工程", "Materials Science and Engineering"),
    ("化学工程与工艺", "Chemical Engineering"),
    ("国际经济与贸易", "International Economics and Trade"),
    ("法学", "Law"),
    ("英语", "English"),
    ("金融学", "Finance"),
    ("电子信息工程", "Electronic Information Engineering"),
    ("土木工程", "Civil Engineering"),
    ("会计学", "Accounting"),
]
LEVEL_NAMES = {
    ProgramLevel.BACHELOR: ("本科", "bachelor's"),
    ProgramLevel.MASTER: ("硕士研究生", "master's"),
    ProgramLevel.DOCTORATE: ("博士研究生", "doctoral"),
}
LEVEL_WEIGHTS = {ProgramLevel.BACHELOR: 8, ProgramLevel.MASTER: 3, ProgramLevel.DOCTORATE: 1}
STATUS_WEIGHTS = {
    ProgramStatus.RUNNING: 70,
    ProgramStatus.PLANNED: 10,
    ProgramStatus.SUSPENDED: 10,
    ProgramStatus.ENDED: 10,
}


def generate(run: DemoRun) -> Made:
    officers = run.made("officers", User)
    colleges = run.made("colleges", Unit)
    partners = [
        i for i in run.made("institutions", Institution) if i.status == PartnerStatus.ACTIVE
    ]
    if not partners or not colleges:
        return
    rows = []
    partner_sets = []
    for n in range(run.scaled(PROGRAMS)):
        partner = run.rng.choice(partners)
        college = run.rng.choice(colleges)
        subject_zh, subject_en = run.rng.choice(DISCIPLINES)
        level = run.weighted(LEVEL_WEIGHTS)
        level_zh, level_en = LEVEL_NAMES[level]
        approved = run.day()
        status = run.weighted(STATUS_WEIGHTS)
        quota = run.rng.randrange(30, 130, 10)
        program = Program(
            name_zh=f"{college.name_zh}与{partner.name_zh}合作举办{subject_zh}专业{level_zh}教育项目",
            name_en=f"{subject_en} {level_en} programme with {partner.name_en}",
            home_unit=college,
            level=level,
            mode=run.rng.choice(ProgramMode.values),
            discipline=subject_zh,
            approval_number=(
                f"MOE43{partner.country.code}{run.rng.choice('ABCD')}"
                f"A{approved.year}{n % 10000:04d}N"
            ),
            approval_date=approved,
            valid_until=approved + datetime.timedelta(days=365 * 10),
            annual_quota=quota,
            tuition=run.rng.randrange(20000, 80000, 5000),
            status=status,
            ended_on=run.day(approved) if status == ProgramStatus.ENDED else None,
            end_reason="合作协议期满" if status == ProgramStatus.ENDED else "",
            responsible=run.rng.choice(officers),
            notes=DEMO_NOTE,
        )
        program._history_date = aware(approved)  # type: ignore[attr-defined]  # simple-history
        rows.append(program)
        chosen = [partner] if run.rng.random() < 0.85 else [partner, run.rng.choice(partners)]
        partner_sets.append({p.pk: p for p in chosen})
    programs = run.bulk(Program, rows)
    yield "programs", len(programs)
    Through = Program.partners.through
    links = [
        Through(program_id=program.pk, institution_id=pk)
        for program, chosen_set in zip(programs, partner_sets, strict=True)
        for pk in chosen_set
    ]
    Through.objects.bulk_create(links, batch_size=BATCH)
    yield "programs: cohorts", len(run.bulk(Cohort, list(_cohorts(run, programs))))


def _cohorts(run: DemoRun, programs: list[Program]) -> list[Cohort]:
    """A cohort for each year a program has run (from the year after its approval)."""
    cohorts = []
    for program in programs:
        if program.status == ProgramStatus.PLANNED or program.approval_date is None:
            continue
        last = (program.ended_on or run.today).year
        quota = program.annual_quota or 0
        for year in range(program.approval_date.year + 1, last + 1):
            enrolled = run.rng.randrange(quota // 2, quota + 1)
            abroad = run.rng.randrange(0, enrolled // 2 + 1)
            graduated = (
                run.rng.randrange(enrolled * 3 // 4, enrolled + 1)
                if year + 4 <= run.today.year
                else 0
            )
            cohorts.append(
                Cohort(
                    program=program,
                    intake_year=year,
                    enrolled=enrolled,
                    transferred_abroad=abroad,
                    graduated=graduated,
                )
            )
    return cohorts
