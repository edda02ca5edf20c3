"""Reads of units and accounts, scoped to the user asking."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, TypeVar

import django_filters
from django import forms
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise

from waishi.core import policy
from waishi.core.enums import Role, UnitKind
from waishi.core.forms import ShownNameChoiceField
from waishi.core.models import AnyUser, Notification, PolicyValue, Unit, User
from waishi.core.permissions import acts_for_unit, reads_everything, unit_ids_of

M = TypeVar("M", bound=Model)


def of_visible(rows: QuerySet[M], field: str, parents: QuerySet[Any]) -> QuerySet[M]:
    """`rows` whose `field` (a foreign key) is one of `parents`, a `..._for_user` query. When
    that query keeps every parent (the office, those who read every register) no condition is
    added, so the rows are counted and paged from their own table rather than joined to the
    whole parent register (150,000 visits at scale 100)."""
    if parents.query.where:  # any condition, `.none()` among them
        return rows.filter(**{f"{field}__in": parents.order_by().values("pk")})
    return rows


def model_filter(
    filterset: django_filters.FilterSet, name: str
) -> django_filters.ModelChoiceFilter:
    """The filter `name` of `filterset`, which chooses among model rows (typed: the set types
    its filters as plain filters)."""
    found = filterset.filters[name]
    if not isinstance(found, django_filters.ModelChoiceFilter):
        raise TypeError(f"{name} does not choose among model rows")
    return found


class ShownNameChoiceFilter(django_filters.ModelChoiceFilter):
    """A filter among countries or units, its choices sorted by the name shown."""

    field_class = ShownNameChoiceField  # type: ignore[assignment]  # a ModelChoiceField


def units_for_user(user: AnyUser) -> QuerySet[Unit]:
    """Every logged-in user may see the university's units (it is the public org chart)."""
    if not user.is_authenticated:
        return Unit.objects.none()
    return Unit.objects.select_related("parent")


def users_for_user(user: AnyUser) -> QuerySet[User]:
    """Accounts a user may see: all for the office and readers, a unit's for its liaison and
    head, otherwise only their own."""
    accounts = User.objects.prefetch_related("groups", "units")
    if not user.is_authenticated:
        return accounts.none()
    if reads_everything(user):
        return accounts
    if acts_for_unit(user):
        return accounts.filter(Q(units__in=unit_ids_of(user)) | Q(pk=user.pk)).distinct()
    return accounts.filter(pk=user.pk)


# What the account list and the API show of an account, and what its roles are read from.
ACCOUNT_COLUMNS = (
    "id",
    "username",
    "first_name",
    "last_name",
    "full_name",
    "email",
    "language",
    "is_active",
    "is_superuser",
)


def shown_units() -> Prefetch[Any]:
    """An account's units as its list and the API show them (names and ids), into the list
    `shown_units`: no queryset made per account."""
    units = Unit.objects.only("id", "name_zh", "name_en")
    return Prefetch("units", queryset=units, to_attr="shown_units")


def shown_accounts(accounts: QuerySet[User]) -> QuerySet[User]:
    """`accounts` as their list and the API show them, in a fixed number of queries that read
    only what they show: the account's own columns, its groups' names (the list
    `shown_groups`, see `with_roles`) and its units (`shown_units`)."""
    groups = Group.objects.only("id", "name")
    return (
        accounts.only(*ACCOUNT_COLUMNS)
        .prefetch_related(None)
        .prefetch_related(
            Prefetch("groups", queryset=groups, to_attr="shown_groups"), shown_units()
        )
    )


def with_roles(accounts: list[User]) -> list[User]:
    """`accounts` read by `shown_accounts`, each with its roles as `User.roles` and
    `User.role_names` give them, but read from `shown_groups`: the list `shown_roles` and the
    cached `role_names`. No manager, queryset or `Role.values` made per account."""
    order = list(Role)
    for account in accounts:
        held: set[str] = set()
        if account.is_active:
            held = {g.name for g in account.shown_groups}  # type: ignore[attr-defined]
            if account.is_superuser:
                held.add(Role.ADMINISTRATOR)
        roles = [role for role in order if role in held]
        account.shown_roles = roles  # type: ignore[attr-defined]
        # Where the cached property keeps its value: the API's `roles` reads it.
        account.__dict__["role_names"] = frozenset(roles)
    return accounts


