"""Writes of partner institutions, their other names and contacts.

Every write here is atomic and leaves a line in the history of what it touched (who, and why
when the reason is not obvious from the changed fields)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from waishi.core import changes
from waishi.core.history import history_by
from waishi.core.models import Country, User
from waishi.partners import hooks
from waishi.partners.enums import OtherNameKind, PartnerStatus
from waishi.partners.models import Contact, Institution, InstitutionName
from waishi.partners.search import fold, search_text

# Fields of an institution that a form, the API or an import may set.
INSTITUTION_FIELDS = (
    "name_en",
    "name_zh",
    "country",
    "city",
    "website",
    "kind",
    "status",
    "partner_since",
    "responsible",
    "notes",
)
CONTACT_FIELDS = ("name", "position", "email", "phone", "notes", "is_primary")


class DuplicateInstitution(ValidationError):
    """A second institution with the same name in the same country; `existing` is the first."""

    def __init__(self, existing: Institution) -> None:
        self.existing = existing
        super().__init__(
            _("“%(name)s” in %(country)s is already in the registry (%(url)s).")
            % {
                "name": existing.name,
                "country": existing.country.name,
                "url": existing.get_absolute_url(),
            },
            code="duplicate",
        )


def institution_search_refresh(institution: Institution) -> None:
    """Recompute the folded search text from every name of the institution (call after its
    names or other names change)."""
    names = [institution.name_en, institution.name_zh]
    if institution.pk:
        names += list(institution.other_names.values_list("name", flat=True))
    text = search_text(names)
    if text != institution.search_text:
        institution.search_text = text
        if institution.pk:
            changes.update(Institution.objects.filter(pk=institution.pk), search_text=text)
            hooks.renamed_all(institution)


def institution_find_duplicate(
    name_en: str, name_zh: str, country: Country | None, exclude_pk: int | None = None
) -> Institution | None:
    """The institution in `country` whose English or Chinese name equals one of these names,
    ignoring case, accents and spacing; None when there is none."""
    if country is None:
        return None
    wanted = {fold(n) for n in (name_en, name_zh) if n and fold(n)}
    if not wanted:
        return None
    candidates = Institution.objects.filter(country=country).select_related("country")
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    for candidate in candidates.only("pk", "name_en", "name_zh", "country"):
        if {fold(candidate.name_en), fold(candidate.name_zh)} & wanted:
            return candidate
    return None


class InstitutionIndex:
    """The institutions of the registry by country and folded name, each country read once
    when first asked: how a whole file (an import) is checked for duplicates in one query per
    country instead of one per row. `find` answers as `institution_find_duplicate`; `add`
    takes in a record created since."""

    def __init__(self) -> None:
        self._countries: dict[int, dict[str, list[Institution]]] = {}

    def __reduce__(self) -> tuple[type[InstitutionIndex], tuple[()]]:
        # A kept preview (pickled) keeps no copy of the registry: it reads it again if asked.
        return (InstitutionIndex, ())

    def _names(self, country: Country) -> dict[str, list[Institution]]:
        names = self._countries.get(country.pk)
        if names is None:
            names = self._countries[country.pk] = {}
            candidates = (
                Institution.objects.filter(country=country)
                .select_related("country")
                .only("pk", "name_en", "name_zh", "country")
            )
            for candidate in candidates:
                self._file(names, candidate)
        return names

    @staticmethod
    def _file(names: dict[str, list[Institution]], institution: Institution) -> None:
        for name in {fold(n) for n in (institution.name_en, institution.name_zh) if n}:
            if name:
                names.setdefault(name, []).append(institution)

    def add(self, institution: Institution) -> None:
        self._file(self._names(institution.country), institution)

    def find(
        self, name_en: str, name_zh: str, country: Country | None, exclude_pk: int | None = None
    ) -> Institution | None:
        if country is None:
            return None
        names = self._names(country)
        found = [
            candidate
            for wanted in {fold(n) for n in (name_en, name_zh) if n and fold(n)}
            for candidate in names.get(wanted, ())
            if candidate.pk != exclude_pk or exclude_pk is None
        ]
        # The first by English name, as the registry lists them.
        return min(found, key=lambda i: (i.name_en, i.pk or 0), default=None)


def institution_check(
    values: dict[str, Any],
    instance: Institution | None = None,
    index: InstitutionIndex | None = None,
) -> None:
    """Refuse what the registry never holds: a missing English name or a duplicate of another
    institution in the same country (looked up in `index` when given). Raises
    ValidationError (DuplicateInstitution)."""
    name_en = (values.get("name_en") or "").strip()
    if not name_en:
        raise ValidationError({"name_en": _("The English name is required.")}, code="required")
    find = index.find if index is not None else institution_find_duplicate
    existing = find(
        name_en,
        values.get("name_zh") or "",
        values.get("country"),
        exclude_pk=instance.pk if instance else None,
    )
    if existing is not None:
        raise DuplicateInstitution(existing)


def _clean_values(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {k: v for k, v in values.items() if k in INSTITUTION_FIELDS}
    for key in ("name_en", "name_zh", "city", "website", "notes"):
        if key in cleaned:
            cleaned[key] = (
                " ".join((cleaned[key] or "").split())
                if key != "notes"
                else (cleaned[key] or "").strip()
            )
    return cleaned


@transaction.atomic
def institution_create(
    *, by: User | None = None, other_names: list[str] | None = None, **values: Any
) -> Institution:
    """Create an institution (refused if it duplicates one in the same country), with its
    other names. Side effects: history of the institution and its names."""
    values = _clean_values(values)
    institution_check(values)
    institution = Institution(**values)
    institution.full_clean(exclude=["search_text"])
    history_by(institution, by)
    institution.save()
    for name in other_names or []:
        other_name_add(institution, name=name, by=by, refresh=False)
    institution_search_refresh(institution)
    return institution


# Institutions inserted per statement by `institutions_create_many`.
BULK_BATCH = 500


@transaction.atomic
def institutions_create_many(
    rows: Sequence[tuple[dict[str, Any], Sequence[str]]],
    *,
    by: User | None = None,
    reason: str = "",
    index: InstitutionIndex | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Institution]:
    """Create many institutions at once (an import): each row's values and other names,
    checked as `institution_create` checks one (the duplicates against `index`, read once,
    and against the rows before it), then inserted in batches with their "created" history
    rows and other names. `progress(n)` is told how many are written so far. All or nothing."""
    index = index or InstitutionIndex()
    made: list[Institution] = []
    names: list[InstitutionName] = []
    for values, other_names in rows:
        values = _clean_values(values)
        institution_check(values, index=index)
        institution = Institution(**values)
        # The country and the person were found in the database by the caller: no query per
        # row to check them again (the database's keys still do).
        institution.full_clean(
            exclude=["search_text", "country", "responsible"],
            validate_unique=False,
            validate_constraints=False,
        )
        own = {fold(institution.name_en), fold(institution.name_zh)}
        kept: list[str] = []
        for name in other_names:
            name = " ".join(name.split())
            if name and fold(name) not in own:
                own.add(fold(name))
                kept.append(name)
        institution.search_text = search_text([institution.name_en, institution.name_zh, *kept])
        institution._other_names = kept  # type: ignore[attr-defined]  # until it has a pk
        index.add(institution)
        made.append(institution)
    user = by if by is not None and by.is_authenticated else None
    for start in range(0, len(made), BULK_BATCH):
        batch = made[start : start + BULK_BATCH]
        bulk_create_with_history(
            batch, Institution, default_user=user, default_change_reason=reason or None
        )
        for institution in batch:
            names += [
                InstitutionName(institution=institution, name=name, kind=OtherNameKind.SPELLING)
                for name in institution._other_names  # type: ignore[attr-defined]
            ]
        if progress is not None:
            progress(start + len(batch))
    if names:
        bulk_create_with_history(names, InstitutionName, batch_size=BULK_BATCH, default_user=user)
    changes.changed(Institution, InstitutionName)
    return made


@transaction.atomic
def institution_update(
    institution: Institution,
    *,
    by: User | None = None,
    reason: str = "",
    index: InstitutionIndex | None = None,
    **values: Any,
) -> Institution:
    """Change an institution's fields (refused if it would duplicate another; looked up in
    `index` when given). Side effects: one history entry listing the changed fields."""
    values = _clean_values(values)
    merged = {f: getattr(institution, f) for f in INSTITUTION_FIELDS} | values
    institution_check(merged, instance=institution, index=index)
    changed = [k for k, v in values.items() if getattr(institution, k) != v]
    if not changed:
        return institution
    for key, value in values.items():
        setattr(institution, key, value)
    institution.full_clean(exclude=["search_text"])
    history_by(institution, by, reason)
    institution.save()
    institution_search_refresh(institution)
    return institution


@transaction.atomic
def institution_end(
    institution: Institution, *, by: User | None = None, ended_on: datetime.date, reason: str
) -> Institution:
    """End a partnership: status ended; the date and reason go into the history (the record
    stays, with its contacts and names)."""
    institution.status = PartnerStatus.ENDED
    history_by(
        institution,
        by,
        _("Partnership ended on %(date)s: %(reason)s")
        % {"date": ended_on.isoformat(), "reason": reason.strip()},
    )
    institution.save()
    return institution


# Other names ------------------------------------------------------------------------------


def _check_other_name(institution: Institution, name: str, exclude_pk: int | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("The name is required.")}, code="required")
    if fold(name) in {fold(institution.name_en), fold(institution.name_zh)}:
        raise ValidationError(
            {"name": _("This is already the institution's English or Chinese name.")},
            code="same_as_name",
        )
    others = institution.other_names.values_list("name", flat=True)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if fold(name) in {fold(n) for n in others}:
        raise ValidationError(
            {"name": _("The institution already has this other name.")}, code="duplicate"
        )
    return name


@transaction.atomic
def other_name_add(
    institution: Institution,
    *,
    name: str,
    kind: str = OtherNameKind.SPELLING,
    by: User | None = None,
    refresh: bool = True,
) -> InstitutionName:
    """Add another name (former name, abbreviation, spelling). Side effects: history; the
    institution's search text is refreshed."""
    name = _check_other_name(institution, name)
    other = InstitutionName(institution=institution, name=name, kind=kind)
    history_by(other, by)
    other.save()
    if refresh:
        institution_search_refresh(institution)
    return other


