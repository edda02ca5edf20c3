"""Choices shared by every layer of the core app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    """The roles of the README ("Roles"). Each is a Django group of the same name."""

    STAFF = "staff", pgettext_lazy("role", "Staff")
    UNIT_LIAISON = "unit_liaison", _("Unit liaison")
    UNIT_HEAD = "unit_head", _("Unit head")
    OFFICE_STAFF = "office_staff", _("International office staff")
    OFFICE_DIRECTOR = "office_director", _("Office director")
    UNIVERSITY_LEADER = "university_leader", _("University leader")
    AUDITOR = "auditor", _("Auditor")
    ADMINISTRATOR = "administrator", _("Administrator")


class UnitDuty(models.TextChoices):
    """What a unit does for the whole university, which the approval chains ask it to decide
    (a chain step names a duty, never a unit's code). At most one unit holds each duty."""

    INTERNATIONAL_OFFICE = "international_office", _("International office")
    RESEARCH_OFFICE = "research_office", _("Research office")


class UnitKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    COLLEGE = "college", _("College or school")
    DEPARTMENT = "department", _("Department")
    OFFICE = "office", _("Administrative office")
    INSTITUTE = "institute", _("Research institute")
    OTHER = "other", pgettext_lazy("kind", "Other")


class Continent(models.TextChoices):
    """The public grouping of the Global Partners table, in the order the page shows it."""

    ASIA = "asia", _("Asia")
    EUROPE = "europe", _("Europe")
    AMERICAS = "americas", _("Americas")
    OCEANIA = "oceania", _("Oceania")
    AFRICA = "africa", _("Africa")
    ANTARCTICA = "antarctica", _("Antarctica")


class PlaceKind(models.TextChoices):
    """What a row of the countries register is. Hong Kong, Macao and Taiwan are regions of
    China that the office counts apart (港澳台), never as countries."""

    COUNTRY = "country", _("Country or territory")
    REGION_OF_CHINA = "region_of_china", _("Hong Kong, Macao or Taiwan")


class JobState(models.TextChoices):
    """Where a piece of background work is (`waishi.core.jobs`)."""

    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Working")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
