"""The visits pages as their users see them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from waishi.visits import services
from waishi.visits.enums import VisitStatus
from waishi.visits.models import Visit
from waishi.visits.tests.factories import (
    add_guest,
    approved_visit,
    country,
    days,
    draft_visit,
    ready_visit,
    staff_person,
)
from waishi.visits.tests.helpers import request_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


def _ids(response):
    return {v.pk for v in response.context["object_list"]}


def test_list_shows_each_role_what_it_may_see(client, personas):
    mine = ready_visit(personas.teacher)
    theirs = ready_visit(personas.other_teacher, title="Chemistry guests")
    expected = {
        personas.teacher: {mine.pk},
        personas.liaison: {mine.pk},
        personas.head: {mine.pk},
        personas.other_teacher: {theirs.pk},
        personas.office_staff: {mine.pk, theirs.pk},
        personas.leader: {mine.pk, theirs.pk},
        personas.auditor: {mine.pk, theirs.pk},
    }
    for user, ids in expected.items():
        client.force_login(user)
        assert _ids(client.get(reverse("visits:visit.list"))) == ids, user
    client.force_login(personas.other_teacher)
    assert client.get(reverse("visits:visit.detail", args=[mine.pk])).status_code == 404


def test_list_filters_search_and_empty_state(client, personas):
    lyon = ready_visit(personas.teacher)
    late = ready_visit(personas.teacher, title="Tokyo lecture", arrival=5)
    services.visit_submit(late, by=personas.teacher, late_reason="Invited late")
    client.force_login(personas.office_staff)
    url = reverse("visits:visit.list")
    assert _ids(client.get(url, {"q": "delegation martin1"})) == {lyon.pk}
    assert _ids(client.get(url, {"q": "tokyo"})) == {late.pk}
    assert _ids(client.get(url, {"late": "true"})) == {late.pk}
    assert _ids(client.get(url, {"status": "draft"})) == {lyon.pk}
    page = client.get(url, {"q": "nobody-like-this"}).content.decode()
    assert "Nothing matches these filters." in page
    page = client.get(url, {"year": "99999"}).content.decode()
    assert "The filter “Year” was ignored" in page


def test_list_empty_says_how_to_start(client, personas):
    client.force_login(personas.liaison)
    page = client.get(reverse("visits:visit.list")).content.decode()
    assert "No visits yet. A host unit files one with “New visit”." in page


@pytest.mark.parametrize("rows", [1, 3])
def test_list_query_count_is_flat(client, personas, rows, django_assert_max_num_queries):
    for n in range(rows):
        ready_visit(personas.teacher, guests=2, title=f"Visit {n}")
    client.force_login(personas.office_staff)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("visits:visit.list"))
    assert len(response.context["object_list"]) == rows


def test_the_sort_is_done_in_sql(client, personas):
    early = ready_visit(personas.teacher, arrival=20, title="Early")
    late = ready_visit(personas.teacher, arrival=60, title="Late")
    client.force_login(personas.office_staff)
    url = reverse("visits:visit.list")
    assert [v.pk for v in client.get(url).context["object_list"]] == [late.pk, early.pk]
    asc = client.get(url, {"sort": "arrival_asc"}).context["object_list"]
    assert [v.pk for v in asc] == [early.pk, late.pk]


def test_a_new_visit_starts_with_the_filers_own_unit(client, personas):
    from waishi.core.tests.factories import UnitFactory

    # Before every other unit by name in both languages, and beneath the college (so its
    # liaison may file for it too).
    first = UnitFactory(name_zh="阿拉伯语系", name_en="Arabic department", parent=personas.college)
    UnitFactory(name_zh="阿拉伯研究中心", name_en="Arabic studies centre")

    def default_unit(user):
        client.force_login(user)
        return client.get(reverse("visits:visit.create")).context["form"]["unit"].value()

    assert default_unit(personas.liaison) == personas.college.pk
    assert default_unit(personas.office_staff) == personas.office.pk
    # Someone with no unit of their own (an office role given without one) starts with the
    # first unit they may file for.
    personas.office_staff.units.clear()
    assert default_unit(personas.office_staff) == first.pk


def test_a_liaison_files_a_visit_with_its_budget(client, personas):
    client.force_login(personas.liaison)
    form = client.get(reverse("visits:visit.create")).content.decode()
    assert "New request to receive foreign guests" in form
    response = client.post(
        reverse("visits:visit.create"),
        {
            "title": "Delegation from Lyon",
            "unit": personas.college.pk,
            "responsible": staff_person(personas.liaison).pk,
            "kind": "delegation",
            "purpose": "Joint programme",
            "arrival": days(40).isoformat(),
            "departure": days(42).isoformat(),
            "places": "Xiangtan",
            "reception_level": "unit",
            "funding": "hosted",
            "budget-TOTAL_FORMS": "2",
            "budget-INITIAL_FORMS": "0",
            "budget-MIN_NUM_FORMS": "0",
            "budget-MAX_NUM_FORMS": "1000",
            "budget-0-item": "meals",
            "budget-0-amount": "600",
            "budget-1-item": "gifts",
            "budget-1-amount": "-5",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please correct the errors below; nothing has been saved." in page
    assert "Enter an amount greater than zero." in page
    assert Visit.objects.count() == 0


def test_form_messages_in_chinese(client, personas):
    client.force_login(personas.liaison)
    response = client.post(
        reverse("visits:visit.create"),
        {
            "title": "来访",
            "unit": personas.college.pk,
            "responsible": staff_person(personas.liaison).pk,
            "kind": "delegation",
            "purpose": "合作",
            "arrival": days(40).isoformat(),
            "departure": days(38).isoformat(),
            "places": "湘潭",
            "reception_level": "unit",
            "funding": "hosted",
            "budget-TOTAL_FORMS": "0",
            "budget-INITIAL_FORMS": "0",
            "budget-MIN_NUM_FORMS": "0",
            "budget-MAX_NUM_FORMS": "1000",
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    page = response.content.decode()
    assert "离校日期不得早于抵达日期。" in page
    assert "请更正以下错误；尚未保存任何内容。" in page


def test_detail_shows_guests_budget_flags_and_masks_passports(client, personas):
    visit = draft_visit(
        personas.teacher,
        budget=[{"item": "meals", "amount": "600"}, {"item": "gifts", "amount": "400"}],
    )
    senior = visit.arrival.replace(year=visit.arrival.year - 65)
    add_guest(visit, personas.teacher, 1, birth_date=senior, passport_number="G12345678")
    client.force_login(personas.liaison)
    page = client.get(visit.get_absolute_url()).content.decode()
    assert "Martin1" in page and "Université de Lyon" in page
    assert "65 on arrival" in page
    assert "60 or over: health certificate" in page
    assert "G1234****" in page and "G12345678" not in page
    assert "1000.00" in page
    assert "Add the guests before submitting." not in page
    client.force_login(personas.office_staff)
    assert "G12345678" in client.get(visit.get_absolute_url()).content.decode()


def test_guest_added_through_the_page_is_found_again(client, personas):
    first = ready_visit(personas.teacher)
    visit = draft_visit(personas.teacher, title="Again")
    client.force_login(personas.liaison)
    response = client.post(
        reverse("visits:guest.create", args=[visit.pk]),
        {
            "family_name": "Martin1",
            "given_name": "Claire",
            "passport_number": "fr 0000001",
            "nationality": country("FR").pk,
            "rank": "other",
            "role": "head",
        },
    )
    assert response.status_code == 302
    assert visit.guests.get().person == first.guests.get().person


def test_a_late_visit_is_submitted_with_its_reason_and_flagged(client, personas):
    visit = ready_visit(personas.teacher, arrival=5)
    client.force_login(personas.teacher)
    page = client.get(visit.get_absolute_url()).content.decode()
    assert "Why it is filed late" in page
    response = client.post(reverse("visits:visit.submit", args=[visit.pk]), follow=True)
    assert "say why it is filed late." in response.content.decode()
    client.post(
        reverse("visits:visit.submit", args=[visit.pk]), {"late_reason": "Invitation came late"}
    )
    visit.refresh_from_db()
    assert visit.status == VisitStatus.IN_APPROVAL
    client.force_login(personas.head)
    page = client.get(visit.get_absolute_url()).content.decode()
    assert "Filed late" in page and "Invitation came late" in page
    inbox = client.get(reverse("workflow:inbox")).content.decode()
    assert visit.title in inbox


def test_approval_is_decided_in_the_panel_only(client, personas):
    visit = approved_visit(personas)
    assert visit.status == VisitStatus.APPROVED
    assert request_of(visit).steps.count() == 2
    client.force_login(personas.teacher)
    page = client.get(visit.get_absolute_url()).content.decode()
    assert "Approved" in page
    assert reverse("visits:visit.update", args=[visit.pk]) not in page


def test_withdraw_then_take_up_again_from_the_page(client, personas):
    visit = ready_visit(personas.teacher)
    client.force_login(personas.liaison)
    response = client.post(reverse("visits:visit.withdraw", args=[visit.pk]), follow=True)
    assert "Nothing is lost" in response.content.decode()
    assert "Take up again" in response.content.decode()
    client.post(reverse("visits:visit.restore", args=[visit.pk]))
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DRAFT
    assert visit.guests.count() == 1
