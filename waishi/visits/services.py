"""Every write of the visits app: the request, its guests and budget, submission and
withdrawal.

Each function is atomic, names the acting user `by`, writes history (who changed what) and
says in its docstring whom it notifies. Refusals raise `ValidationError` (bad state or input,
a message for the user) or `PermissionDenied` (not theirs to do); nothing changes then.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, TypedDict, Unpack

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from waishi.core import changes, clock
from waishi.core.forms import stripped_values
from waishi.core.history import history_by
from waishi.core.models import Unit, User
from waishi.core.permissions import require
from waishi.partners.models import Institution
from waishi.people import services as people
from waishi.people import validators as people_rules
from waishi.people.enums import DocumentKind
from waishi.people.models import IdentityDocument, Person
from waishi.visits import approval, policy, queries
from waishi.visits.enums import (
    EDITABLE,
    LIVE,
    WITHDRAWABLE,
    GiftDirection,
    GuestRole,
    Lodging,
    Standard,
    VisitStatus,
)
from waishi.visits.models import (
    AuthorisedLetter,
    BudgetLine,
    Cost,
    Gift,
    Guest,
    ItineraryItem,
    StandardReason,
    Summary,
    SummaryPhoto,
    Visit,
)

VISIT_FIELDS = (
    "title",
    "unit",
    "responsible",
    "partner",
    "kind",
    "purpose",
    "arrival",
    "departure",
    "places",
    "reception_level",
    "funding",
    "visa_needed",
    "leader_meets",
    "itinerary",
    "late_reason",
)
BUDGET_FIELDS = ("item", "description", "amount")


class VisitValues(TypedDict, total=False):
    """What a request is given (what is given is set)."""

    title: str
    unit: Unit
    responsible: Person | None
    partner: Institution | None
    kind: str
    purpose: str
    arrival: datetime.date
    departure: datetime.date
    places: str
    reception_level: str
    funding: str
    visa_needed: bool
    leader_meets: bool
    itinerary: str
    late_reason: str


GUEST_FIELDS = ("role", "organisation", "title", "rank")
# What identifies a guest as a person (the `people` register) and their passport.
PERSON_FIELDS = (
    "name_zh",
    "family_name",
    "given_name",
    "passport_name",
    "sex",
    "birth_date",
    "nationality",
    "email",
)


class BudgetRow(TypedDict, total=False):
    """A line of a visit's budget as the services take it (what is given is set): `id` names
    a line kept."""

    id: int | None
    item: str
    description: str
    amount: Decimal


# The request ------------------------------------------------------------------------------------


def visit_check(values: dict[str, Any], *, by: User) -> None:
    """Raise ValidationError (by field) unless the request can be kept as it is: departure
    after arrival, a host unit the user may file for, a responsible person from it."""
    errors: dict[str, list[str]] = {}
    arrival, departure = values.get("arrival"), values.get("departure")
    if arrival and departure and departure < arrival:
        errors.setdefault("departure", []).append(_("The departure must not be before arrival."))
    unit = values.get("unit")
    if unit is not None and not queries.visit_units_for_user(by).filter(pk=unit.pk).exists():
        errors.setdefault("unit", []).append(_("You may file visits only for your own units."))
    responsible = values.get("responsible")
    if (
        responsible is not None
        and not queries.responsibles_for_user(by).filter(pk=responsible.pk).exists()
    ):
        errors.setdefault("responsible", []).append(_("Choose a member of staff of the host unit."))
    if errors:
        raise ValidationError(errors)


def _assign_reference(visit: Visit) -> None:
    # Numbered from its row, once it has one; one act, one line of history.
    if not visit.reference:
        visit.reference = f"WB{visit.created_at:%Y}-{visit.pk:05d}"
        changes.update(Visit.objects.filter(pk=visit.pk), reference=visit.reference)


def _budget_set(visit: Visit, lines: Iterable[BudgetRow], by: User) -> None:
    """Make the visit's budget exactly `lines` (each with its `id` when it is kept)."""
    kept: list[int] = []
    current = {line.pk: line for line in visit.budget.all()}
    for values in lines:
        line = current.get(values.get("id") or 0) or BudgetLine(visit=visit)
        for name, value in stripped_values(dict(values), BUDGET_FIELDS).items():
            setattr(line, name, value)
        line.full_clean(exclude=["visit"])
        history_by(line, by)
        line.save()
        kept.append(line.pk)
    for pk, line in current.items():
        if pk not in kept:
            history_by(line, by)
            line.delete()


