"""Travel's share of the demo data: ten years of the staff's trips abroad, each with its
travellers (the first one leads) and one destination at a partner; those in approval with
their approval request, waiting at its first step."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import translation

from waishi.core.demo_data import YEARS, DemoRun, Made, aware
from waishi.core.models import Unit, User
from waishi.partners.models import Institution
from waishi.people.models import Person
from waishi.travel.approval import KIND
from waishi.travel.enums import Purpose, TravellerRole, TripStatus
from waishi.travel.models import Destination, Traveller, Trip
from waishi.workflow import chains
from waishi.workflow.enums import RequestState, StepState
from waishi.workflow.models import ApprovalRequest, ApprovalStep

TRIPS_PER_YEAR = 200  # at scale 1

PURPOSE_ZH = {
    Purpose.CONFERENCE: "参加国际学术会议",
    Purpose.TALKS: "商谈合作事宜",
    Purpose.TEACHING: "讲学",
    Purpose.RESEARCH: "合作研究",
    Purpose.TRAINING: "培训进修",
    Purpose.OTHER: "公务访问",
}
PAST_STATUS = {
    TripStatus.CLOSED: 85,
    TripStatus.CANCELLED: 5,
    TripStatus.REJECTED: 3,
    TripStatus.REPORTED: 7,
}
JUST_BACK_STATUS = {TripStatus.BACK: 60, TripStatus.REPORTED: 40}
COMING_STATUS = {
    TripStatus.APPROVED: 50,
    TripStatus.IN_APPROVAL: 30,
    TripStatus.DRAFT: 15,
    TripStatus.RETURNED: 5,
}
NOT_APPROVED = {
    TripStatus.DRAFT,
    TripStatus.IN_APPROVAL,
    TripStatus.RETURNED,
    TripStatus.REJECTED,
    TripStatus.CANCELLED,
}
BACK = {TripStatus.BACK, TripStatus.REPORTED, TripStatus.CLOSED}


def generate(run: DemoRun) -> Made:
    """No history rows for trips: at scale 100 they are a million rows, and the two-minute
    budget does not allow them."""
    # (person, their unit): a trip belongs to its leader's unit.
    people = [(p, p.unit_id) for p in run.made("staff", Person) if p.unit_id is not None]
    applicants = run.made("officers", User)
    by_country: dict[int, list[Institution]] = {}
    for institution in run.made("institutions", Institution):
        by_country.setdefault(institution.country_id, []).append(institution)
    if not people or not by_country:
        return
    countries = list(by_country)
    rows, groups, places = [], [], []
    offset = Trip.objects.count()  # references are unique, also when adding (--force)
    for n in range(run.scaled(TRIPS_PER_YEAR * YEARS)):
        departure = run.day(run.start, run.today + datetime.timedelta(days=120))
        back = departure + datetime.timedelta(days=run.rng.randrange(4, 22) - 1)
        leader, unit_id = run.rng.choice(people)
        others = [p for p, _unit in run.rng.sample(people, run.rng.choice((0, 0, 1, 2, 3)))]
        group = list({p.pk: p for p in (leader, *others)}.values())
        host = run.rng.choice(by_country[run.rng.choice(countries)])
        purpose = run.rng.choice(list(Purpose))
        if back < run.today - datetime.timedelta(days=60):
            status = run.weighted(PAST_STATUS)
        elif back < run.today:
            status = run.weighted(JUST_BACK_STATUS)
        else:
            status = run.weighted(COMING_STATUS)
        approved = status not in NOT_APPROVED
        submitted = departure - datetime.timedelta(days=run.rng.randrange(30, 90))
        number = offset + n + 1
        trip = Trip(
            reference=f"CG{departure.year}{number:06d}",
            title=f"赴{host.country.name_zh}{host.name_zh}{PURPOSE_ZH[purpose]}",
            applicant=run.rng.choice(applicants),
            unit_id=unit_id,
            purpose=purpose,
            description=f"{PURPOSE_ZH[purpose]}：{host.name_zh}（{host.name_en}）",
            departure=departure,
            return_date=back,
            status=status,
            submitted_at=None if status == TripStatus.DRAFT else aware(submitted),
            approval_number=f"湘大外〔{departure.year}〕{number}号" if approved else "",
            approved_on=submitted + datetime.timedelta(days=14) if approved else None,
            actual_return=back if status in BACK else None,
            report_due=back + datetime.timedelta(days=30) if approved else None,
        )
        rows.append(trip)
        groups.append(group)
        places.append(host)
    made = run.bulk(Trip, rows, history=False)
    yield "trips", len(made)
    # Travellers and destinations are the bulk of a large run: plain multi-row inserts.
    date = connection.ops.adapt_datefield_value
    travellers = [
        (trip.pk, person.pk, TravellerRole.LEADER if i == 0 else TravellerRole.MEMBER,
         person.position, person.unit_id, "")
        for trip, group in zip(made, groups, strict=True)
        for i, person in enumerate(group)
    ]  # fmt: skip
    yield "trips: travellers", run.fast_insert(
        Traveller, ["trip_id", "person_id", "role", "position", "unit_id", "passport_note"],
        travellers,
    )  # fmt: skip
    destinations = [
        (trip.pk, 1, host.country_id, host.city, host.pk, "",
         date(trip.departure + datetime.timedelta(days=1)),
         date(trip.return_date - datetime.timedelta(days=1)))
        for trip, host in zip(made, places, strict=True)
    ]  # fmt: skip
    yield "trips: destinations", run.fast_insert(
        Destination,
        ["trip_id", "order", "country_id", "city", "institution_id", "host_name", "arrive",
         "leave"],
        destinations,
    )  # fmt: skip
    pending = [trip for trip in made if trip.status == TripStatus.IN_APPROVAL]
    yield "trips: approval requests", _approvals(run, pending)


def _approvals(run: DemoRun, trips: list[Trip]) -> int:
    """A pending approval request for each trip in approval: the chain's steps that every
    trip has (a unit head, the international office, the office director), the first one
    awaiting its decision."""
    subject = ContentType.objects.get_for_model(Trip)
    by_duty = {unit.duty: unit.pk for unit in Unit.objects.exclude(duty="").filter(is_active=True)}
    chain = []
    for step in chains.get_type(KIND).steps:
        if step.condition is not None or callable(step.unit):
            continue
        duty = chains.duty_of(step.unit)
        if duty is not None and duty not in by_duty:
            continue
        labels = {}
        for language in ("zh-hans", "en"):
            with translation.override(language):
                labels[language] = str(step.label)
        chain.append((step, duty, labels))
    requests = [
        ApprovalRequest(
            kind=KIND,
            content_type=subject,
            object_id=trip.pk,
            title=str(trip),
            applicant_id=trip.applicant_id,
            unit_id=trip.unit_id,
            state=RequestState.PENDING,
            round=1,
            submitted_at=trip.submitted_at,
        )
        for trip in trips
    ]
    requests = run.bulk(ApprovalRequest, requests)
    steps = []
    for request in requests:
        for order, (step, duty, labels) in enumerate(chain, start=1):
            unit_id: int | None
            if duty is not None:
                unit_id = by_duty[duty]
            elif step.unit == chains.APPLICANT_UNIT:
                unit_id = request.unit_id
            else:
                unit_id = None
            steps.append(
                ApprovalStep(
                    request=request,
                    round=1,
                    order=order,
                    key=step.key,
                    label_zh=labels["zh-hans"],
                    label_en=labels["en"],
                    role=step.role.value,
                    unit_id=unit_id,
                    state=StepState.OPEN if order == 1 else StepState.WAITING,
                    opened_at=request.submitted_at if order == 1 else None,
                )
            )
    steps = run.bulk(ApprovalStep, steps)
    first = {step.request_id: step for step in steps if step.order == 1}
    for request in requests:
        request.current_step = first.get(request.pk)
    ApprovalRequest.objects.bulk_update(requests, ["current_step"], batch_size=500)
    return len(requests)
