"""The visa invitation letter (签证邀请函): bilingual, numbered in core's one register of
letters (`waishi.core.letters`). It carries what a Chinese consulate requires; a letter with
any of it missing is refused, naming what is missing."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from waishi.core import clock
from waishi.core.letters import letter_issue, pdf_from_html
from waishi.core.models import Letter, User
from waishi.core.permissions import require
from waishi.people.enums import DocumentKind
from waishi.people.models import IdentityDocument
from waishi.visits.enums import VisitStatus
from waishi.visits.models import Guest, Visit

KIND = "visits.invitation"


def _passport(guest: Guest) -> IdentityDocument | None:
    documents = [d for d in guest.person.documents.all() if d.kind in DocumentKind.passports()]
    documents.sort(key=lambda d: (d.expires_on is not None, d.expires_on), reverse=True)
    return documents[0] if documents else None


def _guests(visit: Visit, guest: Guest | None) -> list[Guest]:
    guests = visit.guests.select_related("person__nationality").prefetch_related(
        "person__documents"
    )
    if guest is not None:
        guests = guests.filter(pk=guest.pk)
    return list(guests.order_by("role", "pk"))


def invitation_missing(visit: Visit, guests: list[Guest]) -> list[str]:
    """What a consulate requires that the letter would lack, each named for the office."""
    missing: list[str] = []
    if not guests:
        missing.append(_("the guests"))
    for guest in guests:
        person = guest.person
        name = str(person)
        if not (person.passport_name or person.family_name or person.given_name):
            missing.append(_("%(guest)s: name as in the passport") % {"guest": name})
        if not person.sex:
            missing.append(_("%(guest)s: gender") % {"guest": name})
        if person.birth_date is None:
            missing.append(_("%(guest)s: date of birth") % {"guest": name})
        if _passport(guest) is None:
            missing.append(_("%(guest)s: passport number") % {"guest": name})
    if not visit.purpose.strip():
        missing.append(_("the reason for the visit"))
    if not visit.places.strip():
        missing.append(_("the places to be visited"))
    if not settings.HOME_INSTITUTION_ADDRESS_ZH or not settings.HOME_INSTITUTION_ADDRESS_EN:
        missing.append(_("the inviter's address (HOME_INSTITUTION_ADDRESS_ZH and _EN)"))
    if not settings.OFFICE_PHONE:
        missing.append(_("the inviter's telephone (OFFICE_PHONE)"))
    return missing


@transaction.atomic
def invitation_issue(visit: Visit, *, by: User, guest: Guest | None = None) -> Letter:
    """The office issues the visa invitation letter of an approved visit: for one guest, or
    the whole delegation. Refused before approval, and when anything the consulate requires
    is missing (each named). Side effects: a numbered letter in the register, its history."""
    require(by.has_perm("visits.manage_visit"))
    if visit.status != VisitStatus.APPROVED:
        raise ValidationError(_("An invitation letter is issued only once the visit is approved."))
    guests = _guests(visit, guest)
    missing = invitation_missing(visit, guests)
    if missing:
        raise ValidationError(
            _("The letter cannot be issued; it lacks: %(missing)s.")
            % {"missing": "; ".join(missing)}
        )
    rows = [{"guest": g, "passport": _passport(g)} for g in guests]
    title = _("Visa invitation letter: %(who)s") % {
        "who": guests[0].person if len(guests) == 1 else visit.title
    }

    def render(number: str) -> bytes:
        html = render_to_string(
            "visits/letter/invitation_pdf.html",
            {
                "visit": visit,
                "rows": rows,
                "number": number,
                "today": clock.today(),
                "settings": {
                    "name_zh": settings.HOME_INSTITUTION_NAME_ZH,
                    "name_en": settings.HOME_INSTITUTION_NAME_EN,
                    "office_zh": settings.OFFICE_NAME_ZH,
                    "office_en": settings.OFFICE_NAME_EN,
                    "address_zh": settings.HOME_INSTITUTION_ADDRESS_ZH,
                    "address_en": settings.HOME_INSTITUTION_ADDRESS_EN,
                    "phone": settings.OFFICE_PHONE,
                },
            },
        )
        return pdf_from_html(html)

    return letter_issue(kind=KIND, subject=visit, title=title, render=render, by=by)
