import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from waishi.core.models import Unit
from waishi.partners.tests.factories import InstitutionFactory
from waishi.plans import hooks, partner_section, queries, services
from waishi.plans.enums import PlanStatus
from waishi.plans.models import Plan, PlanActivity, PlanMember
from waishi.plans.tests.factories import ActivityFactory, MemberFactory, PlanFactory

pytestmark = pytest.mark.django_db

LIST = "/staff/plans/"


@pytest.fixture(autouse=True)
def _only_our_sections(monkeypatch):
    monkeypatch.setattr("waishi.partners.hooks._sections", [])


def test_starting_data_records_the_20_20_plan_once_and_keeps_changes():
    lines: list[str] = []
    services.load_20_20_plan(lines.append)
    plan = Plan.objects.get()
    assert plan.name_en == (
        "20 Plus 20 Cooperation Plan for Chinese and African Institutions of Higher Education"
    )
    assert (plan.name_zh, plan.members.count(), plan.starts_year) == (
        "中非高校20+20合作计划",
        0,
        None,
    )
    services.plan_update(plan, sponsor_en="Ministry of Education")
    services.load_20_20_plan(lines.append)
    assert Plan.objects.get().sponsor_en == "Ministry of Education"
    assert lines == [
        "plans: recorded the 20+20 Plan (add its members and activities in the app)",
        "plans: the 20+20 Plan is already recorded",
    ]


def test_plan_ending_before_it_starts_is_refused():
    with pytest.raises(ValidationError) as error:
        services.plan_create(name_zh="计划", starts_year=2012, ends_year=2010)
    assert error.value.message_dict == {"ends_year": ["The plan cannot end before it starts."]}


def test_plan_end_keeps_members_and_activities(personas):
    member = MemberFactory()
    ActivityFactory(plan=member.plan)
    services.plan_end(
        member.plan,
        by=personas.director,
        ended_on=datetime.date(2024, 1, 1),
        reason="Programme closed",
    )
    plan = Plan.objects.get()
    assert (plan.status, plan.ended_on, plan.members.count(), plan.activities.count()) == (
        PlanStatus.ENDED,
        datetime.date(2024, 1, 1),
        1,
        1,
    )
    assert plan.history.first().history_change_reason == "Programme closed"


def test_member_added_twice_is_refused():
    member = MemberFactory()
    with pytest.raises(ValidationError) as error:
        services.member_save(member.plan, institution=member.institution, role="member")
    assert error.value.message_dict == {
        "institution": ["This institution is already a member of the plan."]
    }


def test_member_remove_keeps_history():
    member = MemberFactory()
    services.member_remove(member)
    assert PlanMember.objects.count() == 0
    assert PlanMember.history.filter(history_type="-").count() == 1


def test_activity_links_a_later_apps_record_generically(personas):
    plan = PlanFactory()
    unit = personas.college  # any model stands in for a trip, a visit or a conference
    activity = services.activity_save(
        plan,
        date=datetime.date(2024, 5, 1),
        kind="visit",
        description="Delegation",
        linked=unit,
    )
    assert PlanActivity.objects.get(pk=activity.pk).linked == unit
    services.activity_link(activity, None)
    assert PlanActivity.objects.get(pk=activity.pk).linked is None


def test_activity_form_offers_records_a_later_app_registers(client, personas, monkeypatch):
    monkeypatch.setattr(hooks, "_linkables", [])
    hooks.register_linkable(hooks.Linkable("Unit", Unit, lambda user: Unit.objects.all()))
    plan = PlanFactory()
    client.force_login(personas.office_staff)
    url = reverse("plans:activity.create", args=[plan.pk])
    form = client.get(url).context["form"]
    assert "linked" in form.fields
    from django.contrib.contenttypes.models import ContentType

    key = f"{ContentType.objects.get_for_model(Unit).pk}:{personas.college.pk}"
    response = client.post(
        url,
        {"date": "2024-05-01", "kind": "visit", "description": "Visit", "linked": key},
    )
    assert response.status_code == 302
    assert plan.activities.get().linked == personas.college
    page = client.get(plan.get_absolute_url()).content.decode()
    assert personas.college.get_absolute_url() in page


