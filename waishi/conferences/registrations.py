"""Public registration for a conference (issue 16): anyone registers on the conference's
public page once the organisers have opened it; the e-mail address is confirmed by a signed
link that expires (office rule), and only then does the registration wait in the organisers'
queue. Accepted, it becomes a participant through `participants.participant_add` (the same
person found again in the people register); rejected, it keeps the reason.

Passport data is never in the history, and is deleted by the participants' rule
(`participants.passport_data_delete`)."""

from __future__ import annotations

import datetime
import functools
import time
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from waishi.conferences import participants, policy
from waishi.conferences.enums import (
    ConferenceStatus,
    RegistrationSource,
    RegistrationStatus,
)
from waishi.conferences.models import Conference, Participant, Registration
from waishi.core import clock
from waishi.core.history import history_by
from waishi.core.models import User
from waishi.core.permissions import require
from waishi.people import validators as people_rules
from waishi.people.enums import Sex

LINK_SALT = "waishi.conferences.registration.link"
FORM_SALT = "waishi.conferences.registration.form"
# Registration is open only while the conference stands approved (not while it is closed).
OPEN_STATUSES = (ConferenceStatus.APPROVED, ConferenceStatus.CHANGING)
VALUES = (
    "family_name",
    "given_name",
    "name_zh",
    "email",
    "country",
    "organisation",
    "needs_visa_letter",
    "passport_number",
    "passport_expires_on",
    "birth_date",
    "sex",
)


def accepts_registrations(conference: Conference) -> bool:
    """The organisers opened registration, the conference stands approved and is not over."""
    version = conference.approved_version()
    return bool(
        conference.registration_open
        and conference.status in OPEN_STATUSES
        and version is not None
        and version.ends_on >= clock.today()
    )


# Opening and closing -------------------------------------------------------------------------


@transaction.atomic
def registration_open_set(conference: Conference, *, by: User, open: bool) -> Conference:
    """Open or close public registration. Opened only for an approved conference. Side
    effects: the conference's history."""
    require(by.has_perm("conferences.open_registration", conference))
    if open and conference.status not in OPEN_STATUSES:
        raise ValidationError(_("Registration opens only once the conference is approved."))
    if conference.registration_open == open:
        return conference
    conference.registration_open = open
    history_by(
        conference, by, "public registration opened" if open else "public registration closed"
    )
    conference.save(update_fields=["registration_open", "updated_at"])
    return conference


# The visitor ----------------------------------------------------------------------------------


def form_stamp(at: float | None = None) -> str:
    """The signed time the form was shown: a form sent back sooner than a person could fill
    it in is a robot's."""
    return signing.dumps(int(time.time() if at is None else at), salt=FORM_SALT)


def filled_by_a_person(stamp: str, honeypot: str) -> bool:
    """The hidden field left empty, and the form shown at least the rule's seconds ago."""
    if honeypot:
        return False
    try:
        shown = signing.loads(stamp, salt=FORM_SALT)
    except signing.BadSignature:
        return False
    return isinstance(shown, int) and time.time() - shown >= policy.REGISTRATION_MIN_SECONDS.value()


def visa_needs() -> dict[str, str]:
    """What a visa letter needs of the registration form beyond a name, each with the
    message that asks for it."""
    return {
        "passport_number": _("A visa letter needs your passport number."),
        "passport_expires_on": _("A visa letter needs your passport's expiry date."),
        "birth_date": _("A visa letter needs your date of birth."),
        "sex": _("A visa letter needs your gender."),
    }


def _check(conference: Conference, values: dict[str, Any]) -> None:
    """What a registration needs; a visa letter needs what a consulate requires."""
    errors: dict[str, list[str]] = {}
    if not (values.get("family_name") or values.get("given_name") or values.get("name_zh")):
        errors["family_name"] = [_("Give your name.")]
    if not values.get("email"):
        errors["email"] = [_("Give your e-mail address.")]
    if values.get("country") is None:
        errors["country"] = [_("Give your country or region.")]
    if not values.get("organisation"):
        errors["organisation"] = [_("Give your organisation.")]
    if values.get("sex") and values["sex"] not in Sex.values:
        errors["sex"] = [_("Choose a gender from the list.")]
    if values.get("needs_visa_letter"):
        if not (values.get("family_name") or values.get("given_name")):
            errors.setdefault("family_name", []).append(
                _("A visa letter needs your name as in your passport.")
            )
        for name, message in visa_needs().items():
            if not values.get(name):
                errors.setdefault(name, []).append(message)
        version = conference.approved_version()
        expires = values.get("passport_expires_on")
        if expires and version is not None and expires <= version.ends_on:
            errors.setdefault("passport_expires_on", []).append(
                _("Your passport expires before the conference ends.")
            )
    birth = values.get("birth_date")
    if birth and birth >= clock.today():
        errors.setdefault("birth_date", []).append(_("The date of birth is in the future."))
    if errors:
        raise ValidationError(errors)


def confirmation_link(registration: Registration) -> str:
    token = signing.dumps({"r": registration.pk, "e": registration.email}, salt=LINK_SALT)
    path = reverse("conferences:public.confirm", kwargs={"token": token})
    return getattr(settings, "SITE_URL", "").rstrip("/") + path