@transaction.atomic
def visit_create(
    *, by: User, budget: Iterable[BudgetRow] = (), **values: Unpack[VisitValues]
) -> Visit:
    """File a new request (a draft) for a host unit, with its budget lines. Raises
    ValidationError. Side effects: history."""
    require(by.has_perm("visits.add_visit"))
    given = stripped_values(dict(values), VISIT_FIELDS)
    visit_check(given, by=by)
    visit = Visit(applicant=by, **given)
    history_by(visit, by)
    visit.save()
    _assign_reference(visit)
    _budget_set(visit, budget, by)
    return visit


def visit_require_editable(visit: Visit, by: User) -> None:
    """PermissionDenied unless `by` may act on the request; ValidationError once it has been
    submitted."""
    require(by.has_perm("visits.change_visit", visit))
    if visit.status not in EDITABLE:
        raise ValidationError(
            _("This request has been submitted (%(status)s) and can no longer be edited.")
            % {"status": visit.get_status_display()}
        )


@transaction.atomic
def visit_update(
    visit: Visit,
    *,
    by: User,
    budget: Iterable[BudgetRow] | None = None,
    **values: Unpack[VisitValues],
) -> Visit:
    """Change a draft or returned request (and its budget, when given). Raises
    ValidationError. Side effects: history."""
    current = Visit.objects.select_for_update().get(pk=visit.pk)
    visit_require_editable(current, by)
    given = stripped_values(dict(values), VISIT_FIELDS)
    checked = dict(given)
    # A unit or person kept from before stays allowed (the office may have set it).
    if checked.get("unit") is not None and checked["unit"].pk == current.unit_id:
        checked.pop("unit")
    if checked.get("responsible") is not None and checked["responsible"].pk == (
        current.responsible_id
    ):
        checked.pop("responsible")
    visit_check({"arrival": current.arrival, "departure": current.departure} | checked, by=by)
    for name, value in given.items():
        setattr(current, name, value)
    history_by(current, by)
    current.save()
    if budget is not None:
        _budget_set(current, budget, by)
    visit.refresh_from_db()
    return current


def visit_problems(visit: Visit, today: datetime.date | None = None) -> list[str]:
    """What keeps a request from being submitted (empty when it may go)."""
    today = today or clock.today()
    problems = []
    if visit.arrival < today:
        problems.append(
            _("The guests' arrival (%(date)s) has passed: a visit is approved before it begins.")
            % {"date": visit.arrival.isoformat()}
        )
    if not visit.guests.exists():
        problems.append(_("Add the guests before submitting."))
    return problems


def late_notice(visit: Visit) -> str:
    """What the approvers read about a request filed after its lead time."""
    lead = policy.lead_time(visit)
    return _("Filed late: the rule is %(rule)s (by %(date)s). Reason: %(reason)s") % {
        "rule": lead.rule,
        "date": lead.deadline.isoformat(),
        "reason": visit.late_reason,
    }


@transaction.atomic
def visit_submit(visit: Visit, *, by: User, late_reason: str | None = None) -> Visit:
    """Send a draft or returned request into approval: the engine computes the chain (see
    `approval.py`) and notifies the first approvers. A request filed after its lead time
    needs a reason; it is marked late, and the reason opens its approval record.

    Refused with everything that is missing."""
    current = Visit.objects.select_for_update().get(pk=visit.pk)
    visit_require_editable(current, by)
    if late_reason is not None:
        current.late_reason = late_reason.strip()
    problems = visit_problems(current)
    late = policy.is_late(current)
    if late and not current.late_reason:
        lead = policy.lead_time(current)
        problems.append(
            _(
                "This request is filed after the office's lead time (%(rule)s, by %(date)s): "
                "say why it is filed late."
            )
            % {"rule": lead.rule, "date": lead.deadline.isoformat()}
        )
    if problems:
        raise ValidationError({NON_FIELD_ERRORS: problems})
    current.filed_late = late
    current.submitted_at = timezone.now()
    history_by(current, by)
    current.save()
    from waishi.workflow.services import approval_submit

    approval_submit(
        current, kind=approval.KIND, by=by, comment=late_notice(current) if late else ""
    )
    current.refresh_from_db()
    visit.refresh_from_db()
    return current


