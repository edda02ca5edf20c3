"""Reads of agreements, scoped to the user asking.

Who reads which agreements (decided here, once):
- the office, university leaders, the auditor and the administrator read every agreement;
- anyone else with a role (staff, unit liaisons, unit heads) reads the agreements that
  involve one of their units or a unit beneath them: a teacher planning an exchange needs to
  know the college's agreements, and they are not secret inside the college;
- a user without a role reads none. Out-of-scope agreements answer 404."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict, cast

import django_filters
from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from waishi.agreements import policy
from waishi.agreements.enums import AgreementKind, AgreementStatus, Approval
from waishi.agreements.models import Agreement
from waishi.core.clock import today as clock_today
from waishi.core.forms import choice_labels
from waishi.core.models import AnyUser, Country, Unit, User
from waishi.core.permissions import has_any_role, reads_everything, unit_ids_of
from waishi.core.queries import ShownNameChoiceFilter, model_filter
from waishi.core.widgets import search_by_typing
from waishi.partners.models import Institution

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class StatusAnnotations(TypedDict):
    """What `with_status` adds to each agreement."""

    starts_on: datetime.date | None
    status: str


if TYPE_CHECKING:
    # An agreement read with its status (`with_status`).
    AgreementWithStatus = WithAnnotations[Agreement, StatusAnnotations]


def with_status(
    queryset: QuerySet[Agreement],
    today: datetime.date | None = None,
    window_days: int | None = None,
) -> QuerySet[AgreementWithStatus]:
    """Annotate `status` exactly as `status.agreement_status` derives it."""
    today = today or clock_today()
    if window_days is None:
        window_days = policy.EXPIRING_WINDOW_DAYS.value()
    window_end = today + datetime.timedelta(days=window_days)
    return queryset.annotate(
        starts_on=Coalesce("in_force_from", "signed_on"),
    ).annotate(
        status=Case(
            When(terminated_on__lte=today, then=Value(AgreementStatus.TERMINATED.value)),
            When(approval=Approval.DRAFT, then=Value(AgreementStatus.DRAFT.value)),
            When(
                approval=Approval.UNDER_APPROVAL,
                then=Value(AgreementStatus.UNDER_APPROVAL.value),
            ),
            When(signed_on__isnull=True, then=Value(AgreementStatus.APPROVED.value)),
            When(signed_on__gt=today, then=Value(AgreementStatus.APPROVED.value)),
            When(starts_on__gt=today, then=Value(AgreementStatus.SIGNED.value)),
            When(expires_on__isnull=True, then=Value(AgreementStatus.IN_FORCE.value)),
            When(
                expires_on__lt=today,
                renews_automatically=True,
                then=Value(AgreementStatus.IN_FORCE.value),
            ),
            When(expires_on__lt=today, then=Value(AgreementStatus.EXPIRED.value)),
            When(expires_on__lte=window_end, then=Value(AgreementStatus.EXPIRING.value)),
            default=Value(AgreementStatus.IN_FORCE.value),
            output_field=CharField(),
        )
    )


def agreement_search(queryset: QuerySet[Agreement], text: str) -> QuerySet[Agreement]:
    """Agreements whose names, reference or partners' names hold every word."""
    for word in text.split():
        partner = Agreement.parties.through.objects.filter(
            Q(institution__name_en__icontains=word)
            | Q(institution__name_zh__icontains=word)
            | Q(institution__other_names__name__icontains=word),
            agreement_id=OuterRef("pk"),
        )
        queryset = queryset.filter(
            Q(name_zh__icontains=word)
            | Q(name_en__icontains=word)
            | Q(reference__icontains=word)
            | Exists(partner)
        )
    return queryset


def agreements_for_user(user: AnyUser) -> QuerySet[AgreementWithStatus]:
    """The agreements `user` may read, with their status (see the module docstring)."""
    base = Agreement.objects.select_related("responsible")
    if reads_everything(user):
        return with_status(base)
    if not has_any_role(user):
        # No rows, so none lacks its status (and no office rule is read for nothing).
        return cast("QuerySet[AgreementWithStatus]", Agreement.objects.none())
    units = unit_ids_of(user)
    involved = Agreement.units.through.objects.filter(
        agreement_id=OuterRef("pk"), unit_id__in=units
    )
    return with_status(base.filter(Exists(involved)))


def agreement_detail_for_user(user: AnyUser) -> QuerySet[Agreement]:
    return (
        agreements_for_user(user)
        .select_related("renews")
        .prefetch_related("parties__country", "units", "documents", "renewals")
    )


def agreements_in_force_count() -> int:
    """How many agreements bind both sides today (in force or expiring): the overview's
    figure on the public page."""
    valid = with_status(Agreement.objects.all()).filter(
        status__in=AgreementStatus.valid()  # type: ignore[misc]  # django-stubs takes an annotation's __in for one value
    )
    return valid.count()


