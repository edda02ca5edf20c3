import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from waishi.core.tests import files
from waishi.visits import itinerary, services
from waishi.visits.enums import CostItem
from waishi.visits.models import Summary, SummaryPhoto
from waishi.visits.tests.factories import approved_visit

pytestmark = pytest.mark.django_db


def _after(visit, settings, days: int = 1) -> None:
    settings.WAISHI_FROZEN_TODAY = visit.departure + datetime.timedelta(days=days)


def test_summary_is_filed_after_arrival_with_photos(personas, settings):
    visit = approved_visit(personas)
    with pytest.raises(ValidationError) as refused:
        services.summary_file(visit, by=personas.teacher, text="Talks went well")
    assert "once the guests have arrived" in str(refused.value)
    _after(visit, settings)
    with pytest.raises(ValidationError):
        services.photo_add(
            visit, by=personas.teacher, image=SimpleUploadedFile("a.jpg", files.JPEG)
        )
    summary = services.summary_file(visit, by=personas.teacher, text="Talks went well")
    services.photo_add(
        visit,
        by=personas.teacher,
        image=SimpleUploadedFile("a.jpg", files.JPEG),
        caption="Signing",
    )
    with pytest.raises(ValidationError):
        services.photo_add(
            visit, by=personas.teacher, image=SimpleUploadedFile("evil.jpg", files.HTML)
        )
    assert summary.photos.count() == 1
    assert summary.history.latest().history_user == personas.teacher


def test_a_visit_closes_only_with_its_summary(personas, settings):
    visit = approved_visit(personas)
    _after(visit, settings)
    assert "File the visit's summary first." in services.close_problems(visit)
    services.summary_file(visit, by=personas.liaison, text="Done")
    assert services.close_problems(visit) == []


def test_summary_page_files_it_and_adds_a_photo(client, personas, settings, english_pages):
    visit = approved_visit(personas)
    _after(visit, settings)
    client.force_login(personas.liaison)
    url = reverse("visits:summary", args=[visit.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": ""})
    assert "This field is required." in response.content.decode()
    assert client.post(url, {"text": "A joint programme agreed"}).status_code == 302
    response = client.post(
        reverse("visits:photo.create", args=[visit.pk]),
        {"image": SimpleUploadedFile("p.png", files.PNG), "caption": "Signing"},
    )
    assert response.status_code == 302
    photo = SummaryPhoto.objects.get()
    shown = client.get(reverse("visits:photo.file", args=[visit.pk, photo.pk]))
    assert shown.status_code == 200
    assert Summary.objects.get().text == "A joint programme agreed"


def test_report_form_pdf_has_guests_items_standards_and_signatures(personas, monkeypatch):
    visit = approved_visit(personas, budget=[{"item": CostItem.MEALS, "amount": Decimal("900")}])
    services.cost_add(visit, by=personas.teacher, item=CostItem.MEALS, amount=Decimal("1200"))
    assert itinerary.report_pdf(visit).startswith(b"%PDF")
    pages: list[str] = []

    def keep(html: str) -> bytes:
        pages.append(html)
        return b""

    monkeypatch.setattr(itinerary, "pdf_from_html", keep)
    itinerary.report_pdf(visit)
    html = pages[0]
    assert "外宾接待经费呈报表" in html and "Martin1" in html
    assert "Meals" not in html
    assert "1200.00" in html and "900.00" in html and "（超标准）" in html
    assert "经办人" in html and "财务处审核" in html
