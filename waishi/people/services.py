"""Writes of people and their identity documents. Every write is atomic, checks the rules of
`validators.py` and leaves a line in the history of what it touched (who made it)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.fields.files import FieldFile

from waishi.core import uploads
from waishi.core.forms import stripped_values
from waishi.core.history import history_by
from waishi.core.models import User
from waishi.core.names import is_chinese
from waishi.people import validators
from waishi.people.models import IdentityDocument, Person


def _name_parts(full_name: str) -> dict[str, str]:
    """A full name as the Person's columns: Chinese as `name_zh`, a Latin name split into
    given names and the family name (last word)."""
    name = full_name.strip()
    if not name:
        return {}
    if any("\u4e00" <= char <= "\u9fff" for char in name):
        return {"name_zh": name}
    *given, family = name.split()
    return {"given_name": " ".join(given), "family_name": family}


@transaction.atomic
def person_for_account(user: User) -> Person:
    """The account's Person: the one linked already; else the only unlinked Person with the
    account's e-mail address (the office may have recorded them first); else a new one from
    the account's name, address and first unit. Called when an account is made."""
    linked = Person.objects.filter(user=user).first()
    if linked is not None:
        return linked
    if user.email:
        same_address = list(
            Person.objects.select_for_update().filter(email__iexact=user.email, user=None)[:2]
        )
        if len(same_address) == 1:
            person = same_address[0]
            person.user = user
            person.save(update_fields=["user"])
            return person
    parts = _name_parts(user.full_name) or {"given_name": user.username}
    return Person.objects.create(
        user=user, email=user.email, unit=user.units.order_by("pk").first(), **parts
    )


def account_name(user: User) -> str:
    """The name of the account's Person in the active language: the Chinese name on Chinese
    pages and the Latin one on English pages, else the other; "" without a Person, or when
    its only name is the user name it was made from."""
    person = Person.objects.filter(user=user).first()
    if person is None:
        return ""
    latin = " ".join(part for part in (person.given_name, person.family_name) if part)
    if latin == user.username:
        latin = ""
    return (person.name_zh or latin) if is_chinese() else (latin or person.name_zh)


PERSON_FIELDS = (
    "name_zh",
    "family_name",
    "given_name",
    "passport_name",
    "sex",
    "birth_date",
    "nationality",
    "email",
    "phone",
    "unit",
    "position",
    "user",
    "notes",
)
DOCUMENT_FIELDS = ("kind", "number", "issuing_country", "issued_on", "expires_on", "scan", "notes")


def _person_values(values: dict[str, Any], current: Person | None = None) -> dict[str, Any]:
    values = stripped_values(values, PERSON_FIELDS)
    if values.get("passport_name"):
        values["passport_name"] = validators.passport_name(values["passport_name"])
    # A change is checked as the record will be: its names, changed or not.
    kept = {name: getattr(current, name) for name in validators.NAMES} if current else {}
    validators.person_check(kept | values)
    return values


@transaction.atomic
def person_create(*, by: User | None = None, **values: Any) -> Person:
    """Record a person. Raises ValidationError on a broken rule. Side effects: history."""
    person = Person(**_person_values(values))
    history_by(person, by)
    person.save()
    return person


@transaction.atomic
def person_update(person: Person, *, by: User | None = None, **values: Any) -> Person:
    """Change a person's record. Raises ValidationError. Side effects: history."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    for field, value in _person_values(values, person).items():
        setattr(person, field, value)
    history_by(person, by)
    person.save()
    return person


def _document_values(
    values: dict[str, Any], instance: IdentityDocument | None = None
) -> dict[str, Any]:
    values = stripped_values(values, DOCUMENT_FIELDS)
    if "number" in values or instance is None:
        values["number"] = validators.document_number(values.get("number") or "")
    kept = {f: getattr(instance, f) for f in DOCUMENT_FIELDS if f != "scan"} if instance else {}
    validators.document_check(kept | values, instance)
    scan = values.get("scan")
    if "scan" in values and not scan:
        values["scan"] = ""  # none, or cleared
    elif scan and not isinstance(scan, FieldFile):  # a new upload, not the file kept already
        try:
            uploads.upload_check(scan, uploads.SCANS)
        except ValidationError as error:
            raise ValidationError({"scan": error}) from error
    return values


@transaction.atomic
def document_create(person: Person, *, by: User | None = None, **values: Any) -> IdentityDocument:
    """Add an identity document to a person. Raises ValidationError (a broken rule, a scan
    that is not a PDF, JPEG or PNG by its content). Side effects: history."""
    document = IdentityDocument(person=person, **_document_values(values))
    history_by(document, by)
    document.save()
    return document


@transaction.atomic
def document_update(
    document: IdentityDocument, *, by: User | None = None, **values: Any
) -> IdentityDocument:
    """Change an identity document. Raises ValidationError. Side effects: history."""
    document = IdentityDocument.objects.select_for_update().get(pk=document.pk)
    for field, value in _document_values(values, document).items():
        setattr(document, field, value)
    history_by(document, by)
    document.save()
    return document
