"""Search-as-you-type choosers: a form carries only what is chosen, the server answers what
the user types, and the form still accepts any row the user may choose."""

from __future__ import annotations

from django.urls import reverse

from waishi.partners.tests.factories import InstitutionFactory, country
from waishi.people.tests.factories import PersonFactory

PICK_PARTNERS = reverse("core:pick", args=["partners"])


def test_partners_are_found_by_any_name_ignoring_accents(client, personas):
    orleans = InstitutionFactory(name_en="Université d'Orléans", country=country("FR"))
    InstitutionFactory(name_en="Kyoto University", country=country("JP"))
    client.force_login(personas.teacher)
    found = client.get(PICK_PARTNERS, {"q": "orleans"}).json()["results"]
    assert [row["id"] for row in found] == [orleans.pk]
    assert found[0]["text"] == f"{orleans.name_zh} (法国)"  # the name and country shown


def test_at_most_twenty_matches(client, personas):
    for n in range(25):
        InstitutionFactory(name_en=f"University number {n:02d}")
    client.force_login(personas.office_staff)
    assert len(client.get(PICK_PARTNERS, {"q": "university"}).json()["results"]) == 20


def test_a_picker_answers_only_whom_the_forms_serve(client, personas):
    assert client.get(PICK_PARTNERS).status_code == 403
    client.force_login(personas.outsider)  # no role
    assert client.get(PICK_PARTNERS).status_code == 403
    client.force_login(personas.teacher)
    assert client.get(reverse("core:pick", args=["no-such-list"])).status_code == 404


def test_the_trip_form_carries_only_the_chosen_people_and_accepts_any(client, personas):
    people = [PersonFactory(name_zh=f"教师{n}", unit=personas.college) for n in range(30)]
    client.force_login(personas.teacher)
    html = client.get(reverse("travel:trip.create")).content.decode()
    assert 'data-search-url="/staff/pick/travellers/"' in html
    assert "教师7" not in html  # not listed: found by typing
    found = client.get(reverse("core:pick", args=["travellers"]), {"q": "教师7"}).json()
    assert [row["id"] for row in found["results"]] == [people[7].pk]


def test_a_chosen_partner_stays_on_the_form_after_an_error(client, personas):
    from waishi.agreements.forms import AgreementForm

    kyoto = InstitutionFactory(name_en="Kyoto University", country=country("JP"))
    InstitutionFactory(name_en="Lyon University", country=country("FR"))
    form = AgreementForm(
        data={"name_zh": "协议", "kind": "mou", "parties": [kyoto.pk], "signed_on": "bad"}
    )
    assert not form.is_valid()
    assert "parties" not in form.errors  # any partner is accepted, listed or not
    html = str(form["parties"])
    assert f'value="{kyoto.pk}" selected' in html
    assert "Lyon University" not in html