@transaction.atomic
def other_name_update(
    other: InstitutionName, *, name: str, kind: str, by: User | None = None
) -> InstitutionName:
    """Correct another name. Side effects: history; search text refreshed."""
    other.name = _check_other_name(other.institution, name, exclude_pk=other.pk)
    other.kind = kind
    history_by(other, by)
    other.save()
    institution_search_refresh(other.institution)
    return other


@transaction.atomic
def other_name_remove(other: InstitutionName, *, by: User | None = None) -> None:
    """Remove another name (its history stays). Side effects: search text refreshed."""
    institution = other.institution
    history_by(other, by)
    other.delete()
    institution_search_refresh(institution)


# Contacts ---------------------------------------------------------------------------------


def _contact_values(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {k: v for k, v in values.items() if k in CONTACT_FIELDS}
    for key in ("name", "position", "email", "phone"):
        if key in cleaned:
            cleaned[key] = " ".join((cleaned[key] or "").split())
    if "name" in cleaned and not cleaned["name"]:
        raise ValidationError({"name": _("The contact's name is required.")}, code="required")
    return cleaned


def _unset_other_primaries(institution: Institution, keep_pk: int | None, by: User | None) -> None:
    # One primary per institution: the new primary takes the mark from the old one.
    previous_primaries = institution.contacts.filter(is_primary=True)
    if keep_pk is not None:
        previous_primaries = previous_primaries.exclude(pk=keep_pk)
    for previous in previous_primaries:
        previous.is_primary = False
        history_by(previous, by)
        previous.save()


@transaction.atomic
def contact_add(institution: Institution, *, by: User | None = None, **values: Any) -> Contact:
    """Add a contact. The first contact, or one marked primary, becomes the primary contact.
    Side effects: history."""
    values = _contact_values(values)
    if not institution.contacts.exists():
        values["is_primary"] = True
    if values.get("is_primary"):
        _unset_other_primaries(institution, None, by)
    contact = Contact(institution=institution, **values)
    contact.full_clean(exclude=["institution"], validate_constraints=False)
    history_by(contact, by)
    contact.save()
    return contact


@transaction.atomic
def contact_update(contact: Contact, *, by: User | None = None, **values: Any) -> Contact:
    """Change a contact; marking it primary unmarks the previous primary. Side effects:
    history."""
    values = _contact_values(values)
    if values.get("is_primary"):
        _unset_other_primaries(contact.institution, contact.pk, by)
    for key, value in values.items():
        setattr(contact, key, value)
    contact.full_clean(exclude=["institution"], validate_constraints=False)
    history_by(contact, by)
    contact.save()
    return contact


@transaction.atomic
def contact_remove(contact: Contact, *, by: User | None = None) -> None:
    """Remove a contact (its history stays). When it was the primary one, the next contact
    becomes primary."""
    institution = contact.institution
    was_primary = contact.is_primary
    history_by(contact, by)
    contact.delete()
    if was_primary:
        successor = institution.contacts.order_by("name", "pk").first()
        if successor is not None:
            successor.is_primary = True
            history_by(successor, by)
            successor.save()


# Merge ------------------------------------------------------------------------------------


@dataclass
class MergePlan:
    """What merging `source` into `target` would move, for the confirmation page."""

    source: Institution
    target: Institution
    contacts: list[Contact]
    other_names: list[str]  # names the target gains (the source's names and other names)
    filled_fields: list[str]  # target's empty fields taken from the source


_FILLABLE = ("name_zh", "city", "website", "partner_since", "responsible", "notes")


def institution_merge_plan(source: Institution, target: Institution) -> MergePlan:
    if source.pk == target.pk:
        raise ValidationError(_("An institution cannot be merged with itself."), code="self")
    known = {fold(n) for n in (target.name_en, target.name_zh) if n}
    known |= {fold(n) for n in target.other_names.values_list("name", flat=True)}
    gained: list[str] = []
    for name in [
        source.name_en,
        source.name_zh,
        *source.other_names.values_list("name", flat=True),
    ]:
        if name and fold(name) not in known:
            known.add(fold(name))
            gained.append(name)
    filled = [f for f in _FILLABLE if not getattr(target, f) and getattr(source, f)]
    return MergePlan(
        source=source,
        target=target,
        contacts=list(source.contacts.all()),
        other_names=gained,
        filled_fields=filled,
    )


@transaction.atomic
def institution_merge(source: Institution, target: Institution, *, by: User | None = None) -> int:
    """Merge the duplicate `source` into the survivor `target`: its contacts and other names
    move, rows of later apps move through `hooks.merge_all`, its names become other names of
    the target, empty fields of the target are filled from it, and the source is deleted.
    Side effects: the history of both records says what moved. Returns the number of rows
    that moved."""
    # Lock both rows so two people merging at once cannot lose rows.
    locked = {
        i.pk: i
        for i in Institution.objects.select_for_update().filter(pk__in=[source.pk, target.pk])
    }
    source, target = locked[source.pk], locked[target.pk]
    plan = institution_merge_plan(source, target)
    target_has_primary = target.contacts.filter(is_primary=True).exists()
    for contact in plan.contacts:
        contact.institution = target
        if contact.is_primary and target_has_primary:
            contact.is_primary = False
        history_by(contact, by, _("Moved from “%(name)s” by a merge") % {"name": source.name_en})
        contact.save()
    InstitutionName.objects.filter(institution=source).delete()
    for name in plan.other_names:
        other = InstitutionName(institution=target, name=name, kind=OtherNameKind.SPELLING)
        history_by(other, by, _("Name of the merged record “%(name)s”") % {"name": source.name_en})
        other.save()
    moved_elsewhere = hooks.merge_all(source, target)
    for field_name in plan.filled_fields:
        setattr(target, field_name, getattr(source, field_name))
    moved = len(plan.contacts) + len(plan.other_names) + moved_elsewhere
    history_by(
        target,
        by,
        _(
            "Merged with “%(name)s” (#%(pk)s): %(contacts)d contacts, %(names)d names and "
            "%(other)d linked records moved here."
        )
        % {
            "name": source.name_en,
            "pk": source.pk,
            "contacts": len(plan.contacts),
            "names": len(plan.other_names),
            "other": moved_elsewhere,
        },
    )
    target.save()
    institution_search_refresh(target)
    history_by(
        source,
        by,
        _("Merged into “%(name)s” (#%(pk)s); this record was a duplicate.")
        % {"name": target.name_en, "pk": target.pk},
    )
    source.delete()
    return moved
