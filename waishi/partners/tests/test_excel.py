import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from waishi.core.excel import XLSX
from waishi.partners import excel, services
from waishi.partners.models import Contact, Institution
from waishi.partners.tests.factories import InstitutionFactory, country

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.cookies["django_language"] = "en"


def _workbook(institution_rows, contact_rows=()):
    book = Workbook()
    sheet = book.active
    sheet.title = excel.INSTITUTION_SHEET
    sheet.append([c.header for c in excel.INSTITUTIONS.columns])
    for row in institution_rows:
        sheet.append(row)
    contacts = book.create_sheet(excel.CONTACT_SHEET)
    contacts.append([c.header for c in excel.CONTACTS.columns])
    for row in contact_rows:
        contacts.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def _upload(client, buffer, name="partners.xlsx"):
    return client.post(
        reverse("partners:import.upload"),
        {"file": SimpleUploadedFile(name, buffer.getvalue())},
    )


@pytest.fixture
def registry(personas):
    orleans = services.institution_create(
        name_en="University of Orléans",
        name_zh="奥尔良大学",
        country=country("FR"),
        city="Orléans",
        website="https://www.univ-orleans.fr/",
        partner_since=datetime.date(2010, 5, 1),
        responsible=personas.office_staff,
        notes="Line one\nLine two",
    )
    services.other_name_add(orleans, name="Université d'Orléans")
    services.contact_add(orleans, name="Anne Martin", email="anne@univ-orleans.fr", phone="+33 2")
    services.contact_add(orleans, name="Bruno", position="Dean")
    services.institution_create(name_en="Kyoto University", country=country("JP"), status="dormant")
    return orleans


def test_export_has_filtered_rows_and_contacts(client, personas, registry):
    client.force_login(personas.teacher)
    response = client.get(reverse("partners:institution.export"), {"country": "FR"})
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith('attachment; filename="partners-')
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book[excel.INSTITUTION_SHEET].iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][:6] == (
        registry.pk,
        "University of Orléans",
        "奥尔良大学",
        "Université d'Orléans",
        "FR",
        "France",
    )
    contacts = list(book[excel.CONTACT_SHEET].iter_rows(values_only=True))
    assert [r[3] for r in contacts[1:]] == ["Anne Martin", "Bruno"]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_round_trip_export_then_import_changes_nothing(client, personas, registry, language):
    client.cookies["django_language"] = language
    client.force_login(personas.office_staff)
    response = client.get(reverse("partners:institution.export"))
    exported = io.BytesIO(b"".join(response.streaming_content))
    plan = excel.import_plan(exported, personas.office_staff)
    assert plan.problems == []
    assert (len(plan.created), len(plan.changed), plan.unchanged_count) == (0, 0, 2)
    assert (plan.contacts_created, plan.contacts_changed) == ([], [])
    assert plan.has_changes is False


