from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise


class InstituteStatus(models.TextChoices):
    PREPARING = "preparing", _("In preparation")
    OPERATING = "operating", _("Operating")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")

    @classmethod
    def editable(cls) -> list[tuple[str, StrOrPromise]]:
        """The states a form may set; closing is its own action with a date and a reason."""
        return [(value, label) for value, label in cls.choices if value != cls.CLOSED]


class DispatchRole(models.TextChoices):
    DIRECTOR = "director", _("Chinese director")
    TEACHER = "teacher", _("Teacher")
    VOLUNTEER = "volunteer", _("Volunteer teacher")
    OTHER = "other", pgettext_lazy("role", "Other")
