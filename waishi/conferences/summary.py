"""The conference's summary (会议总结): written by its unit once the conference has begun,
filed within the office rule `conferences_summary_due_months` of its end. Filing checks it
against the office's rules (the review's length, the photos) and closes the conference; a
unit with a summary overdue cannot declare another while the office keeps that block on
(`services.overdue_summaries`)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waishi.conferences import policy
from waishi.conferences.enums import ConferenceStatus
from waishi.conferences.models import Conference, Summary, SummaryPhoto
from waishi.core import clock, uploads
from waishi.core.history import history_by
from waishi.core.models import User
from waishi.core.permissions import require

PHOTOS = (uploads.JPEG.code, uploads.PNG.code)
# A summary is written for a conference that is approved (a change may be in approval).
WRITABLE = (ConferenceStatus.APPROVED, ConferenceStatus.CHANGING)


def due_on(conference: Conference) -> datetime.date | None:
    """The last day to file the summary: the office rule's months after the end."""
    version = conference.current_version
    if version is None:
        return None
    return policy.months_after(version.ends_on, policy.SUMMARY_MONTHS.value())


def review_length(text: str) -> int:
    """Characters of the review as the rule counts them: spaces and line breaks left out."""
    return sum(1 for char in text if not char.isspace())


def may_write(conference: Conference, user: User) -> bool:
    """The unit or the office may write the summary now: approved, begun, not yet filed."""
    version = conference.current_version
    return (
        user.has_perm("conferences.change_conference", conference)
        and conference.status in WRITABLE
        and version is not None
        and clock.today() >= version.starts_on
    )


def _require_writable(conference: Conference, by: User) -> Conference:
    """The conference, locked; PermissionDenied unless `by` acts for its unit or the
    office; ValidationError unless it is approved, has begun and is not closed."""
    current = (
        Conference.objects.select_for_update(of=("self",))
        .select_related("current_version")
        .get(pk=conference.pk)
    )
    require(by.has_perm("conferences.change_conference", current))
    if current.status == ConferenceStatus.CLOSED:
        raise ValidationError(_("The summary has been filed and the conference closed."))
    if current.status not in WRITABLE:
        raise ValidationError(_("A summary is written for an approved conference."))
    version = current.current_version
    if version is None or clock.today() < version.starts_on:
        raise ValidationError(
            _("The summary is written once the conference has begun (%(date)s).")
            % {"date": version.starts_on.isoformat() if version else ""}
        )
    return current


