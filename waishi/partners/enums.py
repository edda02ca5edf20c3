from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class InstitutionKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    COLLEGE = "college", _("College")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    GOVERNMENT = "government", _("Government body")
    COMPANY = "company", _("Company")
    OTHER = "other", pgettext_lazy("kind", "Other")


class PartnerStatus(models.TextChoices):
    PROSPECTIVE = "prospective", _("Prospective")
    ACTIVE = "active", pgettext_lazy("partner status", "Active")
    DORMANT = "dormant", _("Dormant")
    ENDED = "ended", _("Ended")


class OtherNameKind(models.TextChoices):
    FORMER = "former", _("Former name")
    ABBREVIATION = "abbreviation", _("Abbreviation")
    SPELLING = "spelling", _("Spelling seen in documents")
    LOCAL = "local", _("Name in the local language")
