"""Excel in and out, declared once per register.

A register declares its sheets (`Sheet`) and their columns (`Column`: key, fixed bilingual
header, kind of value, required or not, how to read the value from a record). Everything
else follows from that declaration:

- `write_workbook`: the export, streamed row by row (openpyxl's write-only mode);
- `write_template`: the blank workbook to fill in, with one example row;
- `read_workbook`: the import's first step: every row read and parsed, or every problem by
  sheet, row and column (the register then checks what needs the database, and writes all or
  nothing);
- `write_problems`: the error report as a workbook.

Every cell is written through `cell_value`, which keeps text as text: a name such as
`=HYPERLINK(...)` stays a string that Excel shows and never runs as a formula.
"""

from __future__ import annotations

import datetime
import re
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import Choices
from django.http import FileResponse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

from waishi.core import jobs
from waishi.core.names import fold

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What Excel (or LibreOffice, on editing the cell) would take for the start of a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
LIST_SEPARATOR = "; "


def spool() -> IO[bytes]:
    """A temporary file for building a workbook (kept in memory while small)."""
    return tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)


def workbook_response(buffer: IO[bytes], filename: str) -> FileResponse:
    """A workbook (read from the start of `buffer`) as a download."""
    return FileResponse(buffer, as_attachment=True, filename=filename, content_type=XLSX)


# Cells --------------------------------------------------------------------------------------


def cell_value(sheet: Any, value: Any) -> Any:
    """What to append for `value` in a write-only sheet: text always as text (never a
    formula, even when it starts with "="), dates shown as dates."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(sheet, value=value.replace(tzinfo=None))
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    text = str(value)
    if not text.startswith(FORMULA_START):
        return text
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # openpyxl took the leading "=" for a formula
    cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    return cell


def append_header(sheet: Any, labels: Iterable[Any]) -> None:
    """The first row of a sheet: the column titles, in bold."""
    cells = []
    for label in labels:
        cell = WriteOnlyCell(sheet, value=str(label))
        cell.data_type = "s"
        cell.font = Font(bold=True)
        cells.append(cell)
    sheet.append(cells)


def tidy(value: Any) -> str:
    """A cell's text on one line, spaces collapsed ("" for an empty cell); a whole number
    typed into a text column (12.0) reads as "12"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


# Kinds of value: how a cell is read (import) and written (export) ----------------------------


