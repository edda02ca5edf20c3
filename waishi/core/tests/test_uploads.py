"""The one upload check (by content, never by name) and the one way files are sent back."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import Http404
from django.utils import translation

from waishi.core import uploads
from waishi.core.tests import files
from waishi.core.uploads import UploadValidator, file_response, upload_check


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("letter.pdf", files.PDF, "pdf"),
        ("photo.JPG", files.JPEG, "jpeg"),
        ("photo.jpeg", files.JPEG, "jpeg"),
        ("scan.png", files.PNG, "png"),
        ("draft.docx", files.DOCX, "docx"),
        ("old.doc", files.DOC, "doc"),
    ],
)
def test_upload_check_accepts_each_kind_by_content(name, content, kind):
    assert upload_check(SimpleUploadedFile(name, content), uploads.LETTERS).code == kind


def test_upload_check_accepts_a_workbook_where_asked():
    assert upload_check(SimpleUploadedFile("partners.xlsx", files.XLSX), ["xlsx"]) == uploads.XLSX


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [
        (
            "invitation.pdf",
            files.EXE,
            "program",
            "“invitation.pdf” is a program, not a document; programs cannot be uploaded.",
        ),
        (
            "run.pdf",
            b"#!/bin/sh\nrm -rf /\n",
            "program",
            "“run.pdf” is a program, not a document; programs cannot be uploaded.",
        ),
        (
            "letter.pdf",
            files.HTML,
            "content",
            "“letter.pdf” is not a real PDF file by its content; it may be damaged or renamed.",
        ),
        (
            "photo.png",
            files.JPEG,
            "content",
            "“photo.png” is not a real PNG file by its content; it may be damaged or renamed.",
        ),
        (
            "draft.docx",
            files.ZIP,
            "content",
            "“draft.docx” is not a real Word (.docx) file by its content; it may be damaged "
            "or renamed.",
        ),
        (
            "setup.doc",
            files.MSI,
            "content",
            "“setup.doc” is not a real Word (.doc) file by its content; it may be damaged "
            "or renamed.",
        ),
        (
            "tool.exe",
            files.EXE,
            "type",
            "“tool.exe” cannot be uploaded here: only PDF / JPEG / PNG / Word (.docx) / "
            "Word (.doc) files are accepted.",
        ),
        ("empty.pdf", b"", "empty", "The file is empty."),
    ],
)
def test_upload_check_refuses_by_content_with_a_clear_message(name, content, code, message):
    with pytest.raises(ValidationError) as caught:
        upload_check(SimpleUploadedFile(name, content), uploads.LETTERS)
    assert (caught.value.code, caught.value.messages) == (code, [message])


def test_upload_check_message_in_chinese():
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        upload_check(SimpleUploadedFile("invitation.pdf", files.EXE), uploads.LETTERS)
    assert caught.value.messages == ["“invitation.pdf”是可执行程序，不是文档；不能上传程序。"]


def test_upload_check_refuses_a_file_over_the_limit(settings):
    settings.UPLOAD_MAX_MB = 1
    big = SimpleUploadedFile("big.pdf", files.PDF + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError) as caught:
        upload_check(big, uploads.SCANS)
    assert caught.value.messages == ["The file is larger than 1 MB."]


def test_upload_check_leaves_the_file_at_its_start():
    upload = SimpleUploadedFile("draft.docx", files.DOCX)
    upload_check(upload, uploads.DOCUMENTS)
    assert upload.read() == files.DOCX


def test_validator_skips_a_file_already_stored_and_history_paths():
    validator = UploadValidator(*uploads.SCANS)
    name = default_storage.save("tests/old.pdf", ContentFile(files.HTML))
    stored = _field_file(name, "scan")
    validator(stored)  # stored before this check existed: not read again on every save
    validator("people/documents/old.pdf")
    with pytest.raises(ValidationError):
        validator(SimpleUploadedFile("new.pdf", files.HTML))


def test_validator_refuses_unknown_kinds():
    with pytest.raises(ValueError, match="unknown file kinds"):
        UploadValidator("pdf", "exe")


def _field_file(name: str, field: str = "file") -> FieldFile:
    """A stored file as a record's field gives it (no record needed to read it)."""
    return FieldFile(None, models.FileField(name=field), name)  # type: ignore[arg-type]


def _stored(name: str, content: bytes) -> FieldFile:
    saved = default_storage.save(f"tests/{name}", ContentFile(content))
    return _field_file(saved)


@pytest.mark.parametrize(
    ("name", "content", "content_type", "disposition"),
    [
        ("a.pdf", files.PDF, "application/pdf", 'inline; filename="a.pdf"'),
        ("a.jpg", files.JPEG, "image/jpeg", 'inline; filename="a.jpg"'),
        ("a.png", files.PNG, "image/png", 'inline; filename="a.png"'),
        (
            "a.docx",
            files.DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            'attachment; filename="a.docx"',
        ),
        ("a.doc", files.DOC, "application/msword", 'attachment; filename="a.doc"'),
        # Stored before uploads were checked by content: never shown as the name claims.
        ("a.pdf", files.EXE, "application/octet-stream", 'attachment; filename="a.pdf"'),
        ("a.pdf", files.HTML, "application/octet-stream", 'attachment; filename="a.pdf"'),
    ],
)
def test_file_response_inline_only_for_pdf_and_images(name, content, content_type, disposition):
    response = file_response(_stored(name, content), name)
    assert (
        response["Content-Type"],
        response["Content-Disposition"],
        response["X-Content-Type-Options"],
        response.getvalue(),
    ) == (content_type, disposition, "nosniff", content)


def test_file_response_without_a_file_is_404():
    with pytest.raises(Http404):
        file_response(_field_file(""), "none.pdf")
    with pytest.raises(Http404):
        file_response(_field_file("tests/gone.pdf"), "x.pdf")
