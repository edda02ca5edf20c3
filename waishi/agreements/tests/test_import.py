import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from waishi.agreements import excel
from waishi.agreements.enums import AgreementKind, AgreementStatus, Approval
from waishi.agreements.models import Agreement
from waishi.partners.tests.factories import InstitutionFactory

HEADERS = [column.header for column in excel.AGREEMENTS.imported]


def _row(**values):
    base = {
        "name_zh": "学生交流协议",
        "name_en": "Student exchange",
        "kind": "Student exchange",
        "partners": "Example University",
        "units": "MATH",
        "signed_on": datetime.date(2024, 5, 1),
        "expires_on": datetime.date(2029, 4, 30),
        "renews_automatically": "no",
        "places_outgoing": 5,
    }
    base.update(values)
    return [base.get(column.key) for column in excel.AGREEMENTS.imported]


def _workbook(*rows):
    book = Workbook()
    sheet = book.active
    sheet.title = excel.SHEET
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def partner(db):
    return InstitutionFactory(name_en="Example University", name_zh="示例大学")


def test_import_plan_and_apply(personas, partner, settings):
    settings.WAISHI_FROZEN_TODAY = datetime.date(2026, 1, 1)
    data = _workbook(
        _row(),
        _row(name_zh="科研合作协议", name_en="", kind="科研合作", partners="示例大学", units=""),
    )
    plan = excel.import_plan(io.BytesIO(data))
    assert plan.problems == []
    assert [r.row for r in plan.rows] == [2, 3]
    assert excel.import_apply(plan, by=personas.office_staff) == 2
    first, second = Agreement.objects.order_by("pk")
    assert (first.kind, first.approval, first.current_status, first.places_outgoing) == (
        "student_exchange",
        Approval.APPROVED,
        AgreementStatus.IN_FORCE,
        5,
    )
    assert list(first.units.all()) == [personas.college]
    assert list(second.parties.all()) == [partner]
    assert second.kind == "research"


def test_import_reports_every_bad_row_and_writes_nothing(personas, partner):
    data = _workbook(
        _row(),
        _row(name_zh="A", partners="Nowhere University"),
        _row(name_zh="B", signed_on="yesterday", kind="treaty"),
        _row(name_zh="C", units="NOPE", renews_automatically="maybe"),
        _row(name_zh="D", expires_on=datetime.date(2020, 1, 1)),
        _row(),
    )
    plan = excel.import_plan(io.BytesIO(data))
    columns = {column.key: column.header for column in excel.AGREEMENTS.columns}
    kinds = ", ".join(str(label) for label in AgreementKind.labels)
    assert [(p.row, p.column, p.message) for p in plan.problems] == [
        (3, columns["partners"], "“Nowhere University” is not in the partner registry"),
        (4, columns["kind"], f"Unknown value “treaty”; write one of: {kinds}."),
        (4, columns["signed_on"], "Write the date as YYYY-MM-DD."),
        (5, columns["units"], "No unit has the code “NOPE”."),
        (5, columns["renews_automatically"], "Write yes or no."),
        (
            6,
            columns["expires_on"],
            "The expiry date cannot be before the agreement takes effect.",
        ),
        (6, columns["expires_on"], "The expiry date cannot be before the signing date."),
        (7, columns["name_zh"], "the same agreement appears twice in the file"),
    ]
    with pytest.raises(ValidationError):
        excel.import_apply(plan, by=personas.office_staff)
    assert Agreement.objects.count() == 0


def test_import_refuses_what_is_already_recorded(personas, partner):
    data = _workbook(_row())
    excel.import_apply(excel.import_plan(io.BytesIO(data)), by=personas.office_staff)
    plan = excel.import_plan(io.BytesIO(data))
    assert [(p.row, p.message) for p in plan.problems] == [
        (2, "this agreement is already recorded")
    ]


def test_import_through_pages_preview_then_confirm(client, personas, partner):
    client.force_login(personas.office_staff)
    upload = SimpleUploadedFile("agreements.xlsx", _workbook(_row()))
    response = client.post(reverse("agreements:import.upload"), {"file": upload})
    preview = response["Location"]
    page = client.get(preview)
    assert [r.row for r in page.context["plan"].rows] == [2]
    assert Agreement.objects.count() == 0
    response = client.post(preview)
    assert response["Location"] == reverse("agreements:agreement.list")
    assert Agreement.objects.count() == 1
    # The token is spent; another user never sees it.
    assert client.get(preview).status_code == 404


def test_import_upload_refuses_non_excel(client, personas):
    client.force_login(personas.office_staff)
    response = client.post(
        reverse("agreements:import.upload"),
        {"file": SimpleUploadedFile("list.xlsx", b"not a zip")},
    )
    assert response.context["form"].errors == {
        "file": [
            "“list.xlsx” is not a real Excel (.xlsx) file by its content; it may be damaged "
            "or renamed."
        ]
    }


def test_export_then_template_read_back(client, personas, partner):
    client.force_login(personas.office_staff)
    response = client.get(reverse("agreements:import.template"))
    plan = excel.import_plan(io.BytesIO(b"".join(response.streaming_content)))
    assert [(p.row, p.message) for p in plan.problems] == []
    assert plan.rows[0].parties == [partner]
