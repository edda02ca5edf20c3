import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from waishi.core.tests import files
from waishi.people import services as people_services
from waishi.travel import services
from waishi.travel.enums import TripStatus
from waishi.travel.models import PassportLoan, ReportAttachment, Trip, TripReport
from waishi.travel.tests.factories import (
    PassportFactory,
    PlannedTripFactory,
    country,
    days,
    ready_trip,
)
from waishi.travel.tests.helpers import approved, current_step, request_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


def _ids(response):
    return {t.pk for t in response.context["object_list"]}


def test_trip_list_scoped_per_role(client, personas):
    mine = ready_trip(personas.teacher)
    theirs = ready_trip(personas.other_teacher)
    expected = {
        personas.teacher: {mine.pk},
        personas.other_teacher: {theirs.pk},
        personas.liaison: {mine.pk},
        personas.head: {mine.pk},
        personas.office_staff: {mine.pk, theirs.pk},
        personas.auditor: {mine.pk, theirs.pk},
    }
    for user, ids in expected.items():
        client.force_login(user)
        assert _ids(client.get(reverse("travel:trip.list"))) == ids, user
    client.force_login(personas.other_teacher)
    assert client.get(reverse("travel:trip.detail", args=[mine.pk])).status_code == 404


def test_trip_member_reads_but_does_not_edit(client, personas):
    trip = ready_trip(personas.teacher)
    person = trip.travellers.get().person
    person.user = personas.other_teacher
    person.save()
    client.force_login(personas.other_teacher)
    assert client.get(reverse("travel:trip.detail", args=[trip.pk])).status_code == 200
    assert client.get(reverse("travel:trip.update", args=[trip.pk])).status_code == 403


@pytest.mark.parametrize("rows", [1, 3])
def test_trip_list_query_count_is_flat(client, personas, rows, django_assert_max_num_queries):
    for _ in range(rows):
        ready_trip(personas.teacher, members=2)
    client.force_login(personas.office_staff)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("travel:trip.list"))
    assert len(response.context["object_list"]) == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_trip_api_query_count_is_flat(client, personas, rows, django_assert_max_num_queries):
    for _ in range(rows):
        ready_trip(personas.teacher, members=2)
    client.force_login(personas.office_staff)
    with django_assert_max_num_queries(10):
        response = client.get("/api/trips/")
    assert response.json()["count"] == rows


def test_trip_api_scoped(client, personas):
    ready_trip(personas.teacher)
    other = ready_trip(personas.other_teacher)
    client.force_login(personas.other_teacher)
    assert [t["id"] for t in client.get("/api/trips/").json()["results"]] == [other.pk]
    client.force_login(personas.outsider)
    assert client.get("/api/trips/").status_code == 403


def _form_data(personas, **over):
    person = PassportFactory(person__unit=personas.college).person
    data = {
        "title": "Talks in Lyon",
        "unit": personas.college.pk,
        "purpose": "talks",
        "description": "MoU",
        "departure": days(20).isoformat(),
        "return_date": days(25).isoformat(),
        "outside_plan_reason": "New partner",
        "travellers-TOTAL_FORMS": "1",
        "travellers-INITIAL_FORMS": "0",
        "travellers-0-person": person.pk,
        "travellers-0-role": "leader",
        "travellers-0-position": "Professor",
        "travellers-0-unit": personas.college.pk,
        "destinations-TOTAL_FORMS": "1",
        "destinations-INITIAL_FORMS": "0",
        "destinations-0-country": country("FR").pk,
        "destinations-0-city": "Lyon",
        "destinations-0-host_name": "Université Lyon 2",
        "destinations-0-arrive": days(20).isoformat(),
        "destinations-0-leave": days(25).isoformat(),
        "itinerary-TOTAL_FORMS": "1",
        "itinerary-INITIAL_FORMS": "0",
        "itinerary-0-date": days(21).isoformat(),
        "itinerary-0-place": "Lyon",
        "itinerary-0-activity": "Talks",
        "budget-TOTAL_FORMS": "1",
        "budget-INITIAL_FORMS": "0",
        "budget-0-item": "Flights",
        "budget-0-amount": "9000",
        "budget-0-source": "unit",
    }
    data.update(over)
    return data


