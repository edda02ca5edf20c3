"""Conferences' share of the demo data: ten years of international conferences held by the
colleges (about a hundred a year at scale 1) and the next year's, each with its versions
(one in ten changed after approval), organisers, forecast and external filing. Each approved
conference has a few participants (from abroad, China, and now and then Hong Kong, Macao or
Taiwan), one in four its programme, and each closed one its filed summary with three to five
captioned photos (their names only: no files are written). Half of the coming approved
conferences take registrations on their public page: a few wait in the office's queue (some
asking for a visa letter), now and then one is not yet confirmed or was rejected."""

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
    RegistrationStatus,
    SizeClass,
    VersionStatus,
)
from waishi.conferences.models import (
    Conference,
    ConferenceVersion,
    ExternalFiling,
    Forecast,
    Organiser,
    Participant,
    Registration,
    Session,
    Summary,
    SummaryPhoto,
    Talk,
)
from waishi.conferences.search import search_text_refresh
from waishi.core import changes
from waishi.core.demo_data import DEMO_NOTE, YEARS, DemoRun, Made, aware
from waishi.core.models import Country, Unit, User
from waishi.core.names import fold
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
# Participants from abroad (a pool shared by all conferences) and from Hong Kong, Macao and
# Taiwan (港澳台), who are not foreign.
GUESTS = 400  # at scale 1
GUESTS_FROM_REGIONS = 40  # at scale 1
FAMILY_NAMES = [
    "Martin", "Dubois", "García", "Müller", "Schmidt", "Smith", "Brown", "Tanaka", "Kim",
    "Rossi", "Novák", "Ivanov", "Mensah", "Silva", "Nguyen", "Andersen", "Kowalski",
]  # fmt: skip
GIVEN_NAMES = [
    "Claire", "Marie", "Ana", "Yuki", "Sarah", "Elena", "Pierre", "Carlos", "Hans", "John",
    "Hiroshi", "Min-jun", "Marco", "Kwame", "David", "Lars",
]  # fmt: skip
REGION_NAMES = ["陈家明", "黄志伟", "林美玲", "李嘉欣", "张伟豪", "王思远", "吴佩珊", "刘国华"]
TITLES = ["Professor", "Associate professor", "Lecturer", "Researcher", "PhD candidate"]
PROGRAMME_SHARE = 0.25  # of the approved conferences with participants
ROOMS = ["学术交流中心报告厅", "逸夫楼 201", "逸夫楼 305", "图书馆报告厅"]
REVIEW = (
    "本次会议围绕{topic}领域的前沿问题展开深入研讨，来自{countries}个国家和地区的专家学者"
    "作了大会报告和分组报告，内容涵盖理论方法、实验研究与工程应用。与会代表就学科发展趋势、"
    "国际合作机制和青年人才培养进行了充分交流，达成了多项合作意向。"
)
PHOTOS = ["开幕式", "大会报告", "分组讨论", "合影", "闭幕式"]


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
    yield (
        "conferences: search texts",
        search_text_refresh([conference.pk for conference in conferences]),
    )
    columns = ["version_id", "authority", "number", "filed_on", "file", "recorded_by_id"]
    yield (
        "conferences: external filings",
        run.fast_insert(ExternalFiling, [*columns, "recorded_at"], filings),
    )
    held = [
        (conference, version)
        for conference, version in zip(conferences, _current_versions(made_versions), strict=True)
        if conference.status
        in (ConferenceStatus.APPROVED, ConferenceStatus.CHANGING, ConferenceStatus.CLOSED)
    ]
    if held:
        yield from _participants_and_programmes(run, held, staff)
    yield from _summaries(run, held, applicants)
    yield from _registrations(run, held, applicants)


def _current_versions(versions: list[ConferenceVersion]) -> list[ConferenceVersion]:
    """Each conference's current version (its last), in the conferences' order."""
    last: dict[int, ConferenceVersion] = {}
    for version in versions:
        last[version.conference_id] = version
    return list(last.values())


def _guests(run: DemoRun) -> tuple[list[Person], list[Person]]:
    """A pool of people from abroad and one from Hong Kong, Macao and Taiwan."""
    abroad = list(Country.objects.countries().exclude(code="CN").order_by("pk"))
    regions = list(Country.objects.regions_of_china().order_by("pk"))
    rows = [
        Person(
            family_name=run.rng.choice(FAMILY_NAMES),
            given_name=run.rng.choice(GIVEN_NAMES),
            nationality=run.rng.choice(abroad),
            position=run.rng.choice(TITLES),
            notes=DEMO_NOTE,
        )
        for _n in range(run.scaled(GUESTS) if abroad else 0)
    ]
    rows += [
        Person(
            name_zh=run.rng.choice(REGION_NAMES),
            nationality=run.rng.choice(regions),
            position="教授",
            notes=DEMO_NOTE,
        )
        for _n in range(run.scaled(GUESTS_FROM_REGIONS) if regions else 0)
    ]
    made = run.bulk(Person, rows, history=False)
    regional = {c.pk for c in regions}
    return (
        [p for p in made if p.nationality_id not in regional],
        [p for p in made if p.nationality_id in regional],
    )


