import pytest

from waishi.partners.models import Institution
from waishi.partners.tests.factories import InstitutionFactory
from waishi.visits import hooks
from waishi.visits.models import Visit
from waishi.visits.tests.factories import draft_visit

pytestmark = pytest.mark.django_db


def test_partner_page_shows_its_visits_to_those_who_see_them(client, personas, monkeypatch):
    monkeypatch.setattr("waishi.partners.hooks._sections", [hooks.partner_section])
    partner = InstitutionFactory()
    visit = draft_visit(personas.teacher, partner=partner, title="Lyon delegation")
    draft_visit(personas.teacher, partner=InstitutionFactory(), title="Another partner")
    client.cookies["django_language"] = "en"
    client.force_login(personas.auditor)
    html = client.get(partner.get_absolute_url()).content.decode()
    assert f'<a href="{visit.get_absolute_url()}">Lyon delegation</a>' in html
    assert "Another partner" not in html
    # Another unit sees nothing of the college's visits.
    assert hooks.partner_section(partner, personas.other_teacher) is None
    assert hooks.partner_section(partner, personas.outsider) is None
    section = hooks.partner_section(partner, personas.liaison)
    assert section is not None and section.context["visits"] == [visit]


def test_partner_merge_moves_the_visits(personas):
    source, target = InstitutionFactory(), InstitutionFactory()
    visit = draft_visit(personas.teacher, partner=source)
    assert hooks.partner_merge(source, target) == 1
    assert Visit.objects.get(pk=visit.pk).partner_id == target.pk
    assert Institution.objects.filter(pk=source.pk).exists()