def test_trip_create_and_submit_through_the_form(client, personas):
    client.force_login(personas.teacher)
    data = _form_data(personas, submit="1")
    data["invitation_letter"] = SimpleUploadedFile("inv.pdf", files.PDF, "application/pdf")
    response = client.post(reverse("travel:trip.create"), data)
    trip = Trip.objects.get()
    assert response.status_code == 302
    assert trip.status == TripStatus.IN_APPROVAL
    assert trip.applicant == personas.teacher
    assert (trip.travellers.count(), trip.itinerary.count(), trip.budget.count()) == (1, 1, 1)
    letter = client.get(reverse("travel:trip.invitation", args=[trip.pk]))
    assert letter.status_code == 200
    assert letter["Content-Type"] == "application/pdf"


def test_trip_form_error_keeps_everything_typed(client, personas):
    client.force_login(personas.teacher)
    data = _form_data(personas, return_date=days(10).isoformat())
    response = client.post(reverse("travel:trip.create"), data)
    assert response.status_code == 200
    assert Trip.objects.count() == 0
    html = response.content.decode()
    assert "return after departure" in html
    assert "Université Lyon 2" in html and "Flights" in html


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "x.exe",
            files.EXE,
            "“x.exe” cannot be uploaded here: only PDF / JPEG / PNG / Word (.docx) / "
            "Word (.doc) files are accepted.",
        ),
        (
            "invitation.pdf",
            files.EXE,
            "“invitation.pdf” is a program, not a document; programs cannot be uploaded.",
        ),
        (
            "invitation.pdf",
            files.HTML,
            "“invitation.pdf” is not a real PDF file by its content; it may be damaged or renamed.",
        ),
    ],
)
def test_trip_form_refuses_executable_upload(client, personas, name, content, message):
    client.force_login(personas.teacher)
    data = _form_data(personas)
    # The browser claims a PDF; only the content counts.
    data["invitation_letter"] = SimpleUploadedFile(name, content, "application/pdf")
    response = client.post(reverse("travel:trip.create"), data)
    assert response.context["form"].errors["invitation_letter"] == [message]
    assert Trip.objects.count() == 0


def test_trip_edit_after_submit_is_refused_and_changes_nothing(client, personas):
    trip = ready_trip(personas.teacher)
    services.trip_submit(trip, personas.teacher)
    client.force_login(personas.teacher)
    response = client.post(reverse("travel:trip.update", args=[trip.pk]), _form_data(personas))
    assert response.status_code == 302
    trip.refresh_from_db()
    assert trip.title != "Talks in Lyon"