@transaction.atomic
def visit_withdraw(visit: Visit, *, by: User) -> Visit:
    """Withdraw a request that has not been decided (its open approval request is withdrawn
    in the engine too). Nothing is deleted: `visit_restore` takes it up again."""
    from waishi.workflow.enums import RequestState
    from waishi.workflow.services import approval_withdraw

    current = Visit.objects.select_for_update().get(pk=visit.pk)
    require(by.has_perm("visits.change_visit", current))
    if current.status not in WITHDRAWABLE:
        raise ValidationError(_("This request can no longer be withdrawn."))
    if current.status == VisitStatus.IN_APPROVAL and current.applicant_id != by.pk:
        raise ValidationError(_("Only the one who filed it may withdraw a request in approval."))
    request = approval.request_of(current)
    if (
        request is not None
        and request.state in RequestState.open_states()
        and request.applicant_id == by.pk
    ):
        approval_withdraw(request, by=by)
        current.refresh_from_db()
    else:
        current.status = VisitStatus.CANCELLED
        history_by(current, by)
        current.save()
    visit.refresh_from_db()
    return current


@transaction.atomic
def visit_restore(visit: Visit, *, by: User) -> Visit:
    """Take a withdrawn request up again, as a draft to edit and submit."""
    current = Visit.objects.select_for_update().get(pk=visit.pk)
    require(by.has_perm("visits.change_visit", current))
    if current.status != VisitStatus.CANCELLED:
        raise ValidationError(_("Only a withdrawn request can be taken up again."))
    current.status = VisitStatus.DRAFT
    history_by(current, by, _("Taken up again after withdrawal"))
    current.save()
    visit.refresh_from_db()
    return current


# Guests -------------------------------------------------------------------------------------


def _person_known(values: dict[str, Any], number: str) -> Person | None:
    """The guest's record in the `people` register: the holder of the passport, else the
    one person with the same names, date of birth and nationality."""
    if number:
        document = (
            IdentityDocument.objects.filter(kind__in=DocumentKind.passports(), number=number)
            .select_related("person")
            .first()
        )
        if document is not None:
            return document.person
    birth_date = values.get("birth_date")
    family, given = values.get("family_name") or "", values.get("given_name") or ""
    if birth_date is None or not (family or given or values.get("name_zh")):
        return None
    same = Person.objects.filter(
        birth_date=birth_date,
        family_name__iexact=family,
        given_name__iexact=given,
        name_zh=values.get("name_zh") or "",
        nationality=values.get("nationality"),
    )[:2]
    found = list(same)
    return found[0] if len(found) == 1 else None


@transaction.atomic
def guest_person(
    *,
    by: User,
    passport_number: str = "",
    passport_expiry: datetime.date | None = None,
    **values: Any,
) -> Person:
    """The guest as one record of the `people` register: the same person visiting again is
    found (by passport, else by names, date of birth and nationality) and what was empty in
    their record is filled in; someone new is recorded with their passport. Raises
    ValidationError. Side effects: history of the person and the passport."""
    values = stripped_values(values, PERSON_FIELDS)
    number = people_rules.document_number(passport_number or "")
    person = _person_known(values, number)
    if person is None:
        person = people.person_create(by=by, **values)
    else:
        missing = {k: v for k, v in values.items() if v and not getattr(person, k)}
        if missing:
            person = people.person_update(person, by=by, **missing)
    if number:
        document = IdentityDocument.objects.filter(
            kind__in=DocumentKind.passports(), number=number
        ).first()
        if document is None:
            people.document_create(
                person,
                by=by,
                kind=DocumentKind.ORDINARY_PASSPORT,
                number=number,
                issuing_country=values.get("nationality"),
                expires_on=passport_expiry,
            )
        elif passport_expiry and document.expires_on != passport_expiry:
            people.document_update(document, by=by, expires_on=passport_expiry)
    return person


