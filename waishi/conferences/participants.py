"""A conference's participants: who takes part, from where, and the passport data their
visa letters need (deleted a set number of days after the conference).

Each participant is a person of the `people` register, found again when they come back (to
a visit or another conference) by passport, else by names, date of birth and nationality
(the visits app's `guest_person`), never copied. Countries are counted as the office counts
them: Hong Kong, Macao and Taiwan apart, never as countries (`core.geography`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from waishi.conferences import policy
from waishi.conferences.models import Conference, Participant, Registration
from waishi.core import clock
from waishi.core.enums import PlaceKind
from waishi.core.forms import stripped_values
from waishi.core.geography import PlaceCount, place_count
from waishi.core.history import history_by
from waishi.core.models import Country, User
from waishi.core.permissions import require
from waishi.people import validators as people_rules
from waishi.people.enums import DocumentKind
from waishi.people.models import IdentityDocument, Person
from waishi.visits.services import guest_person

HOME_COUNTRY = "CN"
PERSON_FIELDS = ("family_name", "given_name", "name_zh", "sex", "birth_date", "email")
PARTICIPANT_FIELDS = (
    "role",
    "country",
    "organisation",
    "title",
    "passport_number",
    "passport_expires_on",
    "needs_visa_letter",
    "source",
    "email_verified",
)


def is_foreign_country(country: Country | None) -> bool:
    """Of a country other than China: Hong Kong, Macao and Taiwan are not foreign."""
    return bool(
        country is not None and country.kind == PlaceKind.COUNTRY and country.code != HOME_COUNTRY
    )


def _person(values: dict[str, Any], country: Country | None, passport: str, by: User) -> Person:
    """The participant's record in the people register: the holder of the passport when the
    register knows it, else the visits' rule (names, date of birth, nationality)."""
    if passport:
        document = (
            IdentityDocument.objects.filter(kind__in=DocumentKind.passports(), number=passport)
            .select_related("person")
            .first()
        )
        if document is not None:
            return document.person
    return guest_person(by=by, nationality=country, **values)


@transaction.atomic
def participant_add(
    conference: Conference,
    *,
    by: User,
    passport_expiry: datetime.date | None = None,
    **values: Any,
) -> Participant:
    """Add a participant to the conference; their person is found or made. A person takes
    part once. Raises ValidationError. Side effects: history of the participant (and of a
    new or completed person)."""
    require(by.has_perm("conferences.manage_participants", conference))
    link = stripped_values(values, PARTICIPANT_FIELDS)
    person_values = stripped_values(values, PERSON_FIELDS)
    country = link.get("country")
    if country is None:
        raise ValidationError({"country": _("Give the participant's country or region.")})
    if not (
        person_values.get("family_name")
        or person_values.get("given_name")
        or person_values.get("name_zh")
    ):
        raise ValidationError({"family_name": _("Give the participant's name.")})
    number = people_rules.document_number(link.pop("passport_number", "") or "")
    if passport_expiry is not None:
        link["passport_expires_on"] = passport_expiry
    person = _person(person_values, country, number, by)
    if conference.participants.filter(person=person).exists():
        raise ValidationError(
            {
                NON_FIELD_ERRORS: [
                    _("%(name)s already takes part in this conference.") % {"name": person}
                ]
            }
        )
    participant = Participant(
        conference=conference,
        person=person,
        passport_number=number,
        is_foreign=is_foreign_country(country),
        **link,
    )
    participant.full_clean(exclude=["conference", "person"])
    history_by(participant, by)
    participant.save()
    return participant


@transaction.atomic
def participant_update(participant: Participant, *, by: User, **values: Any) -> Participant:
    """Change a participant's place in the conference (their person is changed in the people
    register). Raises ValidationError. Side effects: history."""
    require(by.has_perm("conferences.manage_participants", participant.conference))
    link = stripped_values(values, PARTICIPANT_FIELDS)
    if "passport_number" in link:
        link["passport_number"] = people_rules.document_number(link["passport_number"] or "")
    for key, value in link.items():
        setattr(participant, key, value)
    participant.is_foreign = is_foreign_country(participant.country)
    participant.full_clean(exclude=["conference", "person"])
    history_by(participant, by)
    participant.save()
    return participant


@transaction.atomic
def participant_remove(participant: Participant, *, by: User) -> None:
    """Take a participant off the list (their person stays in the register)."""
    require(by.has_perm("conferences.manage_participants", participant.conference))
    history_by(participant, by)
    participant.delete()


@dataclass(frozen=True)
class ParticipantFigures:
    total: int
    foreign: int
    places: PlaceCount


def participant_figures(conference: Conference) -> ParticipantFigures:
    """How many take part, how many are foreign, and from how many countries (Hong Kong,
    Macao and Taiwan counted apart)."""
    participants = conference.participants.all()
    return ParticipantFigures(
        total=participants.count(),
        foreign=participants.filter(is_foreign=True).count(),
        places=place_count(Country.objects.filter(pk__in=participants.values("country"))),
    )


def passport_data_due(today: datetime.date | None = None) -> list[Participant]:
    """Participants whose passport data is kept past the rule's days after their
    conference ended."""
    today = today or clock.today()
    limit = today - datetime.timedelta(days=policy.PASSPORT_DELETION_DAYS.value())
    return list(
        Participant.objects.exclude(passport_number="", passport_expires_on=None)
        .filter(conference__current_version__ends_on__lt=limit)
        .select_related("conference")
    )


_PASSPORT_DELETED = "passport data deleted after the conference"


@transaction.atomic
def passport_data_delete(today: datetime.date | None = None) -> int:
    """Delete the passport data of conferences that ended more than the rule's days ago, of
    participants and of public registrations. Returns how many records lost it. Side
    effects: their history records the deletion (without the number, which the history never
    keeps)."""
    today = today or clock.today()
    due = passport_data_due(today)
    for participant in due:
        participant.passport_number = ""
        participant.passport_expires_on = None
        participant.passport_deleted_on = today
        history_by(participant, None, _PASSPORT_DELETED)
        # One save each: the history keeps the deletion (never the number).
        participant.save(
            update_fields=["passport_number", "passport_expires_on", "passport_deleted_on"]
        )
    return len(due) + _registration_passports_delete(today)


def registration_passports_due(today: datetime.date | None = None) -> list[Registration]:
    """Public registrations (whatever became of them) whose passport data is kept past the
    participants' rule."""
    today = today or clock.today()
    limit = today - datetime.timedelta(days=policy.PASSPORT_DELETION_DAYS.value())
    return list(
        Registration.objects.exclude(passport_number="", passport_expires_on=None).filter(
            conference__current_version__ends_on__lt=limit
        )
    )


def _registration_passports_delete(today: datetime.date) -> int:
    due = registration_passports_due(today)
    for registration in due:
        registration.passport_number = ""
        registration.passport_expires_on = None
        registration.passport_deleted_on = today
        history_by(registration, None, _PASSPORT_DELETED)
        registration.save(
            update_fields=["passport_number", "passport_expires_on", "passport_deleted_on"]
        )
    return len(due)
