import pytest
from django.urls import reverse

from waishi.partners import services
from waishi.partners.enums import PartnerStatus
from waishi.partners.models import Contact, Institution
from waishi.partners.tests.factories import ContactFactory, InstitutionFactory, country

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_and_only_our_sections(client, monkeypatch):
    # Pages in English for exact messages; later apps' sections and merge hooks are tested
    # by those apps (they must not make this app's query counts move).
    client.cookies["django_language"] = "en"
    monkeypatch.setattr("waishi.partners.hooks._sections", [])
    monkeypatch.setattr("waishi.partners.hooks._mergers", [])


LIST = "/staff/partners/"


def _names(response):
    return [i.name_en for i in response.context["object_list"]]


def test_list_search_finds_accent_blind(client, personas):
    InstitutionFactory(name_en="University of Orléans")
    InstitutionFactory(name_en="Sorbonne University")
    client.force_login(personas.teacher)
    response = client.get(LIST, {"q": "orleans"})
    assert _names(response) == ["University of Orléans"]


def test_list_filters_by_continent_country_kind_status_responsible(client, personas):
    paris = InstitutionFactory(name_en="Paris U", responsible=personas.office_staff)
    InstitutionFactory(name_en="Tokyo U", country=country("JP"), status=PartnerStatus.DORMANT)
    InstitutionFactory(name_en="Paris Lab", kind="research_institute")
    client.force_login(personas.auditor)
    assert _names(client.get(LIST, {"continent": "asia"})) == ["Tokyo U"]
    assert _names(client.get(LIST, {"country": "FR"})) == ["Paris Lab", "Paris U"]
    assert _names(client.get(LIST, {"kind": "research_institute"})) == ["Paris Lab"]
    assert _names(client.get(LIST, {"status": "dormant"})) == ["Tokyo U"]
    assert _names(client.get(LIST, {"responsible": personas.office_staff.pk})) == [paris.name_en]


def test_list_sort_by_country(client, personas):
    InstitutionFactory(name_en="A Tokyo", country=country("JP"))
    InstitutionFactory(name_en="B Paris", country=country("FR"))
    client.force_login(personas.teacher)
    assert _names(client.get(LIST, {"sort": "country"})) == ["B Paris", "A Tokyo"]


def test_list_htmx_answers_with_the_partial(client, personas):
    InstitutionFactory(name_en="University of Orléans")
    client.force_login(personas.teacher)
    response = client.get(LIST, {"q": "orl"}, HTTP_HX_REQUEST="true")
    assert "partners/institution/_results.html" in [t.name for t in response.templates]
    assert "<html" not in response.content.decode()


def test_list_empty_state(client, personas):
    client.force_login(personas.teacher)
    assert "No partners yet" in client.get(LIST).content.decode()


def test_list_hides_edit_buttons_from_auditor(client, personas):
    institution = InstitutionFactory()
    client.force_login(personas.auditor)
    html = client.get(institution.get_absolute_url()).content.decode()
    assert reverse("partners:institution.update", args=[institution.pk]) not in html
    assert reverse("partners:contact.create", args=[institution.pk]) not in html
    client.force_login(personas.office_staff)
    html = client.get(institution.get_absolute_url()).content.decode()
    assert reverse("partners:institution.update", args=[institution.pk]) in html


@pytest.mark.parametrize("rows", [1, 3, 8])
def test_list_query_count_is_fixed(client, personas, django_assert_num_queries, rows):
    for _ in range(rows):
        InstitutionFactory(responsible=personas.office_staff)
    client.force_login(personas.teacher)
    client.get(LIST)  # warm the session and caches
    with django_assert_num_queries(QUERIES["list"]):
        response = client.get(LIST)
    assert len(response.context["object_list"]) == rows


@pytest.mark.parametrize("rows", [1, 3, 8])
def test_detail_query_count_is_fixed(client, personas, django_assert_num_queries, rows):
    institution = InstitutionFactory(responsible=personas.office_staff)
    for n in range(rows):
        ContactFactory(institution=institution)
        services.other_name_add(institution, name=f"Name {n}")
    client.force_login(personas.office_staff)
    client.get(institution.get_absolute_url())
    with django_assert_num_queries(QUERIES["detail"]):
        response = client.get(institution.get_absolute_url())
    assert len(response.context["contacts"]) == rows


QUERIES = {"list": 10, "detail": 8}


