"""The visa invitation letter (签证邀请函) of a conference's foreign participant: bilingual,
numbered in core's one register of letters (`waishi.core.letters`), as a visit's letter is.

It carries what a Chinese consulate requires; a letter with any of it missing is refused,
naming what is missing, and no letter goes out before the conference is approved (no
invitation before approval). The attendance certificate is a PDF of the same make, printed
again at will and not numbered."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from waishi.conferences.enums import HAS_APPROVAL
from waishi.conferences.models import Conference, ConferenceVersion, Participant
from waishi.core import clock
from waishi.core.letters import letter_issue, pdf_from_html
from waishi.core.models import Letter, User
from waishi.core.permissions import require

KIND = "conferences.invitation"


def _inviter() -> dict[str, str]:
    return {
        "name_zh": settings.HOME_INSTITUTION_NAME_ZH,
        "name_en": settings.HOME_INSTITUTION_NAME_EN,
        "office_zh": settings.OFFICE_NAME_ZH,
        "office_en": settings.OFFICE_NAME_EN,
        "address_zh": settings.HOME_INSTITUTION_ADDRESS_ZH,
        "address_en": settings.HOME_INSTITUTION_ADDRESS_EN,
        "phone": settings.OFFICE_PHONE,
    }


def _version(conference: Conference) -> ConferenceVersion | None:
    return conference.current_version


def invitation_missing(participant: Participant) -> list[str]:
    """What a consulate requires that the letter would lack, each named for the office."""
    missing: list[str] = []
    person = participant.person
    if not (person.passport_name or person.family_name or person.given_name):
        missing.append(_("the name as in the passport"))
    if not person.sex:
        missing.append(_("the gender"))
    if person.birth_date is None:
        missing.append(_("the date of birth"))
    if not participant.passport_number:
        missing.append(_("the passport number"))
    if participant.passport_expires_on is None:
        missing.append(_("the passport's expiry date"))
    version = _version(participant.conference)
    if version is None or not (version.venue or version.city):
        missing.append(_("the conference's venue"))
    if not settings.HOME_INSTITUTION_ADDRESS_ZH or not settings.HOME_INSTITUTION_ADDRESS_EN:
        missing.append(_("the inviter's address (HOME_INSTITUTION_ADDRESS_ZH and _EN)"))
    if not settings.OFFICE_PHONE:
        missing.append(_("the inviter's telephone (OFFICE_PHONE)"))
    return missing


@transaction.atomic
def invitation_issue(participant: Participant, *, by: User) -> Letter:
    """The office issues a foreign participant's visa invitation letter. Refused before the
    conference is approved, for a participant who is not foreign, and when anything the
    consulate requires is missing (each named). Side effects: a numbered letter in the
    register, its history."""
    conference = participant.conference
    require(by.has_perm("conferences.issue_letter", conference))
    if conference.status not in HAS_APPROVAL:
        raise ValidationError(
            _("An invitation letter is issued only once the conference is approved.")
        )
    if not participant.is_foreign:
        raise ValidationError(
            _("%(name)s is not a foreign participant: no visa letter is needed.")
            % {"name": participant.person}
        )
    missing = invitation_missing(participant)
    if missing:
        raise ValidationError(
            _("The letter cannot be issued; it lacks: %(missing)s.")
            % {"missing": "; ".join(missing)}
        )
    version = _version(conference)
    title = _("Visa invitation letter: %(who)s") % {"who": participant.person}

    def render(number: str) -> bytes:
        html = render_to_string(
            "conferences/letter/invitation_pdf.html",
            {
                "conference": conference,
                "version": version,
                "participant": participant,
                "person": participant.person,
                "number": number,
                "today": clock.today(),
                "settings": _inviter(),
            },
        )
        return pdf_from_html(html)

    return letter_issue(kind=KIND, subject=participant, title=title, render=render, by=by)


def certificate_pdf(participant: Participant, *, by: User) -> bytes:
    """A participant's attendance certificate (参会证明), bilingual. Only once the conference
    is approved."""
    conference = participant.conference
    require(by.has_perm("conferences.print_certificate", conference))
    if conference.status not in HAS_APPROVAL:
        raise ValidationError(
            _("An attendance certificate is printed only once the conference is approved.")
        )
    html = render_to_string(
        "conferences/letter/certificate_pdf.html",
        {
            "conference": conference,
            "version": _version(conference),
            "participant": participant,
            "person": participant.person,
            "today": clock.today(),
            "settings": _inviter(),
        },
    )
    return pdf_from_html(html)
