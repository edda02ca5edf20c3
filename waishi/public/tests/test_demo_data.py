"""The demo data generator: reproducible, realistic, and never mixed into real data by accident."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from waishi.core.models import User
from waishi.core.services import administrator_ensure
from waishi.core.tests.factories import UnitFactory
from waishi.partners.models import Contact, Country, Institution, InstitutionName
from waishi.partners.search import search_text
from waishi.people.models import IdentityDocument, Person
from waishi.public.demo_data import COUNTRY_WEIGHTS, DEMO_NOTE, demo_data_generate

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
    from waishi.programs.models import Program
    from waishi.travel.models import Trip

    # Later modules first: their rows protect the partners and people they point at.
    for model in (Trip, Agreement, Program):
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
    assert len(first) == 14 + 80


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
    assert Person.objects.count() == 200
    assert User.objects.filter(username__startswith="demo-").count() == 2  # round(2.5)
    assert report.counts["institutions"] == 35
    assert report.counts["contacts"] == Contact.objects.count()
    assert report.counts["institutions: other names"] == InstitutionName.objects.count()
    assert report.counts["people: identity documents"] == IdentityDocument.objects.count()


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
    since = [i.partner_since for i in institutions]
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
def test_demo_data_refuses_a_real_institution_without_force():
    real = Institution.objects.create(
        name_en="University of Tours", country=Country.objects.get(code="FR")
    )

    with pytest.raises(CommandError, match="partner institutions"):
        _generate("--scale", "0.2")
    assert list(Institution.objects.all()) == [real]

    _generate("--scale", "0.2", "--force")
    assert Institution.objects.count() == 15
    assert Institution.objects.get(pk=real.pk).notes == ""


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
def test_demo_data_refuses_a_real_program():
    from waishi.programs.models import Program

    Program.objects.create(name_zh="真实项目", home_unit=UnitFactory())

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
    assert all(a.expires_on > a.signed_on for a in agreements if a.signed_on)


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
