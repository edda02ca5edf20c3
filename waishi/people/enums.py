from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")


class DocumentKind(models.TextChoices):
    ORDINARY_PASSPORT = "ordinary_passport", _("Ordinary passport")
    OFFICIAL_PASSPORT = "official_passport", _("Official passport")
    DIPLOMATIC_PASSPORT = "diplomatic_passport", _("Diplomatic passport")
    VISA = "visa", _("Visa")
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")
    WORK_PERMIT = "work_permit", _("Work permit")
    HK_MACAO_RESIDENT_PERMIT = (
        "hk_macao_resident_permit",
        _("Mainland Travel Permit for Hong Kong and Macao Residents"),
    )
    TAIWAN_RESIDENT_PERMIT = (
        "taiwan_resident_permit",
        _("Mainland Travel Permit for Taiwan Residents"),
    )
    HK_MACAO_EXIT_ENTRY_PERMIT = (
        "hk_macao_exit_entry_permit",
        _("Exit-Entry Permit for Travelling to and from Hong Kong and Macao"),
    )
    OTHER = "other", pgettext_lazy("kind", "Other")

    @classmethod
    def passports(cls) -> list[str]:
        return [cls.ORDINARY_PASSPORT, cls.OFFICIAL_PASSPORT, cls.DIPLOMATIC_PASSPORT]
