"""Choices of the conferences app (a leaf module every layer may import)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Discipline(models.TextChoices):
    """The conference's field: it sets the participant numbers that make it major."""

    SOCIAL = "social", _("Social sciences and humanities")
    NATURAL = "natural", _("Natural sciences and engineering")


class Format(models.TextChoices):
    ONSITE = "onsite", _("On site")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("On site and online")


class SizeClass(models.TextChoices):
    """Major or general (重大 / 一般): decides the approvers and the lead time."""

    GENERAL = "general", pgettext_lazy("conference class", "General")
    MAJOR = "major", pgettext_lazy("conference class", "Major")


class ConferenceStatus(models.TextChoices):
    """Where the conference as a whole stands (its versions have their own status)."""

    DRAFT = "draft", _("Draft")
    IN_APPROVAL = "in_approval", _("In approval")
    RETURNED = "returned", _("Returned for changes")
    REJECTED = "rejected", _("Rejected")
    APPROVED = "approved", _("Approved")
    CHANGING = "changing", _("Change in approval")
    CANCELLED = "cancelled", _("Withdrawn")
    CLOSED = "closed", pgettext_lazy("conference status", "Closed")


class VersionStatus(models.TextChoices):
    """One declared version: a change after approval makes a new one, the old is kept."""

    DRAFT = "draft", _("Draft")
    IN_APPROVAL = "in_approval", _("In approval")
    RETURNED = "returned", _("Returned for changes")
    REJECTED = "rejected", _("Rejected")
    APPROVED = "approved", _("Approved")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SUPERSEDED = "superseded", _("Superseded by a later version")


# A version its unit may still edit and submit.
EDITABLE = {VersionStatus.DRAFT, VersionStatus.RETURNED}
# Approved at some time: letters, participants and filings may follow.
HAS_APPROVAL = {ConferenceStatus.APPROVED, ConferenceStatus.CHANGING, ConferenceStatus.CLOSED}


class OrganiserRole(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    CO_ORGANISER = "co_organiser", _("Co-organiser")
    SUPPORTER = "supporter", _("Supporter")


class Half(models.TextChoices):
    """Which forecast: the yearly one (autumn, for the next year) or the March supplement for
    the second half of the year."""

    YEAR = "year", _("Whole year")
    SECOND_HALF = "second_half", _("Second-half supplement")


class StepKind(models.TextChoices):
    UNIT_HEAD = "unit_head", _("Head of the organising unit")
    OFFICE = "office", _("International office")
    LEADER = "leader", _("University leader in charge")


class ParticipantRole(models.TextChoices):
    PARTICIPANT = "participant", pgettext_lazy("conference role", "Participant")
    SPEAKER = "speaker", pgettext_lazy("conference role", "Speaker")
    STAFF = "staff", pgettext_lazy("conference role", "Organising staff")


class RegistrationSource(models.TextChoices):
    """Who entered the participant: the office or unit (by hand or Excel), or the
    participant on the conference's public page."""

    OFFICE = "office", _("The organisers")
    PUBLIC = "public", _("The public registration page")


class RegistrationStatus(models.TextChoices):
    """A registration on the conference's public page: stored when sent, in the queue once
    its e-mail address is confirmed, then accepted (a participant) or rejected."""

    UNVERIFIED = "unverified", _("E-mail address not yet confirmed")
    WAITING = "waiting", _("Waiting for review")
    ACCEPTED = "accepted", pgettext_lazy("registration", "Accepted")
    REJECTED = "rejected", pgettext_lazy("registration", "Rejected")