def test_trip_is_decided_in_the_engines_panel_on_its_page(client, personas):
    trip = ready_trip(personas.teacher)
    services.trip_submit(trip, personas.teacher)
    page = trip.get_absolute_url()
    request = request_of(trip)
    decide = reverse("workflow:request.decide", args=[request.pk])
    client.force_login(personas.office_staff)
    html = client.get(page).content.decode()
    assert "decision-form" not in html  # the first step is the unit head's
    response = client.post(
        decide, {"action": "approve", "next": page}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "you may not decide it" in response.content.decode()
    client.force_login(personas.head)
    html = client.get(page).content.decode()
    assert f'action="{decide}"' in html
    client.post(decide, {"action": "approve", "step": request.current_step_id, "next": page})
    assert current_step(trip).key == "office"
    trip.refresh_from_db()
    assert trip.status == TripStatus.IN_APPROVAL


def test_passport_check_out_twice_through_the_page_shows_message(client, personas):
    trip = approved(ready_trip(personas.teacher), personas)
    document = trip.travellers.get().person.documents.get()
    client.force_login(personas.office_staff)
    url = reverse("travel:passport.check_out", args=[document.pk])
    client.post(url, {"trip": trip.pk})
    response = client.post(url, {"trip": trip.pk}, follow=True)
    assert "already checked out" in response.content.decode()
    assert PassportLoan.objects.count() == 1


def test_passport_register_masks_numbers_except_for_office(client, personas):
    document = PassportFactory(number="E12345678")
    client.force_login(personas.auditor)
    html = client.get(reverse("travel:passport.list")).content.decode()
    assert document.masked_number in html and "E12345678" not in html
    assert document.masked_number != document.number
    client.force_login(personas.office_staff)
    assert document.number in client.get(reverse("travel:passport.list")).content.decode()


def _register(client, **params):
    return client.get(reverse("travel:passport.list"), params).content.decode()


def test_passport_register_filters_where_each_is_and_offers_the_holders_trips(client, personas):
    trip = approved(ready_trip(personas.teacher), personas)
    other = approved(ready_trip(personas.teacher), personas)
    mine = trip.travellers.get().person.documents.get()
    theirs = other.travellers.get().person.documents.get()
    idle = PassportFactory(number="E00000001")
    client.force_login(personas.office_staff)
    html = _register(client)
    # A passport is checked out only for a trip its holder travels on: only those are offered.
    found = re.search(rf'id="trip-{mine.pk}">(.*?)</select>', html, re.S)
    assert found
    offered = found.group(1)
    assert f'value="{trip.pk}"' in offered and f'value="{other.pk}"' not in offered
    assert f'id="trip-{idle.pk}"' not in html  # no approved trip: nothing to check out for
    loan = services.passport_check_out(mine, trip, personas.office_staff)
    shown = {
        where: {
            d.number for d in (mine, theirs, idle) if d.number in _register(client, where=where)
        }
        for where in ("", "in", "out", "overdue")
    }
    assert shown == {
        "": {mine.number, theirs.number, idle.number},
        "in": {theirs.number, idle.number},
        "out": {mine.number},
        "overdue": set(),
    }
    PassportLoan.objects.filter(pk=loan.pk).update(due_back=days(-1))
    html = _register(client, where="overdue")
    assert mine.number in html and "1 overdue" in html and theirs.number not in html
    html = _register(client, q="E00000001")
    assert idle.number in html and mine.number not in html


def test_passport_register_lists_holders_by_name(client, personas):
    zhao = PassportFactory(person__family_name="Zhao", person__given_name="Lei", number="E20000001")
    an = PassportFactory(person__family_name="An", person__given_name="Qi", number="E20000002")
    client.force_login(personas.office_staff)
    response = client.get(reverse("travel:passport.list"))
    documents = [row["doc"] for row in response.context["rows"]]
    assert documents.index(an) < documents.index(zhao)

    # Renamed, the holder moves to their new place, and is found by the new name.
    people_services.person_update(zhao.person, by=personas.office_staff, family_name="Ai")
    response = client.get(reverse("travel:passport.list"))
    documents = [row["doc"] for row in response.context["rows"]]
    assert documents.index(zhao) < documents.index(an)
    assert zhao.number in _register(client, q="Ai") and an.number not in _register(client, q="Ai")


def test_passports_added_in_bulk_take_their_place_in_the_register(client, personas):
    from waishi.people.models import IdentityDocument
    from waishi.people.tests.factories import PersonFactory

    bai = PersonFactory(family_name="Bai", given_name="Yun")
    later = PassportFactory(person__family_name="Cao", number="E20000003")
    IdentityDocument.objects.bulk_create(
        [IdentityDocument(person=bai, kind=later.kind, number="E20000004")]
    )
    client.force_login(personas.office_staff)
    html = _register(client)
    assert html.index("E20000004") < html.index("E20000003")


def test_passport_register_queries_do_not_grow_with_the_register(client, personas):
    client.force_login(personas.office_staff)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("travel:passport.list")).status_code == 200
        return len(captured)

    def add_checked_out() -> None:
        trip = approved(ready_trip(personas.teacher, members=2), personas)
        for traveller in trip.travellers.all():
            services.passport_check_out(
                traveller.person.documents.get(), trip, personas.office_staff
            )
        PassportFactory()

    add_checked_out()
    small = queries()
    for _ in range(3):
        add_checked_out()
    assert queries() == small


