"""Request types and their chains of steps, declared in code by the owning app.

See the module docstring of `waishi.workflow.services` for how to use them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from waishi.core.enums import Role
from waishi.workflow.enums import UNIT_ANY, UNIT_APPLICANT, UNIT_CODE_PREFIX

# A step's unit: "applicant", "any", "code:IECO", or a function (subject, request) -> Unit.
UnitRule = str | Callable[[Any, Any], Any]
Callback = Callable[[Any, Any], None]


def unit_by_code(code: str) -> str:
    """The unit rule for a fixed unit, e.g. `unit_by_code("RES")` for the research office."""
    return UNIT_CODE_PREFIX + code


@dataclass(frozen=True)
class Step:
    """One step of a chain.

    key: stable name of the step within its type ("unit_head", "office", ...).
    label: what the step is called (a lazy translated string).
    role: the Role whose holders decide it.
    unit: how the deciding unit is found: APPLICANT_UNIT (the unit given at submission,
        and the units above it), ANY_UNIT (any holder of the role), `unit_by_code("IECO")`,
        or a function (subject, request) -> Unit.
    condition: optional function (subject) -> bool; the step is in the chain only when true.
    """

    key: str
    label: Any
    role: Role
    unit: UnitRule = UNIT_APPLICANT
    condition: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class RequestType:
    """A kind of request: its name ("travel.trip"), label, chain, and callbacks that move
    the subject's own state inside the engine's transaction. Each callback gets
    (subject, approval_request)."""

    name: str
    label: Any
    steps: tuple[Step, ...]
    on_submitted: Callback | None = None
    on_approved: Callback | None = None
    on_returned: Callback | None = None
    on_rejected: Callback | None = None
    on_withdrawn: Callback | None = None
    # The page of the subject; default subject.get_absolute_url().
    subject_url: Callable[[Any], str] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def url_of(self, subject: Any) -> str:
        if subject is None:
            return ""
        if self.subject_url is not None:
            return self.subject_url(subject)
        getter = getattr(subject, "get_absolute_url", None)
        return getter() if getter else ""


APPLICANT_UNIT = UNIT_APPLICANT
ANY_UNIT = UNIT_ANY

_types: dict[str, RequestType] = {}


def register(request_type: RequestType) -> RequestType:
    """Declare a request type (call it from the owning app's AppConfig.ready()). Registering
    the same name again replaces it (tests re-register freely)."""
    keys = [s.key for s in request_type.steps]
    if len(keys) != len(set(keys)):
        raise ImproperlyConfigured(f"{request_type.name}: step keys must be unique")
    _types[request_type.name] = request_type
    return request_type


def get_type(name: str) -> RequestType:
    try:
        return _types[name]
    except KeyError:
        raise ImproperlyConfigured(f"No approval request type named {name!r}") from None


def registered_types() -> dict[str, RequestType]:
    return dict(_types)
