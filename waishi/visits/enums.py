"""Choices of the visits app (a leaf module every layer may import)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class VisitKind(models.TextChoices):
    DELEGATION = "delegation", pgettext_lazy("visit kind", "Delegation")
    LECTURE = "lecture", _("Lecture")
    TALKS = "talks", _("Cooperation talks")
    CONFERENCE = "conference", _("Conference guest")
    OTHER = "other", pgettext_lazy("visit kind", "Other")


class ReceptionLevel(models.TextChoices):
    """Who receives the guests on the university's side."""

    UNIVERSITY = "university", _("University (a university leader receives)")
    OFFICE = "office", _("International office")
    UNIT = "unit", _("Host unit")


class Funding(models.TextChoices):
    """Who pays for the guests' stay."""

    HOSTED = "hosted", _("Hosted in full")
    PARTLY = "partly", _("Hosted in part")
    SELF = "self", _("Self-paid")


class VisitStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_APPROVAL = "in_approval", _("In approval")
    RETURNED = "returned", _("Returned for changes")
    REJECTED = "rejected", _("Rejected")
    APPROVED = "approved", _("Approved")
    CANCELLED = "cancelled", _("Withdrawn")
    CLOSED = "closed", pgettext_lazy("visit status", "Closed")


# A request its host unit may still edit.
EDITABLE = {VisitStatus.DRAFT, VisitStatus.RETURNED}
# Withdrawn before it was decided: the applicant or the office may take it up again.
WITHDRAWABLE = {VisitStatus.DRAFT, VisitStatus.RETURNED, VisitStatus.IN_APPROVAL}


class GuestRole(models.TextChoices):
    HEAD = "head", _("Head of the delegation")
    MEMBER = "member", _("Member")
    INTERPRETER = "interpreter", _("Interpreter")


class GuestRank(models.TextChoices):
    """A guest's rank, for rank parity (身份对等) and the reception standards; the office rule
    `visits_leader_rank` says from which level a university leader meets the guests."""

    MINISTER = "minister", _("Minister or above")
    BUREAU = "bureau", _("Bureau level (e.g. a university president)")
    DIVISION = "division", _("Division level (e.g. a dean)")
    OTHER = "other", pgettext_lazy("rank", "Other")

    @classmethod
    def level(cls, value: str) -> int:
        """1 for the highest rank, 4 for the lowest (an unknown rank counts as the lowest)."""
        order = [cls.MINISTER, cls.BUREAU, cls.DIVISION, cls.OTHER]
        return order.index(cls(value)) + 1 if value in cls.values else len(order)


class CostItem(models.TextChoices):
    ACCOMMODATION = "accommodation", _("Accommodation")
    MEALS = "meals", _("Meals")
    BANQUET = "banquet", _("Banquet")
    TRANSPORT = "transport", _("Local transport")
    GIFTS = "gifts", _("Gifts")
    HONORARIUM = "honorarium", _("Lecture fee")
    INTERPRETING = "interpreting", _("Interpreting")
    OTHER = "other", pgettext_lazy("cost item", "Other")


class StepKind(models.TextChoices):
    UNIT_HEAD = "unit_head", _("Head of the host unit")
    OFFICE = "office", _("International office")
    LEADER = "leader", _("University leader in charge")


class ItemKind(models.TextChoices):
    """What an item of the itinerary is."""

    MEETING = "meeting", _("Meeting")
    LECTURE = "lecture", pgettext_lazy("itinerary item", "Lecture")
    BANQUET = "banquet", pgettext_lazy("itinerary item", "Banquet")
    VISIT = "visit", _("Site visit")
    TRANSPORT = "transport", _("Transport")
    ROOMS = "rooms", _("Rooms")


class Lodging(models.TextChoices):
    """Where a guest stays: outside a hotel the 24-hour accommodation registration (住宿登记)
    is the host's to make with the police."""

    HOTEL = "hotel", _("Hotel")
    OUTSIDE = "outside", _("Outside a hotel (campus guest house, a home)")


# Still to happen or under way: its itinerary and stay may be changed.
LIVE = {
    VisitStatus.DRAFT,
    VisitStatus.RETURNED,
    VisitStatus.IN_APPROVAL,
    VisitStatus.APPROVED,
}


class GiftDirection(models.TextChoices):
    GIVEN = "given", _("Given to a guest")
    RECEIVED = "received", _("Received from a guest")


class Standard(models.TextChoices):
    """What a reception standard measures; a visit over one needs a reason before it is
    closed."""

    DAYS = "days", _("Days hosted")
    MEALS = "meals", _("Meals")
    BANQUET = "banquet", _("Banquets: cost")
    BANQUETS = "banquets", _("Banquets: how many")
    GIFTS = "gifts", _("Gifts")
    ESCORTS = "escorts", _("Escorts")