@transaction.atomic
def guest_add(visit: Visit, *, by: User, **values: Any) -> Guest:
    """Add a guest to a request that may still be edited: their person record is found or
    made (`guest_person`). A delegation has one head. Raises ValidationError. Side effects:
    history."""
    current = Visit.objects.select_for_update().get(pk=visit.pk)
    visit_require_editable(current, by)
    link = stripped_values(values, GUEST_FIELDS)
    if link.get("role") == GuestRole.HEAD:
        head = current.guests.filter(role=GuestRole.HEAD).select_related("person").first()
        if head is not None:
            raise ValidationError(
                {"role": _("%(name)s already heads the delegation.") % {"name": head.person}}
            )
    identity = (*PERSON_FIELDS, "passport_number", "passport_expiry")
    person_values = {k: v for k, v in values.items() if k in identity}
    person = guest_person(by=by, **person_values)
    if current.guests.filter(person=person).exists():
        raise ValidationError(
            {NON_FIELD_ERRORS: [_("%(name)s is already a guest of this visit.") % {"name": person}]}
        )
    guest = Guest(visit=current, person=person, **link)
    history_by(guest, by)
    guest.save()
    return guest


@transaction.atomic
def guest_remove(guest: Guest, *, by: User) -> None:
    """Take a guest off a request that may still be edited (their person record stays).
    Side effects: history."""
    visit_require_editable(guest.visit, by)
    history_by(guest, by)
    guest.delete()


# The itinerary ----------------------------------------------------------------------------

ITEM_FIELDS = ("kind", "title", "starts_at", "ends_at", "place", "notes")
ITEM_PEOPLE = ("present", "escorts", "interpreters")


def itinerary_require_editable(visit: Visit, by: User) -> None:
    """PermissionDenied unless `by` acts for the host unit or the office; ValidationError
    once the visit is rejected or withdrawn."""
    require(by.has_perm("visits.change_visit", visit))
    if visit.status not in LIVE:
        raise ValidationError(
            _("The itinerary of a visit that is %(status)s can no longer be changed.")
            % {"status": visit.get_status_display()}
        )


class ItemValues(TypedDict, total=False):
    """What an itinerary item is given (what is given is set)."""

    kind: str
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None
    place: str
    notes: str
    present: Iterable[Person]
    escorts: Iterable[Person]
    interpreters: Iterable[Person]


def item_check(visit: Visit, values: ItemValues) -> None:
    """The item falls within the visit's days and ends after it starts (by field)."""
    errors: dict[str, list[str]] = {}
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if starts is not None:
        day = timezone.localtime(starts).date()
        if not visit.arrival <= day <= visit.departure:
            errors.setdefault("starts_at", []).append(
                _("The item must fall within the visit, from %(arrival)s to %(departure)s.")
                % {"arrival": visit.arrival.isoformat(), "departure": visit.departure.isoformat()}
            )
    if starts is not None and ends is not None and ends < starts:
        errors.setdefault("ends_at", []).append(_("An item must not end before it starts."))
    if errors:
        raise ValidationError(errors)


def _item_save(item: ItineraryItem, values: Mapping[str, object], by: User) -> ItineraryItem:
    people_values = {name: values[name] for name in ITEM_PEOPLE if name in values}
    for name, value in stripped_values(dict(values), ITEM_FIELDS).items():
        setattr(item, name, value)
    item_check(item.visit, {"starts_at": item.starts_at, "ends_at": item.ends_at})
    item.full_clean(exclude=["visit", *ITEM_PEOPLE])
    history_by(item, by)
    item.save()
    for name, people_list in people_values.items():
        getattr(item, name).set(people_list)
    return item


@transaction.atomic
def item_create(visit: Visit, *, by: User, **values: Unpack[ItemValues]) -> ItineraryItem:
    """Add an item to the itinerary of a visit not rejected or withdrawn, with the
    university's people taking part (it joins their calendar feeds). Raises ValidationError.
    Side effects: history."""
    current = Visit.objects.select_for_update().get(pk=visit.pk)
    itinerary_require_editable(current, by)
    return _item_save(ItineraryItem(visit=current), values, by)


@transaction.atomic
def item_update(item: ItineraryItem, *, by: User, **values: Unpack[ItemValues]) -> ItineraryItem:
    """Change an item of the itinerary. Raises ValidationError. Side effects: history."""
    current = ItineraryItem.objects.select_related("visit").select_for_update().get(pk=item.pk)
    itinerary_require_editable(current.visit, by)
    return _item_save(current, values, by)


