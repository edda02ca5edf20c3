"""The people pages: the register, a person's page, the forms, scans and the export."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from waishi.core.tests.files import EXE
from waishi.people.enums import DocumentKind
from waishi.people.models import IdentityDocument, Person
from waishi.people.tests.conftest import TODAY
from waishi.people.tests.factories import PDF_BYTES, DocumentFactory, PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def names(queryset):
    return {p.family_name for p in queryset}


def test_person_detail_of_other_unit_is_404(client, personas, people):
    client.force_login(personas.liaison)
    response = client.get(reverse("people:person.detail", args=[people["chemist"].pk]))
    assert response.status_code == 404
    assert people["chemist"].family_name not in response.content.decode()


def test_list_masks_numbers_except_for_office(client, personas, people):
    DocumentFactory(person=people["teacher"], number="E12345678")
    client.force_login(personas.liaison)
    page = client.get(reverse("people:person.detail", args=[people["teacher"].pk])).content
    assert b"E1234****" in page and b"E12345678" not in page
    client.force_login(personas.office_staff)
    page = client.get(reverse("people:person.detail", args=[people["teacher"].pk])).content
    assert b"E12345678" in page


def test_list_filter_expiring_documents(client, personas, people):
    DocumentFactory(person=people["colleague"], expires_on=TODAY + datetime.timedelta(days=30))
    DocumentFactory(person=people["teacher"], expires_on=TODAY + datetime.timedelta(days=900))
    client.force_login(personas.office_staff)
    response = client.get(reverse("people:person.list"), {"documents": "expiring"})
    assert names(response.context["object_list"]) == {"Zhou"}
    response = client.get(reverse("people:person.list"), {"q": "smi"})
    assert names(response.context["object_list"]) == {"Smith"}
    response = client.get(reverse("people:person.list"), {"unit": personas.other_college.pk})
    assert names(response.context["object_list"]) == {"Wang"}


@pytest.mark.parametrize("rows", [1, 3])
def test_person_list_query_count_is_flat(client, personas, rows, django_assert_num_queries):
    for _ in range(rows):
        DocumentFactory(person=PersonFactory(unit=personas.college))
    client.force_login(personas.office_staff)
    client.get(reverse("people:person.list"))  # warm the session and caches
    with django_assert_num_queries(QUERIES_LIST):
        response = client.get(reverse("people:person.list"))
    assert len(response.context["object_list"]) == rows


QUERIES_LIST = 10


@pytest.mark.parametrize("rows", [1, 3])
def test_person_page_reads_its_documents_in_fixed_queries(
    client, personas, rows, django_assert_num_queries
):
    from waishi.partners.tests.factories import country

    person = PersonFactory(unit=personas.college)
    codes = ["FR", "JP", "DE"][:rows]
    for code in codes:
        document = DocumentFactory(
            person=person, kind=DocumentKind.ORDINARY_PASSPORT, issuing_country=country(code)
        )
        document.notes = "renewed"
        document.save()
    url = reverse("people:person.detail", args=[person.pk])
    client.force_login(personas.office_staff)
    client.get(url)  # warm the session and caches
    # Each document's issuing country and history come with the others', not a query each.
    with django_assert_num_queries(QUERIES_DETAIL):
        response = client.get(url)
    page = response.content.decode()
    assert all(country(code).name in page for code in codes)
    history = response.context["history"]
    assert sum(1 for e in history if e.changes and e.changes[0].new == "renewed") == rows


QUERIES_DETAIL = 9


@pytest.mark.parametrize("rows", [1, 30])
def test_person_search_sorts_its_matches_and_its_queries_do_not_grow(
    client, personas, rows, django_assert_num_queries
):
    for n in range(rows):
        PersonFactory(family_name="Wang", given_name=f"Given{n:02d}", unit=personas.college)
    PersonFactory(family_name="Abe", given_name="Someone", unit=personas.college)
    client.force_login(personas.office_staff)
    client.get(reverse("people:person.list"))  # warm the session and caches
    with django_assert_num_queries(QUERIES_LIST):
        response = client.get(reverse("people:person.list"), {"q": "wang"})
    shown = [p.given_name for p in response.context["object_list"]]
    assert shown == [f"Given{n:02d}" for n in range(min(rows, 25))]
    assert response.context["paginator"].count == rows


def test_create_person_by_liaison_limited_to_own_unit(client, personas):
    client.force_login(personas.liaison)
    response = client.post(
        reverse("people:person.create"),
        {"name_zh": "赵六", "unit": personas.other_college.pk},
    )
    form = response.context["form"]
    assert list(form.fields["unit"].queryset) == [personas.college]
    assert list(form.errors) == ["unit"]
    assert 'value="赵六"' in response.content.decode()
    assert Person.objects.count() == 0
    response = client.post(
        reverse("people:person.create"),
        {"name_zh": "赵六", "unit": personas.college.pk, "passport_name": "zhao liu"},
    )
    assert response.status_code == 302
    assert list(Person.objects.values_list("name_zh", "passport_name")) == [("赵六", "ZHAO LIU")]


def test_create_person_without_any_name_refused(client, personas):
    client.force_login(personas.office_staff)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("people:person.create"), {"email": "x@example.edu"})
    assert response.context["form"].non_field_errors() == [
        "Give at least one name: Chinese, family or given."
    ]
    html = response.content.decode()
    assert "Give at least one name: Chinese, family or given." in html
    assert 'value="x@example.edu"' in html
    assert Person.objects.count() == 0


def _document_post(**extra):
    data = {
        "kind": DocumentKind.OFFICIAL_PASSPORT,
        "number": "se 123 4567",
        "issued_on": "2022-01-01",
        "expires_on": "2032-01-01",
    }
    data.update(extra)
    return data


def test_add_document_with_scan(client, personas, people):
    client.force_login(personas.office_staff)
    scan = SimpleUploadedFile("passport.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(
        reverse("people:document.create", args=[people["teacher"].pk]),
        _document_post(scan=scan),
    )
    assert response.status_code == 302
    document = IdentityDocument.objects.get()
    assert document.number == "SE1234567"
    assert document.scan.name.startswith("people/documents/")
    assert "passport" not in document.scan.name
    # The person sees their own scan; their unit's liaison does not.
    client.force_login(personas.teacher)
    response = client.get(reverse("people:document.scan", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert (response["Content-Type"], response["Content-Disposition"]) == (
        "application/pdf",
        f'inline; filename="document-{document.pk}.pdf"',
    )
    client.force_login(personas.liaison)
    assert client.get(reverse("people:document.scan", args=[document.pk])).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "scan.exe",
            b"MZ\x90\x00",
            "“scan.exe” cannot be uploaded here: only PDF / JPEG / PNG files are accepted.",
        ),
        (
            "scan.pdf",
            b"<html>not a pdf",
            "“scan.pdf” is not a real PDF file by its content; it may be damaged or renamed.",
        ),
        (
            "scan.png",
            PDF_BYTES,
            "“scan.png” is not a real PNG file by its content; it may be damaged or renamed.",
        ),
    ],
)
def test_add_document_refuses_bad_scan(client, personas, people, name, content, message):
    client.force_login(personas.office_staff)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("people:document.create", args=[people["teacher"].pk]),
        _document_post(scan=SimpleUploadedFile(name, content)),
    )
    assert response.context["form"].errors == {"scan": [message]}
    assert message in response.content.decode()
    assert IdentityDocument.objects.count() == 0


def test_add_document_refuses_a_program_renamed_pdf_in_the_users_language(client, personas, people):
    client.force_login(personas.office_staff)
    url = reverse("people:document.create", args=[people["teacher"].pk])
    post = _document_post(scan=SimpleUploadedFile("passport.pdf", EXE, "application/pdf"))
    response = client.post(url, post, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.context["form"].errors["scan"] == [
        "“passport.pdf”是可执行程序，不是文档；不能上传程序。"
    ]
    post["scan"] = SimpleUploadedFile("passport.pdf", EXE, "application/pdf")
    response = client.post(url, post, HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["form"].errors["scan"] == [
        "“passport.pdf” is a program, not a document; programs cannot be uploaded."
    ]
    assert IdentityDocument.objects.count() == 0


def test_add_document_refuses_large_scan(client, personas, people, settings):
    settings.UPLOAD_MAX_MB = 1
    client.force_login(personas.office_staff)
    big = SimpleUploadedFile("scan.pdf", PDF_BYTES + b"0" * (1024 * 1024))
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("people:document.create", args=[people["teacher"].pk]), _document_post(scan=big)
    )
    assert response.context["form"].errors == {"scan": ["The file is larger than 1 MB."]}
    assert "The file is larger than 1 MB." in response.content.decode()
    assert IdentityDocument.objects.count() == 0


def test_add_document_refuses_expiry_before_issue_and_duplicate(client, personas, people):
    DocumentFactory(kind=DocumentKind.OFFICIAL_PASSPORT, number="SE1234567")
    client.force_login(personas.office_staff)
    response = client.post(
        reverse("people:document.create", args=[people["teacher"].pk]),
        _document_post(expires_on="2021-01-01"),
    )
    assert set(response.context["form"].errors) == {"number", "expires_on"}
    assert IdentityDocument.objects.count() == 1


def test_office_links_user_account_others_cannot(client, personas):
    client.force_login(personas.office_staff)
    response = client.post(
        reverse("people:person.create"), {"name_zh": "李老师", "user": personas.teacher.pk}
    )
    assert response.status_code == 302
    assert Person.objects.get().user == personas.teacher
    client.force_login(personas.liaison)
    form = client.get(reverse("people:person.create")).context["form"]
    assert "user" not in form.fields


def test_person_history_includes_documents_masked(client, personas, people):
    document = DocumentFactory(person=people["teacher"], number="E12345678")
    document.number = "E87654321"
    document.save()
    client.force_login(personas.office_staff)
    response = client.get(reverse("people:person.detail", args=[people["teacher"].pk]))
    history = response.context["history"]
    assert len(history) == 3
    changes = [(c.old, c.new) for e in history for c in e.changes]
    assert changes == [("****", "****")]


def _sheet_rows(response):
    import io

    from openpyxl import load_workbook

    content = b"".join(response.streaming_content)
    return [list(r) for r in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]


def test_export_masks_numbers_except_for_office_and_keeps_scope(client, personas, people):
    DocumentFactory(person=people["teacher"], number="E12345678")
    DocumentFactory(person=people["chemist"], number="G00001111")
    client.force_login(personas.liaison)
    rows = _sheet_rows(client.get(reverse("people:person.export")))
    assert sorted((r[1], r[8]) for r in rows[1:]) == [("Li", "E1234****"), ("Zhou", None)]
    client.force_login(personas.office_staff)
    rows = _sheet_rows(client.get(reverse("people:person.export"), {"q": "wang"}))
    assert [(r[1], r[8]) for r in rows[1:]] == [("Wang", "G00001111")]


def test_export_writes_a_name_that_looks_like_a_formula_as_text(client, personas):
    from waishi.core.testing import FORMULAS, assert_written_as_text

    hostile = PersonFactory(unit=personas.college, given_name=FORMULAS[0], family_name=FORMULAS[1])
    DocumentFactory(person=hostile, number="E12345678")
    client.force_login(personas.office_staff)
    response = client.get(reverse("people:person.export"))
    assert_written_as_text(response, FORMULAS[0], FORMULAS[1])