class CellError(ValueError):
    """A cell that cannot be read; the message says what to write instead."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


Reader = Callable[[Any], Any]
Writer = Callable[[Any], Any]


class Kind:
    """Plain text on one line. Subclasses read and write other kinds of value.

    `reader()` and `writer()` are called once per import or export, so a kind that needs a
    lookup (a choice's labels, the users) builds it once, not per row, and never keeps it
    between requests."""

    empty: Any = ""  # the value of an empty cell

    def reader(self) -> Reader:
        return self.read

    def read(self, value: Any) -> Any:
        return tidy(value)

    def writer(self) -> Writer:
        return self.write

    def write(self, value: Any) -> Any:
        return value


class Text(Kind):
    """Text; `multiline` keeps the line breaks (notes). With a `validator` (Django's), text
    it refuses is a problem that says `invalid`."""

    def __init__(
        self,
        *,
        multiline: bool = False,
        validator: Callable[[str], None] | None = None,
        invalid: Promise | str = "",
    ) -> None:
        self.multiline = multiline
        self.validator = validator
        self.invalid = invalid

    def read(self, value: Any) -> str:
        text = str(value).strip() if self.multiline else tidy(value)
        if self.validator is not None:
            try:
                self.validator(text)
            except ValidationError:
                raise CellError(str(self.invalid)) from None
        return text


class Date(Kind):
    """A date: an Excel date, or text as 2024-05-01 (also 2024/5/1 and 2024.5.1)."""

    empty = None

    def read(self, value: Any) -> datetime.date:
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        parts = tidy(value).replace("/", "-").replace(".", "-").split("-")
        try:
            year, month, day = (int(part) for part in parts)
            return datetime.date(year, month, day)
        except ValueError:
            raise CellError(_("Write the date as YYYY-MM-DD.")) from None


YES = {"yes", "y", "true", "1", "x", "是", "√", "✓"}
NO = {"no", "n", "false", "0", "否", "×"}


class YesNo(Kind):
    """Yes or no, in English or Chinese; an empty cell is no."""

    empty = False

    def read(self, value: Any) -> bool:
        if value is True or value is False:
            return value
        text = fold(tidy(value))
        if text in YES:
            return True
        if text in NO:
            return False
        raise CellError(_("Write yes or no."))

    def writer(self) -> Writer:
        yes, no = _("yes"), _("no")
        return lambda value: yes if value else no


class Number(Kind):
    """A whole number from `minimum` to `maximum`."""

    empty = None

    def __init__(self, *, minimum: int = 0, maximum: int | None = None) -> None:
        self.minimum = minimum
        self.maximum = maximum

    def read(self, value: Any) -> int:
        text = tidy(value)
        number = int(text) if text.lstrip("-").isdigit() else None
        if number is None or number < self.minimum or (self.maximum and number > self.maximum):
            if self.maximum:
                raise CellError(
                    _("Write a whole number from %(minimum)d to %(maximum)d.")
                    % {"minimum": self.minimum, "maximum": self.maximum}
                )
            raise CellError(
                _("Write a whole number of at least %(minimum)d.") % {"minimum": self.minimum}
            )
        return number


class Choice(Kind):
    """One of `choices`, by its value or its label in English or Chinese (any case); written
    as its label in the language of the person exporting."""

    def __init__(self, choices: type[Choices], *, default: str = "") -> None:
        self.choices = choices
        self.empty = default

    def reader(self) -> Reader:
        lookup: dict[str, str] = {fold(str(value)): str(value) for value in self.choices.values}
        for language in ("en", "zh-hans"):
            with translation.override(language):
                lookup.update(
                    {fold(str(label)): str(value) for value, label in self.choices.choices}
                )

        def read(value: Any) -> str:
            found = lookup.get(fold(tidy(value)))
            if found is None:
                raise CellError(
                    _("Unknown value “%(value)s”; write one of: %(choices)s.")
                    % {
                        "value": tidy(value),
                        "choices": ", ".join(str(label) for label in self.choices.labels),
                    }
                )
            return found

        return read

    def writer(self) -> Writer:
        labels = {value: str(label) for value, label in self.choices.choices}
        return lambda value: labels.get(value, value)


class Record(Kind):
    """A record of another register, found by what the cell says (a user name, a unit's
    code, a country). `finder()` is called once per import and returns the function that
    finds one record by the cell's text (or None; it may raise CellError, such as for a
    name that matches two records); `label` writes a record back as the import reads it."""

    empty = None

    def __init__(
        self,
        finder: Callable[[], Callable[[str], Any]],
        *,
        unknown: Promise | str,
        label: Callable[[Any], str] = str,
    ) -> None:
        self.finder = finder
        self.label = label
        self.unknown = unknown

    def reader(self) -> Reader:
        find = self.finder()

        def read(value: Any) -> Any:
            found = find(tidy(value))
            if found is None:
                raise CellError(str(self.unknown) % {"value": tidy(value)})
            return found

        return read

    def write(self, value: Any) -> Any:
        if value is None or isinstance(value, str):
            return value or ""  # an export may read the label straight from the database
        return self.label(value)


class ListOf(Kind):
    """Several values in one cell, separated by ";" (also "；"), each of `item`'s kind."""

    empty: Any = ()

    def __init__(self, item: Kind) -> None:
        self.item = item

    def reader(self) -> Reader:
        read_item = self.item.reader()

        def read(value: Any) -> list[Any]:
            found, errors = [], []
            for text in str(value).replace("；", ";").split(";"):
                if not tidy(text):
                    continue
                try:
                    found.append(read_item(text))
                except CellError as error:
                    errors.append(error.message)
            if errors:
                raise CellError(" ".join(errors))
            return found

        return read

    def writer(self) -> Writer:
        write_item = self.item.writer()
        return lambda values: LIST_SEPARATOR.join(str(write_item(v)) for v in values or ())


def dict_finder(load: Callable[[], Iterable[tuple[str, Any]]]) -> Callable[[], Reader]:
    """A `Record` finder from (text, record) pairs, matched case- and accent-blind."""

    def finder() -> Reader:
        found = {fold(text): record for text, record in load() if text}
        return lambda text: found.get(fold(text))

    return finder


def office_user() -> Record:
    """A member of the international office, by user name."""

    def load() -> Iterable[tuple[str, Any]]:
        from waishi.core.queries import office_people

        return ((user.username, user) for user in office_people())

    return Record(
        dict_finder(load),
        label=lambda user: user.username,
        unknown=gettext_lazy("“%(value)s” is not a user name of the international office."),
    )


def unit_by_code() -> Record:
    """A unit of the home university, by its code."""

    def load() -> Iterable[tuple[str, Any]]:
        from waishi.core.models import Unit

        return ((unit.code or "", unit) for unit in Unit.objects.exclude(code=None))

    return Record(
        dict_finder(load),
        label=lambda unit: unit.code or unit.name_zh,
        unknown=gettext_lazy("No unit has the code “%(value)s”."),
    )


def _countries() -> Iterable[tuple[str, Any]]:
    from waishi.core.models import Country

    for country in Country.objects.all():
        yield country.code, country
        yield country.name_en, country
        yield country.name_zh, country


# A country or region by its two-letter code or its name in either language (a partner's or a
# delegation's spreadsheet writes whichever it knows); the export writes the code.
COUNTRY = Record(
    dict_finder(_countries),
    label=lambda country: country.code,
    unknown=gettext_lazy("Unknown country “%(value)s”: write its two-letter code, e.g. FR."),
)


TEXT = Text()
NOTES = Text(multiline=True)
EMAIL = Text(validator=validate_email, invalid=gettext_lazy("Enter a valid e-mail address."))
URL = Text(
    validator=URLValidator(),
    invalid=gettext_lazy("Enter a full web address, such as https://www.example.edu/."),
)
DATE = Date()
YES_NO = YesNo()


# The declaration ------------------------------------------------------------------------------


def _attribute(key: str) -> Callable[[Any], Any]:
    def get(record: Any) -> Any:
        return record[key] if isinstance(record, Mapping) else getattr(record, key)

    return get


@dataclass(frozen=True)
class Column:
    """One column of a register's sheet.

    `header` is fixed and bilingual ("English name 英文名称") so a file reads the same
    whatever the language of who made it. `get` reads the value from an exported record (by
    default its item or attribute `key`). An `imported=False` column is written by the export
    only (a status, a count): the import and the template leave it out."""

    key: str
    header: str
    kind: Kind = TEXT
    required: bool = False
    get: Callable[[Any], Any] | None = None
    example: Any = None
    imported: bool = True

    def getter(self) -> Callable[[Any], Any]:
        return self.get or _attribute(self.key)


@dataclass(frozen=True)
class Sheet:
    """A sheet of a register's workbook. A `required` sheet missing from an imported file is
    a problem; an optional one (contacts) is read when it is there."""

    title: str
    columns: tuple[Column, ...]
    required: bool = True
    freeze: str | None = None

    @property
    def imported(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.imported)

    def header(self, key: str) -> str:
        """The header of the column `key` ("" for a problem of the whole row)."""
        return next((c.header for c in self.columns if c.key == key), "")


# Export and template --------------------------------------------------------------------------


def _add_sheet(
    book: Workbook, sheet: Sheet, columns: Sequence[Column], rows: Iterable[Any], *, example: bool
) -> None:
    out = book.create_sheet(sheet.title)
    if sheet.freeze:
        out.freeze_panes = sheet.freeze
    append_header(out, [c.header for c in columns])
    # The template's example row is a dict by key, whatever the export reads from a record.
    cells = [(_attribute(c.key) if example else c.getter(), c.kind.writer()) for c in columns]
    for record in rows:
        out.append([cell_value(out, write(get(record))) for get, write in cells])


def write_workbook(out: IO[bytes], sheets: Iterable[tuple[Sheet, Iterable[Any]]]) -> None:
    """The export: each sheet with its records (objects, dicts or tuples, whatever the
    columns' `get` reads), streamed to `out`."""
    book = Workbook(write_only=True)
    for sheet, rows in sheets:
        _add_sheet(book, sheet, sheet.columns, rows, example=False)
    book.save(out)


def export(sheets: Iterable[tuple[Sheet, Iterable[Any]]]) -> IO[bytes]:
    """The export in a spooled file, positioned at its start (for `workbook_response`)."""
    buffer = spool()
    write_workbook(buffer, sheets)
    buffer.seek(0)
    return buffer


def write_template(out: IO[bytes], sheets: Iterable[Sheet]) -> None:
    """The blank workbook to fill in: each sheet's imported columns and one example row (the
    columns' `example`, written as the export writes it)."""
    book = Workbook(write_only=True)
    for sheet in sheets:
        columns = sheet.imported
        example = {c.key: c.example for c in columns}
        rows = [example] if any(v is not None for v in example.values()) else []
        _add_sheet(book, sheet, columns, rows, example=True)
    book.save(out)


# Import ---------------------------------------------------------------------------------------


@dataclass
class Problem:
    """What is wrong in an imported file, where (row 0: the file as a whole)."""

    sheet: str
    row: int
    column: str
    message: str


@dataclass
class Row:
    """A row of an imported sheet whose every cell could be read: values by column key."""

    number: int
    values: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.values[key]


@dataclass
class Reading:
    """An imported file as read: each sheet's good rows, and every problem."""

    sheets: Sequence[Sheet]
    rows: dict[str, list[Row]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # False when the file, a sheet or its header could not be read, or the file has too
    # many rows: the rows are then not worth checking further.
    whole: bool = True
    # The rows with a value the file holds, headers included (counted before reading).
    expected: int = 0

    def stop(self, problem: Problem) -> None:
        self.problems.append(problem)
        self.whole = False

    def problem(self, sheet: Sheet, row: int, key: str, message: str) -> None:
        """Note a problem found after reading (a duplicate, a rule of the register)."""
        self.problems.append(Problem(sheet.title, row, sheet.header(key), message))

    def in_order(self) -> list[Problem]:
        """The problems by sheet and row, as a person goes through the file to fix it."""
        order = {s.title: n for n, s in enumerate(self.sheets)}
        return sorted(self.problems, key=lambda p: (order.get(p.sheet, -1), p.row))


# A background import tells its page how far the reading is every so many rows.
PROGRESS_ROWS = 500


def max_rows() -> int:
    return settings.IMPORT_MAX_ROWS


def _too_many_rows() -> str:
    return _(
        "The file has more than %(limit)d rows, more than one import may hold. "
        "Split it into several files and import each."
    ) % {"limit": max_rows()}


# A file with more than this many times the row limit is refused before it is opened: reading
# it would first load every text it holds (the workbook's shared strings): 175 MB and 86 s for
# a 600,000-row file of 23 MB. A file nearer the limit is read, and stopped at it.
EARLY_REFUSAL = 2
_ROW_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?row>")
_VALUE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:v|is)>")


def _count_rows(upload: IO[bytes], limit: int) -> int:
    """How many rows with a value the sheets of the workbook hold (headers too), counted in
    their XML as it is unzipped, a megabyte at a time (nothing parsed, nothing kept); the
    counting stops past `limit`."""
    count = 0
    with zipfile.ZipFile(upload) as archive:
        for name in archive.namelist():
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            with archive.open(name) as part:
                # The unfinished row is kept only as "has a value" and its last bytes (where
                # a tag may be cut), so one enormous row costs no more memory than a chunk.
                tail, valued = b"", False
                while chunk := part.read(1 << 20):
                    pieces = _ROW_END.split(tail + chunk)
                    tail = pieces.pop()
                    for number, piece in enumerate(pieces):
                        count += bool(_VALUE.search(piece) or (number == 0 and valued))
                    valued = bool(_VALUE.search(tail) or (valued and not pieces))
                    tail = tail[-64:]
                    if count > limit:
                        return count
    return count


def _header_positions(header: Sequence[Any], sheet: Sheet, reading: Reading) -> dict[str, int]:
    titles = [tidy(value) for value in header]
    positions = {}
    for column in sheet.imported:
        if column.header in titles:
            positions[column.key] = titles.index(column.header)
        else:
            reading.stop(
                Problem(
                    sheet.title, 1, column.header, _("This column is missing from the first row.")
                )
            )
    return positions


def _read_sheet(worksheet: Any, sheet: Sheet, reading: Reading, budget: list[int]) -> None:
    # A file's stored dimension may understate its rows (or columns); read-only mode would
    # trust it and silently cut the sheet. Forget it, and read every row there is.
    worksheet.reset_dimensions()
    rows: Iterator[Sequence[Any]] = worksheet.iter_rows(values_only=True)
    positions = _header_positions(next(rows, ()), sheet, reading)
    if len(positions) != len(sheet.imported):
        return
    columns = [(c, positions[c.key], c.kind.reader()) for c in sheet.imported]
    good = reading.rows.setdefault(sheet.title, [])
    reading_rows = _("Reading the rows of “%(sheet)s”") % {"sheet": sheet.title}
    for number, cells in enumerate(rows, start=2):
        if all(value is None or tidy(value) == "" for value in cells):
            continue
        budget[0] -= 1
        so_far = max_rows() - budget[0]
        if so_far % PROGRESS_ROWS == 0:
            jobs.progress(so_far, max(reading.expected, so_far), reading_rows)
        if budget[0] < 0:
            reading.stop(Problem(sheet.title, number, "", _too_many_rows()))
            return
        values: dict[str, Any] = {}
        ok = True
        for column, position, read in columns:
            value = cells[position] if position < len(cells) else None
            if value is None or tidy(value) == "":
                values[column.key] = column.kind.empty
                if column.required:
                    reading.problems.append(
                        Problem(sheet.title, number, column.header, _("This column is required."))
                    )
                    ok = False
                continue
            try:
                values[column.key] = read(value)
            except CellError as error:
                reading.problems.append(Problem(sheet.title, number, column.header, error.message))
                ok = False
        if ok:
            good.append(Row(number, values))


def read_workbook(upload: IO[bytes], sheets: Sequence[Sheet]) -> Reading:
    """Read an imported workbook: each sheet's rows parsed by its columns' kinds, streamed
    (read-only mode, so memory does not grow with the file) and stopped at the row limit.
    Writes nothing; the register then checks the good rows against the database."""
    reading = Reading(sheets)
    try:
        reading.expected = _count_rows(upload, EARLY_REFUSAL * max_rows())
        if reading.expected > EARLY_REFUSAL * max_rows():
            reading.stop(Problem("", 0, "", _too_many_rows()))
            return reading
        upload.seek(0)
        book = load_workbook(upload, read_only=True, data_only=True)
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        InvalidFileException,
        KeyError,
        OSError,
        ValueError,
    ):
        reading.stop(Problem("", 0, "", _("The file could not be read as a workbook.")))
        return reading
    budget = [max_rows()]
    try:
        for sheet in sheets:
            if sheet.title in book.sheetnames:
                worksheet = book[sheet.title]
            elif len(sheets) == 1 and book.worksheets:
                worksheet = book.worksheets[0]  # a register of one sheet: any name will do
            else:
                if sheet.required:
                    reading.stop(
                        Problem(
                            sheet.title,
                            1,
                            "",
                            _("The sheet “%(sheet)s” is missing.") % {"sheet": sheet.title},
                        )
                    )
                continue
            _read_sheet(worksheet, sheet, reading, budget)
    finally:
        book.close()
    return reading