@transaction.atomic
def item_delete(item: ItineraryItem, *, by: User) -> None:
    """Take an item off the itinerary. Side effects: history."""
    itinerary_require_editable(item.visit, by)
    history_by(item, by)
    item.delete()


# Where the guests stay ----------------------------------------------------------------------

LODGING_FIELDS = ("lodging", "lodging_address", "registered_on", "registration_number")


class LodgingValues(TypedDict, total=False):
    lodging: str
    lodging_address: str
    registered_on: datetime.date | None
    registration_number: str


@transaction.atomic
def guest_lodging_set(guest: Guest, *, by: User, **values: Unpack[LodgingValues]) -> Guest:
    """Record where a guest stays and, outside a hotel, the 24-hour accommodation
    registration with the police (date and number): the host unit and the office, before
    and after approval. Raises ValidationError. Side effects: history."""
    current = Guest.objects.select_related("visit").select_for_update().get(pk=guest.pk)
    itinerary_require_editable(current.visit, by)
    given = stripped_values(dict(values), LODGING_FIELDS)
    merged = {name: getattr(current, name) for name in LODGING_FIELDS} | given
    errors: dict[str, list[str]] = {}
    if merged["lodging"] == Lodging.OUTSIDE and not merged["lodging_address"]:
        errors["lodging_address"] = [_("Say where the guest stays outside a hotel.")]
    registered = merged["registered_on"]
    if registered is not None and registered < current.visit.arrival:
        errors["registered_on"] = [
            _("The registration cannot be made before the guest arrives (%(date)s).")
            % {"date": current.visit.arrival.isoformat()}
        ]
    if errors:
        raise ValidationError(errors)
    for name, value in given.items():
        setattr(current, name, value)
    current.full_clean(exclude=["visit", "person"])
    history_by(current, by)
    current.save()
    guest.refresh_from_db()
    return current


# Actual costs, reasons, gifts, closing ------------------------------------------------------

COST_FIELDS = ("item", "description", "spent_on", "people", "amount")
GIFT_FIELDS = ("direction", "guest", "counterpart", "description", "value", "given_on")


class CostValues(TypedDict, total=False):
    item: str
    description: str
    spent_on: datetime.date | None
    people: int | None
    amount: Decimal


class GiftValues(TypedDict, total=False):
    direction: str
    guest: Guest | None
    counterpart: str
    description: str
    value: Decimal
    given_on: datetime.date


def costs_require_editable(visit: Visit, by: User) -> None:
    """PermissionDenied unless `by` acts for the host unit or the office; ValidationError
    unless the visit is approved and not yet closed."""
    require(by.has_perm("visits.change_visit", visit))
    if visit.status != VisitStatus.APPROVED:
        raise ValidationError(
            _("Costs and gifts are recorded once the visit is approved, until it is closed.")
        )


@transaction.atomic
def cost_add(visit: Visit, *, by: User, **values: Unpack[CostValues]) -> Cost:
    """Record what an item of the reception cost. Raises ValidationError. Side effects:
    history."""
    current = Visit.objects.select_for_update().get(pk=visit.pk)
    costs_require_editable(current, by)
    cost = Cost(visit=current, **stripped_values(dict(values), COST_FIELDS))
    cost.full_clean(exclude=["visit"])
    history_by(cost, by)
    cost.save()
    return cost


@transaction.atomic
def cost_remove(cost: Cost, *, by: User) -> None:
    """Take a cost line off. Side effects: history."""
    costs_require_editable(cost.visit, by)
    history_by(cost, by)
    cost.delete()


@transaction.atomic
def reason_set(visit: Visit, *, by: User, standard: str, reason: str) -> StandardReason | None:
    """Say why the visit goes over a reception standard (an empty reason takes it back).
    Side effects: history."""
    current = Visit.objects.select_for_update().get(pk=visit.pk)
    costs_require_editable(current, by)
    if standard not in Standard.values:
        raise ValidationError({"standard": [_("Choose one of the reception standards.")]})
    found = StandardReason.objects.filter(visit=current, standard=standard).first()
    reason = (reason or "").strip()
    if not reason:
        if found is not None:
            history_by(found, by)
            found.delete()
        return None
    found = found or StandardReason(visit=current, standard=standard)
    found.reason = reason
    history_by(found, by)
    found.save()
    return found


