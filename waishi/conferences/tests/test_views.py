"""The conferences pages as their users see them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from waishi.conferences import services
from waishi.conferences.enums import ConferenceStatus, Discipline, VersionStatus
from waishi.conferences.models import Conference, Forecast
from waishi.conferences.tests.factories import (
    approved_conference,
    days,
    draft_conference,
    staff_person,
)
from waishi.core.models import Country

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


def _ids(response):
    return {c.pk for c in response.context["object_list"]}


def _form(personas, start: int = 200, **values):
    data = {
        "unit": personas.college.pk,
        "responsible": staff_person(personas.teacher).pk,
        "name_zh": "计算数学国际研讨会",
        "name_en": "International Workshop on Computational Mathematics",
        "discipline": Discipline.NATURAL,
        "format": "onsite",
        "starts_on": days(start).isoformat(),
        "ends_on": days(start + 2).isoformat(),
        "venue": "学术交流中心",
        "city": "湘潭",
        "expected_total": "80",
        "expected_foreign": "30",
        "expected_countries": "6",
        "organisers-TOTAL_FORMS": "1",
        "organisers-INITIAL_FORMS": "0",
        "organisers-MIN_NUM_FORMS": "0",
        "organisers-MAX_NUM_FORMS": "1000",
        "organisers-0-name": "Université de Lyon",
        "organisers-0-role": "co_organiser",
    }
    return data | values


def test_list_shows_each_role_what_it_may_see(client, personas):
    mine = draft_conference(personas.teacher).conference
    theirs = draft_conference(personas.other_teacher, name_zh="化学国际会议").conference
    expected = {
        personas.teacher: {mine.pk},
        personas.head: {mine.pk},
        personas.other_teacher: {theirs.pk},
        personas.office_staff: {mine.pk, theirs.pk},
        personas.leader: {mine.pk, theirs.pk},
        personas.auditor: {mine.pk, theirs.pk},
    }
    for user, ids in expected.items():
        client.force_login(user)
        assert _ids(client.get(reverse("conferences:conference.list"))) == ids, user
    client.force_login(personas.other_teacher)
    assert client.get(mine.get_absolute_url()).status_code == 404


def test_list_filters_and_search(client, personas):
    maths = draft_conference(personas.teacher).conference
    online = draft_conference(
        personas.teacher, name_zh="线上化学论坛", format="online", discipline=Discipline.SOCIAL
    ).conference
    client.force_login(personas.office_staff)
    url = reverse("conferences:conference.list")
    assert _ids(client.get(url, {"q": "计算数学"})) == {maths.pk}
    assert _ids(client.get(url, {"q": maths.reference})) == {maths.pk}
    assert _ids(client.get(url, {"format": "online"})) == {online.pk}
    assert _ids(client.get(url, {"discipline": "social"})) == {online.pk}
    assert _ids(client.get(url, {"size_class": "general"})) == {maths.pk, online.pk}
    assert _ids(client.get(url, {"year": str(days(200).year)})) >= {maths.pk}
    assert _ids(client.get(url, {"unit": personas.college.pk, "status": "draft"})) == {
        maths.pk,
        online.pk,
    }
    assert "Nothing matches" in client.get(url, {"q": "nothing-like-this"}).content.decode()


def test_declare_through_the_form(client, personas):
    client.force_login(personas.teacher)
    url = reverse("conferences:conference.create")
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, _form(personas))
    conference = Conference.objects.get()
    assert response["Location"] == conference.get_absolute_url()
    version = conference.current_version
    assert version is not None
    assert version.organisers.get().name == "Université de Lyon"
    page = client.get(conference.get_absolute_url()).content.decode()
    assert "Submit for approval" in page
    assert "International Workshop on Computational Mathematics" in page


def test_a_late_declaration_is_refused_on_the_form_with_the_rule(client, personas):
    client.force_login(personas.teacher)
    response = client.post(reverse("conferences:conference.create"), _form(personas, start=91))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Conferences: apply this many months before an on-site conference" in page
    assert not Conference.objects.exists()


def test_the_rules_are_shown_as_the_user_types(client, personas):
    client.force_login(personas.teacher)
    url = reverse("conferences:conference.assess")
    page = client.get(url, _form(personas, expected_foreign="300", expected_total="400"))
    html = page.content.decode()
    assert "Major" in html
    assert "300 foreign participants (major from 300)" in html
    assert "Forecast: a major conference" in html
    # Hong Kong is not counted among the countries.
    places = Country.objects.filter(code__in=["CN", "FR", "HK"]).values_list("pk", flat=True)
    data = _form(personas) | {"countries": [str(pk) for pk in places]}
    html = client.get(url, data).content.decode()
    assert "Bilateral" in html


def test_check_without_javascript_shows_the_rules_and_saves_nothing(client, personas):
    client.force_login(personas.teacher)
    data = _form(personas, start=91) | {"check": "1"}
    page = client.post(reverse("conferences:conference.create"), data).content.decode()
    assert "Rules this declaration breaks" in page
    assert not Conference.objects.exists()


def test_submit_approve_change_and_versions_on_the_page(client, personas):
    version = approved_conference(personas)
    conference = version.conference
    client.force_login(personas.teacher)
    change = reverse("conferences:conference.change", args=[conference.pk])
    assert client.get(change).status_code == 200
    data = _form(personas) | {
        "starts_on": (version.starts_on.replace(day=1)).isoformat(),
        "ends_on": (version.starts_on.replace(day=3)).isoformat(),
        "change_reason": "会场调整",
    }
    response = client.post(change, data)
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.current_version.number == 2
    client.post(reverse("conferences:conference.submit", args=[conference.pk]))
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.CHANGING
    page = client.get(conference.get_absolute_url()).content.decode()
    assert 'id="version-1"' in page and 'id="version-2"' in page
    assert "会场调整" in page
    assert conference.versions.get(number=1).status == VersionStatus.APPROVED


def test_the_office_records_the_filing(client, personas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from waishi.core.tests import files

    version = approved_conference(personas)
    client.force_login(personas.office_staff)
    url = reverse("conferences:filing.create", args=[version.conference_id])
    response = client.post(
        url,
        {
            "authority": "湖南省教育厅",
            "number": "湘教外〔2026〕12号",
            "filed_on": days(0).isoformat(),
            "file": SimpleUploadedFile("approval.pdf", files.PDF),
        },
    )
    assert response.status_code == 302
    filing = version.filings.get()
    client.force_login(personas.teacher)
    document = client.get(
        reverse("conferences:filing.file", args=[version.conference_id, filing.pk])
    )
    assert document.status_code == 200


def test_forecasts_page_and_form(client, personas, settings):
    import datetime

    settings.WAISHI_FROZEN_TODAY = datetime.date(2026, 10, 1)
    client.force_login(personas.liaison)
    response = client.post(
        reverse("conferences:forecast.create"),
        {"unit": personas.college.pk, "name": "计算数学国际研讨会", "size_class": "general"},
    )
    assert response.status_code == 302
    forecast = Forecast.objects.get()
    assert forecast.year == 2027
    page = client.get(reverse("conferences:forecast.list")).content.decode()
    assert "计算数学国际研讨会" in page
    assert "open until 2026-11-30" in page
    settings.WAISHI_FROZEN_TODAY = datetime.date(2026, 12, 1)
    response = client.post(
        reverse("conferences:forecast.update", args=[forecast.pk]),
        {"unit": personas.college.pk, "name": "改名", "size_class": "general"},
    )
    assert response.status_code == 200
    forecast.refresh_from_db()
    assert forecast.name == "计算数学国际研讨会"


def test_withdraw_a_draft(client, personas):
    conference = draft_conference(personas.teacher).conference
    client.force_login(personas.teacher)
    client.post(reverse("conferences:conference.withdraw", args=[conference.pk]))
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.CANCELLED
    services.conference_assessment(conference)


def test_an_approved_conference_is_judged_as_it_was_sent_not_late_later(client, personas, settings):
    # Declared 200 days ahead (in time); 150 days later its lead time has passed, but it was
    # sent in time: the page names no broken rule and no lateness.
    version = approved_conference(personas)
    settings.WAISHI_FROZEN_TODAY = days(150)
    client.force_login(personas.teacher)
    page = client.get(version.conference.get_absolute_url()).content.decode()
    assert "No office rule is broken so far." in page
    assert "had to be declared by" not in page and ">Late<" not in page


def test_search_finds_organisers_partners_and_follows_edits_and_renames(client, personas):
    from waishi.conferences import services
    from waishi.partners.services import institution_update
    from waishi.partners.tests.factories import InstitutionFactory

    lyon = InstitutionFactory(name_en="Université de Lyon", name_zh="里昂大学")
    version = draft_conference(
        personas.teacher,
        organisers=[{"institution": lyon, "role": "co_organiser"}, {"name": "Société Chimique"}],
    )
    conference = version.conference
    client.force_login(personas.office_staff)
    url = reverse("conferences:conference.list")
    for words in ("universite lyon", "里昂", "societe chimique", "WORKSHOP computational"):
        assert _ids(client.get(url, {"q": words})) == {conference.pk}, words
    assert _ids(client.get(url, {"q": conference.reference.lower()})) == {conference.pk}

    # A partner renamed is found by its new name; a declaration edited, by its new name.
    institution_update(lyon, by=personas.office_staff, name_en="Lyon 3 University")
    services.conference_update(conference, by=personas.teacher, name_en="Summer School on Optics")
    assert _ids(client.get(url, {"q": "lyon 3"})) == {conference.pk}
    assert _ids(client.get(url, {"q": "optics"})) == {conference.pk}
    assert _ids(client.get(url, {"q": "computational"})) == set()
