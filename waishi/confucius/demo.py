"""Confucius institutes' share of the demo data: the institutes the university runs with
partners abroad, each with the teachers and volunteers it sent there (some still abroad) and
its figures for each year it has run, so the institute pages show one as the office keeps it."""

from __future__ import annotations

import datetime

from waishi.confucius.enums import DispatchRole, InstituteStatus
from waishi.confucius.models import Dispatch, Institute, YearlyFigures
from waishi.core.demo_data import DEMO_NOTE, DemoRun, Made, add_years
from waishi.core.models import Unit
from waishi.partners.enums import PartnerStatus
from waishi.partners.models import Institution
from waishi.people.models import Person

INSTITUTES = 3  # at scale 1
DISPATCHES = (2, 8)  # people sent per institute, from-to

REGISTERS = [("Confucius institutes", Institute)]


def generate(run: DemoRun) -> Made:
    colleges = run.made("colleges", Unit)
    staff = run.made("staff", Person)
    hosts = [i for i in run.made("institutions", Institution) if i.status == PartnerStatus.ACTIVE]
    if not hosts or not staff:
        return
    rows = []
    for host in run.rng.sample(hosts, min(len(hosts), run.scaled(INSTITUTES))):
        founded = run.day(end=run.today - datetime.timedelta(days=3 * 365))
        closed = run.rng.random() < 0.1
        rows.append(
            Institute(
                name_zh=f"{host.name_zh}孔子学院",
                name_en=f"Confucius Institute at {host.name_en}",
                host=host,
                country_id=host.country_id,
                city=host.city,
                founded_on=founded,
                home_unit=run.rng.choice(colleges) if colleges else None,
                chinese_director=run.rng.choice(staff),
                status=InstituteStatus.CLOSED if closed else InstituteStatus.OPERATING,
                closed_on=run.day(add_years(founded, 2)) if closed else None,
                close_reason="合作协议到期后未续签" if closed else "",
                notes=DEMO_NOTE,
            )
        )
    institutes = run.bulk(Institute, rows)
    yield "Confucius institutes", len(institutes)
    dispatches, figures = [], []
    for institute in institutes:
        assert institute.founded_on is not None  # set above
        last = institute.closed_on or run.today
        for person in run.rng.sample(staff, min(len(staff), run.rng.randrange(*DISPATCHES))):
            starts = run.day(institute.founded_on, last)
            ends = add_years(starts, run.rng.choice((1, 2)))
            returned = ends if ends < run.today else None
            dispatches.append(
                Dispatch(
                    institute=institute,
                    person=person,
                    role=run.rng.choice(DispatchRole.values),
                    starts_on=starts,
                    ends_on=ends,
                    returned_on=returned,
                )
            )
        for year in range(institute.founded_on.year + 1, last.year + 1):
            students = run.rng.randrange(200, 3000)
            figures.append(
                YearlyFigures(
                    institute=institute,
                    year=year,
                    students=students,
                    classes=students // run.rng.randrange(15, 30),
                    events=run.rng.randrange(5, 60),
                    hsk_takers=run.rng.randrange(0, students // 3),
                    hskk_takers=run.rng.randrange(0, students // 10),
                    scholarships_recommended=run.rng.randrange(0, 15),
                )
            )
    yield "Confucius institutes: people sent", len(run.bulk(Dispatch, dispatches))
    yield "Confucius institutes: yearly figures", len(run.bulk(YearlyFigures, figures))