def _mail(registration: Registration) -> None:
    """The confirmation link, in the language the visitor registered in."""
    version = registration.conference.approved_version()
    with translation.override(registration.language):
        context = {
            "registration": registration,
            "version": version,
            "link": confirmation_link(registration),
            "hours": policy.REGISTRATION_LINK_HOURS.value(),
            "chinese": registration.language.startswith("zh"),
        }
        subject = render_to_string("conferences/registration/mail_subject.txt", context).strip()
        body = render_to_string("conferences/registration/mail_body.txt", context)
    transaction.on_commit(functools.partial(send_mail, subject, body, None, [registration.email]))


@transaction.atomic
def registration_submit(conference: Conference, *, language: str, **values: Any) -> Registration:
    """A visitor's registration, kept unconfirmed, and the mail with its confirmation link.
    Raises ValidationError (each field named) when registration is closed or anything is
    missing. Side effects: history (without passport data), one e-mail after commit."""
    if not accepts_registrations(conference):
        raise ValidationError(_("Registration for this conference is closed."))
    kept = {name: values.get(name) for name in VALUES}
    for name in ("family_name", "given_name", "name_zh", "organisation", "sex"):
        kept[name] = " ".join(str(kept[name] or "").split())
    kept["email"] = str(kept["email"] or "").strip().lower()
    kept["passport_number"] = people_rules.document_number(str(kept["passport_number"] or ""))
    kept["needs_visa_letter"] = bool(kept["needs_visa_letter"])
    if not kept["needs_visa_letter"]:
        # Nothing a visa letter alone needs is kept for someone who wants none.
        kept.update(passport_number="", passport_expires_on=None)
    _check(conference, kept)
    registration = Registration(conference=conference, language=language[:10], **kept)
    registration.full_clean(exclude=["conference"])
    registration.save()
    _mail(registration)
    return registration


class LinkError(Exception):
    """A confirmation link that is forged, expired or for a registration now gone."""


@transaction.atomic
def registration_verify(token: str) -> Registration:
    """Confirm the e-mail address of the link's registration: it now waits for review
    (confirming again changes nothing). Raises LinkError. Side effects: history."""
    hours = policy.REGISTRATION_LINK_HOURS.value()
    try:
        found = signing.loads(token, salt=LINK_SALT, max_age=datetime.timedelta(hours=hours))
    except signing.BadSignature:
        raise LinkError from None
    registration = (
        Registration.objects.select_for_update()
        .filter(pk=found.get("r"), email=found.get("e"))
        .first()
    )
    if registration is None:
        raise LinkError
    if registration.status == RegistrationStatus.UNVERIFIED:
        registration.status = RegistrationStatus.WAITING
        registration.verified_at = timezone.now()
        history_by(registration, None, "e-mail address confirmed")
        registration.save(update_fields=["status", "verified_at"])
    return registration


def unconfirmed_delete(now: datetime.datetime | None = None) -> int:
    """Delete the registrations whose address was never confirmed and whose link has run
    out (`REGISTRATION_LINK_HOURS`), with their history: nobody can confirm them any more,
    and a stranger's name, address and passport data are not kept for nothing. Returns how
    many."""
    hours = policy.REGISTRATION_LINK_HOURS.value()
    before = (now or timezone.now()) - datetime.timedelta(hours=hours)
    with transaction.atomic():
        ids = list(
            Registration.objects.filter(
                status=RegistrationStatus.UNVERIFIED, created_at__lt=before
            ).values_list("pk", flat=True)
        )
        Registration.objects.filter(pk__in=ids).delete()
        # After the delete, whose history rows it adds too.
        Registration.history.filter(id__in=ids).delete()
    return len(ids)


# The organisers' queue ----------------------------------------------------------------------


def _waiting(registration: Registration, by: User) -> None:
    require(by.has_perm("conferences.review_registration", registration.conference))
    if registration.status != RegistrationStatus.WAITING:
        raise ValidationError(_("This registration has been decided already."))


@transaction.atomic
def registration_accept(registration: Registration, *, by: User) -> Participant:
    """Accept a confirmed registration: it becomes a participant (registered on the public
    page, e-mail verified), their person found again in the people register when known.
    Raises ValidationError (e.g. already a participant). Side effects: history of both."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    _waiting(registration, by)
    participant = participants.participant_add(
        registration.conference,
        by=by,
        family_name=registration.family_name,
        given_name=registration.given_name,
        name_zh=registration.name_zh,
        sex=registration.sex,
        birth_date=registration.birth_date,
        email=registration.email,
        country=registration.country,
        organisation=registration.organisation,
        passport_number=registration.passport_number,
        passport_expiry=registration.passport_expires_on,
        needs_visa_letter=registration.needs_visa_letter,
        source=RegistrationSource.PUBLIC,
        email_verified=True,
    )
    registration.status = RegistrationStatus.ACCEPTED
    registration.participant = participant
    registration.decided_by = by
    registration.decided_at = timezone.now()
    history_by(registration, by)
    registration.save()
    return participant


@transaction.atomic
def registration_reject(registration: Registration, *, by: User, reason: str) -> Registration:
    """Reject a confirmed registration, saying why. Raises ValidationError without a reason.
    Side effects: history."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    _waiting(registration, by)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the registration is rejected.")]})
    registration.status = RegistrationStatus.REJECTED
    registration.reject_reason = reason
    registration.decided_by = by
    registration.decided_at = timezone.now()
    history_by(registration, by)
    registration.save()
    return registration