def _participants_and_programmes(
    run: DemoRun,
    held: list[tuple[Conference, ConferenceVersion]],
    staff: list[Person],
) -> Made:
    """Three to eight participants of each approved conference (one from Hong Kong, Macao or
    Taiwan in five), and for one in four a programme: a session a day (two on the first)
    with its talks, given by its speakers."""
    abroad, regions = _guests(run)
    yield (
        "conferences: participants from abroad and from Hong Kong, Macao and Taiwan",
        len(abroad) + len(regions),
    )
    china = Country.objects.filter(code="CN").first()
    if not abroad or china is None:
        return
    foreign = {p.nationality_id for p in abroad}
    rows, speakers_of = [], {}
    for conference, version in held:
        people = run.rng.sample(abroad, min(len(abroad), run.rng.randrange(2, 6)))
        if regions and run.rng.random() < 0.2:
            people.append(run.rng.choice(regions))
        people += run.rng.sample(staff, min(len(staff), run.rng.randrange(1, 3)))
        created = aware(policy.months_before(version.starts_on, 1)).isoformat()
        speakers = []
        for i, person in enumerate(people):
            home = person.nationality_id if person.unit_id is None else china.pk
            role = "speaker" if i < 2 else "participant"
            if role == "speaker":
                speakers.append(person.pk)
            rows.append((
                conference.pk, person.pk, role, home or china.pk, home in foreign,
                "湘潭大学" if person.unit_id else "", person.position, "", None, None,
                bool(home in foreign and run.rng.random() < 0.3), "office", False, created,
            ))  # fmt: skip
        speakers_of[conference.pk] = speakers
    columns = ["conference_id", "person_id", "role", "country_id", "is_foreign", "organisation"]
    columns += ["title", "passport_number", "passport_expires_on", "passport_deleted_on"]
    columns += ["needs_visa_letter", "source", "email_verified", "created_at"]
    yield "conferences: participants", run.fast_insert(Participant, columns, rows)
    with_programme = [item for item in held if run.rng.random() < PROGRAMME_SHARE]
    sessions = []
    for conference, version in with_programme:
        days = min(3, (version.ends_on - version.starts_on).days + 1)
        for d in range(days):
            for half in range(2 if d == 0 else 1):
                sessions.append(
                    Session(
                        conference=conference,
                        day=version.starts_on + datetime.timedelta(days=d),
                        starts=datetime.time(9 + 5 * half),
                        ends=datetime.time(12 + 5 * half),
                        room=run.rng.choice(ROOMS),
                        title_zh="开幕式及大会报告"
                        if d == half == 0
                        else f"分组报告（{d + half}）",
                        title_en="Opening and plenary talks"
                        if d == half == 0
                        else f"Parallel session {d + half}",
                        chair=run.rng.choice(staff).name_zh if staff else "",
                    )
                )
    made_sessions = run.bulk(Session, sessions, history=False)
    yield "conferences: programme sessions", len(made_sessions)
    talks, speaking = [], []
    for session in made_sessions:
        for t in range(3):
            talks.append(
                Talk(
                    session=session,
                    starts=datetime.time(session.starts.hour + t),
                    minutes=45,
                    title_en=f"Talk {t + 1}: recent advances",
                    title_zh=f"报告{t + 1}：研究进展",
                    language="en" if t else "zh",
                )
            )
            speaking.append(speakers_of.get(session.conference_id, []))
    made_talks = run.bulk(Talk, talks, history=False)
    yield "conferences: talks", len(made_talks)
    # The speakers' participant rows, read back (inserted without their ids): the demo's
    # conferences are one run of ids.
    first, last = held[0][0].pk, held[-1][0].pk
    ids = {
        (conference_pk, person_pk): pk
        for pk, conference_pk, person_pk in Participant.objects.filter(
            conference_id__gte=first, conference_id__lte=last, role="speaker"
        ).values_list("pk", "conference_id", "person_id")
    }
    conference_of = {s.pk: s.conference_id for s in made_sessions}
    pairs = []
    for n, (talk, giving) in enumerate(zip(made_talks, speaking, strict=True)):
        held_by = conference_of[talk.session_id]
        found = ids.get((held_by, giving[n % len(giving)])) if giving else None
        if found is not None:
            pairs.append((talk.pk, found))
    yield (
        "conferences: speakers of talks",
        run.fast_insert(Talk.speakers.through, ["talk_id", "participant_id"], pairs),
    )


