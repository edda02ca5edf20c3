from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise


class ProgramLevel(models.TextChoices):
    BACHELOR = "bachelor", _("Bachelor")
    MASTER = "master", _("Master")
    DOCTORATE = "doctorate", _("Doctorate")
    NON_DEGREE = "non_degree", _("Non-degree")


class ProgramMode(models.TextChoices):
    TWO_PLUS_TWO = "2+2", "2+2"
    THREE_PLUS_ONE = "3+1", "3+1"
    FOUR_PLUS_ZERO = "4+0", "4+0"
    JOINT_DEGREE = "joint_degree", _("Joint degree")
    DUAL_DEGREE = "dual_degree", _("Dual degree")
    OTHER = "other", pgettext_lazy("mode", "Other")


class ProgramStatus(models.TextChoices):
    """PLANNED: being prepared or awaiting approval; RUNNING: enrolling or teaching;
    SUSPENDED: no intake for now; ENDED: closed for good (only through `program_end`)."""

    PLANNED = "planned", _("In preparation")
    RUNNING = "running", _("Running")
    SUSPENDED = "suspended", _("Suspended")
    ENDED = "ended", pgettext_lazy("program status", "Ended")

    @classmethod
    def editable(cls) -> list[tuple[str, StrOrPromise]]:
        """The states a form may set; ending is its own action with a date and a reason."""
        return [(value, label) for value, label in cls.choices if value != cls.ENDED]
