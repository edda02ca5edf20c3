"""/: the overview page's texts (kept by the office, both languages) and live figures; the
staff page that edits the texts."""

import pytest
from django.urls import reverse

from waishi.partners.enums import PartnerStatus
from waishi.partners.tests.factories import InstitutionFactory, country
from waishi.public import services
from waishi.public.models import PageText

pytestmark = pytest.mark.django_db


def _get(client, language="en"):
    client.cookies["django_language"] = language
    return client.get(reverse("public:overview")).content.decode()


@pytest.fixture
def texts():
    services.page_texts_load_starting()
    return {t.key: t for t in PageText.objects.all()}


def test_overview_figures_are_counted_from_the_data(client, texts):
    InstitutionFactory(country=country("JP"))
    InstitutionFactory(country=country("JP"))
    InstitutionFactory(country=country("GH"))
    InstitutionFactory(country=country("CU"), status=PartnerStatus.ENDED)

    html = _get(client)

    assert 'href="/partners/" data-figure="partners"><span class="figure-value">3</span>' in html
    assert 'data-figure="countries"><span class="figure-value">2</span>' in html
    # The partners paragraph takes its figures from the data too.
    assert "Xiangtan University currently has 3 global partners." in html
    assert "higher education institutions in 2 countries" in html
    # The side panel: partners by continent, each linking to its part of the directory.
    assert '<a href="/partners/#continent-asia"><span class="bar-label">Asia</span>' in html
    assert '<span class="bar-count">2</span><span class="bar bar-10"' in html
    assert '<span class="bar-label">Africa</span><span class="bar-count">1</span>' in html
    assert "Americas" not in html.split('class="overview-aside"')[1]


def test_overview_counts_agreements_in_force(client, texts, settings):
    import datetime

    from waishi.agreements.tests.factories import AgreementFactory

    settings.WAISHI_FROZEN_TODAY = datetime.date(2026, 6, 1)
    assert 'data-figure="agreements"' not in _get(client)

    AgreementFactory.create_batch(2)
    AgreementFactory(expires_on=datetime.date(2025, 12, 31))  # expired

    html = _get(client)
    assert (
        '<div class="figure" data-figure="agreements"><span class="figure-value">2</span>' in html
    )


def test_overview_counts_running_programs_and_operating_confucius_institutes(client, texts):
    from waishi.confucius.enums import InstituteStatus
    from waishi.confucius.tests.factories import InstituteFactory
    from waishi.programs.enums import ProgramStatus
    from waishi.programs.tests.factories import ProgramFactory

    html = _get(client)
    # Nothing to count yet: those figures are left out rather than shown as 0.
    assert 'data-figure="programs"' not in html
    assert 'data-figure="confucius"' not in html

    ProgramFactory.create_batch(2)
    ProgramFactory(status=ProgramStatus.ENDED)
    InstituteFactory()
    InstituteFactory(status=InstituteStatus.CLOSED)

    html = _get(client)
    assert 'data-figure="programs"><span class="figure-value">2</span>' in html
    assert 'data-figure="confucius"><span class="figure-value">1</span>' in html
    assert 'href="/programs/" data-figure="programs"' in html
    assert 'href="/confucius-institutes/" data-figure="confucius"' in html


def test_overview_texts_in_both_languages(client, texts):
    english = _get(client, "en")
    chinese = _get(client, "zh-hans")

    assert "<h2>Areas of work</h2>" in english
    assert "<li>Exit administration; and,</li>" in english
    assert english.count("<li>") == 7
    assert "<h2>工作领域</h2>" in chinese
    assert "<li>因公出国（境）管理；</li>" in chinese
    assert "湘潭大学目前拥有0所国际合作伙伴" in chinese


def test_every_number_in_the_overview_prose_comes_from_the_records(client, texts):
    import re

    from waishi.confucius.tests.factories import InstituteFactory
    from waishi.programs.tests.factories import ProgramFactory

    ProgramFactory.create_batch(3)
    InstituteFactory()

    english = _get(client, "en")
    chinese = _get(client, "zh-hans")

    assert "It has 0 cooperation agreements in force" in english
    assert (
        "3 cooperative international educational programs are running, and 1 Confucius" in english
    )
    assert "签订了0项有效的合作协议" in chinese
    assert "中外合作办学项目3个，并在海外合作建设了1所孔子学院" in chinese
    for text in PageText.objects.all():
        for wording in (text.text_zh, text.text_en):
            typed = re.sub(r"\{[a-z_]+\}|20\+20|20 Plus 20", "", wording)
            assert re.findall(r"\d", typed) == [], (text.key, wording)
    assert "nearly 90" not in english and "近90" not in chinese


