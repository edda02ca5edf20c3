import datetime

import pytest
from django.urls import reverse

from waishi.agreements.enums import AgreementStatus, Approval
from waishi.agreements.models import Agreement
from waishi.agreements.tests.factories import AgreementFactory
from waishi.partners.tests.factories import InstitutionFactory, country

LIST = reverse("agreements:agreement.list")


def _listed(client, user, query=""):
    client.force_login(user)
    response = client.get(LIST + query)
    assert response.status_code == 200
    return {a.pk for a in response.context["object_list"]}


@pytest.fixture
def two_colleges(personas):
    ours = AgreementFactory(units=[personas.college])
    theirs = AgreementFactory(units=[personas.other_college])
    nobody = AgreementFactory()
    return ours, theirs, nobody


def test_list_scope_per_role(client, personas, two_colleges):
    ours, theirs, nobody = two_colleges
    everything = {ours.pk, theirs.pk, nobody.pk}
    for user in (personas.office_staff, personas.director, personas.leader, personas.auditor):
        assert _listed(client, user) == everything
    for user in (personas.teacher, personas.liaison, personas.head):
        assert _listed(client, user) == {ours.pk}
    assert _listed(client, personas.other_teacher) == {theirs.pk}


def test_list_no_role_is_refused(client, personas, two_colleges):
    client.force_login(personas.outsider)
    response = client.get(LIST)
    assert response.status_code == 403
    html = response.content.decode()
    assert not [a.name_en for a in two_colleges if a.name_en in html]


def test_detail_out_of_scope_is_404(client, personas, two_colleges):
    ours, theirs, _nobody = two_colleges
    client.cookies["django_language"] = "en"
    client.force_login(personas.liaison)
    assert f"<h1>{ours.name_en}</h1>" in client.get(ours.get_absolute_url()).content.decode()
    response = client.get(theirs.get_absolute_url())
    assert response.status_code == 404
    assert theirs.name_en not in response.content.decode()


def test_list_query_count_same_at_1_and_3_rows(client, personas, django_assert_num_queries):
    client.force_login(personas.office_staff)
    AgreementFactory(parties=[InstitutionFactory(), InstitutionFactory()])
    client.get(LIST)  # warm the policy row and the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    AgreementFactory()
    AgreementFactory(units=[personas.college])
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(LIST)
    assert len(response.context["object_list"]) == 3


@pytest.mark.parametrize("today", [datetime.date(2028, 7, 5), datetime.date(2028, 7, 6)])
def test_list_filters(client, personas, settings, today):
    settings.WAISHI_FROZEN_TODAY = today
    japan = InstitutionFactory(name_en="Kyoto Example University", country=country("JP"))
    french = InstitutionFactory(country=country("FR"))
    # Expires 2028-12-31: expiring from 2028-07-04 (180 days before).
    japan_deal = AgreementFactory(parties=[japan], units=[personas.college])
    french_deal = AgreementFactory(
        parties=[french], kind="research", expires_on=datetime.date(2030, 1, 1)
    )
    both = AgreementFactory(parties=[japan, french], expires_on=datetime.date(2029, 1, 3))
    draft = AgreementFactory(parties=[french], approval=Approval.DRAFT)
    user = personas.office_staff
    assert _listed(client, user, "?country=JP") == {japan_deal.pk, both.pk}
    assert _listed(client, user, f"?partner={french.pk}") == {
        french_deal.pk,
        both.pk,
        draft.pk,
    }
    assert _listed(client, user, "?kind=research") == {french_deal.pk}
    assert _listed(client, user, f"?unit={personas.college.pk}") == {japan_deal.pk}
    assert _listed(client, user, "?status=expiring") == {japan_deal.pk}
    assert _listed(client, user, "?status=draft") == {draft.pk}
    # 2028-12-31 is 179 or 178 days away; 2029-01-03 is 182 or 181.
    days_to_both = (both.expires_on - today).days
    assert _listed(client, user, f"?expiring_within={days_to_both - 1}") == {japan_deal.pk}
    assert _listed(client, user, f"?expiring_within={days_to_both}") == {
        japan_deal.pk,
        both.pk,
    }
    assert _listed(client, user, "?q=Kyoto") == {japan_deal.pk, both.pk}


