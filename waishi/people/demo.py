"""People's share of the demo data: the university's staff (Chinese names with their pinyin),
most with an official passport, some with an ordinary one as well."""

from __future__ import annotations

import datetime

from waishi.core.demo import FAMILY_NAMES
from waishi.core.demo_data import DEMO_NOTE, DemoRun, Made
from waishi.core.models import Country, Unit
from waishi.people.enums import DocumentKind, Sex
from waishi.people.models import IdentityDocument, Person

STAFF = 400  # at scale 1

REGISTERS = [("people", Person)]

GIVEN_CHARS = [
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"),
    ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"),
    ("杰", "jie"), ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("秀", "xiu"), ("霞", "xia"),
    ("平", "ping"), ("刚", "gang"), ("华", "hua"), ("建", "jian"), ("国", "guo"), ("文", "wen"),
    ("辉", "hui"), ("晓", "xiao"), ("红", "hong"), ("玲", "ling"), ("鹏", "peng"), ("宇", "yu"),
    ("浩", "hao"), ("欣", "xin"), ("婷", "ting"), ("雪", "xue"), ("博", "bo"), ("瑞", "rui"),
    ("思", "si"), ("佳", "jia"), ("湘", "xiang"), ("毅", "yi"),
]  # fmt: skip
POSITIONS_ZH = ["教授", "副教授", "讲师", "研究员", "副研究员", "助理研究员", "院长", "副院长"]
# Passports a member of staff holds: (kind, number prefix, share of the staff).
PASSPORTS = [
    (DocumentKind.OFFICIAL_PASSPORT, "SE", 0.6),
    (DocumentKind.ORDINARY_PASSPORT, "E", 0.3),
]


def generate(run: DemoRun) -> Made:
    colleges = run.made("colleges", Unit)
    china = Country.objects.get(code="CN")
    rows = []
    for n in range(run.scaled(STAFF)):
        family, family_py = run.rng.choice(FAMILY_NAMES)
        given = run.rng.sample(GIVEN_CHARS, run.rng.choice((1, 2, 2)))
        given_zh = "".join(c for c, _ in given)
        given_py = "".join(p for _, p in given).capitalize()
        rows.append(
            Person(
                family_name=family_py,
                given_name=given_py,
                name_zh=family + given_zh,
                passport_name=f"{family_py.upper()} {given_py.upper()}",
                sex=run.rng.choice(Sex.values),
                birth_date=run.day(datetime.date(1960, 1, 1), datetime.date(1998, 12, 31)),
                nationality=china,
                email=f"{family_py.lower()}.{given_py.lower()}{n}@example.edu",
                unit=run.rng.choice(colleges) if colleges else None,
                position=run.rng.choice(POSITIONS_ZH),
                notes=DEMO_NOTE,
            )
        )
    staff = run.bulk(Person, rows)
    run.keep("staff", staff)
    yield "people", len(staff)

    taken = set(IdentityDocument.objects.values_list("kind", "number"))
    documents = []
    for person in staff:
        for kind, prefix, share in PASSPORTS:
            if run.rng.random() >= share:
                continue
            number = f"{prefix}{run.rng.randrange(10**7, 10**8)}"
            if (kind, number) in taken:
                continue
            taken.add((kind, number))
            issued = run.day()
            documents.append(
                IdentityDocument(
                    person=person,
                    kind=kind,
                    number=number,
                    issuing_country=china,
                    issued_on=issued,
                    expires_on=issued + datetime.timedelta(days=365 * 10 - 1),
                )
            )
    yield "people: identity documents", len(run.bulk(IdentityDocument, documents))