REGISTRATION_STATUS = {
    RegistrationStatus.WAITING: 0.7,
    RegistrationStatus.UNVERIFIED: 0.15,
    RegistrationStatus.REJECTED: 0.15,
}
ORGANISATIONS = ["University of Lagos", "Université de Lyon", "Kyoto University", "TU Dresden"]


def _registrations(
    run: DemoRun, held: list[tuple[Conference, ConferenceVersion]], applicants: list[User]
) -> Made:
    """Registrations on the public page of half the coming approved conferences, two to six
    each, made today (an unconfirmed one is not yet past its link's end)."""
    coming = [
        conference
        for conference, version in held
        if conference.status == ConferenceStatus.APPROVED
        and version.starts_on > run.today
        and run.rng.random() < 0.5
    ]
    changes.update(Conference.objects.filter(pk__in=[c.pk for c in coming]), registration_open=True)
    abroad = list(Country.objects.countries().exclude(code="CN").order_by("pk"))
    if not abroad:
        return
    now = aware(run.today)
    rows = []
    for conference in coming:
        for n in range(run.rng.randrange(2, 7)):
            status = run.weighted(REGISTRATION_STATUS)
            family, given = run.rng.choice(FAMILY_NAMES), run.rng.choice(GIVEN_NAMES)
            visa = run.rng.random() < 0.4
            rows.append(
                Registration(
                    conference=conference,
                    status=status,
                    family_name=family,
                    given_name=given,
                    # An address's local part is ASCII (García writes garcia).
                    email=fold(f"{given}.{family}.{conference.pk}.{n}@example.org"),
                    country=run.rng.choice(abroad),
                    organisation=run.rng.choice(ORGANISATIONS),
                    needs_visa_letter=visa,
                    passport_number=f"P{run.rng.randrange(10**7, 10**8)}" if visa else "",
                    passport_expires_on=run.today + datetime.timedelta(days=900) if visa else None,
                    birth_date=datetime.date(run.rng.randrange(1960, 1998), 5, 1) if visa else None,
                    sex=run.rng.choice("MF") if visa else "",
                    language="en",
                    verified_at=None if status == RegistrationStatus.UNVERIFIED else now,
                    decided_at=now if status == RegistrationStatus.REJECTED else None,
                    decided_by=run.rng.choice(applicants)
                    if status == RegistrationStatus.REJECTED
                    else None,
                    reject_reason="与会议主题无关 / Not related to the conference's topic."
                    if status == RegistrationStatus.REJECTED
                    else "",
                )
            )
    yield "conferences: public registrations", len(run.bulk(Registration, rows, history=False))


def _summaries(
    run: DemoRun, held: list[tuple[Conference, ConferenceVersion]], applicants: list[User]
) -> Made:
    """Each closed conference's summary, filed within two months of its end, with three to
    five photos (names only). A review meets the office rule's length."""
    least = policy.SUMMARY_MIN_CHARACTERS.value()
    closed = [(c, v) for c, v in held if c.status == ConferenceStatus.CLOSED]
    rows = []
    for conference, version in closed:
        topic = version.name_zh[4:].split("国际")[0] or version.name_zh
        paragraph = REVIEW.format(topic=topic, countries=version.expected_countries or 3)
        review = "\n\n".join([paragraph] * (least // len(paragraph) + 1))
        came = max(1, version.expected_total - run.rng.randrange(0, 10))
        filed = aware(version.ends_on + datetime.timedelta(days=run.rng.randrange(10, 60)))
        rows.append(
            Summary(
                conference=conference,
                review=review,
                actual_total=came,
                actual_foreign=min(came, version.expected_foreign),
                actual_countries=version.expected_countries or 3,
                written_by=run.rng.choice(applicants),
                filed_at=filed,
            )
        )
    made = run.bulk(Summary, rows, history=False)
    yield "conferences: filed summaries", len(made)
    photos = []
    for summary in made:
        for n in range(run.rng.randrange(3, 6)):
            photos.append(
                (
                    summary.pk,
                    f"conferences/photos/{summary.conference_id}/demo-{n + 1}.jpg",
                    PHOTOS[n],
                )
            )
    yield (
        "conferences: summary photos",
        run.fast_insert(SummaryPhoto, ["summary_id", "image", "caption"], photos),
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
