"""Kinds of request: a chain of steps and a subject adapter, declared by the owning app in
its `approval.py` (copy `waishi/agreements/approval.py`).

See the module docstring of `waishi.workflow.services` for how to use them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django_stubs_ext import StrOrPromise

from waishi.core.enums import Role, UnitDuty
from waishi.core.models import Unit, User
from waishi.workflow.enums import UNIT_ANY, UNIT_APPLICANT, UNIT_DUTY_PREFIX

if TYPE_CHECKING:
    from waishi.workflow.models import ApprovalRequest

# A step's unit: "applicant", "any", "duty:research_office", or a function
# (subject, request) -> Unit. The subject is the owning app's model (Any: each app's own).
UnitRule = str | Callable[[Any, "ApprovalRequest"], Unit | None]
Callback = Callable[[Any, "ApprovalRequest"], None]


def unit_with_duty(duty: UnitDuty) -> str:
    """The unit rule for the unit that holds a duty in the units register, e.g.
    `unit_with_duty(UnitDuty.RESEARCH_OFFICE)`: which unit that is, is data."""
    return UNIT_DUTY_PREFIX + UnitDuty(duty).value


def duty_of(rule: str) -> UnitDuty | None:
    """The duty a unit rule names, or None."""
    if rule.startswith(UNIT_DUTY_PREFIX):
        return UnitDuty(rule[len(UNIT_DUTY_PREFIX) :])
    return None


def _no_unit(subject: Any) -> Unit | None:
    return None


def _page_of(subject: Any) -> str:
    url: str = subject.get_absolute_url()
    return url


@dataclass(frozen=True)
class SubjectAdapter:
    """What the engine needs of a request's subject: its title, the applicant's unit (for
    steps decided in the applicant's unit), its page, and who applies when that is not the
    user who submits (a trip's applicant, when the office sends it on)."""

    title: Callable[[Any], str] = str
    unit: Callable[[Any], Unit | None] = _no_unit
    url: Callable[[Any], str] = _page_of
    applicant: Callable[[Any], User] | None = None


@dataclass(frozen=True)
class Step:
    """One step of a chain.

    key: stable name of the step within its type ("unit_head", "office", ...).
    label: what the step is called (a lazy translated string).
    role: the Role whose holders decide it.
    unit: how the deciding unit is found: APPLICANT_UNIT (the subject's unit, see
        `SubjectAdapter.unit`, and the units above it), ANY_UNIT (any holder of the role),
        `unit_with_duty(UnitDuty.INTERNATIONAL_OFFICE)`, or a function (subject, request) ->
        Unit.
    condition: optional function (subject) -> bool; the step is in the chain only when true.
    """

    key: str
    label: StrOrPromise
    role: Role
    unit: UnitRule = UNIT_APPLICANT
    condition: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class RequestType:
    """A kind of request: its name ("travel.trip"), label, chain, subject adapter, and
    callbacks that move the subject's own state inside the engine's transaction. Each
    callback gets (subject, approval_request)."""

    name: str
    label: StrOrPromise
    steps: tuple[Step, ...]
    subject: SubjectAdapter = field(default_factory=SubjectAdapter)
    on_submitted: Callback | None = None
    on_approved: Callback | None = None
    on_returned: Callback | None = None
    on_rejected: Callback | None = None
    on_withdrawn: Callback | None = None

    def url_of(self, subject: Any) -> str:
        """The subject's page ("" when the subject is gone)."""
        return "" if subject is None else self.subject.url(subject)


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
