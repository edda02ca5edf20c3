"""Reads of cooperative programs, scoped to the user asking.

Who sees which programs (the one gatekeeper, used by pages, exports and the API):
- the office, university leaders, the auditor and the administrator: every program;
- a unit liaison or head: the programs whose home college is their unit (or beneath it);
- anybody else: none (the running programs are on the public page `/programs/`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import django_filters
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from waishi.core.clock import today
from waishi.core.models import AnyUser, Country, Unit
from waishi.core.permissions import acts_for_unit, reads_everything, unit_ids_of
from waishi.core.queries import ShownNameChoiceFilter
from waishi.partners.models import Institution
from waishi.programs.enums import ProgramLevel, ProgramMode, ProgramStatus
from waishi.programs.models import Cohort, Program


def _with_related(programs: QuerySet[Program]) -> QuerySet[Program]:
    return programs.select_related("home_unit", "agreement").prefetch_related(
        Prefetch("partners", queryset=Institution.objects.select_related("country"))
    )


def programs_for_user(user: AnyUser) -> QuerySet[Program]:
    """The programs `user` may see (see the module's docstring)."""
    programs = _with_related(Program.objects.all())
    if not user.is_authenticated:
        return programs.none()
    if reads_everything(user):
        return programs
    if acts_for_unit(user):
        return programs.filter(home_unit__in=unit_ids_of(user))
    return programs.none()


def programs_running() -> QuerySet[Program]:
    """Programs running today: status running and an approval that has not lapsed."""
    return Program.objects.filter(status=ProgramStatus.RUNNING).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today())
    )


def programs_public() -> QuerySet[Program]:
    """What the public page lists: the running programs, with partners and college."""
    return _with_related(programs_running())


def programs_running_count() -> int:
    """For the public overview: how many programs run today."""
    return programs_running().count()


def programs_of_institution(institution: Institution, user: AnyUser) -> QuerySet[Program]:
    return programs_for_user(user).filter(partners=institution)


@dataclass(frozen=True)
class CohortRow:
    cohort: Cohort
    year: int
    quota: int | None
    enrolled: int
    transferred_abroad: int
    graduated: int

    @property
    def fill_percent(self) -> int | None:
        """Enrolled as a share of the quota, in whole percent (None without a quota)."""
        if not self.quota:
            return None
        return round(100 * self.enrolled / self.quota)

    @property
    def over_quota(self) -> bool:
        return self.quota is not None and self.enrolled > self.quota


@dataclass(frozen=True)
class CohortFigures:
    rows: list[CohortRow]
    quota_total: int
    enrolled_total: int
    transferred_total: int
    graduated_total: int


def cohort_figures(program: Program) -> CohortFigures:
    """Quota against enrolment per intake year, oldest first, with totals. A cohort without
    its own quota takes the program's yearly quota."""
    rows = [
        CohortRow(
            cohort=c,
            year=c.intake_year,
            quota=c.quota if c.quota is not None else program.annual_quota,
            enrolled=c.enrolled,
            transferred_abroad=c.transferred_abroad,
            graduated=c.graduated,
        )
        for c in program.cohorts.order_by("intake_year")
    ]
    return CohortFigures(
        rows=rows,
        quota_total=sum(r.quota or 0 for r in rows),
        enrolled_total=sum(r.enrolled for r in rows),
        transferred_total=sum(r.transferred_abroad for r in rows),
        graduated_total=sum(r.graduated for r in rows),
    )


class ProgramFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(
        choices=ProgramStatus.choices,
        label=pgettext_lazy("program", "Status"),
        empty_label=_("All"),
    )
    level = django_filters.ChoiceFilter(
        choices=ProgramLevel.choices, label=_("Level"), empty_label=_("All")
    )
    mode = django_filters.ChoiceFilter(
        choices=ProgramMode.choices, label=_("Mode"), empty_label=_("All")
    )
    # The units and countries of any program, each asked of every unit or country (a
    # semi-join), not by joining every program and keeping the distinct ones.
    home_unit = ShownNameChoiceFilter(
        queryset=Unit.objects.filter(Exists(Program.objects.filter(home_unit=OuterRef("pk")))),
        label=_("Home college"),
        empty_label=_("All"),
    )
    country = ShownNameChoiceFilter(
        queryset=Country.objects.filter(
            Exists(Program.partners.through.objects.filter(institution__country=OuterRef("pk")))
        ),
        field_name="partners__country",
        label=_("Partner's country"),
        empty_label=_("All"),
        distinct=True,
    )

    lapses_within = django_filters.ChoiceFilter(
        choices=[
            ("90", _("90 days")),
            ("180", _("180 days")),
            ("365", _("a year")),
        ],
        method="approval_lapses_within",
        label=_("Approval lapses within"),
        empty_label=_("Any time"),
    )

    class Meta:
        model = Program
        fields = ["q", "status", "level", "mode", "home_unit", "country", "lapses_within"]

    def approval_lapses_within(
        self, queryset: QuerySet[Program], name: str, value: str
    ) -> QuerySet[Program]:
        """Programs still running or suspended whose approval ends within `value` days (or
        has already ended without the program being closed)."""
        until = today() + datetime.timedelta(days=int(value))
        return queryset.filter(
            status__in=[ProgramStatus.RUNNING, ProgramStatus.SUSPENDED],
            valid_until__lte=until,
        )

    def search(self, queryset: QuerySet[Program], name: str, value: str) -> QuerySet[Program]:
        matching = Program.objects.filter(
            Q(name_zh__icontains=value)
            | Q(name_en__icontains=value)
            | Q(discipline__icontains=value)
            | Q(approval_number__icontains=value)
            | Q(partners__name_en__icontains=value)
            | Q(partners__name_zh__icontains=value)
        ).values("pk")
        return queryset.filter(pk__in=matching)
