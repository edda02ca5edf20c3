"""Core's share of the demo data: the roles, the university's units and the office's staff
(`demo-officer-N`, who are responsible for the records the later apps make)."""

from __future__ import annotations

from django.contrib.auth.models import Group

from waishi.core.demo_data import DEMO_USER_PREFIX, DemoRun, Made
from waishi.core.enums import Role, UnitKind
from waishi.core.models import Unit, User
from waishi.core.services import role_groups_ensure, units_load_starting

OFFICERS = 5  # at scale 1; never more than MAX_OFFICERS
MAX_OFFICERS = 30

# Chinese family names with their pinyin, for the officers here and the staff in `people`.
FAMILY_NAMES = [
    ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"),
    ("黄", "Huang"), ("赵", "Zhao"), ("周", "Zhou"), ("吴", "Wu"), ("徐", "Xu"), ("孙", "Sun"),
    ("马", "Ma"), ("朱", "Zhu"), ("胡", "Hu"), ("郭", "Guo"), ("何", "He"), ("林", "Lin"),
    ("罗", "Luo"), ("高", "Gao"), ("梁", "Liang"), ("谢", "Xie"), ("宋", "Song"), ("唐", "Tang"),
    ("邓", "Deng"), ("彭", "Peng"), ("曾", "Zeng"), ("蒋", "Jiang"), ("欧阳", "Ouyang"),
]  # fmt: skip


def generate(run: DemoRun) -> Made:
    role_groups_ensure()
    units_load_starting()
    office = Unit.objects.filter(kind=UnitKind.OFFICE).order_by("pk").first()
    run.keep("colleges", list(Unit.objects.filter(kind=UnitKind.COLLEGE).order_by("pk")))
    roles = Group.objects.filter(name__in=[Role.STAFF.value, Role.OFFICE_STAFF.value])
    officers = []
    for n in range(1, min(run.scaled(OFFICERS), MAX_OFFICERS) + 1):
        family = FAMILY_NAMES[(n * 7) % len(FAMILY_NAMES)][0]
        user, created = User.objects.get_or_create(
            username=f"{DEMO_USER_PREFIX}officer-{n}",
            defaults={"full_name": f"{family}老师", "email": f"officer{n}@example.edu"},
        )
        if created:
            user.set_unusable_password()  # --password gives them one
            user.save(update_fields=["password"])
            user.groups.set(roles)
            if office:
                user.units.set([office])
        officers.append(user)
    run.keep("officers", officers)
    yield "users", len(officers)