@transaction.atomic
def gift_add(visit: Visit, *, by: User, **values: Unpack[GiftValues]) -> Gift:
    """Record a gift given to a guest or received from one. A received gift is handed to
    the office (`gift_handed`). Raises ValidationError. Side effects: history."""
    current = Visit.objects.select_for_update().get(pk=visit.pk)
    costs_require_editable(current, by)
    given = stripped_values(dict(values), GIFT_FIELDS)
    guest = given.get("guest")
    if guest is not None and guest.visit_id != current.pk:
        raise ValidationError({"guest": [_("Choose a guest of this visit.")]})
    if guest is None and not given.get("counterpart"):
        raise ValidationError(
            {"counterpart": [_("Say to or from whom: a guest, or another person.")]}
        )
    gift = Gift(visit=current, **given)
    gift.full_clean(exclude=["visit"])
    history_by(gift, by)
    gift.save()
    return gift


@transaction.atomic
def gift_remove(gift: Gift, *, by: User) -> None:
    """Take a gift off the register. Side effects: history."""
    costs_require_editable(gift.visit, by)
    history_by(gift, by)
    gift.delete()


@transaction.atomic
def gift_handed(gift: Gift, *, by: User, on: datetime.date | None = None) -> Gift:
    """The office records that a gift received has been handed to it. Side effects:
    history."""
    require(by.has_perm("visits.manage_visit"))
    current = Gift.objects.select_for_update().get(pk=gift.pk)
    if current.direction != GiftDirection.RECEIVED:
        raise ValidationError(_("Only a gift received is handed to the office."))
    current.handed_on = on or clock.today()
    history_by(current, by)
    current.save()
    gift.refresh_from_db()
    return current


def close_problems(visit: Visit, today: datetime.date | None = None) -> list[str]:
    """What keeps an approved visit from being closed (empty when it may be)."""
    from waishi.visits.standards import reception

    today = today or clock.today()
    problems = []
    if visit.status != VisitStatus.APPROVED:
        return [_("Only an approved visit is closed.")]
    if visit.departure > today:
        problems.append(
            _("The guests leave on %(date)s: a visit is closed after it.")
            % {"date": visit.departure.isoformat()}
        )
    for check in reception(visit).unexplained:
        problems.append(
            _("%(standard)s is over the reception standard: give the reason.")
            % {"standard": check.label}
        )
    if not Summary.objects.filter(visit=visit).exists():
        problems.append(_("File the visit's summary first."))
    handed = visit.gifts.filter(direction=GiftDirection.RECEIVED, handed_on__isnull=True)
    for gift in handed:
        problems.append(
            _("The gift received “%(gift)s” has not been handed to the office.")
            % {"gift": gift.description}
        )
    return problems


@transaction.atomic
def visit_close(visit: Visit, *, by: User) -> Visit:
    """Close an approved visit once it is over: every standard gone over has its reason
    and every gift received is with the office. Refused with everything missing. Side
    effects: history."""
    current = Visit.objects.select_for_update().get(pk=visit.pk)
    require(by.has_perm("visits.change_visit", current))
    problems = close_problems(current)
    if problems:
        raise ValidationError({NON_FIELD_ERRORS: problems})
    current.status = VisitStatus.CLOSED
    history_by(current, by, pgettext("visit status", "Closed"))
    current.save()
    visit.refresh_from_db()
    return current


@transaction.atomic
def visit_reopen(visit: Visit, *, by: User) -> Visit:
    """The office reopens a closed visit (a cost, a gift or the summary to correct): it is
    approved again, its costs, gifts and summary change until it is closed again (every
    check of `visit_close` once more). Side effects: history."""
    require(by.has_perm("visits.manage_visit"))
    current = Visit.objects.select_for_update().get(pk=visit.pk)
    if current.status != VisitStatus.CLOSED:
        raise ValidationError(_("Only a closed visit is reopened."))
    current.status = VisitStatus.APPROVED
    history_by(current, by, pgettext("visit", "Reopened"))
    current.save()
    visit.refresh_from_db()
    return current


# After the visit: the summary and its photos ------------------------------------------------


