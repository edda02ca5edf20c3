"""Plans' share of the demo data: the university's cooperation plans and alliances, each with
its member institutions and a few activities, so the plan pages show a plan as the office keeps
one."""

from __future__ import annotations

from waishi.core.demo_data import DemoRun, Made
from waishi.partners.enums import PartnerStatus
from waishi.partners.models import Institution
from waishi.plans.enums import ActivityKind, MemberRole, PlanStatus
from waishi.plans.models import Plan, PlanActivity, PlanMember

PLANS = 4  # at scale 1
MEMBERS = (3, 9)  # institutions per plan, from-to
ACTIVITIES = (2, 7)  # activities per plan, from-to

MOE = ("教育部", "Ministry of Education")
HUNAN = ("湖南省教育厅", "Hunan Provincial Department of Education")
# (name in Chinese, in English, sponsor)
NAMES = [
    ("“一带一路”高校合作计划", "Belt and Road University Cooperation Plan", MOE),
    ("中俄工科大学联盟", "Sino-Russian Technical Universities Alliance", MOE),
    ("中非高校20+20合作计划", "China-Africa 20+20 University Cooperation Plan", MOE),
    ("湖南省—欧洲高校合作计划", "Hunan-Europe University Partnership", HUNAN),
    ("中国—东盟高校交流计划", "China-ASEAN University Exchange Plan", MOE),
]
ACTIVITY_TEXT = {
    ActivityKind.VISIT: "校领导率团访问成员高校",
    ActivityKind.STAFF_EXCHANGE: "互派教师短期访学",
    ActivityKind.STUDENT_EXCHANGE: "学生交换学习一学期",
    ActivityKind.TRAINING: "联合举办青年教师培训班",
    ActivityKind.RESEARCH: "联合申报合作研究项目",
    ActivityKind.CONFERENCE: "成员高校校长论坛",
}


def generate(run: DemoRun) -> Made:
    partners = [
        i for i in run.made("institutions", Institution) if i.status == PartnerStatus.ACTIVE
    ]
    if not partners:
        return
    rows = []
    for n in range(run.scaled(PLANS)):
        name_zh, name_en, (sponsor_zh, sponsor_en) = NAMES[n % len(NAMES)]
        phase = n // len(NAMES) + 1
        starts = run.day().year
        ended = run.rng.random() < 0.2
        rows.append(
            Plan(
                name_zh=name_zh if phase == 1 else f"{name_zh}（第{phase}期）",
                name_en=name_en if phase == 1 else f"{name_en} (phase {phase})",
                sponsor_zh=sponsor_zh,
                sponsor_en=sponsor_en,
                starts_year=starts,
                ends_year=min(starts + 5, run.today.year) if ended else None,
                status=PlanStatus.ENDED if ended else PlanStatus.ACTIVE,
            )
        )
    plans = run.bulk(Plan, rows)
    yield "plans", len(plans)
    members, activities = [], []
    for plan in plans:
        for institution in run.rng.sample(
            partners, min(len(partners), run.rng.randrange(*MEMBERS))
        ):
            members.append(
                PlanMember(
                    plan=plan,
                    institution=institution,
                    role=run.rng.choice(MemberRole.values),
                    joined_on=run.day(),
                )
            )
        for _n in range(run.rng.randrange(*ACTIVITIES)):
            kind = run.rng.choice(list(ACTIVITY_TEXT))
            activities.append(
                PlanActivity(plan=plan, date=run.day(), kind=kind, description=ACTIVITY_TEXT[kind])
            )
    yield "plans: members", len(run.bulk(PlanMember, members))
    yield "plans: activities", len(run.bulk(PlanActivity, activities))