def test_overview_text_falls_back_to_the_other_language(client):
    PageText.objects.create(key="only-chinese", text_zh="只有中文的段落", text_en="")

    assert "只有中文的段落" in _get(client, "en")


def test_overview_cache_is_cleared_when_a_text_or_partner_changes(client, texts, personas):
    assert "Academic conferences" in _get(client)

    services.page_text_update(
        texts["conferences"], by=personas.office_staff, heading_en="Conferences we host"
    )
    html = _get(client)
    assert "Conferences we host" in html and "Academic conferences" not in html

    InstitutionFactory(country=country("JP"))
    assert 'data-figure="partners"><span class="figure-value">1</span>' in _get(client)


def test_overview_queries_do_not_grow_with_rows(client, texts):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _get(client)  # first use makes the office's default policies (one time only)
    counts = []
    for wanted in (1, 3):
        while InstitutionFactory._meta.model.objects.count() < wanted:
            InstitutionFactory(country=country("JP"))
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            html = _get(client)
        assert f'<span class="figure-value">{wanted}</span>' in html
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_starting_texts_are_loaded_once_and_edits_are_kept(personas):
    assert services.page_texts_load_starting() == (5, 0)
    intro = PageText.objects.get(key="introduction")
    services.page_text_update(intro, by=personas.office_staff, text_en="Our own words.")

    assert services.page_texts_load_starting() == (0, 5)
    intro.refresh_from_db()
    assert intro.text_en == "Our own words."
    assert [t.key for t in PageText.objects.all()] == [
        "introduction", "areas-of-work", "partners", "students-and-scholarships", "conferences"
    ]  # fmt: skip
    assert intro.history.first().history_user == personas.office_staff


def test_staff_edit_text_saves_and_keeps_history(client, texts, personas):
    client.force_login(personas.office_staff)
    text = texts["conferences"]
    url = reverse("public:pagetext.update", args=[text.pk])

    response = client.post(url, {
        "heading_zh": "学术会议", "heading_en": "Academic conferences",
        "text_zh": "每年举办学术会议。", "text_en": "We host conferences.",
        "position": 50,
    })  # fmt: skip

    assert response.status_code == 302
    assert response["Location"] == reverse("public:pagetext.list")
    text.refresh_from_db()
    assert (text.text_zh, text.text_en, text.as_list) == (
        "每年举办学术会议。",
        "We host conferences.",
        False,
    )
    assert text.history.count() == 2
    assert text.history.first().history_user == personas.office_staff
    assert "We host conferences." in _get(client)


def test_staff_edit_text_refuses_empty_and_unknown_placeholder_and_keeps_input(
    client, texts, personas
):
    client.cookies["django_language"] = "en"
    client.force_login(personas.admin)
    text = texts["conferences"]
    url = reverse("public:pagetext.update", args=[text.pk])

    response = client.post(
        url, {"heading_en": "Kept heading", "text_zh": " ", "text_en": "", "position": 50}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "text_zh": ["Write the text in at least one language."]
    }
    assert 'value="Kept heading"' in response.content.decode()

    response = client.post(url, {"text_en": "We have {agreemnts} agreements.", "position": 50})
    assert response.context["form"].errors == {
        "text_en": [
            "Unknown placeholder {agreemnts}; these are filled with live figures: "
            "{partners}, {countries}, {regions}, {agreements}, {programs}, {confucius}."
        ]
    }
    text.refresh_from_db()
    assert text.text_en.startswith("Being open and inclusive")


def test_staff_text_list_searches(client, texts, personas):
    client.force_login(personas.director)
    client.cookies["django_language"] = "en"

    html = client.get(reverse("public:pagetext.list"), {"q": "conferences"}).content.decode()

    assert "Academic conferences" in html
    assert "Areas of work" not in html


def test_staff_text_list_queries_do_not_grow(client, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(personas.office_staff)
    counts = []
    for rows in (1, 3):
        PageText.objects.all().delete()
        for n in range(rows):
            PageText.objects.create(key=f"text-{n}", text_en=f"Text {n}")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("public:pagetext.list"))
        assert response.content.decode().count('/edit/">') == rows
        counts.append(len(queries))
    assert counts[0] == counts[1]