def summary_require_editable(visit: Visit, by: User) -> None:
    """PermissionDenied unless `by` acts for the host unit or the office; ValidationError
    unless the visit is approved, not closed, and its guests have arrived."""
    require(by.has_perm("visits.change_visit", visit))
    if visit.status != VisitStatus.APPROVED:
        raise ValidationError(_("A summary is filed for an approved visit, until it is closed."))
    if clock.today() < visit.arrival:
        raise ValidationError(
            _("The summary is filed once the guests have arrived (%(date)s).")
            % {"date": visit.arrival.isoformat()}
        )


@transaction.atomic
def summary_file(visit: Visit, *, by: User, text: str) -> Summary:
    """File (or change) the visit's summary: what was done, agreed and achieved. Raises
    ValidationError. Side effects: history."""
    current = Visit.objects.select_for_update().get(pk=visit.pk)
    summary_require_editable(current, by)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Write the summary.")]})
    summary = Summary.objects.filter(visit=current).first() or Summary(visit=current)
    summary.text = text
    summary.filed_by = by
    summary.filed_at = timezone.now()
    history_by(summary, by)
    summary.save()
    return summary


@transaction.atomic
def photo_add(
    visit: Visit, *, by: User, image: UploadedFile | None, caption: str = ""
) -> SummaryPhoto:
    """Add a photo (JPEG or PNG, checked by content) to the filed summary. Raises
    ValidationError. Side effects: history."""
    from waishi.core.uploads import upload_check
    from waishi.visits.models import PHOTOS

    current = Visit.objects.select_for_update().get(pk=visit.pk)
    summary_require_editable(current, by)
    summary = Summary.objects.filter(visit=current).first()
    if summary is None:
        raise ValidationError(_("File the visit's summary first."))
    if image is None:
        raise ValidationError({"image": [_("Choose a photo.")]})
    upload_check(image, PHOTOS)
    photo = SummaryPhoto(summary=summary, image=image, caption=(caption or "").strip())
    history_by(photo, by)
    photo.save()
    return photo


@transaction.atomic
def photo_remove(photo: SummaryPhoto, *, by: User) -> None:
    """Take a photo off the summary. Side effects: history."""
    summary_require_editable(photo.summary.visit, by)
    history_by(photo, by)
    photo.delete()


# The authorised unit's letter (被授权单位邀请函) and the departure registration (销签) ----------

AUTHORISED_FIELDS = (
    "authority",
    "filed_on",
    "issued_on",
    "number",
    "departure_registered_on",
    "notes",
)


class AuthorisedLetterValues(TypedDict, total=False):
    authority: str
    filed_on: datetime.date
    issued_on: datetime.date | None
    number: str
    departure_registered_on: datetime.date | None
    notes: str


@transaction.atomic
def authorised_letter_set(
    visit: Visit, *, by: User, **values: Unpack[AuthorisedLetterValues]
) -> AuthorisedLetter:
    """The office records the request for an authorised unit's letter and how it goes:
    filed, issued, and the guests' departure registration. Raises ValidationError. Side
    effects: history."""
    require(by.has_perm("visits.manage_visit"))
    current = Visit.objects.select_for_update().get(pk=visit.pk)
    if current.status not in (VisitStatus.APPROVED, VisitStatus.CLOSED, *LIVE):
        raise ValidationError(_("This visit was rejected or withdrawn."))
    letter = AuthorisedLetter.objects.filter(visit=current).first() or AuthorisedLetter(
        visit=current
    )
    for name, value in stripped_values(dict(values), AUTHORISED_FIELDS).items():
        setattr(letter, name, value)
    errors: dict[str, list[str]] = {}
    if letter.issued_on and letter.filed_on and letter.issued_on < letter.filed_on:
        errors["issued_on"] = [_("The letter cannot be issued before it was asked for.")]
    if letter.issued_on and not letter.number:
        errors["number"] = [_("Give the number of the letter issued.")]
    if letter.departure_registered_on and letter.departure_registered_on < current.departure:
        errors["departure_registered_on"] = [
            _("The departure is registered once the guests have left (%(date)s).")
            % {"date": current.departure.isoformat()}
        ]
    if errors:
        raise ValidationError(errors)
    letter.full_clean(exclude=["visit"])
    history_by(letter, by)
    letter.save()
    return letter
