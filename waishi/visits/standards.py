"""A visit against the reception standards (the office rules of `policy.py`, defaults from
财行〔2013〕533号): budget and actual cost per item, and each standard the visit goes over,
which needs a reason before the visit is closed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from waishi.visits import policy
from waishi.visits.enums import CostItem, Funding, GiftDirection, GuestRank, GuestRole, Standard
from waishi.visits.models import Cost, Gift, Guest, Visit

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


@dataclass
class ItemLine:
    """One cost item: planned, spent and, where a standard applies, its limit."""

    item: str
    label: str
    budget: Decimal
    actual: Decimal
    standard: Decimal | None
    over: bool


@dataclass
class Check:
    """One reception standard as this visit meets it."""

    key: str
    label: str
    standard: str
    actual: str
    over: bool
    reason: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class Reception:
    lines: list[ItemLine]
    checks: list[Check]

    @property
    def flagged(self) -> list[Check]:
        return [check for check in self.checks if check.over]

    @property
    def unexplained(self) -> list[Check]:
        """Standards gone over with no reason yet: the visit cannot be closed."""
        return [check for check in self.flagged if not check.reason.strip()]

    @property
    def budget_total(self) -> Decimal:
        return sum((line.budget for line in self.lines), ZERO)

    @property
    def actual_total(self) -> Decimal:
        return sum((line.actual for line in self.lines), ZERO)


def _highest_rank(guests: list[Guest]) -> str:
    ranks = [guest.rank for guest in guests] or [GuestRank.OTHER]
    return min(ranks, key=GuestRank.level)


def _money(amount: Decimal | int) -> str:
    return f"{Decimal(amount):,.2f}"


def _sum(costs: list[Cost], item: str) -> Decimal:
    return sum((cost.amount for cost in costs if cost.item == item), ZERO)


def gift_problems(visit: Visit, guests: list[Guest], gifts: list[Gift]) -> list[str]:
    """Gifts given over the standard of their guest, or a second gift to the same guest."""
    problems = []
    given = [gift for gift in gifts if gift.direction == GiftDirection.GIVEN and gift.guest_id]
    by_guest = {guest.pk: guest for guest in guests}
    seen = Counter(gift.guest_id for gift in given)
    for gift in given:
        guest = by_guest.get(gift.guest_id or 0)
        if guest is None:
            continue
        limit = policy.gift_standard(guest.role == GuestRole.HEAD)
        if gift.value > limit:
            problems.append(
                _("%(gift)s to %(guest)s: %(value)s over the standard of %(limit)s")
                % {
                    "gift": gift.description,
                    "guest": guest.person,
                    "value": _money(gift.value),
                    "limit": _money(limit),
                }
            )
    for guest_id, count in seen.items():
        if count > 1 and guest_id in by_guest:
            problems.append(
                _("%(guest)s received %(count)d gifts: one each is the standard")
                % {"guest": by_guest[guest_id].person, "count": count}
            )
    return problems


def reception(visit: Visit) -> Reception:
    """The visit's costs against its budget and the reception standards."""
    guests = list(visit.guests.select_related("person"))
    costs = list(visit.costs.all())
    gifts = list(visit.gifts.all())
    budget = list(visit.budget.all())
    reasons = {reason.standard: reason.reason for reason in visit.reasons.all()}
    count = len(guests)
    highest = _highest_rank(guests)
    hosted_days = visit.days if visit.funding != Funding.SELF else 0
    max_days = policy.HOSTED_DAYS.value()
    standard_days = min(hosted_days, max_days)

    meals_standard = Decimal(policy.meals_rate(highest) * count * standard_days).quantize(CENT)
    banquets = [cost for cost in costs if cost.item == CostItem.BANQUET]
    escorts_allowed = policy.escorts_standard(count)
    banquet_rate = policy.banquet_rate(highest)
    banquet_standard = Decimal(
        sum(
            banquet_rate * (cost.people or count + escorts_allowed)
            for cost in banquets[: policy.BANQUETS_MAX.value()]
        )
    ).quantize(CENT)
    gifts_standard = Decimal(
        sum(policy.gift_standard(guest.role == GuestRole.HEAD) for guest in guests)
    ).quantize(CENT)
    standards = {
        CostItem.MEALS: meals_standard,
        CostItem.BANQUET: banquet_standard,
        CostItem.GIFTS: gifts_standard,
    }

    lines = []
    for item in CostItem:
        planned = sum((line.amount for line in budget if line.item == item), ZERO)
        spent = _sum(costs, item)
        if not planned and not spent:
            continue
        limit = standards.get(item)
        lines.append(
            ItemLine(
                item=item.value,
                label=str(item.label),
                budget=planned,
                actual=spent,
                standard=limit,
                over=limit is not None and spent > limit,
            )
        )

    from waishi.visits.models import ItineraryItem

    escorts = (
        ItineraryItem.escorts.through.objects.filter(itineraryitem__visit=visit)
        .values("person_id")
        .distinct()
        .count()
    )
    gift_notes = gift_problems(visit, guests, gifts)
    checks = [
        Check(
            Standard.DAYS,
            str(Standard.DAYS.label),
            _("%(days)d days at most") % {"days": max_days},
            _("%(days)d days hosted") % {"days": hosted_days},
            hosted_days > max_days,
        ),
        Check(
            Standard.MEALS,
            str(Standard.MEALS.label),
            _("%(rate)s a guest a day × %(guests)d × %(days)d days = %(total)s")
            % {
                "rate": _money(policy.meals_rate(highest)),
                "guests": count,
                "days": standard_days,
                "total": _money(meals_standard),
            },
            _money(_sum(costs, CostItem.MEALS)),
            _sum(costs, CostItem.MEALS) > meals_standard,
        ),
        Check(
            Standard.BANQUET,
            str(Standard.BANQUET.label),
            _("%(rate)s a person at the table = %(total)s")
            % {"rate": _money(banquet_rate), "total": _money(banquet_standard)},
            _money(_sum(costs, CostItem.BANQUET)),
            _sum(costs, CostItem.BANQUET) > banquet_standard,
        ),
        Check(
            Standard.BANQUETS,
            str(Standard.BANQUETS.label),
            _("%(count)d at most") % {"count": policy.BANQUETS_MAX.value()},
            str(len(banquets)),
            len(banquets) > policy.BANQUETS_MAX.value(),
        ),
        Check(
            Standard.GIFTS,
            str(Standard.GIFTS.label),
            _("%(head)s for the head, %(other)s for each other guest, once = %(total)s")
            % {
                "head": _money(policy.GIFT_HEAD.value()),
                "other": _money(policy.GIFT_OTHER.value()),
                "total": _money(gifts_standard),
            },
            _money(_sum(costs, CostItem.GIFTS)),
            _sum(costs, CostItem.GIFTS) > gifts_standard or bool(gift_notes),
            notes=gift_notes,
        ),
        Check(
            Standard.ESCORTS,
            str(Standard.ESCORTS.label),
            _("%(count)d at most for %(guests)d guests")
            % {"count": escorts_allowed, "guests": count},
            str(escorts),
            escorts > escorts_allowed,
        ),
    ]
    for check in checks:
        check.reason = reasons.get(check.key, "")
    return Reception(lines=lines, checks=checks)