def _counts_check(total: int, foreign: int, countries: int) -> None:
    errors: dict[str, list[str]] = {}
    if foreign > total:
        errors["actual_foreign"] = [
            _("More foreign participants (%(foreign)s) than participants in all (%(total)s).")
            % {"foreign": foreign, "total": total}
        ]
    if countries and total == 0:
        errors["actual_total"] = [_("Give the number of participants.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def summary_save(
    conference: Conference,
    *,
    by: User,
    review: str,
    actual_total: int | None,
    actual_foreign: int | None,
    actual_countries: int | None,
    proceedings: UploadedFile | None = None,
) -> Summary:
    """Write (or change) the summary before it is filed: the review, the participants who
    came, the proceedings. Raises ValidationError and changes nothing on bad input. Side
    effects: history."""
    current = _require_writable(conference, by)
    review = (review or "").strip()
    if not review:
        raise ValidationError({"review": [_("Write the academic review.")]})
    total, foreign, countries = actual_total or 0, actual_foreign or 0, actual_countries or 0
    _counts_check(total, foreign, countries)
    if proceedings is not None:
        uploads.upload_check(proceedings, uploads.LETTERS)
    summary = Summary.objects.filter(conference=current).first() or Summary(conference=current)
    summary.review = review
    summary.actual_total = total
    summary.actual_foreign = foreign
    summary.actual_countries = countries
    if proceedings is not None:
        summary.proceedings = proceedings
    summary.written_by = by
    history_by(summary, by)
    summary.save()
    return summary


@transaction.atomic
def photo_add(
    conference: Conference, *, by: User, image: UploadedFile | None, caption: str
) -> SummaryPhoto:
    """Add a captioned photo (JPEG or PNG, checked by content), up to the office rule's
    number. Raises ValidationError. Side effects: history."""
    current = _require_writable(conference, by)
    summary = Summary.objects.filter(conference=current).first()
    if summary is None:
        raise ValidationError(_("Write the summary first, then add its photos."))
    errors: dict[str, list[str]] = {}
    if image is None:
        errors["image"] = [_("Choose a photo.")]
    caption = (caption or "").strip()
    if not caption:
        errors["caption"] = [_("Say what the photo shows.")]
    if errors:
        raise ValidationError(errors)
    most = policy.SUMMARY_MAX_PHOTOS.value()
    if summary.photos.count() >= most:
        raise ValidationError(
            _("The summary has its %(count)s photos already (the office rule “%(rule)s”).")
            % {"count": most, "rule": policy.SUMMARY_MAX_PHOTOS.label}
        )
    assert image is not None
    uploads.upload_check(image, PHOTOS)
    photo = SummaryPhoto(summary=summary, image=image, caption=caption)
    history_by(photo, by)
    photo.save()
    return photo


@transaction.atomic
def photo_remove(photo: SummaryPhoto, *, by: User) -> None:
    """Take a photo off the summary before it is filed. Side effects: history."""
    _require_writable(photo.summary.conference, by)
    history_by(photo, by)
    photo.delete()


def filing_problems(summary: Summary) -> list[str]:
    """What stops the summary from being filed, each naming the office rule it breaks (an
    empty list when it may be filed)."""
    problems: list[str] = []
    version = summary.conference.current_version
    if version is not None and clock.today() < version.ends_on:
        problems.append(
            _("The conference ends on %(date)s; file the summary after that.")
            % {"date": version.ends_on.isoformat()}
        )
    least = policy.SUMMARY_MIN_CHARACTERS.value()
    length = review_length(summary.review)
    if length < least:
        problems.append(
            _(
                "The academic review has %(length)s characters; the office rule “%(rule)s” "
                "asks for %(least)s."
            )
            % {"length": length, "least": least, "rule": policy.SUMMARY_MIN_CHARACTERS.label}
        )
    photos = summary.photos.count()
    fewest, most = policy.SUMMARY_MIN_PHOTOS.value(), policy.SUMMARY_MAX_PHOTOS.value()
    if photos < fewest:
        problems.append(
            _("The summary has %(count)s photos; the office rule “%(rule)s” asks for %(least)s.")
            % {"count": photos, "least": fewest, "rule": policy.SUMMARY_MIN_PHOTOS.label}
        )
    elif photos > most:
        problems.append(
            _("The summary has %(count)s photos; the office rule “%(rule)s” allows %(most)s.")
            % {"count": photos, "most": most, "rule": policy.SUMMARY_MAX_PHOTOS.label}
        )
    if summary.actual_total == 0:
        problems.append(_("Give the number of participants who came."))
    return problems


@transaction.atomic
def summary_file(conference: Conference, *, by: User) -> Summary:
    """File the summary and close the conference. Raises ValidationError listing every
    rule the summary breaks, and changes nothing then. Side effects: history of both."""
    current = _require_writable(conference, by)
    summary = Summary.objects.filter(conference=current).first()
    if summary is None:
        raise ValidationError(_("Write the summary first."))
    problems = filing_problems(summary)
    if problems:
        raise ValidationError(problems)
    summary.filed_at = timezone.now()
    history_by(summary, by, _("Summary filed"))
    summary.save()
    current.status = ConferenceStatus.CLOSED
    history_by(current, by, _("Summary filed"))
    current.save()
    return summary
