"""Pieces every register's Excel export shares (openpyxl in write-only mode, so a large
register streams row by row in little memory)."""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Iterable
from typing import IO, Any

from django.http import FileResponse
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spool() -> IO[bytes]:
    """A temporary file for building a workbook (kept in memory while small)."""
    return tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)


def workbook_response(buffer: IO[bytes], filename: str) -> FileResponse:
    """A workbook (read from the start of `buffer`) as a download."""
    return FileResponse(buffer, as_attachment=True, filename=filename, content_type=XLSX)


def append_header(sheet: Any, labels: Iterable[Any]) -> None:
    """The first row of a sheet: the column titles, in bold."""
    cells = []
    for label in labels:
        cell = WriteOnlyCell(sheet, value=str(label))
        cell.font = Font(bold=True)
        cells.append(cell)
    sheet.append(cells)


def date_cell(sheet: Any, value: datetime.date | None) -> Any:
    """A date that Excel shows as a date (yyyy-mm-dd), or an empty cell."""
    if value is None:
        return None
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = "yyyy-mm-dd"
    return cell
