from waishi.core.testing import OFFICE, PUBLIC, READERS, WITH_ROLE, AccessCase

# The teacher (staff), the liaison and the head belong to the agreement's unit, `college`.
UNIT_READERS = READERS | {"staff", "unit_liaison", "unit_head"}


def _agreement(p):
    from waishi.agreements.tests.factories import AgreementFactory

    return {"pk": AgreementFactory(units=[p.college]).pk}


def _draft(p):
    from waishi.agreements.enums import Approval
    from waishi.agreements.tests.factories import AgreementFactory

    return {"pk": AgreementFactory(units=[p.college], approval=Approval.DRAFT).pk}


def _document(p):
    from django.core.files.base import ContentFile

    from waishi.agreements import services
    from waishi.agreements.tests.factories import PDF, AgreementFactory

    agreement = AgreementFactory(units=[p.college])
    document = services.document_add(
        agreement, by=p.office_staff, file=ContentFile(PDF, name="scan.pdf")
    )
    return {"pk": agreement.pk, "document_pk": document.pk}


def _feed(p):
    from waishi.agreements import services

    return {"token": services.calendar_token_for(p.office_staff).token}


CASES = [
    AccessCase("agreements:agreement.list", WITH_ROLE),
    AccessCase("agreements:agreement.export", WITH_ROLE),
    AccessCase("agreements:agreement.create", OFFICE),
    AccessCase("agreements:agreement.detail", UNIT_READERS, kwargs=_agreement),
    AccessCase("agreements:agreement.update", OFFICE, kwargs=_agreement),
    AccessCase("agreements:agreement.terminate", OFFICE, kwargs=_agreement),
    AccessCase("agreements:agreement.renew", OFFICE, kwargs=_agreement),
    # Submitting answers with a redirect back to the agreement.
    AccessCase(
        "agreements:agreement.submit", OFFICE, kwargs=_draft, method="post", ok_status=(302,)
    ),
    AccessCase("agreements:document.create", OFFICE, kwargs=_agreement),
    AccessCase("agreements:document.download", UNIT_READERS, kwargs=_document),
    AccessCase("agreements:calendar", WITH_ROLE),
    AccessCase("agreements:calendar.token", WITH_ROLE),
    AccessCase(
        "agreements:calendar.feed",
        PUBLIC,
        kwargs=_feed,
        notes="the secret token is the key; a wrong token is 404 (test_calendar.py)",
    ),
    AccessCase("agreements:import.upload", OFFICE),
    AccessCase("agreements:import.template", OFFICE),
    AccessCase(
        "agreements:import.preview",
        frozenset(),
        kwargs=lambda p: {"token": "0" * 32},
        notes="a real token lives in the uploader's session; see test_import.py",
    ),
    AccessCase("agreement-list", WITH_ROLE),
    AccessCase("agreement-detail", UNIT_READERS, kwargs=_agreement),
]