def test_create_refuses_duplicate_with_link_to_first(client, personas):
    first = InstitutionFactory(name_en="University of Orléans")
    client.force_login(personas.office_staff)
    response = client.post(
        reverse("partners:institution.create"),
        {
            "name_en": "UNIVERSITY OF ORLEANS",
            "country": first.country.pk,
            "kind": "university",
            "status": "active",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{first.get_absolute_url()}"' in html
    assert "An institution with this name already exists in this country." in html
    assert Institution.objects.count() == 1


def test_create_then_detail(client, personas):
    client.force_login(personas.director)
    response = client.post(
        reverse("partners:institution.create"),
        {
            "name_en": "Kyoto University",
            "name_zh": "京都大学",
            "country": country("JP").pk,
            "kind": "university",
            "status": "prospective",
            "website": "www.kyoto-u.ac.jp",
        },
    )
    institution = Institution.objects.get()
    assert response.status_code == 302
    assert response["Location"] == institution.get_absolute_url()
    assert (institution.status, institution.website) == ("prospective", "https://www.kyoto-u.ac.jp")
    assert institution.history.get().history_user == personas.director


def test_teacher_may_read_but_not_edit(client, personas):
    institution = InstitutionFactory(name_en="University of Orléans", city="Orléans")
    ContactFactory(institution=institution, name="Claude Martin")
    edit = reverse("partners:institution.update", args=[institution.pk])
    client.force_login(personas.teacher)
    html = client.get(institution.get_absolute_url()).content.decode()
    assert "University of Orléans" in html
    assert "Claude Martin" in html
    assert f'href="{edit}"' not in html
    assert "Add a contact" not in html
    response = client.post(
        reverse("partners:institution.update", args=[institution.pk]), {"name_en": "Hacked"}
    )
    assert response.status_code == 403
    institution.refresh_from_db()
    assert institution.name_en == "University of Orléans"
    client.force_login(personas.office_staff)
    assert f'href="{edit}"' in client.get(institution.get_absolute_url()).content.decode()


def test_auditor_cannot_end_a_partnership(client, personas):
    institution = InstitutionFactory()
    client.force_login(personas.auditor)
    response = client.post(
        reverse("partners:institution.end", args=[institution.pk]),
        {"ended_on": "2026-01-01", "reason": "x"},
    )
    assert response.status_code == 403
    institution.refresh_from_db()
    assert institution.status == PartnerStatus.ACTIVE


def test_outsider_and_anonymous_refused(client, personas):
    institution = InstitutionFactory(name_en="University of Orléans")
    url = institution.get_absolute_url()
    response = client.get(url)
    assert response["Location"] == f"{reverse('core:login')}?next={url}"
    client.force_login(personas.outsider)
    for page in (url, LIST):
        response = client.get(page)
        assert response.status_code == 403
        assert "University of Orléans" not in response.content.decode()


def test_end_partnership_page(client, personas):
    institution = InstitutionFactory()
    client.force_login(personas.office_staff)
    response = client.post(
        reverse("partners:institution.end", args=[institution.pk]),
        {"ended_on": "2026-06-30", "reason": "The agreement was not renewed."},
    )
    assert response.status_code == 302
    institution.refresh_from_db()
    assert institution.status == PartnerStatus.ENDED
    html = client.get(institution.get_absolute_url()).content.decode()
    assert "Partnership ended on 2026-06-30: The agreement was not renewed." in html


def test_merge_preview_then_confirm(client, personas):
    survivor = InstitutionFactory(name_en="University of Orléans")
    duplicate = InstitutionFactory(name_en="Univ Orleans")
    ContactFactory(institution=duplicate, name="Claude")
    url = reverse("partners:institution.merge", args=[survivor.pk])
    client.force_login(personas.office_staff)
    InstitutionFactory(name_en="Kyoto University", country=country("JP"))
    # By default the other partners of the same country are offered; a search finds others.
    assert [i.name_en for i in client.get(url).context["candidates"]] == ["Univ Orleans"]
    assert [i.name_en for i in client.get(url, {"q": "kyoto"}).context["candidates"]] == [
        "Kyoto University"
    ]
    preview = client.get(url, {"duplicate": duplicate.pk})
    assert [c.name for c in preview.context["plan"].contacts] == ["Claude"]
    assert Institution.objects.filter(pk=duplicate.pk).exists()
    response = client.post(url, {"duplicate": duplicate.pk, "confirm": "1"})
    assert response.status_code == 302
    assert not Institution.objects.filter(pk=duplicate.pk).exists()
    assert Contact.objects.get(name="Claude").institution == survivor


def test_contact_add_edit_remove(client, personas):
    institution = InstitutionFactory()
    client.force_login(personas.office_staff)
    response = client.post(
        reverse("partners:contact.create", args=[institution.pk]),
        {"name": "Marie Curie", "position": "Dean", "email": "marie@example.org"},
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.name, contact.is_primary) == ("Marie Curie", True)
    response = client.post(
        reverse("partners:contact.update", args=[institution.pk, contact.pk]),
        {"name": "Marie Curie", "email": "not-an-email"},
    )
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    client.post(reverse("partners:contact.remove", args=[institution.pk, contact.pk]))
    assert Contact.objects.count() == 0


def test_contact_of_another_institution_is_404(client, personas):
    contact = ContactFactory()
    other = InstitutionFactory()
    client.force_login(personas.office_staff)
    url = reverse("partners:contact.update", args=[other.pk, contact.pk])
    response = client.get(url)
    assert response.status_code == 404
    assert contact.name not in response.content.decode()


def test_other_name_add_makes_it_searchable(client, personas):
    institution = InstitutionFactory(name_en="Saint Petersburg State University")
    client.force_login(personas.office_staff)
    response = client.post(
        reverse("partners:other_name.create", args=[institution.pk]),
        {"name": "SPbU", "kind": "abbreviation"},
    )
    assert response.status_code == 302
    assert _names(client.get(LIST, {"q": "spbu"})) == ["Saint Petersburg State University"]


def test_list_sorts_by_the_name_shown_in_the_active_language(client, personas):
    InstitutionFactory(name_en="A University", name_zh="北方大学")
    InstitutionFactory(name_en="B University", name_zh="上海大学")
    client.force_login(personas.teacher)
    assert _names(client.get(LIST)) == ["A University", "B University"]
    client.cookies["django_language"] = "zh-hans"
    assert _names(client.get(LIST)) == ["B University", "A University"]


def test_detail_shows_sections_of_later_apps(client, personas, monkeypatch):
    from waishi.partners import hooks

    institution = InstitutionFactory()
    seen = []

    def section(partner, user):
        seen.append((partner.pk, user.pk))
        return hooks.PartnerSection(
            title="Visits", template="partners/institution/_status.html", context={}, order=5
        )

    monkeypatch.setattr("waishi.partners.hooks._sections", [section])
    client.force_login(personas.auditor)
    response = client.get(institution.get_absolute_url())
    assert seen == [(institution.pk, personas.auditor.pk)]
    assert [s.title for s in response.context["sections"]] == ["Visits"]
    assert 'aria-label="Visits"' in response.content.decode()