def test_partner_merge_moves_memberships_once(personas):
    duplicate, survivor = InstitutionFactory(), InstitutionFactory()
    both = PlanFactory()
    MemberFactory(plan=both, institution=duplicate)
    MemberFactory(plan=both, institution=survivor)
    only = MemberFactory(institution=duplicate)
    activity = ActivityFactory(plan=both)
    activity.institutions.add(duplicate)
    assert services.plans_merge_partner(duplicate, survivor) == 3
    assert list(both.members.values_list("institution", flat=True)) == [survivor.pk]
    only.refresh_from_db()
    assert only.institution == survivor
    assert list(activity.institutions.all()) == [survivor]
    section = partner_section.partner_section(survivor, personas.head)
    assert section is not None
    assert set(section.context["plans"]) == {both, only.plan}
    assert partner_section.partner_section(survivor, personas.teacher) is None


def test_plans_are_read_by_readers_and_unit_roles_only(personas):
    PlanFactory()
    seen = {role: queries.plans_for_user(user).count() for role, user in personas.by_role().items()}
    assert seen == {
        "staff": 0,
        "unit_liaison": 1,
        "unit_head": 1,
        "office_staff": 1,
        "office_director": 1,
        "university_leader": 1,
        "auditor": 1,
        "administrator": 1,
        "no_role": 0,
    }


@pytest.mark.parametrize("rows", [1, 3])
def test_list_query_count_does_not_grow_with_rows(
    client, personas, rows, django_assert_num_queries
):
    for _ in range(rows):
        ActivityFactory(plan=MemberFactory().plan)
    client.force_login(personas.office_staff)
    client.get(LIST)
    with django_assert_num_queries(6):
        response = client.get(LIST)
    assert [(p.member_count, p.activity_count) for p in response.context["object_list"]] == [
        (1, 1)
    ] * rows


def test_list_search_finds_plans_by_member(client, personas):
    member = MemberFactory(institution=InstitutionFactory(name_en="Makerere University"))
    PlanFactory(name_en="Other plan")
    client.force_login(personas.auditor)
    found = client.get(LIST, {"q": "makerere"}).context["object_list"]
    assert [p.pk for p in found] == [member.plan.pk]


