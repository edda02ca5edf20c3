"""Visits' share of the demo data: ten years of foreign guests received by the colleges, each
visit with its guests (people who come back are the same records) and its budget."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from waishi.core import clock
from waishi.core.demo_data import DEMO_NOTE, YEARS, Cell, DemoRun, Made, aware
from waishi.core.models import Country, Unit, User
from waishi.partners.models import Institution
from waishi.people.enums import DocumentKind, Sex
from waishi.people.models import IdentityDocument, Person
from waishi.visits import policy
from waishi.visits.enums import (
    CostItem,
    Funding,
    GuestRank,
    GuestRole,
    ItemKind,
    Lodging,
    ReceptionLevel,
    VisitKind,
    VisitStatus,
)
from waishi.visits.models import (
    AuthorisedLetter,
    BudgetLine,
    Cost,
    Gift,
    Guest,
    ItineraryItem,
    Summary,
    Visit,
)

VISITS_PER_YEAR = 150  # at scale 1
GUESTS = 1200  # people who visit, at scale 1: many come more than once

REGISTERS = [("visits", Visit)]

FAMILY_NAMES = [
    "Martin", "Bernard", "Dubois", "García", "López", "Müller", "Schmidt", "Smith", "Johnson",
    "Brown", "Tanaka", "Suzuki", "Kim", "Park", "Lee", "Rossi", "Novák", "Ivanov", "Mensah",
    "Owusu", "Silva", "Santos", "Nguyen", "Wilson", "Taylor", "Andersen", "Kowalski",
]  # fmt: skip
GIVEN_NAMES = [
    ("Claire", Sex.FEMALE), ("Marie", Sex.FEMALE), ("Ana", Sex.FEMALE), ("Yuki", Sex.FEMALE),
    ("Sarah", Sex.FEMALE), ("Elena", Sex.FEMALE), ("Ama", Sex.FEMALE), ("Ji-woo", Sex.FEMALE),
    ("Pierre", Sex.MALE), ("Carlos", Sex.MALE), ("Hans", Sex.MALE), ("John", Sex.MALE),
    ("Hiroshi", Sex.MALE), ("Min-jun", Sex.MALE), ("Marco", Sex.MALE), ("Ivan", Sex.MALE),
    ("Kwame", Sex.MALE), ("David", Sex.MALE), ("Tomás", Sex.MALE), ("Lars", Sex.MALE),
]  # fmt: skip
TITLES = ["President", "Vice-president", "Dean", "Professor", "Associate professor",
          "Director of international relations", "Lecturer", "Researcher"]  # fmt: skip
RANKS = {GuestRank.MINISTER: 1, GuestRank.BUREAU: 8, GuestRank.DIVISION: 25, GuestRank.OTHER: 66}
KIND_ZH = {
    VisitKind.DELEGATION: "代表团来访",
    VisitKind.LECTURE: "学术讲座",
    VisitKind.TALKS: "合作洽谈",
    VisitKind.CONFERENCE: "参加学术会议",
    VisitKind.OTHER: "访问",
}
LEVELS = {ReceptionLevel.UNIT: 60, ReceptionLevel.OFFICE: 25, ReceptionLevel.UNIVERSITY: 15}
PAST_STATUS = {VisitStatus.APPROVED: 90, VisitStatus.CANCELLED: 6, VisitStatus.REJECTED: 4}
COMING_STATUS = {
    VisitStatus.APPROVED: 45,
    VisitStatus.IN_APPROVAL: 30,
    VisitStatus.DRAFT: 20,
    VisitStatus.RETURNED: 5,
}
# Of the past approved visits that kept within the reception standards, most have been closed
# (their summary filed and every gift received handed to the office).
CLOSED_SHARE = 0.8
GUEST_HOUSE = "湘潭大学学术交流中心"
FILED_AFTER = datetime.timedelta(days=3)
SUMMARY_TEXT = {
    VisitKind.DELEGATION: "双方举行会谈，交流了合作办学与学生交换事宜，商定下一步工作。",
    VisitKind.LECTURE: "来宾作学术报告一场，师生百余人参加，并与学院教师座谈交流。",
    VisitKind.TALKS: "双方就联合培养与科研合作进行洽谈，拟于下半年签署合作协议。",
    VisitKind.CONFERENCE: "来宾出席学术会议并作大会报告，会后参观了重点实验室。",
    VisitKind.OTHER: "来宾参观校园，了解学校概况，双方表示将保持联系。",
}
# A gift received from one delegation in three, handed to the office the day after it left.
RECEIVED_SHARE = 1 / 3
RECEIVED_GIFTS = ["瓷器 Porcelain", "纪念画册 Commemorative album", "校徽纪念品 University emblem"]
AUTHORITY = "湖南省人民政府外事办公室"
# The itinerary of each approved visit of the last year and to come: one day's items.
ITINERARY_DAYS = 365
AFTER_APPROVAL = (VisitStatus.APPROVED, VisitStatus.CLOSED)
DAY_ITEMS = [
    (ItemKind.TRANSPORT, 8, 1, "接站 Pick-up", "湘潭北站"),
    (ItemKind.MEETING, 9, 2, "会见会谈 Talks", "行政楼第一会议室"),
    (ItemKind.VISIT, 14, 2, "参观实验室 Laboratories", "科技园"),
    (ItemKind.BANQUET, 18, 2, "欢迎宴请 Banquet of welcome", "学术交流中心"),
]
DAILY = {  # CNY per guest and day, for the budget
    CostItem.ACCOMMODATION: 400,
    CostItem.MEALS: 300,
    CostItem.TRANSPORT: 100,
}


def _guest_pool(run: DemoRun, countries: list[Country]) -> list[Person]:
    rows = []
    for _n in range(run.scaled(GUESTS)):
        family = run.rng.choice(FAMILY_NAMES)
        given, sex = run.rng.choice(GIVEN_NAMES)
        rows.append(
            Person(
                family_name=family,
                given_name=given,
                passport_name=f"{family.upper()} {given.upper()}",
                sex=sex,
                birth_date=run.day(datetime.date(1948, 1, 1), datetime.date(1995, 12, 31)),
                nationality=run.rng.choice(countries),
                position=run.rng.choice(TITLES),
                notes=DEMO_NOTE,
            )
        )
    return run.bulk(Person, rows, history=False)


def generate(run: DemoRun) -> Made:
    """No history rows for visits, guests and budgets (as for trips): the scale-100 run would
    write millions of them."""
    staff = [p for p in run.made("staff", Person) if p.unit_id is not None]
    colleges = run.made("colleges", Unit)
    applicants = run.made("officers", User)
    institutions = run.made("institutions", Institution)
    if not staff or not colleges or not institutions:
        return
    staff_of: dict[int, list[Person]] = {}
    for person in staff:
        staff_of.setdefault(person.unit_id or 0, []).append(person)
    units = [u for u in colleges if u.pk in staff_of] or colleges
    # Guests come from the partners' countries.
    countries = list(
        Country.objects.filter(pk__in={i.country_id for i in institutions}).order_by("pk")
    )
    hosted_days = policy.HOSTED_DAYS.value()
    pool = _guest_pool(run, countries)
    yield "visiting people", len(pool)
    taken = set(IdentityDocument.objects.values_list("kind", "number"))
    passports = []
    for person in pool:
        number = f"P{run.rng.randrange(10**7, 10**8)}"
        if (DocumentKind.ORDINARY_PASSPORT, number) in taken:
            continue
        taken.add((DocumentKind.ORDINARY_PASSPORT, number))
        issued = run.day()
        passports.append(
            IdentityDocument(
                person=person,
                kind=DocumentKind.ORDINARY_PASSPORT,
                number=number,
                issuing_country_id=person.nationality_id,
                issued_on=issued,
                expires_on=issued + datetime.timedelta(days=3652),
            )
        )
    yield "visiting people: passports", len(run.bulk(IdentityDocument, passports, history=False))

    by_country: dict[int, list[Person]] = {}
    for person in pool:
        by_country.setdefault(person.nationality_id or 0, []).append(person)
    rows, groups = [], []
    offset = Visit.objects.count()  # references stay unique when adding (--force)
    for n in range(run.scaled(VISITS_PER_YEAR * YEARS)):
        arrival = run.day(run.start, run.today + datetime.timedelta(days=120))
        departure = arrival + datetime.timedelta(days=run.rng.randrange(1, 8) - 1)
        unit = run.rng.choice(units)
        partner = run.rng.choice(institutions) if run.rng.random() < 0.8 else None
        kind = run.rng.choice(list(VisitKind))
        status = run.weighted(PAST_STATUS if arrival < run.today else COMING_STATUS)
        if (
            status == VisitStatus.APPROVED
            and departure + FILED_AFTER < run.today
            and (departure - arrival).days < hosted_days
            and run.rng.random() < CLOSED_SHARE
        ):
            status = VisitStatus.CLOSED
        late = run.rng.random() < 0.1
        submitted = arrival - datetime.timedelta(days=run.rng.randrange(3, 12) if late else 30)
        compatriots = by_country.get(partner.country_id, []) if partner else []
        size = run.rng.choice((1, 1, 2, 2, 3, 3, 4, 5))
        group = run.rng.sample(compatriots, min(size, len(compatriots))) or run.rng.sample(
            pool, min(size, len(pool))
        )
        host = partner.name_zh or partner.name_en if partner else group[0].family_name
        rows.append(
            Visit(
                reference=f"WB{arrival.year}{offset + n + 1:06d}",
                title=f"{host}{KIND_ZH[kind]}",
                applicant=run.rng.choice(applicants),
                unit=unit,
                responsible=run.rng.choice(staff_of.get(unit.pk) or staff),
                partner=partner,
                kind=kind,
                purpose=f"{KIND_ZH[kind]}：{host}",
                arrival=arrival,
                departure=departure,
                places="湘潭大学",
                reception_level=run.weighted(LEVELS),
                funding=run.weighted({Funding.HOSTED: 50, Funding.PARTLY: 30, Funding.SELF: 20}),
                visa_needed=run.rng.random() < 0.4,
                leader_meets=run.rng.random() < 0.15,
                late_reason="对方行程临时确定" if late else "",
                filed_late=late and status != VisitStatus.DRAFT,
                status=status,
                submitted_at=None if status == VisitStatus.DRAFT else aware(submitted),
                approved_on=(
                    submitted + datetime.timedelta(days=5)
                    if status in (VisitStatus.APPROVED, VisitStatus.CLOSED)
                    else None
                ),
                notes=DEMO_NOTE,
            )
        )
        groups.append(group)
    made = run.bulk(Visit, rows, history=False)
    yield "visits", len(made)
    guests = []
    for visit, group in zip(made, groups, strict=True):
        # One visit in ten stays at the campus guest house, registered with the police on
        # the day of arrival once it has begun.
        outside = run.rng.random() < 0.1
        registered = visit.arrival.isoformat() if outside and visit.arrival < run.today else None
        for i, person in enumerate(group):
            guests.append((
                visit.pk, person.pk, GuestRole.HEAD if i == 0 else GuestRole.MEMBER, "",
                person.position, run.weighted(RANKS),
                Lodging.OUTSIDE if outside else Lodging.HOTEL,
                GUEST_HOUSE if outside else "", registered,
                f"XT{visit.pk:07d}" if registered else "",
            ))  # fmt: skip
    columns = ["visit_id", "person_id", "role", "organisation", "title", "rank", "lodging"]
    columns += ["lodging_address", "registered_on", "registration_number"]
    yield "visits: guests", run.fast_insert(Guest, columns, guests)
    yield "visits: itinerary items", _itineraries(run, made, staff_of)
    yield "visits: actual costs and gifts", _costs_and_gifts(run, made, groups)
    adapt = connection.ops.adapt_decimalfield_value
    budget = [
        (visit.pk, item, "", adapt(Decimal(per_day * len(group) * visit.days), 12, 2))
        for visit, group in zip(made, groups, strict=True)
        if visit.funding != Funding.SELF
        for item, per_day in DAILY.items()
    ]
    yield (
        "visits: budget lines",
        run.fast_insert(BudgetLine, ["visit_id", "item", "description", "amount"], budget),
    )


def _itineraries(run: DemoRun, visits: list[Visit], staff_of: dict[int, list[Person]]) -> int:
    """The first day's items of each approved visit of the last year and to come; the
    responsible person escorts, a colleague of the unit is present."""
    since = run.today - datetime.timedelta(days=ITINERARY_DAYS)
    chosen = [v for v in visits if v.status in AFTER_APPROVAL and v.arrival >= since]
    rows, people = [], []
    for visit in chosen:
        colleagues = staff_of.get(visit.unit_id) or [visit.responsible]
        for kind, hour, hours, title, place in DAY_ITEMS:
            starts = timezone.make_aware(
                datetime.datetime.combine(visit.arrival, datetime.time(hour))
            )
            rows.append(
                ItineraryItem(
                    visit=visit,
                    kind=kind,
                    title=title,
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=hours),
                    place=place,
                    notes=DEMO_NOTE,
                )
            )
            people.append((visit.responsible_id, run.rng.choice(colleagues).pk))
    made = run.bulk(ItineraryItem, rows, history=False)
    escorts = [(item.pk, escort) for item, (escort, _present) in zip(made, people, strict=True)]
    present = [(item.pk, who) for item, (_escort, who) in zip(made, people, strict=True)]
    run.fast_insert(ItineraryItem.escorts.through, ["itineraryitem_id", "person_id"], escorts)
    run.fast_insert(ItineraryItem.present.through, ["itineraryitem_id", "person_id"], present)
    return len(made)


def _costs_and_gifts(run: DemoRun, visits: list[Visit], groups: list[list[Person]]) -> int:
    """What the hosted visits of the last year cost (near their budget) and the gift to the
    head of each delegation."""
    since = run.today - datetime.timedelta(days=ITINERARY_DAYS)
    adapt = connection.ops.adapt_decimalfield_value
    costs: list[tuple[Cell, ...]] = []
    gifts: list[tuple[Cell, ...]] = []
    chosen = {
        visit.pk: (visit, group)
        for visit, group in zip(visits, groups, strict=True)
        if visit.status in AFTER_APPROVAL
        and since <= visit.arrival < run.today
        and visit.funding != Funding.SELF
    }
    heads = dict(
        Guest.objects.filter(visit_id__in=chosen, role=GuestRole.HEAD).values_list("visit_id", "pk")
    )
    for visit, group in chosen.values():
        # A closed visit kept within the standards (no reason needed): never over its budget.
        factors = (0.8, 0.9, 1) if visit.status == VisitStatus.CLOSED else (0.8, 0.9, 1, 1.1)
        for item, per_day in DAILY.items():
            amount = Decimal(per_day * len(group) * visit.days) * Decimal(run.rng.choice(factors))
            costs.append(
                (
                    visit.pk,
                    item,
                    "",
                    visit.arrival.isoformat(),
                    None,
                    adapt(amount.quantize(Decimal("0.01")), 12, 2),
                )
            )
        if visit.pk in heads:
            value = adapt(Decimal(run.rng.choice((200, 300, 380))), 12, 2)
            gifts.append(
                (
                    visit.pk,
                    "given",
                    heads[visit.pk],
                    "",
                    "湘绣 Xiang embroidery",
                    value,
                    visit.arrival.isoformat(),
                    None,
                )
            )
        if run.rng.random() < RECEIVED_SHARE:
            handed = visit.departure + datetime.timedelta(days=1)
            value = adapt(Decimal(run.rng.choice((300, 500, 800))), 12, 2)
            gifts.append((
                visit.pk, "received", None, "代表团 The delegation",
                run.rng.choice(RECEIVED_GIFTS), value, visit.arrival.isoformat(),
                handed.isoformat() if handed < run.today else None,
            ))  # fmt: skip
    run.fast_insert(
        Cost, ["visit_id", "item", "description", "spent_on", "people", "amount"], costs
    )
    columns = ["visit_id", "direction", "guest_id", "counterpart", "description", "value"]
    run.fast_insert(Gift, [*columns, "given_on", "handed_on"], gifts)
    # The summaries of the visits of the last year whose guests have left, and of every
    # closed visit.
    summarised = [
        visit
        for visit, _group in chosen.values()
        if visit.departure + FILED_AFTER < run.today and visit.status != VisitStatus.CLOSED
    ]
    summarised += [visit for visit in visits if visit.status == VisitStatus.CLOSED]
    summaries = [
        (
            visit.pk,
            SUMMARY_TEXT[VisitKind(visit.kind)],
            visit.applicant_id,
            aware(visit.departure + FILED_AFTER).isoformat(),
        )
        for visit in summarised
    ]
    run.fast_insert(Summary, ["visit_id", "text", "filed_by_id", "filed_at"], summaries)
    authorised = []
    for visit, _group in chosen.values():
        if not visit.visa_needed or run.rng.random() < 0.7:
            continue
        filed = visit.arrival - datetime.timedelta(days=40)
        left = visit.departure + datetime.timedelta(days=10)
        authorised.append((
            visit.pk, AUTHORITY, filed.isoformat(),
            clock.working_days_after(filed, 5).isoformat(), f"HN{visit.pk:06d}",
            left.isoformat() if left < run.today else None, DEMO_NOTE,
        ))  # fmt: skip
    columns = ["visit_id", "authority", "filed_on", "issued_on", "number"]
    columns += ["departure_registered_on", "notes"]
    run.fast_insert(AuthorisedLetter, columns, authorised)
    return len(costs) + len(gifts) + len(summaries) + len(authorised)