def agreements_of_partner(institution: Institution, user: AnyUser) -> QuerySet[Agreement]:
    return agreements_for_user(user).filter(parties=institution).order_by("-signed_on", "-pk")


def agreements_expiring_between(start: datetime.date, end: datetime.date) -> QuerySet[Agreement]:
    """Approved, signed, not terminated agreements whose expiry falls in [start, end]."""
    return Agreement.objects.filter(
        approval=Approval.APPROVED,
        signed_on__isnull=False,
        expires_on__gte=start,
        expires_on__lte=end,
    ).filter(Q(terminated_on__isnull=True) | Q(terminated_on__gt=end))


def office_people() -> QuerySet[User]:
    from waishi.partners.queries import office_people as partners_office_people

    return partners_office_people()


def people_to_remind(agreement: Agreement) -> list[User]:
    """The responsible person and the liaisons and heads of the units involved."""
    from waishi.core.enums import Role

    unit_ids = list(agreement.units.values_list("pk", flat=True))
    found = list(
        User.objects.filter(
            is_active=True,
            units__in=unit_ids,
            groups__name__in=[Role.UNIT_LIAISON.value, Role.UNIT_HEAD.value],
        )
        .distinct()
        .order_by("pk")
    )
    if agreement.responsible and agreement.responsible.is_active:
        found.insert(0, agreement.responsible)
    return found


class AgreementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=AgreementKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(
        choices=AgreementStatus.choices, label=pgettext_lazy("agreement", "Status")
    )
    country = ShownNameChoiceFilter(
        queryset=Country.objects.none(),
        field_name="parties__country",
        to_field_name="code",
        label=_("Country"),
        distinct=False,
        method="by_country",
    )
    partner = django_filters.ModelChoiceFilter(
        queryset=Institution.objects.none(), label=_("Partner"), method="by_partner"
    )
    unit = ShownNameChoiceFilter(queryset=Unit.objects.none(), label=_("Unit"), method="by_unit")
    expiring_within = django_filters.NumberFilter(
        method="by_expiry", label=_("Expires within (days)"), min_value=0
    )

    class Meta:
        model = Agreement
        fields = ["q", "kind", "status", "country", "partner", "unit", "expiring_within"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The countries of any agreement's parties: asked of each country (a semi-join), not
        # by joining every agreement and keeping the distinct countries.
        model_filter(self, "country").queryset = Country.objects.filter(
            Exists(Agreement.parties.through.objects.filter(institution__country=OuterRef("pk")))
        )
        model_filter(self, "partner").queryset = Institution.objects.filter(
            agreements__isnull=False
        ).distinct()
        model_filter(self, "unit").queryset = Unit.objects.filter(is_active=True)
        choice_labels(self.filters["country"].field, lambda c: c.name)
        choice_labels(self.filters["partner"].field, lambda i: i.name)
        # Thousands of partners: the filter searches as one types instead of listing them all.
        search_by_typing(self.filters["partner"].field, "partners")
        choice_labels(self.filters["unit"].field, lambda u: u.name)

    # Each relation filter is an EXISTS, so an agreement with two parties is listed once.
    def by_country(
        self, queryset: QuerySet[Agreement], name: str, value: Country
    ) -> QuerySet[Agreement]:
        through = Agreement.parties.through.objects.filter(
            agreement_id=OuterRef("pk"), institution__country=value
        )
        return queryset.filter(Exists(through))

    def by_partner(
        self, queryset: QuerySet[Agreement], name: str, value: Institution
    ) -> QuerySet[Agreement]:
        through = Agreement.parties.through.objects.filter(
            agreement_id=OuterRef("pk"), institution=value
        )
        return queryset.filter(Exists(through))

    def by_unit(self, queryset: QuerySet[Agreement], name: str, value: Unit) -> QuerySet[Agreement]:
        through = Agreement.units.through.objects.filter(agreement_id=OuterRef("pk"), unit=value)
        return queryset.filter(Exists(through))

    def by_expiry(
        self, queryset: QuerySet[AgreementWithStatus], name: str, value: Decimal
    ) -> QuerySet[AgreementWithStatus]:
        today = clock_today()
        end = today + datetime.timedelta(days=int(value))
        return queryset.filter(
            status__in=[  # type: ignore[misc]  # django-stubs takes an annotation's __in for one value
                AgreementStatus.IN_FORCE,
                AgreementStatus.EXPIRING,
                AgreementStatus.SIGNED,
            ],
            expires_on__gte=today,
            expires_on__lte=end,
        )

    def search(self, queryset: QuerySet[Agreement], name: str, value: str) -> QuerySet[Agreement]:
        return agreement_search(queryset, value)