def test_create_and_add_member_through_forms(client, personas):
    client.force_login(personas.office_staff)
    response = client.post(
        reverse("plans:plan.create"),
        {"name_zh": "中非合作计划", "name_en": "China-Africa plan", "starts_year": "2009"},
    )
    plan = Plan.objects.get()
    assert response["Location"] == plan.get_absolute_url()
    partner = InstitutionFactory()
    response = client.post(
        reverse("plans:member.create", args=[plan.pk]),
        {"institution": partner.pk, "role": "paired"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("plans:member.create", args=[plan.pk]),
        {"institution": partner.pk, "role": "member"},
    )
    assert response.context["form"].errors == {
        "institution": ["This institution is already a member of the plan."]
    }


def test_detail_shows_members_and_activities(client, personas):
    member = MemberFactory(institution=InstitutionFactory(name_en="Makerere University"))
    ActivityFactory(plan=member.plan, description="Joint workshop on materials")
    client.force_login(personas.liaison)
    page = client.get(member.plan.get_absolute_url()).content.decode()
    assert "Makerere University" in page and "Joint workshop on materials" in page
    assert "Paired partner" in page


@pytest.mark.parametrize("rows", [1, 3])
def test_api_lists_plans_with_members_and_refuses_staff(personas, django_assert_num_queries, rows):
    api = APIClient()
    api.cookies["django_language"] = "en"
    plans = []
    for _ in range(rows):
        member = MemberFactory()
        ActivityFactory(plan=member.plan).institutions.add(member.institution)
        plans.append(member.plan.pk)
    api.force_authenticate(personas.auditor)
    with django_assert_num_queries(7):
        body = api.get("/api/plans/").json()
    assert sorted((r["id"], len(r["members"]), len(r["activities"])) for r in body["results"]) == [
        (pk, 1, 1) for pk in sorted(plans)
    ]
    api.force_authenticate(personas.teacher)
    assert api.get("/api/plans/").status_code == 403
    api.force_authenticate(personas.office_staff)
    response = api.post("/api/plans/", {"name_zh": "计划", "starts_year": 1900}, format="json")
    assert response.json() == {"starts_year": ["Give a year between 1950 and 2100."]}


def test_api_rows_read_as_their_fields_would_and_written_plans_answer_in_full(personas):
    from django.contrib.contenttypes.models import ContentType
    from rest_framework import serializers

    from waishi.agreements.tests.factories import AgreementFactory
    from waishi.plans.api import PlanActivitySerializer, PlanMemberSerializer, shown_plans

    plan = PlanFactory()
    MemberFactory(plan=plan, joined_on=datetime.date(2021, 3, 4))
    MemberFactory(plan=plan, joined_on=None)
    activity = ActivityFactory(
        plan=plan, linked_type=ContentType.objects.get_for_model(Plan), linked_id=plan.pk
    )
    activity.institutions.add(
        InstitutionFactory(name_en="Zomba University"), InstitutionFactory(name_en="Accra")
    )
    activity.agreements.add(
        AgreementFactory(signed_on=datetime.date(2020, 1, 1)),
        AgreementFactory(signed_on=datetime.date(2023, 1, 1)),
    )
    ActivityFactory(plan=plan, date=datetime.date(2025, 1, 2))
    api = APIClient()
    api.force_authenticate(personas.auditor)
    body = api.get(f"/api/plans/{plan.pk}/").json()

    shown = shown_plans(Plan.objects.all()).get()

    # What the fields themselves write (DRF's own way), key for key and in their order.
    def as_the_fields_write(serializer, rows):
        return [
            list(serializers.ModelSerializer.to_representation(serializer, r).items()) for r in rows
        ]

    rows = shown.shown_members, shown.shown_activities  # type: ignore[attr-defined]
    assert [list(r.items()) for r in body["members"]] == as_the_fields_write(
        PlanMemberSerializer(), rows[0]
    )
    assert [list(r.items()) for r in body["activities"]] == as_the_fields_write(
        PlanActivitySerializer(), rows[1]
    )
    # In the models' orders, as the relations read them.
    assert [m["id"] for m in body["members"]] == [m.pk for m in plan.members.all()]
    assert [a["id"] for a in body["activities"]] == [a.pk for a in plan.activities.all()]
    linked = body["activities"][1]
    assert linked["institutions"] == [i.pk for i in activity.institutions.all()]
    assert linked["agreements"] == [a.pk for a in activity.agreements.all()]
    assert (linked["linked_type"], linked["linked_id"]) == ("plan", plan.pk)

    api.force_authenticate(personas.office_staff)
    created = api.post("/api/plans/", {"name_zh": "新计划"}, format="json")
    assert created.status_code == 201
    assert (created.json()["members"], created.json()["activities"]) == ([], [])
    changed = api.patch(f"/api/plans/{plan.pk}/", {"name_en": "Renamed"}, format="json")
    assert changed.status_code == 200
    assert changed.json() == body | {"name_en": "Renamed"}


def test_partner_page_shows_its_plans_section(client, personas, monkeypatch):
    monkeypatch.setattr("waishi.partners.hooks._sections", [partner_section.partner_section])
    member = MemberFactory(plan=PlanFactory(name_en="Africa plan"))
    MemberFactory(plan=PlanFactory(name_en="Other plan"))  # another partner's
    client.cookies["django_language"] = "en"
    client.force_login(personas.auditor)
    html = client.get(member.institution.get_absolute_url()).content.decode()
    assert f'<a href="{member.plan.get_absolute_url()}">Africa plan</a>' in html
    assert "Other plan" not in html


def test_activity_records_the_agreements_it_involves(client, personas):
    from waishi.agreements.tests.factories import AgreementFactory

    agreement = AgreementFactory(name_en="Exchange with Makerere")
    plan = PlanFactory()
    client.force_login(personas.office_staff)
    response = client.post(
        reverse("plans:activity.create", args=[plan.pk]),
        {
            "date": "2024-05-01",
            "kind": "agreement",
            "description": "Signed",
            "agreements": [agreement.pk],
        },
    )
    assert response.status_code == 302
    assert list(plan.activities.get().agreements.all()) == [agreement]
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Exchange with Makerere" in page
