"""Checks on numbers that every app shares, so a page, the API and an import refuse the same
input with the same message (STYLE.md: one validators module). Model fields carry them, and
model forms and DRF model serializers take them from there.

- `positive_amount`: money (a budget line, a tuition fee) is more than zero.
- `at_least_one`: a count that sizes something (people on a planned trip, its days, a quota)
  is 1 or more.
Tallies that may be zero (students enrolled, reminders sent) stay plain positive fields.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import BaseValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


@deconstructible
class MoreThanZero(BaseValidator):
    message = _("Enter an amount greater than zero.")
    code = "more_than_zero"

    def __init__(self, message: StrOrPromise | None = None) -> None:
        super().__init__(Decimal(0), message)

    def compare(self, value: Decimal, limit: Decimal) -> bool:
        return bool(value <= limit)

    def deconstruct(self) -> tuple[str, tuple[Any, ...], dict[str, Any]]:
        return ("waishi.core.validators.MoreThanZero", (), {})


@deconstructible
class AtLeastOne(BaseValidator):
    message = _("Enter a number of 1 or more.")
    code = "at_least_one"

    def __init__(self, message: StrOrPromise | None = None) -> None:
        super().__init__(1, message)

    def compare(self, value: int, limit: int) -> bool:
        return bool(value < limit)

    def deconstruct(self) -> tuple[str, tuple[Any, ...], dict[str, Any]]:
        return ("waishi.core.validators.AtLeastOne", (), {})


positive_amount = MoreThanZero()
at_least_one = AtLeastOne()