def test_create_edit_terminate_renew_through_pages(client, personas):
    first, second = InstitutionFactory(), InstitutionFactory()
    client.force_login(personas.office_staff)
    response = client.post(
        reverse("agreements:agreement.create"),
        {
            "name_zh": "学生交流协议",
            "name_en": "Student exchange",
            "kind": "student_exchange",
            "parties": [first.pk, second.pk],
            "units": [personas.college.pk],
            "signed_on": "2025-01-10",
            "expires_on": "2030-01-09",
            "places_outgoing": "5",
            "places_incoming": "3",
            "responsible": personas.office_staff.pk,
        },
    )
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == agreement.get_absolute_url()
    assert set(agreement.parties.all()) == {first, second}
    assert agreement.approval == Approval.DRAFT
    assert agreement.history.first().history_user == personas.office_staff

    response = client.post(
        reverse("agreements:agreement.update", args=[agreement.pk]),
        {
            "name_zh": "学生交流协议",
            "kind": "student_exchange",
            "parties": [first.pk],
            "signed_on": "2025-01-10",
            "expires_on": "2024-01-01",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["expires_on"] == [
        "The expiry date cannot be before the agreement takes effect.",
        "The expiry date cannot be before the signing date.",
    ]

    Agreement.objects.filter(pk=agreement.pk).update(approval=Approval.APPROVED)
    response = client.post(
        reverse("agreements:agreement.renew", args=[agreement.pk]),
        {"signed_on": "2029-12-01", "expires_on": "2034-12-31"},
    )
    assert response.status_code == 302, response.context["form"].errors
    renewal = Agreement.objects.exclude(pk=agreement.pk).get()
    assert response["Location"] == renewal.get_absolute_url()
    assert renewal.renews == agreement
    assert set(renewal.parties.all()) == {first, second}
    assert list(renewal.units.all()) == [personas.college]
    assert renewal.approval == Approval.DRAFT

    response = client.post(
        reverse("agreements:agreement.terminate", args=[agreement.pk]),
        {"terminated_on": "2025-06-01", "reason": ""},
    )
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    client.post(
        reverse("agreements:agreement.terminate", args=[agreement.pk]),
        {"terminated_on": "2025-06-01", "reason": "The partner closed the program."},
    )
    agreement.refresh_from_db()
    assert agreement.terminated_on == datetime.date(2025, 6, 1)
    assert agreement.current_status == AgreementStatus.TERMINATED


def test_create_without_partner_keeps_input(client, personas):
    client.force_login(personas.office_staff)
    response = client.post(
        reverse("agreements:agreement.create"), {"name_zh": "草稿", "kind": "mou"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"parties": ["This field is required."]}
    assert response.context["form"]["name_zh"].value() == "草稿"
    assert Agreement.objects.count() == 0


def test_partner_page_shows_its_agreements(client, personas):
    partner = InstitutionFactory()
    shown = AgreementFactory(parties=[partner], units=[personas.college])
    AgreementFactory(parties=[partner], units=[personas.other_college])
    client.force_login(personas.liaison)
    response = client.get(partner.get_absolute_url())
    sections = response.context["sections"]
    assert [list(s.context["agreements"]) for s in sections if s.template.startswith("agree")] == [
        [shown]
    ]
    assert shown.name_en in response.content.decode()


def test_partner_merge_moves_agreements(personas):
    from waishi.partners import services as partner_services

    keep, duplicate, other = InstitutionFactory(), InstitutionFactory(), InstitutionFactory()
    a = AgreementFactory(parties=[duplicate, other])
    b = AgreementFactory(parties=[duplicate, keep])
    partner_services.institution_merge(duplicate, keep, by=personas.office_staff)
    assert set(a.parties.all()) == {keep, other}
    assert set(b.parties.all()) == {keep}


def test_export_is_scoped(client, personas, two_colleges):
    import io

    from openpyxl import load_workbook

    ours, _theirs, _nobody = two_colleges
    client.force_login(personas.liaison)
    response = client.get(reverse("agreements:agreement.export"))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [ours.pk]


def test_calendar_feed_by_token_and_login(client, personas, two_colleges):
    from waishi.agreements import services

    ours, theirs, _nobody = two_colleges
    token = services.calendar_token_for(personas.liaison).token
    response = client.get(reverse("agreements:calendar.feed", args=[token]))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert f"agreement-{ours.pk}-expiry" in body
    assert f"agreement-{theirs.pk}-expiry" not in body
    assert client.get(reverse("agreements:calendar.feed", args=["wrong"])).status_code == 404
    client.force_login(personas.liaison)
    client.post(reverse("agreements:calendar.token"))
    client.logout()
    assert client.get(reverse("agreements:calendar.feed", args=[token])).status_code == 404


def test_export_and_template_write_text_that_looks_like_a_formula_as_text(client, personas):
    from waishi.core.testing import FORMULAS, assert_written_as_text

    partner = InstitutionFactory(name_en=FORMULAS[3])
    AgreementFactory(name_zh=FORMULAS[0], name_en=FORMULAS[1], notes=FORMULAS[2], parties=[partner])
    client.force_login(personas.office_staff)
    response = client.get(reverse("agreements:agreement.export"))
    assert_written_as_text(response, FORMULAS[0], FORMULAS[1], FORMULAS[2], FORMULAS[3])
    assert_written_as_text(client.get(reverse("agreements:import.template")))


def test_partner_filter_searches_as_one_types_instead_of_listing_every_partner(client, personas):
    chosen = InstitutionFactory(name_en="Kyoto Example University")
    other = InstitutionFactory(name_en="Lyon Example University")
    AgreementFactory(parties=[chosen])
    AgreementFactory(parties=[other])
    client.force_login(personas.office_staff)
    html = client.get(f"{LIST}?partner={chosen.pk}").content.decode()
    assert 'data-search-url="/staff/pick/partners/"' in html
    assert "Kyoto Example University" in html and "Lyon Example University" not in html
