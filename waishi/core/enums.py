"""Choices shared by every layer of the core app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    """The roles of DESIGN.md ("Who uses it"). Each is a Django group of the same name."""

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
