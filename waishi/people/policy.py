"""Office policy: values the office edits (reminder lead times, limits), not settings.

Each app declares its keys with a type and a default in its AppConfig.ready()::

    from waishi.people import policy
    policy.register(policy.PolicyRule(
        "trip_max_days_per_country", policy.INT, 30,
        _("Maximum days per country on one trip"), minimum=1))

and reads them where a rule needs them (one small query, cached for the request)::

    policy.get_int("passport_expiry_warning_days")   # -> 180 unless the office changed it
    policy.get_bool("travel_gate_enabled")
    policy.get_str("...")

Reading an undeclared key raises ImproperlyConfigured (fail loudly). The office director and
administrators edit the values at /staff/policy/ (`people:policy.list`); every change is kept
in the history. `policy_set(key, raw_value)` validates and stores a value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

INT = "int"
BOOL = "bool"
STR = "str"


@dataclass(frozen=True)
class PolicyRule:
    key: str
    kind: str
    default: Any
    label: Any
    help_text: Any = ""
    minimum: int | None = None
    maximum: int | None = None
    app: str = ""

    def parse(self, raw: str) -> Any:
        """The typed value of `raw`, or ValidationError with a message naming the rule."""
        raw = (raw or "").strip()
        if self.kind == INT:
            try:
                value = int(raw)
            except ValueError:
                raise ValidationError(
                    _("“%(label)s” must be a whole number.") % {"label": self.label}
                ) from None
            if self.minimum is not None and value < self.minimum:
                raise ValidationError(
                    _("“%(label)s” must be at least %(min)s.")
                    % {"label": self.label, "min": self.minimum}
                )
            if self.maximum is not None and value > self.maximum:
                raise ValidationError(
                    _("“%(label)s” must be at most %(max)s.")
                    % {"label": self.label, "max": self.maximum}
                )
            return value
        if self.kind == BOOL:
            if raw.lower() in ("1", "true", "yes", "on"):
                return True
            if raw.lower() in ("0", "false", "no", "off", ""):
                return False
            raise ValidationError(_("“%(label)s” must be yes or no.") % {"label": self.label})
        return raw

    def show(self, value: Any) -> str:
        if self.kind == BOOL:
            return str(gettext_lazy("Yes") if value else gettext_lazy("No"))
        return str(value)


_rules: dict[str, PolicyRule] = {}


def register(rule: PolicyRule) -> PolicyRule:
    _rules[rule.key] = rule
    return rule


def rules() -> list[PolicyRule]:
    return sorted(_rules.values(), key=lambda r: (r.app, r.key))


def rule_of(key: str) -> PolicyRule:
    try:
        return _rules[key]
    except KeyError:
        raise ImproperlyConfigured(f"No office policy named {key!r} is declared") from None


def stored_values() -> dict[str, str]:
    from waishi.people.models import OfficePolicy

    return dict(OfficePolicy.objects.values_list("key", "value"))


def get(key: str) -> Any:
    rule = rule_of(key)
    from waishi.people.models import OfficePolicy

    raw = OfficePolicy.objects.filter(key=key).values_list("value", flat=True).first()
    if raw is None:
        return rule.default
    try:
        return rule.parse(raw)
    except ValidationError:
        # A value stored before the rule's bounds changed: the default is the safe answer.
        return rule.default


def get_int(key: str) -> int:
    return int(get(key))


def get_bool(key: str) -> bool:
    return bool(get(key))


def get_str(key: str) -> str:
    return str(get(key))


def policy_set(key: str, raw: str) -> Any:
    """Validate and store one value (its history is kept); returns the typed value."""
    from waishi.people.models import OfficePolicy

    rule = rule_of(key)
    value = rule.parse(raw)
    stored = "1" if value is True else "0" if value is False else str(value)
    OfficePolicy.objects.update_or_create(key=key, defaults={"value": stored})
    return value


def table() -> list[dict[str, Any]]:
    """Every declared rule with its current value, for the policy page."""
    stored = stored_values()
    rows = []
    for rule in rules():
        value = rule.default
        if rule.key in stored:
            try:
                value = rule.parse(stored[rule.key])
            except ValidationError:
                value = rule.default
        rows.append(
            {"rule": rule, "value": value, "shown": rule.show(value), "changed": rule.key in stored}
        )
    return rows
