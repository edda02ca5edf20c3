"""The shared checks on amounts and counts (waishi.core.validators), and that every money field
of every app carries the amount check."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation

from waishi.core.validators import at_least_one, positive_amount


@pytest.mark.parametrize("value", [Decimal("-500"), Decimal("0"), Decimal("0.00")])
def test_an_amount_of_zero_or_less_is_refused_in_both_languages(value):
    for language, message in (
        ("en", "Enter an amount greater than zero."),
        ("zh-hans", "请输入大于零的金额。"),
    ):
        with pytest.raises(ValidationError) as refused:
            positive_amount(value)
        with translation.override(language):
            assert refused.value.messages == [message]


def test_an_amount_above_zero_passes():
    positive_amount(Decimal("0.01"))  # passes: no error


def test_a_count_below_one_is_refused():
    with pytest.raises(ValidationError) as refused:
        at_least_one(0)
    with translation.override("en"):
        assert refused.value.messages == ["Enter a number of 1 or more."]
    at_least_one(1)  # passes: no error


def test_every_money_field_refuses_amounts_of_zero_or_less():
    money = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("waishi.")
        for field in model._meta.get_fields()
        if isinstance(field, models.DecimalField) and positive_amount not in field.validators
    ]
    assert money == []
