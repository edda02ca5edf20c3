import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from waishi.agreements import services
from waishi.agreements.models import AgreementDocument
from waishi.agreements.tests.factories import PDF, AgreementFactory
from waishi.core.tests.files import DOCX, EXE, HTML, ZIP


@pytest.fixture
def scan(personas):
    agreement = AgreementFactory(units=[personas.college])
    document = services.document_add(
        agreement, by=personas.office_staff, file=ContentFile(PDF, name="signed.pdf")
    )
    return agreement, document


def test_document_download_per_role(client, personas, scan):
    _agreement, document = scan
    url = document.get_absolute_url()
    expected = {
        "staff": 200,
        "unit_liaison": 200,
        "unit_head": 200,
        "office_staff": 200,
        "office_director": 200,
        "university_leader": 200,
        "auditor": 200,
        "administrator": 200,
        "no_role": 403,
    }
    got = {}
    for role, user in personas.by_role().items():
        client.force_login(user)
        response = client.get(url)
        got[role] = response.status_code
        if response.status_code == 200:
            assert b"".join(response.streaming_content) == PDF
            # A PDF is shown in the browser; its name is the one it was uploaded with.
            assert (response["Content-Type"], response["Content-Disposition"]) == (
                "application/pdf",
                'inline; filename="signed.pdf"',
            )
    assert got == expected
    client.force_login(personas.other_teacher)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_document_of_another_agreement_is_404(client, personas, scan):
    _agreement, document = scan
    other = AgreementFactory()
    client.force_login(personas.office_staff)
    url = reverse("agreements:document.download", args=[other.pk, document.pk])
    assert client.get(url).status_code == 404


def test_document_versions_count_up_per_kind(personas):
    agreement = AgreementFactory()
    versions = [
        services.document_add(
            agreement, by=personas.office_staff, file=ContentFile(PDF, name=f"v{i}.pdf")
        ).version
        for i in range(3)
    ]
    draft = services.document_add(
        agreement, by=personas.office_staff, kind="draft", file=ContentFile(DOCX, name="d.docx")
    )
    assert versions == [1, 2, 3]
    assert (draft.version, draft.content_type) == (
        1,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "photo.jpg",
            b"\xff\xd8\xff",
            "“photo.jpg” cannot be uploaded here: only PDF / Word (.docx) / Word (.doc) files "
            "are accepted.",
        ),
        (
            "fake.pdf",
            EXE,
            "“fake.pdf” is a program, not a document; programs cannot be uploaded.",
        ),
        (
            "fake.pdf",
            HTML,
            "“fake.pdf” is not a real PDF file by its content; it may be damaged or renamed.",
        ),
        (
            "draft.docx",
            ZIP,
            "“draft.docx” is not a real Word (.docx) file by its content; it may be damaged or "
            "renamed.",
        ),
        ("empty.pdf", b"", "The submitted file is empty."),
    ],
)
def test_document_upload_refuses_bad_files(client, personas, name, content, message):
    agreement = AgreementFactory()
    client.force_login(personas.office_staff)
    response = client.post(
        reverse("agreements:document.create", args=[agreement.pk]),
        {"kind": "signed", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message]
    assert AgreementDocument.objects.count() == 0


def test_document_upload_too_large(client, personas, settings):
    settings.UPLOAD_MAX_MB = 1
    agreement = AgreementFactory()
    client.force_login(personas.office_staff)
    big = PDF + b"0" * (1024 * 1024)
    response = client.post(
        reverse("agreements:document.create", args=[agreement.pk]),
        {"kind": "signed", "file": SimpleUploadedFile("big.pdf", big)},
    )
    assert response.context["form"].errors["file"] == ["The file is larger than 1 MB."]


def test_document_upload_by_office(client, personas):
    agreement = AgreementFactory()
    client.force_login(personas.office_staff)
    response = client.post(
        reverse("agreements:document.create", args=[agreement.pk]),
        {"kind": "signed", "file": SimpleUploadedFile("scan.pdf", PDF), "note": "signed copy"},
    )
    assert response["Location"] == agreement.get_absolute_url() + "#documents"
    document = AgreementDocument.objects.get()
    assert (document.original_name, document.size, document.uploaded_by) == (
        "scan.pdf",
        len(PDF),
        personas.office_staff,
    )


def test_word_draft_is_downloaded_not_shown(client, personas):
    agreement = AgreementFactory()
    draft = services.document_add(
        agreement, by=personas.office_staff, kind="draft", file=ContentFile(DOCX, name="d.docx")
    )
    client.force_login(personas.office_staff)
    response = client.get(draft.get_absolute_url())
    assert (response["Content-Disposition"], b"".join(response.streaming_content)) == (
        'attachment; filename="d.docx"',
        DOCX,
    )