def test_approval_pdf_is_a_pdf(client, personas):
    trip = approved(ready_trip(personas.teacher), personas)
    client.force_login(personas.teacher)
    response = client.get(reverse("travel:trip.pdf", args=[trip.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content[:4] == b"%PDF"


def test_calendar_feed_lists_own_trips_and_office_sees_approved(client, personas):
    mine = approved(ready_trip(personas.teacher), personas)
    ready_trip(personas.other_teacher)
    token = services.calendar_token_for(personas.teacher)
    body = client.get(reverse("travel:calendar.feed", args=[token])).content.decode()
    assert f"trip-{mine.pk}@waishi" in body and body.count("BEGIN:VEVENT") == 1
    office = services.calendar_token_for(personas.office_staff)
    body = client.get(reverse("travel:calendar.feed", args=[office])).content.decode()
    assert body.count("BEGIN:VEVENT") == 1
    assert client.get(reverse("travel:calendar.feed", args=["wrong"])).status_code == 404


def test_plan_report_queries_do_not_grow_with_the_trips(client, personas):
    client.force_login(personas.office_staff)
    year = days(20).year

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("travel:plan.report"), {"year": year})
            assert response.status_code == 200
        return len(captured)

    def add_trip() -> None:
        plan = PlannedTripFactory(unit=personas.college, year=year)
        ready = ready_trip(
            personas.teacher, planned_trip=plan, departure=days(20), return_date=days(22)
        )
        services.trip_submit(ready, personas.teacher)

    add_trip()
    small = queries()
    for _ in range(3):
        add_trip()
    assert queries() == small


def test_plan_against_actual(client, personas):
    plan = PlannedTripFactory(unit=personas.college, year=days(20).year)
    ready = ready_trip(
        personas.teacher, planned_trip=plan, departure=days(20), return_date=days(22)
    )
    services.trip_submit(ready, personas.teacher)
    client.force_login(personas.office_staff)
    response = client.get(reverse("travel:plan.report"), {"year": days(20).year})
    rows = response.context["rows"]
    assert [(r["unit"], r["planned"], r["in_plan"], r["outside"]) for r in rows] == [
        (personas.college, 1, 1, 0)
    ]


def test_partner_section_and_merge(personas):
    from waishi.partners import hooks
    from waishi.partners.tests.factories import InstitutionFactory

    source, target = InstitutionFactory(), InstitutionFactory()
    trip = ready_trip(personas.teacher)
    trip.destinations.update(institution=source)
    sections = hooks.sections_for(source, personas.teacher)
    assert [list(s.context["trips"]) for s in sections if "travel" in s.template] == [[trip]]
    assert [
        s for s in hooks.sections_for(source, personas.other_teacher) if "travel" in s.template
    ] == []
    assert hooks.merge_all(source, target) >= 1
    assert trip.destinations.get().institution == target


def test_report_with_attachment(client, personas, settings):
    trip = approved(ready_trip(personas.teacher), personas)
    settings.WAISHI_FROZEN_TODAY = trip.return_date + datetime.timedelta(days=2)
    client.force_login(personas.teacher)
    client.post(reverse("travel:trip.return", args=[trip.pk]), {"actual_return": trip.return_date})
    response = client.post(
        reverse("travel:trip.report", args=[trip.pk]),
        {
            "text": "Signed the MoU.",
            "submit": "1",
            "attachments": SimpleUploadedFile("photo.png", files.PNG, "image/png"),
        },
    )
    assert response.status_code == 302
    trip.refresh_from_db()
    assert trip.status == TripStatus.REPORTED
    assert trip.report.attachments.count() == 1


def test_trip_files_shown_only_when_pdf_or_image(client, personas):
    """A letter stored before uploads were checked by content (a program named .pdf) is
    downloaded as plain bytes, never shown as a PDF; a Word attachment is downloaded."""
    trip = ready_trip(personas.teacher)
    trip.invitation_letter.save("letter.pdf", ContentFile(files.EXE))
    report = TripReport.objects.create(trip=trip, text="Done.")
    attachment = ReportAttachment(report=report, name="minutes.docx")
    attachment.file.save("minutes.docx", ContentFile(files.DOCX))
    photo = ReportAttachment(report=report, name="photo.png")
    photo.file.save("photo.png", ContentFile(files.PNG))
    client.force_login(personas.teacher)

    def served(url):
        response = client.get(url)
        return response["Content-Type"], response["Content-Disposition"]

    assert served(reverse("travel:trip.invitation", args=[trip.pk])) == (
        "application/octet-stream",
        f'attachment; filename="invitation-{trip.pk}.pdf"',
    )
    assert served(reverse("travel:trip.report_file", args=[trip.pk, attachment.pk])) == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        f'attachment; filename="report-{trip.pk}-{attachment.pk}.docx"',
    )
    assert served(reverse("travel:trip.report_file", args=[trip.pk, photo.pk])) == (
        "image/png",
        f'inline; filename="report-{trip.pk}-{photo.pk}.png"',
    )


def test_report_refuses_a_program_renamed_pdf(client, personas, settings):
    trip = approved(ready_trip(personas.teacher), personas)
    settings.WAISHI_FROZEN_TODAY = trip.return_date + datetime.timedelta(days=2)
    client.force_login(personas.teacher)
    client.post(reverse("travel:trip.return", args=[trip.pk]), {"actual_return": trip.return_date})
    response = client.post(
        reverse("travel:trip.report", args=[trip.pk]),
        {
            "text": "Signed the MoU.",
            "submit": "1",
            "attachments": [
                SimpleUploadedFile("photo.png", files.PNG, "image/png"),
                SimpleUploadedFile("minutes.pdf", files.EXE, "application/pdf"),
            ],
        },
    )
    assert response.context["form"].errors["attachments"] == [
        "“minutes.pdf” is a program, not a document; programs cannot be uploaded."
    ]
    trip.refresh_from_db()
    assert trip.status == TripStatus.BACK
    assert not ReportAttachment.objects.exists()


def test_trip_change_shows_added_traveller(client, personas):
    from waishi.travel.tests.factories import traveller

    trip = approved(ready_trip(personas.teacher), personas)
    services.trip_change_start(trip, personas.teacher, "One more colleague")
    added = traveller(trip)
    client.force_login(personas.teacher)
    response = client.get(reverse("travel:trip.detail", args=[trip.pk]))
    rows = response.context["member_changes"]
    assert (str(rows[0]["kind"]), rows[0]["label"]) == ("added", str(added.person))


def test_trip_page_shows_the_request_before_a_change_under_earlier_requests(client, personas):
    trip = approved(ready_trip(personas.teacher), personas)
    services.trip_change_start(trip, personas.teacher, "Two more days in Lyon.")
    services.trip_submit(trip, personas.teacher)
    client.force_login(personas.teacher)
    html = client.get(trip.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    panel = html[html.index('class="card mb-4 approval-panel"') :]
    assert "Earlier requests" in panel
    earlier = panel[panel.index("Earlier requests") :]
    assert "Approved</summary>" in earlier
    assert "decision-form" not in html  # the applicant never decides


def test_new_application_offers_the_applicant_as_first_traveller_and_leader(client, personas):
    from waishi.people.services import person_for_account

    person = person_for_account(personas.teacher)
    client.force_login(personas.teacher)
    form = client.get(reverse("travel:trip.create")).context["formsets"]["travellers"].forms[0]
    assert (form["person"].value(), form["role"].value(), form["unit"].value()) == (
        person.pk,
        "leader",
        personas.college.pk,
    )
    html = form["person"].as_widget()
    assert f'<option value="{person.pk}" selected>李老师</option>' in html


def test_a_lone_traveller_marked_member_leads_the_trip(client, personas):
    client.force_login(personas.teacher)
    data = _form_data(personas, submit="1")
    data["travellers-0-role"] = "member"
    response = client.post(reverse("travel:trip.create"), data)
    assert response.status_code == 302
    trip = Trip.objects.get()
    assert [t.role for t in trip.travellers.all()] == ["leader"]
    assert trip.status == TripStatus.IN_APPROVAL


def test_two_travellers_without_a_leader_are_still_refused(client, personas):
    client.force_login(personas.teacher)
    second = PassportFactory(person__unit=personas.college).person
    data = _form_data(personas)
    data["travellers-0-role"] = "member"
    data.update(
        {
            "travellers-TOTAL_FORMS": "2",
            "travellers-1-person": second.pk,
            "travellers-1-role": "member",
            "travellers-1-unit": personas.college.pk,
        }
    )
    response = client.post(reverse("travel:trip.create"), data)
    assert Trip.objects.count() == 0
    assert "Rule “one leader”: mark exactly one traveller as leader." in response.content.decode()


def test_a_negative_budget_line_is_refused(client, personas):
    client.force_login(personas.teacher)
    response = client.post(
        reverse("travel:trip.create"), _form_data(personas, **{"budget-0-amount": "-500"})
    )
    assert Trip.objects.count() == 0
    budget = response.context["formsets"]["budget"].forms[0]
    assert budget.errors["amount"] == ["Enter an amount greater than zero."]


def test_write_the_report_is_offered_only_after_the_return_date(client, personas, settings):
    trip = approved(ready_trip(personas.teacher), personas)
    client.force_login(personas.teacher)
    page = client.get(reverse("travel:trip.detail", args=[trip.pk])).content.decode()
    assert "Write the report" not in page
    assert (
        "The report is written after the trip: it can be written once the return is registered "
        f"or the return date ({trip.return_date.isoformat()}) has passed."
    ) in page
    report_page = client.get(reverse("travel:trip.report", args=[trip.pk])).content.decode()
    assert "Submit to the office" not in report_page
    settings.WAISHI_FROZEN_TODAY = trip.return_date + datetime.timedelta(days=1)
    page = client.get(reverse("travel:trip.detail", args=[trip.pk])).content.decode()
    assert "Write the report" in page


def test_office_records_a_past_trip_and_the_register_flags_it(client, personas):
    trip = ready_trip(personas.teacher, departure=days(-20), return_date=days(-10))
    trip.destinations.update(arrive=days(-20), leave=days(-10))
    client.force_login(personas.teacher)
    page = client.get(reverse("travel:trip.detail", args=[trip.pk])).content.decode()
    assert "Record the trip" not in page
    client.force_login(personas.office_staff)
    page = client.get(reverse("travel:trip.detail", args=[trip.pk])).content.decode()
    assert "Record the trip" in page
    response = client.post(
        reverse("travel:trip.record_after", args=[trip.pk]),
        {"reason": "Invited at two days' notice"},
        follow=True,
    )
    html = response.content.decode()
    assert "Recorded after the trip began:</strong> Invited at two days&#x27; notice" in html
    assert "Write the report" in html
    register = client.get(reverse("travel:trip.list")).content.decode()
    assert '<span class="badge text-bg-warning">Recorded after the trip began</span>' in register


def test_english_trip_pages_carry_no_chinese_terms(client, personas, settings):
    # Only the documents handed to Chinese authorities (the 批件 PDF) stay in Chinese.
    trip = approved(ready_trip(personas.teacher), personas)
    client.force_login(personas.office_staff)
    page = client.get(reverse("travel:trip.detail", args=[trip.pk])).content.decode()
    assert "Approval number" in page
    assert "批件号" not in page
    settings.WAISHI_FROZEN_TODAY = trip.return_date + datetime.timedelta(days=1)
    client.force_login(personas.teacher)
    report_page = client.get(reverse("travel:trip.report", args=[trip.pk])).content.decode()
    assert "<h1>Post-trip report</h1>" in report_page
    assert "出访报告" not in report_page


def test_no_english_interface_string_carries_a_chinese_term():
    # The rule of the test above, for every string of the interface at once.
    from pathlib import Path

    import waishi

    root = Path(waishi.__file__).parent
    pattern = re.compile(r"""(?:translate|_\()\s*["'][^"']*\([\u4e00-\u9fff]+\)""")
    found = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in [*root.glob("*/templates/**/*.html"), *root.glob("*/**/*.py")]
        if "approval_pdf" not in path.name and not {"tests", "migrations"} & set(path.parts)
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    # The importer's report quotes the editor's note "(空格)" it found in the seed page.
    assert [f for f in found if "空格" not in f] == []


def test_passport_register_says_how_many_are_out_in_each_language(client, personas):
    PassportFactory()
    client.force_login(personas.office_staff)
    url = reverse("travel:passport.list")
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "国际处保管的因公护照及其当前去向：借出 0 本。</p>" in chinese
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Official passports held by the office and where each is now: 0 out.</p>" in english
