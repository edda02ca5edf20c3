"""The office's rules: lead times, limits and switches the office edits, kept as data.

Each app declares its rules in its own `policy.py` (copy `waishi/people/policy.py`) and
registers them in its AppConfig.ready() with `policy.register("people", RULES)`. A rule has a
key, a type (`Number`, `YesNo`, `DayList`, `WordList`), a default, bounds and a label and help text
(gettext, so both languages). Code reads a rule through the object it declared::

    from waishi.people import policy
    policy.PASSPORT_WARNING_DAYS.value()          # -> 180 unless the office changed it

The director and administrators change the values at /staff/policy/
(`services.policy_set`); every change is kept in the history and shown there. A key with no
stored value has its default. Tests set a rule through the store as well (the `office_rule`
fixture), never through settings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from asgiref.local import Local
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

T = TypeVar("T")
Text = str | Promise


@dataclass(frozen=True)
class Rule(Generic[T]):
    """One rule: its key (stable, stored), default, label and help text, and bounds on each
    number it holds."""

    key: str
    default: T
    label: Text
    help_text: Text = ""
    minimum: int | None = None
    maximum: int | None = None

    def parse(self, raw: str) -> T:
        """The typed value of `raw` (as typed on the form or stored), or ValidationError with
        a message naming the rule."""
        raise NotImplementedError

    def dump(self, value: T) -> str:
        """How the value is stored."""
        return str(value)

    def show(self, value: T) -> str:
        """How the value is shown to people."""
        return self.dump(value)

    def stored_form(self, raw: str) -> str:
        """`raw` checked and in the form it is stored in (ValidationError when it does not
        fit the rule)."""
        return self.dump(self.parse(raw))

    def shown(self) -> str:
        """The current value as shown to people."""
        return self.show(self.value())

    def default_shown(self) -> str:
        return self.show(self.default)

    def stored_shown(self, raw: str) -> str:
        """A stored value as shown to people (as stored when it no longer fits the rule)."""
        try:
            return self.show(self.parse(raw))
        except ValidationError:
            return raw

    def value(self) -> T:
        """The office's current value (the default until someone changed it)."""
        raw = stored_values().get(self.key)
        if raw is None:
            return self.default
        try:
            return self.parse(raw)
        except ValidationError:
            # Stored before the rule's bounds were narrowed: the default is the safe answer.
            return self.default

    def _number(self, raw: str) -> int:
        try:
            number = int(raw.strip())
        except ValueError:
            raise ValidationError(
                _("“%(label)s” must be a whole number.") % {"label": self.label}
            ) from None
        if self.minimum is not None and number < self.minimum:
            raise ValidationError(
                _("“%(label)s” must be at least %(min)s.")
                % {"label": self.label, "min": self.minimum}
            )
        if self.maximum is not None and number > self.maximum:
            raise ValidationError(
                _("“%(label)s” must be at most %(max)s.")
                % {"label": self.label, "max": self.maximum}
            )
        return number


@dataclass(frozen=True)
class Number(Rule[int]):
    """A whole number (days, months, a count)."""

    def parse(self, raw: str) -> int:
        return self._number(raw)


@dataclass(frozen=True)
class YesNo(Rule[bool]):
    """A switch."""

    def parse(self, raw: str) -> bool:
        text = raw.strip().lower()
        if text in ("1", "true", "yes", "on"):
            return True
        if text in ("0", "false", "no", "off", ""):
            return False
        raise ValidationError(_("“%(label)s” must be yes or no.") % {"label": self.label})

    def dump(self, value: bool) -> str:
        return "1" if value else "0"

    def show(self, value: bool) -> str:
        return str(gettext_lazy("Yes") if value else gettext_lazy("No"))


@dataclass(frozen=True)
class DayList(Rule[tuple[int, ...]]):
    """Several numbers of days, e.g. reminders 180, 90 and 30 days before a date; kept
    distinct and largest first. Empty means none."""

    def parse(self, raw: str) -> tuple[int, ...]:
        parts = [part for part in raw.replace("，", ",").split(",") if part.strip()]
        return tuple(sorted({self._number(part) for part in parts}, reverse=True))

    def dump(self, value: tuple[int, ...]) -> str:
        return ",".join(str(days) for days in value)

    def show(self, value: tuple[int, ...]) -> str:
        return ", ".join(str(days) for days in value) or str(gettext_lazy("none"))


@dataclass(frozen=True)
class WordList(Rule[tuple[str, ...]]):
    """Words or phrases, e.g. words a name may not use; kept distinct, in the order typed.
    Separated by commas (either width) or 、. Empty means none."""

    def parse(self, raw: str) -> tuple[str, ...]:
        text = raw.replace("，", ",").replace("、", ",").replace("\n", ",")
        words: list[str] = []
        for part in text.split(","):
            word = " ".join(part.split())
            if word and word not in words:
                words.append(word)
        return tuple(words)

    def dump(self, value: tuple[str, ...]) -> str:
        return ",".join(value)

    def show(self, value: tuple[str, ...]) -> str:
        return "、".join(value) or str(gettext_lazy("none"))


AnyRule = Number | YesNo | DayList | WordList


@dataclass(frozen=True)
class Declared:
    """A rule as registered: the rule and the app that declared it."""

    app: str
    rule: AnyRule


_declared: dict[str, Declared] = {}


def register(app: str, rules: Iterable[AnyRule]) -> None:
    """Declare an app's rules (from its AppConfig.ready()). A key declared twice by two apps
    is a mistake and fails loudly."""
    for rule in rules:
        known = _declared.get(rule.key)
        if known is not None and known.app != app:
            raise ImproperlyConfigured(f"Office rule {rule.key!r} is declared by {known.app}")
        _declared[rule.key] = Declared(app, rule)


def declared() -> list[Declared]:
    """Every declared rule, by app and key."""
    return sorted(_declared.values(), key=lambda d: (d.app, d.rule.key))


def rule_of(key: str) -> AnyRule:
    """The declared rule of `key`; ImproperlyConfigured for a key nobody declared."""
    try:
        return _declared[key].rule
    except KeyError:
        raise ImproperlyConfigured(f"No office rule named {key!r} is declared") from None


# The values read in this request (or command): a list asks a rule once per row.
_read = Local()


def stored_values() -> dict[str, str]:
    """Every stored value by key: one query a request, so a change shows on the next one in
    every process."""
    from waishi.core.models import PolicyValue

    found: dict[str, str] | None = getattr(_read, "values", None)
    if found is None:
        found = _read.values = dict(PolicyValue.objects.values_list("key", "value"))
    return found


def stored_values_forget(**_signal: object) -> None:
    """Read the values afresh next time: at the start of each request and after a change
    (connected in `CoreConfig.ready`)."""
    _read.values = None