# Lists of people written one row at a time -------------------------------------------------


class _TrialRun(Exception):
    """Rolls back the trial of an import's rows."""


def tried_rows(
    upload: IO[bytes],
    sheet: Sheet,
    add: Callable[[dict[str, Any]], object],
    *,
    empty: str,
    columns: Mapping[str, str] | None = None,
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Read a one-sheet list whose rows the register's service writes one by one (a visit's
    guests, a conference's participants: a person each, found again when they came before),
    and try every row with `add` as it would be written, then roll it all back. A refusal of
    the service becomes a problem of its row, in the column named by the field it names
    (`columns` maps a field to its column where their keys differ). `empty` is the problem of
    a file without a row. Returns the rows to write and every problem, in order."""
    reading = read_workbook(upload, [sheet])
    rows = reading.rows.get(sheet.title, []) if reading.whole else []
    keys = {column.key for column in sheet.columns}
    written: list[dict[str, Any]] = []
    try:
        with transaction.atomic():
            for row in rows:
                try:
                    with transaction.atomic():
                        add(row.values)
                except ValidationError as error:
                    found = (
                        error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
                    )
                    for key, messages in found.items():
                        column = (columns or {}).get(key, key)
                        for message in messages:
                            reading.problem(
                                sheet, row.number, column if column in keys else "", message
                            )
                else:
                    written.append(dict(row.values))
            raise _TrialRun
    except _TrialRun:
        pass
    problems = reading.in_order()
    if not rows and not problems:
        problems.append(Problem("", 0, "", empty))
    return written, problems


def write_rows(
    rows: Sequence[dict[str, Any]],
    problems: Sequence[Problem],
    add: Callable[[dict[str, Any]], object],
) -> int:
    """Write the rows `tried_rows` found good, all or nothing; refused while the file has
    problems."""
    if problems:
        raise ValidationError(_("The file has problems; nothing was imported."))
    with transaction.atomic():
        for values in rows:
            add(values)
    return len(rows)


# The error report ----------------------------------------------------------------------------

PROBLEMS = Sheet(
    "Problems 问题",
    (
        Column("sheet", "Sheet 工作表"),
        Column("row", "Row 行", kind=Kind()),
        Column("column", "Column 列"),
        Column("message", "Problem 问题"),
    ),
)


def write_problems(out: IO[bytes], problems: Iterable[Problem]) -> None:
    """The error report: one row per problem, by sheet, row and column."""
    write_workbook(out, [(PROBLEMS, problems)])
