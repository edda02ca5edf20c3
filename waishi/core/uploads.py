"""One check for every uploaded file, and one way to send a stored file back.

A file is judged by its content (its first bytes, and for Word and Excel the parts inside
the zip container), never by its name or by the type the browser claims: a program renamed
`.pdf` is refused. Each field names the kinds it accepts (`UploadValidator("pdf", "png")` on a
model or form field, or `upload_check(file, kinds)` in a service); the message says what was
wrong, in the user's language.

`file_response` serves a stored file: shown in the browser only when its content is a PDF or
an image that browsers cannot run script from (JPEG, PNG); everything else is downloaded.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _


class Upload(Protocol):
    """What Django's uploaded and stored files have in common, as far as the check needs."""

    @property
    def name(self) -> str | None: ...
    @property
    def size(self) -> int | None: ...

    def read(self, size: int = ..., /) -> bytes: ...
    def seek(self, offset: int, whence: int = ..., /) -> int: ...
    def tell(self) -> int: ...


@dataclass(frozen=True)
class FileKind:
    code: str
    label: str
    content_type: str
    extensions: tuple[str, ...]
    # Safe to show in the browser: nothing in it can run as a page of this site.
    inline: bool = False


PDF = FileKind("pdf", "PDF", "application/pdf", (".pdf",), inline=True)
JPEG = FileKind("jpeg", "JPEG", "image/jpeg", (".jpg", ".jpeg"), inline=True)
PNG = FileKind("png", "PNG", "image/png", (".png",), inline=True)
DOCX = FileKind(
    "docx",
    "Word (.docx)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
DOC = FileKind("doc", "Word (.doc)", "application/msword", (".doc",))
XLSX = FileKind(
    "xlsx",
    "Excel (.xlsx)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
)
KINDS = {kind.code: kind for kind in (PDF, JPEG, PNG, DOCX, DOC, XLSX)}

# The sets of kinds the office's fields accept.
SCANS = ("pdf", "jpeg", "png")  # passports and other identity documents
DOCUMENTS = ("pdf", "docx", "doc")  # agreements: signed scans and Word drafts
LETTERS = ("pdf", "jpeg", "png", "docx", "doc")  # invitation letters, report attachments
SPREADSHEETS = ("xlsx",)  # imports

# First bytes of programs, so the message can say plainly what was sent.
PROGRAMS = (
    b"MZ",  # Windows .exe, .dll
    b"\x7fELF",  # Linux
    b"\xcf\xfa\xed\xfe",  # macOS (64-bit)
    b"\xce\xfa\xed\xfe",  # macOS (32-bit)
    b"\xca\xfe\xba\xbe",  # macOS universal, Java class
    b"#!",  # scripts
)
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A Word 97-2003 file is an OLE container holding a stream of this name (UTF-16 in the
# container's directory); an installer (.msi) or an old Excel file is one too, without it.
WORD_STREAM = "WordDocument".encode("utf-16-le")
CHUNK = 1024 * 1024


def _head(file: Upload, size: int = 16) -> bytes:
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head


def _zip_names(file: Upload) -> set[str]:
    """The names inside a zip container (nothing is decompressed); empty when it is none."""
    try:
        with zipfile.ZipFile(file) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError):
        return set()
    finally:
        file.seek(0)


def _holds(file: Upload, needle: bytes) -> bool:
    file.seek(0)
    tail = b""
    try:
        while chunk := file.read(CHUNK):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle) :]
        return False
    finally:
        file.seek(0)


def sniff(file: Upload) -> FileKind | None:
    """The kind of file its content shows, or None for anything the office does not keep."""
    head = _head(file)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04"):
        names = _zip_names(file)
        if "[Content_Types].xml" in names:
            if "word/document.xml" in names:
                return DOCX
            if "xl/workbook.xml" in names:
                return XLSX
        return None
    if head.startswith(OLE) and _holds(file, WORD_STREAM):
        return DOC
    return None


def _base_name(file: Upload) -> str:
    return os.path.basename(file.name or "") or _("the file")


def upload_check(file: Upload, kinds: Iterable[str]) -> FileKind:
    """The file's kind when its name and its content agree on one of `kinds` and it is not too
    large; ValidationError (codes "type", "empty", "size", "program", "content") otherwise."""
    allowed = [KINDS[code] for code in kinds]
    name = _base_name(file)
    extension = os.path.splitext(name)[1].lower()
    named = next((kind for kind in allowed if extension in kind.extensions), None)
    if named is None:
        raise ValidationError(
            _("“%(name)s” cannot be uploaded here: only %(kinds)s files are accepted.")
            % {"name": name, "kinds": " / ".join(kind.label for kind in allowed)},
            code="type",
        )
    size = file.size or 0
    if not size:
        raise ValidationError(_("The file is empty."), code="empty")
    limit = settings.UPLOAD_MAX_MB
    if size > limit * 1024 * 1024:
        raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": limit}, code="size")
    if _head(file).startswith(PROGRAMS):
        raise ValidationError(
            _("“%(name)s” is a program, not a document; programs cannot be uploaded.")
            % {"name": name},
            code="program",
        )
    found = sniff(file)
    if found != named:
        raise ValidationError(
            _(
                "“%(name)s” is not a real %(kind)s file by its content; it may be damaged "
                "or renamed."
            )
            % {"name": name, "kind": named.label},
            code="content",
        )
    return found


@deconstructible
class UploadValidator:
    """`upload_check` as a field validator, for model fields, form fields and serializers.

    A file already stored (a record saved again without a new upload) is not read again."""

    def __init__(self, *kinds: str) -> None:
        unknown = set(kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown file kinds: {sorted(unknown)}")
        self.kinds = kinds

    def __call__(self, value: Upload | str | None) -> None:
        # A stored path (history keeps the name only) or a stored file was checked when it came.
        if not value or isinstance(value, str):
            return
        if isinstance(value, FieldFile) and getattr(value, "_committed", True):
            return
        upload_check(value, self.kinds)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UploadValidator) and self.kinds == other.kinds

    def __hash__(self) -> int:
        return hash(self.kinds)


def file_response(stored: FieldFile, filename: str) -> FileResponse:
    """A stored file for download (404 when there is none). Its type is read from its content;
    only a PDF, JPEG or PNG is shown in the browser, anything else is saved as an attachment
    (application/octet-stream when its content is of no kind we know)."""
    if not stored:
        raise Http404
    try:
        stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    kind = sniff(stored)
    response = FileResponse(
        stored,
        as_attachment=kind is None or not kind.inline,
        filename=filename,
        content_type=kind.content_type if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