def test_import_bad_rows_stop_everything_and_list_row_and_column(client, personas, registry):
    buffer = _workbook(
        [
            [None, "New University", "", "", "FR", "", "", "", "", "", None, "", ""],
            [None, "", "无名", "", "FR", "", "", "", "", "", None, "", ""],
            [None, "Atlantis U", "", "", "XX", "", "", "", "", "", None, "", ""],
            [None, "university of orleans", "", "", "FR", "", "", "", "", "", None, "", ""],
            [None, "Twice U", "", "", "", "Germany", "", "", "", "", None, "", ""],
            [None, "twice u", "", "", "DE", "", "", "", "", "", None, "", ""],
            [None, "Odd U", "", "", "DE", "", "", "", "castle", "", "1 Jan 2020", "nobody", ""],
        ]
    )
    client.force_login(personas.office_staff)
    response = _upload(client, buffer)
    assert response.status_code == 302
    preview = client.get(response["Location"])
    problems = [(p.row, p.column, p.message) for p in preview.context["plan"].problems]
    assert problems == [
        (3, "English name 英文名称", "This column is required."),
        (4, "Country code 国家代码", "Unknown country code “XX”."),
        (
            5,
            "English name 英文名称",
            f"“University of Orléans” in France is already in the registry with ID {registry.pk}; "
            "put the ID in the first column to update it.",
        ),
        (7, "English name 英文名称", "The same name and country are already on row 6."),
        (
            8,
            "Kind 类型",
            "Unknown value “castle”; write one of: University, College, Research institute, "
            "Government body, Company, Other.",
        ),
        (8, "Partner since 合作起始", "Write the date as YYYY-MM-DD."),
        (
            8,
            "Responsible (user name) 负责人(用户名)",
            "“nobody” is not a user name of the international office.",
        ),
    ]
    html = preview.content.decode()
    assert "Import now" not in html
    # The same problems as a workbook (the error report), to fix the file beside it.
    report = client.get(response["Location"], {"problems": "xlsx"})
    assert report["Content-Disposition"] == 'attachment; filename="partners-problems.xlsx"'
    rows = list(
        load_workbook(io.BytesIO(b"".join(report.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert [row[1:3] for row in rows] == [("Row 行", "Column 列")] + [p[:2] for p in problems]
    # A POST to confirm writes nothing either.
    client.post(response["Location"])
    assert set(Institution.objects.values_list("name_en", flat=True)) == {
        "University of Orléans",
        "Kyoto University",
    }


def test_import_preview_then_confirm_creates_and_changes(client, personas, registry):
    buffer = _workbook(
        [
            [
                registry.pk,
                "University of Orléans",
                "奥尔良大学",
                "UO",
                "FR",
                "France",
                "Orléans",
                "https://www.univ-orleans.fr/",
                "University",
                "Active",
                datetime.date(2010, 5, 1),
                "officer",
                "Now longer notes",
            ],
            [
                None,
                "Kyoto Sangyo University",
                "京都产业大学",
                "",
                "",
                "Japan",
                "Kyoto",
                "",
                "大学",
                "洽谈中",
                "2024-09-01",
                "",
                "",
            ],
        ],
        [
            [
                None,
                "Kyoto Sangyo University",
                "JP",
                "Ken Sato",
                "Director",
                "ken@example.jp",
                "",
                "yes",
                "",
            ],
            [
                registry.pk,
                "",
                "",
                "Anne Martin",
                "Professor",
                "anne@univ-orleans.fr",
                "+33 2",
                "",
                "",
            ],
        ],
    )
    client.force_login(personas.office_staff)
    location = _upload(client, buffer)["Location"]
    preview = client.get(location)
    plan = preview.context["plan"]
    assert plan.problems == []
    assert [r.values["name_en"] for r in plan.created] == ["Kyoto Sangyo University"]
    assert [(c.field, c.old, c.new) for c in plan.changed[0].changes] == [
        ("notes", "Line one\nLine two", "Now longer notes")
    ]
    assert plan.changed[0].new_names == ["UO"]
    assert [c.values["name"] for c in plan.contacts_created] == ["Ken Sato"]
    assert [(c.field, c.old, c.new) for c in plan.contacts_changed[0].changes] == [
        ("position", "—", "Professor"),
        ("primary contact", "True", "False"),
    ]
    assert Institution.objects.count() == 2  # nothing written by the preview
    response = client.post(location)
    assert response.status_code == 302
    kyoto = Institution.objects.get(name_en="Kyoto Sangyo University")
    assert (kyoto.status, kyoto.kind, kyoto.partner_since) == (
        "prospective",
        "university",
        datetime.date(2024, 9, 1),
    )
    assert kyoto.contacts.get().is_primary is True
    registry.refresh_from_db()
    assert registry.notes == "Now longer notes"
    assert Contact.objects.get(name="Anne Martin").position == "Professor"
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Imported: 2 partners and 2 contacts written." in page
    # The stored file is gone after confirming.
    assert client.get(location).status_code == 404


def test_import_token_of_another_user_is_404(client, personas, registry):
    client.force_login(personas.office_staff)
    location = _upload(client, _workbook([]))["Location"]
    client.force_login(personas.director)
    assert client.get(location).status_code == 404


def test_import_refuses_a_file_that_is_not_xlsx(client, personas):
    client.force_login(personas.office_staff)
    response = _upload(client, io.BytesIO(b"name,country\n"), name="partners.csv")
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": ["“partners.csv” cannot be uploaded here: only Excel (.xlsx) files are accepted."]
    }


def test_import_refuses_a_program_renamed_xlsx(client, personas):
    """Imports go through the one upload check, which reads the content, not the name."""
    client.force_login(personas.office_staff)
    response = _upload(client, io.BytesIO(b"MZ\x90\x00" + b"\x00" * 60), name="partners.xlsx")
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": ["“partners.xlsx” is a program, not a document; programs cannot be uploaded."]
    }


def test_import_missing_sheet_and_columns_reported(personas):
    book = Workbook()
    book.active.title = "Sheet1"
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    plan = excel.import_plan(buffer, personas.office_staff)
    assert [(p.sheet, p.row) for p in plan.problems] == [(excel.INSTITUTION_SHEET, 1)]


def test_template_downloads_and_reads_back(client, personas):
    client.force_login(personas.office_staff)
    response = client.get(reverse("partners:import.template"))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == [excel.INSTITUTION_SHEET, excel.CONTACT_SHEET]
    header = next(book[excel.INSTITUTION_SHEET].iter_rows(values_only=True))
    assert list(header) == [c.header for c in excel.INSTITUTIONS.columns]


def test_export_of_many_rows_is_quick_and_small(personas, django_assert_max_num_queries):
    country_fr = country("FR")
    Institution.objects.bulk_create(
        [Institution(name_en=f"Institution {n}", country=country_fr) for n in range(1500)]
    )
    buffer = io.BytesIO()
    with django_assert_max_num_queries(6):
        excel.export_workbook(Institution.objects.all(), buffer)
    assert buffer.tell() < 200_000
    buffer.seek(0)
    sheet = load_workbook(buffer, read_only=True)[excel.INSTITUTION_SHEET]
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(names) == 1500
    assert set(names) == {f"Institution {n}" for n in range(1500)}


def test_a_new_upload_replaces_the_pending_one(client, personas, registry):
    client.force_login(personas.office_staff)
    first = _upload(client, _workbook([["", "Kyoto University", "", "", "JP"]]))["Location"]
    second = _upload(client, _workbook([["", "Kyoto Sangyo University", "", "", "JP"]]))
    html = client.get(second["Location"]).content.decode()
    assert "Kyoto Sangyo University" in html
    assert "Kyoto University" not in html
    assert client.get(first).status_code == 404


@pytest.mark.parametrize("partners", [1, 5])
def test_export_queries_do_not_grow_with_the_register(
    personas, monkeypatch, django_assert_num_queries, partners
):
    # Rows are read in chunks of two here, so that five partners take three chunks.
    monkeypatch.setattr(excel, "_CHUNK", 2)
    for n in range(partners):
        institution = InstitutionFactory(name_en=f"Institution {n}")
        services.other_name_add(institution, name=f"Former name {n}")
    buffer = io.BytesIO()
    with django_assert_num_queries(3):  # the partners, their other names, the contacts
        excel.export_workbook(Institution.objects.all(), buffer)
    buffer.seek(0)
    rows = list(load_workbook(buffer)[excel.INSTITUTION_SHEET].iter_rows(values_only=True))
    assert [row[3] for row in rows[1:]] == [f"Former name {n}" for n in range(partners)]


def test_export_and_template_write_text_that_looks_like_a_formula_as_text(client, personas):
    from waishi.core.testing import FORMULAS, assert_written_as_text

    institution = InstitutionFactory(name_en=FORMULAS[1], city=FORMULAS[2], notes=FORMULAS[0])
    services.contact_add(institution, name=FORMULAS[3], position=FORMULAS[0])
    client.force_login(personas.office_staff)
    response = client.get(reverse("partners:institution.export"))
    assert_written_as_text(response, *FORMULAS)
    assert_written_as_text(client.get(reverse("partners:import.template")))


def test_import_reads_every_row_when_the_stored_dimension_understates_them(personas):
    import re
    import zipfile

    rows = [
        [None, f"University {n}", "", "", "FR", "", "", "", "", "", None, "", ""] for n in range(8)
    ]
    original = _workbook(rows)
    understated = io.BytesIO()
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(understated, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:M4"', data)
            target.writestr(item, data)
    understated.seek(0)
    plan = excel.import_plan(understated, personas.office_staff)
    assert plan.problems == []
    assert [r.values["name_en"] for r in plan.created] == [f"University {n}" for n in range(8)]


def test_import_of_more_rows_than_the_limit_is_refused_in_both_languages(personas, settings):
    from django.utils import translation

    settings.IMPORT_MAX_ROWS = 3
    rows = [
        [None, f"University {n}", "", "", "FR", "", "", "", "", "", None, "", ""] for n in range(4)
    ]
    plan = excel.import_plan(_workbook(rows), personas.office_staff)
    assert [(p.sheet, p.row) for p in plan.problems] == [(excel.INSTITUTION_SHEET, 5)]
    assert plan.institutions == []
    with translation.override("zh-hans"):
        plan = excel.import_plan(_workbook(rows), personas.office_staff)
    assert (
        plan.problems[0].message == "文件超过 3 行，超出单次导入的上限。请拆分为几个文件分别导入。"
    )


def _new_partners(count, start=0):
    codes = ("FR", "JP", "GB")
    return [
        [None, f"Test University {n}", f"测试大学{n}", f"TU{n}", codes[n % 3]]
        for n in range(start, start + count)
    ]


def test_import_checks_duplicates_once_per_file_not_per_row(
    personas, registry, django_assert_max_num_queries
):
    # The same number of queries for 10 and for 200 new partners: the registry's names are
    # read once per country, and the new rows are written in batches with their history.
    for count in (10, 200):
        upload = _workbook(_new_partners(count, start=count))
        with django_assert_max_num_queries(40):
            plan = excel.import_plan(upload, personas.office_staff)
            assert plan.problems == []
            assert excel.import_apply(plan, by=personas.office_staff) == (count, 0)
    made = Institution.objects.get(name_en="Test University 200")
    assert made.search_text == "test university 200 | 测试大学200 | tu200"
    assert [n.name for n in made.other_names.all()] == ["TU200"]
    assert made.history.get().history_user == personas.office_staff
    assert made.other_names.get().history.get().history_user == personas.office_staff


def test_import_refuses_a_chinese_name_given_twice_in_one_file(personas):
    rows = _new_partners(2)
    rows[1][2], rows[1][4] = rows[0][2], rows[0][4]
    plan = excel.import_plan(_workbook(rows), personas.office_staff)
    assert [(p.row, p.column) for p in plan.problems] == [(3, "English name 英文名称")]


def test_import_refuses_a_registered_chinese_name(personas, registry):
    plan = excel.import_plan(
        _workbook([[None, "Orleans Second", "奥尔良大学", None, "FR"]]), personas.office_staff
    )
    assert f"ID {registry.pk}" in plan.problems[0].message
