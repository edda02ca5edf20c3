"""The one register of letters the office issues (DESIGN.md, "Letters"): each letter gets the
next number of its year, and its PDF is kept as issued, so the same letter can be sent again
and the register shows who issued what, when.

An app issues a letter through `letter_issue`, giving a function that renders the PDF with
the number it is given (`pdf_from_html` renders a template with WeasyPrint and the Chinese
fonts); it reads a record's letters with `letters_of(subject)`. See ARCHITECTURE.md, "A
letter out"."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from waishi.core import clock
from waishi.core.history import history_by
from waishi.core.models import Letter, User

# Two offices issuing at the same instant may draw the same number: the second tries again.
ATTEMPTS = 5


def _next(year: int) -> int:
    last = Letter.objects.filter(year=year).order_by("-sequence").first()
    return (last.sequence if last else 0) + 1


def letter_issue(
    *,
    kind: str,
    subject: models.Model,
    title: str,
    render: Callable[[str], bytes],
    by: User,
) -> Letter:
    """Number a letter about `subject` (the next of this year, e.g. 2026-0007), render its PDF
    with that number and keep both. Side effects: history of the letter."""
    year = clock.today().year
    content_type = ContentType.objects.get_for_model(subject)
    for attempt in range(ATTEMPTS):
        try:
            with transaction.atomic():
                sequence = _next(year)
                number = f"{year}-{sequence:04d}"
                letter = Letter(
                    number=number,
                    year=year,
                    sequence=sequence,
                    kind=kind,
                    title=title[:300],
                    content_type=content_type,
                    object_id=subject.pk,
                    issued_at=timezone.now(),
                    issued_by=by,
                )
                letter.pdf.save(f"{number}.pdf", ContentFile(render(number)), save=False)
                history_by(letter, by)
                letter.save()
                return letter
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def letters_of(subject: models.Model, kind: str | None = None) -> QuerySet[Letter]:
    """The letters about `subject` (of `kind`, when given), the latest first."""
    letters = Letter.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    ).select_related("issued_by")
    if kind:
        letters = letters.filter(kind=kind)
    return letters.order_by("-year", "-sequence")


def pdf_from_html(html: str) -> bytes:
    """A PDF of `html` (WeasyPrint; Chinese needs Debian's fonts-noto-cjk)."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