def office_people() -> QuerySet[User]:
    """Who may be responsible for a record: the office's staff and director."""
    return (
        User.objects.filter(
            is_active=True,
            groups__name__in=[Role.OFFICE_STAFF.value, Role.OFFICE_DIRECTOR.value],
        )
        .distinct()
        .order_by("full_name", "username")
    )


def notifications_for_user(user: AnyUser) -> QuerySet[Notification]:
    """A user's own notifications, newest first; nobody reads another's."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count(user: AnyUser) -> int:
    return notifications_for_user(user).filter(read_at__isnull=True).count()


def active_filter(label: StrOrPromise | None = None) -> django_filters.BooleanFilter:
    """A yes/no filter that reads "All / Active / Inactive" in the list toolbar."""
    return django_filters.BooleanFilter(
        label=label or pgettext_lazy("column", "Status"),
        widget=forms.Select(
            choices=[("", _("All")), ("true", _("Active")), ("false", _("Inactive"))]
        ),
    )


class UnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.ChoiceFilter(
        choices=UnitKind.choices, label=_("Kind"), empty_label=_("All")
    )
    is_active = active_filter()

    class Meta:
        model = Unit
        fields = ["q", "kind", "is_active"]

    def search(self, queryset: QuerySet[Unit], name: str, value: str) -> QuerySet[Unit]:
        return queryset.filter(
            Q(name_zh__icontains=value) | Q(name_en__icontains=value) | Q(code__icontains=value)
        )


class UserFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    role = django_filters.ChoiceFilter(choices=Role.choices, method="with_role", label=_("Role"))
    unit = ShownNameChoiceFilter(queryset=Unit.objects.all(), field_name="units", label=_("Unit"))
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = User
        fields = ["q", "role", "unit", "is_active"]

    def search(self, queryset: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        return queryset.filter(
            Q(username__icontains=value)
            | Q(full_name__icontains=value)
            | Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
            | Q(email__icontains=value)
        )

    def with_role(self, queryset: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        if value == Role.ADMINISTRATOR:
            return queryset.filter(Q(groups__name=value) | Q(is_superuser=True)).distinct()
        return queryset.filter(groups__name=value)


# Office rules -----------------------------------------------------------------------------


@dataclass(frozen=True)
class OfficeRuleRow:
    """One rule on the policy page: who declared it, its value as shown, and whether the
    office has changed it from the default."""

    app_name: str
    rule: policy.AnyRule
    shown: str
    is_default: bool


def office_rules_table() -> list[OfficeRuleRow]:
    """Every declared rule with its current value, grouped by the app that declared it."""
    stored = policy.stored_values()
    return [
        OfficeRuleRow(
            app_name=str(apps.get_app_config(declared.app).verbose_name),
            rule=declared.rule,
            shown=declared.rule.shown(),
            is_default=declared.rule.key not in stored,
        )
        for declared in policy.declared()
    ]


@dataclass(frozen=True)
class OfficeRuleChange:
    """One change of a rule, as the history shows it."""

    when: datetime.datetime
    who: User | None
    label: str
    before: str
    after: str


def office_rule_changes(key: str | None = None, limit: int = 50) -> list[OfficeRuleChange]:
    """The newest changes of the office's rules (of one rule with `key`), newest first, each
    with the value before and after it."""
    records = PolicyValue.history.select_related("history_user").order_by("history_date", "pk")
    if key is not None:
        records = records.filter(key=key)
    last: dict[str, str] = {}
    changes: list[OfficeRuleChange] = []
    for record in records:
        try:
            rule = policy.rule_of(record.key)
        except ImproperlyConfigured:
            continue  # a rule no app declares any more: nothing to show it by
        before = last.get(record.key)
        changes.append(
            OfficeRuleChange(
                when=record.history_date,
                who=record.history_user,
                label=str(rule.label),
                before=rule.default_shown() if before is None else rule.stored_shown(before),
                after=rule.stored_shown(record.value),
            )
        )
        last[record.key] = record.value
    return changes[::-1][:limit]
