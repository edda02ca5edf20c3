"""The demo data generator: reproducible, realistic, and never mixed into real data by accident."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F

from waishi.core.demo_data import (
    DEFAULT_SEED,
    DEMO_NOTE,
    DemoDataError,
    DemoRun,
    demo_data_generate,
    shares,
)
from waishi.core.models import Country, User
from waishi.core.services import administrator_ensure
from waishi.core.tests.factories import UnitFactory
from waishi.partners.demo import COUNTRY_WEIGHTS
from waishi.partners.models import Contact, Institution, InstitutionName
from waishi.partners.search import search_text
from waishi.partners.services import institution_create, institution_update
from waishi.people.models import IdentityDocument, Person

TODAY = datetime.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def _frozen_today(settings):
    settings.WAISHI_FROZEN_TODAY = TODAY


def _generate(*args: str) -> str:
    out = StringIO()
    call_command("generate_demo_data", *args, stdout=out)
    return out.getvalue()


def _snapshot() -> list[tuple]:
    return list(
        Institution.objects.order_by("pk").values_list(
            "name_en", "name_zh", "country__code", "city", "status", "partner_since"
        )
    ) + list(Person.objects.order_by("pk").values_list("name_zh", "passport_name", "birth_date"))


def _wipe() -> None:
    from waishi.agreements.models import Agreement
    from waishi.conferences.models import Conference, Forecast
    from waishi.confucius.models import Institute
    from waishi.plans.models import Plan
    from waishi.programs.models import Program
    from waishi.travel.models import Trip
    from waishi.visits.models import Visit
    from waishi.workflow.models import ApprovalRequest

    # Later modules first: their rows protect the partners and people they point at.
    for model in (
        Conference,
        Forecast,
        Visit,
        Trip,
        ApprovalRequest,
        Institute,
        Plan,
        Agreement,
        Program,
    ):
        model.objects.all().delete()
    Institution.objects.all().delete()
    Person.objects.all().delete()
    User.objects.filter(username__startswith="demo-").delete()


@pytest.mark.django_db
def test_demo_data_same_seed_gives_the_same_data():
    _generate("--scale", "0.2")
    first = _snapshot()
    _wipe()
    _generate("--scale", "0.2")

    assert _snapshot() == first
    # Partners, staff, visitors, and conference guests (from abroad; Hong Kong, Macao, Taiwan).
    assert len(first) == 14 + 80 + 240 + (80 + 8)


@pytest.mark.django_db
def test_demo_data_other_seed_gives_other_names():
    _generate("--scale", "0.2")
    first = set(Institution.objects.values_list("name_en", flat=True))
    _wipe()
    _generate("--scale", "0.2", "--seed", "7")

    assert set(Institution.objects.values_list("name_en", flat=True)) != first


@pytest.mark.django_db
def test_demo_data_counts_follow_the_scale():
    report = demo_data_generate(0.5)

    assert Institution.objects.count() == 35
    assert Person.objects.filter(unit__isnull=False).count() == 200
    # Visitors, and conference guests (from abroad; Hong Kong, Macao and Taiwan).
    assert Person.objects.filter(unit__isnull=True).count() == 600 + (200 + 20)
    assert User.objects.filter(username__startswith="demo-").count() == 2  # round(2.5)
    assert report.counts["institutions"] == 35
    assert report.counts["contacts"] == Contact.objects.count()
    assert report.counts["institutions: other names"] == InstitutionName.objects.count()
    assert report.counts["people: identity documents"] + report.counts[
        "visiting people: passports"
    ] == (IdentityDocument.objects.count())


@pytest.mark.django_db
def test_demo_data_is_bilingual_dated_and_searchable():
    demo_data_generate(1)
    institutions = list(Institution.objects.prefetch_related("other_names"))

    assert len(institutions) == 70
    assert all(i.name_en and i.name_zh and i.city for i in institutions)
    assert {i.notes for i in institutions} == {DEMO_NOTE}
    assert {i.country.code for i in institutions} <= set(COUNTRY_WEIGHTS)
    # Weighted like the seed's table: the big partner countries are there at scale 1.
    assert len({i.country.code for i in institutions}) >= 12
    since = [i.partner_since for i in institutions if i.partner_since]
    assert len(since) == 70
    assert min(since) >= TODAY - datetime.timedelta(days=3650)
    assert max(since) <= TODAY
    assert max(since) - min(since) > datetime.timedelta(days=365 * 7)
    for institution in institutions:
        names = [institution.name_en, institution.name_zh]
        names += [o.name for o in institution.other_names.all()]
        assert institution.search_text == search_text(names)


@pytest.mark.django_db
def test_demo_data_writes_a_created_history_row_per_institution():
    demo_data_generate(0.2)

    assert Institution.history.filter(history_type="+").count() == 14
    assert Person.history.filter(history_type="+").count() == 80


@pytest.mark.django_db
def test_demo_data_without_history_writes_no_history_rows():
    _generate("--scale", "0.2", "--no-history")

    assert Institution.objects.count() == 14
    assert Institution.history.count() == 0


@pytest.mark.django_db
def test_demo_data_refuses_an_institution_someone_entered_without_force():
    administrator_ensure("admin", "a-long-test-password")
    real = institution_create(
        by=User.objects.get(username="admin"),
        name_en="University of Tours",
        country=Country.objects.get(code="FR"),
    )

    with pytest.raises(CommandError, match="partner institutions"):
        _generate("--scale", "0.2")
    assert list(Institution.objects.all()) == [real]

    _generate("--scale", "0.2", "--force")
    assert Institution.objects.count() == 15
    assert Institution.objects.get(pk=real.pk).notes == ""


@pytest.mark.django_db
def test_demo_data_fills_the_starting_data_of_make_run_without_force():
    call_command("load_starting_data", stdout=StringIO())
    administrator_ensure("admin", "a-long-test-password")
    seed = set(Institution.objects.values_list("name_en", flat=True))

    out = _generate("--scale", "0.2")

    assert len(seed) == 67
    assert "Demo data at scale 0.2" in out
    assert (
        set(Institution.objects.exclude(notes=DEMO_NOTE).values_list("name_en", flat=True)) == seed
    )
    assert Institution.objects.filter(notes=DEMO_NOTE).count() == 14


@pytest.mark.django_db
def test_demo_data_counts_an_edited_starting_partner_as_real():
    call_command("load_starting_data", stdout=StringIO())
    administrator_ensure("admin", "a-long-test-password")
    institution = Institution.objects.order_by("pk")[0]
    institution_update(institution, by=User.objects.get(username="admin"), city="Tours")

    with pytest.raises(CommandError, match="partner institutions"):
        _generate("--scale", "0.2")
    assert not Institution.objects.filter(notes=DEMO_NOTE).exists()


@pytest.mark.django_db
def test_demo_data_refuses_real_users(personas):
    with pytest.raises(CommandError, match="user accounts"):
        _generate("--scale", "0.2")
    assert Institution.objects.count() == 0


@pytest.mark.django_db
def test_demo_data_accepts_the_administrator_alone():
    administrator_ensure("admin", "a-long-test-password")

    _generate("--scale", "0.2")

    assert Institution.objects.count() == 14


@pytest.mark.django_db
def test_demo_data_refuses_a_second_run_without_force():
    _generate("--scale", "0.2")

    with pytest.raises(CommandError, match="demo data already"):
        _generate("--scale", "0.2")
    assert Institution.objects.count() == 14


@pytest.mark.django_db
def test_demo_data_refuses_a_scale_of_zero():
    with pytest.raises(CommandError, match="positive"):
        _generate("--scale", "0")


@pytest.mark.django_db
def test_demo_data_fills_programs_with_their_partners_and_cohorts():
    from waishi.programs.models import Cohort, Program

    demo_data_generate(1)

    programs = list(Program.objects.prefetch_related("partners"))
    assert len(programs) == 35
    assert all(p.name_zh and p.name_en and p.partners.all() for p in programs)
    assert Cohort.objects.count() > 35


@pytest.mark.django_db
def test_demo_data_refuses_a_program_someone_entered():
    from waishi.programs.services import program_create

    administrator_ensure("admin", "a-long-test-password")
    admin = User.objects.get(username="admin")
    partner = Institution.objects.create(
        name_en="Real partner", country=Country.objects.get(code="FR")
    )
    program_create(by=admin, name_zh="真实项目", home_unit=UnitFactory(), partners=[partner])

    with pytest.raises(CommandError, match="cooperative programs"):
        _generate("--scale", "0.2")


@pytest.mark.django_db
def test_demo_data_fills_agreements_with_their_parties():
    from waishi.agreements.models import Agreement

    demo_data_generate(1)

    agreements = list(Agreement.objects.prefetch_related("parties"))
    assert len(agreements) == 90
    assert all(len(a.parties.all()) == 1 for a in agreements)
    assert all(a.name_zh and a.name_en for a in agreements)
    assert all(a.expires_on > a.signed_on for a in agreements if a.signed_on and a.expires_on)
    assert all(a.expires_on for a in agreements)


@pytest.mark.django_db
def test_demo_data_fills_ten_years_of_trips_with_travellers_and_destinations():
    from waishi.travel.enums import TravellerRole
    from waishi.travel.models import Destination, Traveller, Trip

    demo_data_generate(0.5)

    assert Trip.objects.count() == 1000
    assert Destination.objects.count() == 1000
    assert Traveller.objects.filter(role=TravellerRole.LEADER).count() == 1000
    assert Traveller.objects.count() >= 1000
    years = set(Trip.objects.values_list("departure__year", flat=True))
    assert min(years) <= TODAY.year - 9
    assert max(years) >= TODAY.year
    assert not Trip.objects.filter(return_date__lt=F("departure")).exists()


@pytest.mark.django_db
def test_demo_data_fills_ten_years_of_visits_with_guests_who_come_back():
    from waishi.visits.enums import GuestRole
    from waishi.visits.models import Guest, Visit

    demo_data_generate(1)

    assert Visit.objects.count() == 1500  # 150 a year
    assert Guest.objects.filter(role=GuestRole.HEAD).count() == 1500
    assert {v.notes for v in Visit.objects.all()} == {DEMO_NOTE}
    years = set(Visit.objects.values_list("arrival__year", flat=True))
    assert min(years) <= TODAY.year - 9
    assert max(years) >= TODAY.year
    assert not Visit.objects.filter(departure__lt=F("arrival")).exists()
    # The same person visits again as the same record.
    assert Guest.objects.values("person").distinct().count() < Guest.objects.count()
    # Guests come from the partners' countries (the partner's country when there is one).
    partnered = Guest.objects.filter(visit__partner__isnull=False).select_related(
        "visit__partner", "person"
    )[:50]
    assert all(
        g.visit.partner is not None and g.person.nationality_id == g.visit.partner.country_id
        for g in partnered
    )
    # Approved visits of the last year and to come have their first day's itinerary, with
    # the university's people taking part; some guests stay outside a hotel.
    from waishi.visits.models import ItineraryItem

    items = ItineraryItem.objects.all()
    assert items.exists() and items.filter(escorts__isnull=False).count() == items.count()
    assert Guest.objects.filter(lodging="outside", registered_on__isnull=False).exists()
    from waishi.visits.models import Cost, Gift

    assert Cost.objects.exists() and Gift.objects.filter(direction="given").exists()
    from waishi.visits.models import AuthorisedLetter, Summary

    assert Summary.objects.exists() and AuthorisedLetter.objects.exists()
    # Gifts received, handed to the office once the guests have left; past visits closed, each
    # with its summary, every gift received handed, and within the reception standards.
    from waishi.visits import standards
    from waishi.visits.enums import VisitStatus

    received = Gift.objects.filter(direction="received")
    assert received.exists() and received.filter(handed_on__isnull=False).exists()
    closed = Visit.objects.filter(status=VisitStatus.CLOSED)
    past = Visit.objects.filter(departure__lt=TODAY, status=VisitStatus.APPROVED)
    assert closed.count() > past.count() > 0
    assert not closed.filter(summary__isnull=True).exists()
    assert not received.filter(visit__in=closed, handed_on__isnull=True).exists()
    for visit in closed.filter(costs__isnull=False).distinct()[:20]:
        assert standards.reception(visit).unexplained == [], visit


@pytest.mark.django_db
def test_demo_data_fills_plans_institutes_and_pending_approvals_for_the_detail_pages():
    from waishi.confucius.models import Institute
    from waishi.plans.models import Plan
    from waishi.travel.approval import KIND
    from waishi.travel.enums import TripStatus
    from waishi.travel.models import Trip
    from waishi.workflow.enums import RequestState, StepState
    from waishi.workflow.models import ApprovalRequest

    demo_data_generate(0.2)

    plan = Plan.objects.filter(members__isnull=False, activities__isnull=False).first()
    assert plan is not None
    institute = Institute.objects.filter(dispatches__isnull=False, figures__isnull=False).first()
    assert institute is not None and institute.notes == DEMO_NOTE
    pending = Trip.objects.filter(status=TripStatus.IN_APPROVAL)
    requests = ApprovalRequest.objects.filter(kind=KIND, state=RequestState.PENDING)
    assert requests.count() == pending.count() > 0
    request = requests.select_related("current_step").first()
    assert request is not None and request.current_step is not None
    assert request.current_step.order == 1 and request.current_step.state == StepState.OPEN
    assert request.steps.count() >= 3


def test_demo_data_shares_run_in_the_layer_order():
    assert [share.app_label for share in shares()] == [
        "core",
        "people",
        "partners",
        "agreements",
        "programs",
        "plans",
        "confucius",
        "travel",
        "visits",
        "conferences",
    ]


@pytest.mark.django_db
def test_demo_data_fills_eleven_years_of_conferences_with_versions_and_forecasts():
    from waishi.conferences.enums import ConferenceStatus, SizeClass, VersionStatus
    from waishi.conferences.models import Conference, ConferenceVersion, ExternalFiling

    demo_data_generate(1)

    assert Conference.objects.count() == 1100  # about 100 a year, and next year's
    assert {c.notes for c in Conference.objects.all()} == {DEMO_NOTE}
    assert not Conference.objects.filter(current_version=None).exists()
    years = set(ConferenceVersion.objects.values_list("starts_on__year", flat=True))
    assert min(years) <= TODAY.year - 9 and max(years) >= TODAY.year + 1
    # Changed after approval: the first version kept, superseded.
    assert ConferenceVersion.objects.filter(number=2).exists()
    assert ConferenceVersion.objects.filter(number=1, status=VersionStatus.SUPERSEDED).exists()
    # Every major conference was forecast; every approved version is filed.
    assert not Conference.objects.filter(
        current_version__size_class=SizeClass.MAJOR, forecast=None
    ).exists()
    assert (
        ExternalFiling.objects.count()
        == ConferenceVersion.objects.exclude(approved_on=None).count()
    )
    # No unit is held back by an overdue summary in the demo.
    from waishi.conferences.services import overdue_summaries
    from waishi.core.models import Unit

    assert not any(overdue_summaries(unit, TODAY).exists() for unit in Unit.objects.all())
    assert Conference.objects.filter(status=ConferenceStatus.IN_APPROVAL).exists()
    # The office's queue of public registrations has some to review, for coming conferences.
    from waishi.conferences.models import Registration

    waiting = Registration.objects.filter(status="waiting")
    assert waiting.exists()
    assert not waiting.filter(conference__registration_open=False).exists()
    assert not waiting.filter(conference__current_version__starts_on__lte=TODAY).exists()
    from django.core.validators import validate_email

    for address in Registration.objects.values_list("email", flat=True):
        validate_email(address)  # as the public form would have checked it


@pytest.mark.django_db
def test_demo_data_fails_loudly_on_a_missing_table(monkeypatch):
    tables = connection.introspection.table_names
    monkeypatch.setattr(
        connection.introspection,
        "table_names",
        lambda *args, **kwargs: [t for t in tables(*args, **kwargs) if t != "travel_trip"],
    )

    with pytest.raises(CommandError, match=r"lacks the tables travel_trip; run manage\.py migrate"):
        _generate("--scale", "0.2")
    assert Institution.objects.count() == 0


@pytest.mark.django_db
def test_demo_data_fails_loudly_on_a_missing_field_and_writes_nothing(monkeypatch):
    from waishi.travel import demo as travel_demo
    from waishi.travel.models import Trip

    gone = {"approval_round": 1}  # a field the model no longer has

    def generate(run):
        yield "trips", len(run.bulk(Trip, [Trip(title="x", **gone)]))

    monkeypatch.setattr(travel_demo, "generate", generate)

    with pytest.raises(TypeError, match="approval_round"):
        _generate("--scale", "0.2")
    assert Institution.objects.count() == 0
    assert not User.objects.filter(username__startswith="demo-").exists()


@pytest.mark.django_db
def test_demo_data_fails_loudly_on_a_missing_column():
    from waishi.travel.models import Traveller

    run = DemoRun(1, DEFAULT_SEED, say=print)

    with pytest.raises(DemoDataError, match=r"travel\.Traveller has no column passport_number"):
        run.fast_insert(Traveller, ["trip_id", "passport_number"], [(1, "E1")])


@pytest.mark.django_db
def test_demo_rows_are_written_a_batch_a_statement_and_their_table_keeps_its_count():
    from waishi.core.row_counts import row_count

    def updates_of_the_counts() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = 'core_rowcount'"
            )
            return cursor.fetchone()[0]

    run = DemoRun(1, DEFAULT_SEED, say=print)
    fields = [f for f in Person._meta.concrete_fields if not f.primary_key]
    people = [Person(family_name="Qian", given_name=str(n)) for n in range(2500)]
    rows = [
        tuple(f.get_db_prep_save(f.pre_save(person, True), connection) for f in fields)
        for person in people
    ]
    on_postgresql = connection.vendor == "postgresql"
    before = updates_of_the_counts() if on_postgresql else 0

    assert run.fast_insert(Person, [f.column for f in fields], rows) == 2500

    assert Person.objects.filter(family_name="Qian").count() == 2500
    assert row_count(Person.objects.all()) == Person.objects.count()
    if on_postgresql:
        # The people's count was updated once a statement of 1,000 rows, not once a row.
        assert updates_of_the_counts() - before == 3


@pytest.mark.django_db
def test_demo_data_fails_loudly_when_a_share_needs_what_no_earlier_one_made():
    run = DemoRun(1, DEFAULT_SEED, say=print)

    with pytest.raises(DemoDataError, match="no 'institutions' made"):
        run.made("institutions", Institution)


@pytest.mark.django_db
def test_demo_users_cannot_log_in_without_a_password():
    _generate("--scale", "0.2")

    assert not User.objects.get(username="demo-officer-1").has_usable_password()


@pytest.mark.django_db
def test_demo_users_log_in_with_the_password_printed_once(client):
    out = _generate("--scale", "0.2", "--password")

    password = out.split("log in with the password: ")[1].split()[0]
    assert out.count(password) == 1
    assert len(password) >= 12
    assert set(
        User.objects.filter(username__startswith="demo-").values_list("username", flat=True)
    ) == {"demo-officer-1"}
    response = client.post(
        "/login/", {"username": "demo-officer-1", "password": password}, follow=True
    )
    assert response.context["user"].username == "demo-officer-1"
    assert User.objects.get(username="demo-officer-1").full_name in response.content.decode()


@pytest.mark.django_db
def test_demo_users_log_in_with_a_chosen_password():
    _generate("--scale", "1", "--password", "demo-pass-2026")

    names = sorted(
        User.objects.filter(username__startswith="demo-").values_list("username", flat=True)
    )
    assert names == [f"demo-officer-{n}" for n in range(1, 6)]
    for name in names:
        assert User.objects.get(username=name).check_password("demo-pass-2026")
