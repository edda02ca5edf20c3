"""Pages of the visits app under /staff/visits/. Rows come from `queries.visits_for_user`,
so a visit out of scope is 404; every write goes through one service."""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import IO, Any, TypedDict, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.forms import BaseForm, BaseInlineFormSet
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django_stubs_ext import StrOrPromise

from waishi.core import clock, imports
from waishi.core.excel import workbook_response
from waishi.core.forms import apply_service_errors
from waishi.core.history import history_entries
from waishi.core.letters import letters_of
from waishi.core.listing import FilteredListView, YearFiguresView, bound_numbers
from waishi.core.mixins import RulePermissionMixin, ServiceFormView
from waishi.core.models import User
from waishi.core.permissions import acting_user
from waishi.core.uploads import file_response
from waishi.people.enums import DocumentKind
from waishi.people.models import IdentityDocument, Person
from waishi.people.queries import shown_number
from waishi.visits import (
    excel,
    figures,
    forms,
    itinerary,
    letters,
    policy,
    queries,
    services,
    standards,
)
from waishi.visits.enums import EDITABLE, VisitStatus
from waishi.visits.models import (
    AuthorisedLetter,
    BudgetLine,
    Guest,
    ItineraryItem,
    Summary,
    SummaryPhoto,
    Visit,
)

FormT = TypeVar("FormT", bound=BaseForm)

# The budget lines of a visit's form.
VisitBudgetFormSet = BaseInlineFormSet[BudgetLine, Visit, forms.BudgetLineForm]


def visit_or_404(request: HttpRequest, pk: int) -> Visit:
    return get_object_or_404(queries.visits_for_user(request.user), pk=pk)


def show_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


class VisitListView(RulePermissionMixin, FilteredListView[Visit]):
    permission_required = "visits.view_visit"
    template_name = "visits/visit/list.html"
    partial_template_name = "visits/visit/_results.html"
    filterset_class = queries.VisitFilter
    sort_options = {
        "arrival": (gettext_lazy("Arrival, latest first"), ["-arrival", "-pk"]),
        "arrival_asc": (gettext_lazy("Arrival, earliest first"), ["arrival", "pk"]),
        "updated": (gettext_lazy("Recently changed"), ["-updated_at", "-pk"]),
    }

    def get_base_queryset(self) -> QuerySet[Visit]:
        return queries.with_guests(queries.visits_for_user(self.request.user))


class GuestRow(TypedDict):
    """A guest as the visit's page shows them."""

    guest: Guest
    age: int | None
    passport: str
    passport_expiry: datetime.date | None


def guest_rows(visit: Visit, user: User) -> list[GuestRow]:
    """The guests as the visit's page shows them: the passport number masked except for the
    office, and those 60 or over on arrival flagged."""
    guests = list(
        visit.guests.select_related("person__nationality").prefetch_related(
            Prefetch(
                "person__documents",
                queryset=IdentityDocument.objects.filter(
                    kind__in=DocumentKind.passports()
                ).order_by("-expires_on", "-pk"),
                to_attr="passports",
            )
        )
    )
    rows: list[GuestRow] = []
    for guest in guests:
        passport = guest.person.passports[0] if guest.person.passports else None  # type: ignore[attr-defined]
        rows.append(
            {
                "guest": guest,
                "age": guest.age_on_arrival(),
                "passport": shown_number(passport, user) if passport else "",
                "passport_expiry": passport.expires_on if passport else None,
            }
        )
    return rows


class VisitDetailView(RulePermissionMixin, View):
    permission_required = "visits.view_visit"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        visit = visit_or_404(request, pk)
        user = acting_user(request)
        budget = list(visit.budget.all())
        may_edit = user.has_perm("visits.edit_visit", visit)
        lead = policy.lead_time(visit)
        authorised = AuthorisedLetter.objects.filter(visit=visit).first()
        context = {
            "visit": visit,
            "guests": guest_rows(visit, user),
            "budget": budget,
            "budget_total": sum(line.amount for line in budget),
            "may_edit": may_edit,
            "may_withdraw": user.has_perm("visits.withdraw_visit", visit),
            "may_restore": user.has_perm("visits.restore_visit", visit),
            "may_reopen": user.has_perm("visits.reopen_visit", visit),
            "lead": lead,
            "late_now": may_edit and policy.is_late(visit),
            "needs_leader": policy.needs_leader(visit),
            "problems": services.visit_problems(visit) if may_edit else [],
            "history": history_entries(visit),
            "today": clock.today(),
            "letters": letters_of(visit, letters.KIND),
            "may_issue_letter": user.has_perm("visits.manage_visit")
            and visit.status == VisitStatus.APPROVED,
            "itinerary": itinerary.days_of(visit),
            "may_edit_itinerary": user.has_perm("visits.edit_itinerary", visit),
            "after_approval": visit.status in (VisitStatus.APPROVED, VisitStatus.CLOSED),
            "authorised": authorised,
            "may_manage": user.has_perm("visits.manage_visit"),
        }
        if authorised is not None:
            context["authorised_due"] = policy.authorised_letter_due(authorised.filed_on)
            context["departure_due"] = policy.departure_registration_due(visit)
        return render(request, "visits/visit/detail.html", context)


class VisitFormView(RulePermissionMixin, View):
    """File or edit a request with its budget; nothing typed is lost when a rule fails."""

    permission_required = "visits.add_visit"

    def _visit(self, request: HttpRequest, pk: int | None) -> Visit:
        user = acting_user(request)
        if pk is None:
            return Visit(applicant=user, unit=queries.default_unit_for_user(user))
        visit = visit_or_404(request, pk)
        if not user.has_perm("visits.change_visit", visit):
            raise PermissionDenied
        return visit

    def _forms(
        self, request: HttpRequest, visit: Visit, data: QueryDict | None = None
    ) -> tuple[forms.VisitForm, VisitBudgetFormSet]:
        user = acting_user(request)
        initial: dict[str, Person | None] = {}
        if visit.pk is None:
            person = queries.responsibles_for_user(user).filter(user=user).first()
            initial = {"responsible": person}
        form = forms.VisitForm(
            data,
            instance=visit,
            initial=initial,
            units=queries.visit_units_for_user(user),
            responsibles=queries.responsibles_for_user(user),
        )
        budget = forms.BudgetFormSet(data, instance=visit, prefix="budget")
        return form, budget

    def _render(
        self, request: HttpRequest, visit: Visit, form: forms.VisitForm, budget: VisitBudgetFormSet
    ) -> HttpResponse:
        return render(
            request, "visits/visit/form.html", {"visit": visit, "form": form, "budget": budget}
        )

    def _closed(self, request: HttpRequest, visit: Visit) -> HttpResponse | None:
        if visit.pk and visit.status not in EDITABLE:
            messages.error(
                request,
                _("This request has been submitted (%(status)s) and can no longer be edited.")
                % {"status": visit.get_status_display()},
            )
            return redirect(visit)
        return None

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        visit = self._visit(request, pk)
        if closed := self._closed(request, visit):
            return closed
        form, budget = self._forms(request, visit)
        return self._render(request, visit, form, budget)

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        user = acting_user(request)
        visit = self._visit(request, pk)
        if closed := self._closed(request, visit):
            return closed
        form, budget = self._forms(request, visit, request.POST)
        valid = form.is_valid()
        valid = budget.is_valid() and valid
        if not valid:
            messages.error(request, _("Please correct the errors below; nothing has been saved."))
            return self._render(request, visit, form, budget)
        values = dict(form.cleaned_data)
        try:
            if visit.pk is None:
                visit = services.visit_create(by=user, budget=forms.budget_rows(budget), **values)
            else:
                visit = services.visit_update(
                    visit, by=user, budget=forms.budget_rows(budget), **values
                )
        except ValidationError as error:
            apply_service_errors(form, error)
            messages.error(request, _("Please correct the errors below; nothing has been saved."))
            return self._render(request, visit, form, budget)
        messages.success(
            request, _("The request has been saved. Add its guests, then submit it for approval.")
        )
        return redirect(visit)


class VisitActionView(RulePermissionMixin, View):
    """A POST that calls one service on a visit and returns to its page with a message."""

    permission_required = "visits.view_visit"
    visit_permission = "visits.view_visit"
    success_message: StrOrPromise = ""

    def act(self, request: HttpRequest, visit: Visit) -> None:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        visit = visit_or_404(request, pk)
        if not request.user.has_perm(self.visit_permission, visit):
            raise PermissionDenied
        try:
            self.act(request, visit)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, self.success_message)
        return redirect(visit)


class VisitSubmitView(VisitActionView):
    visit_permission = "visits.change_visit"
    success_message = gettext_lazy("The request has been submitted for approval.")

    def act(self, request: HttpRequest, visit: Visit) -> None:
        reason = request.POST.get("late_reason")
        services.visit_submit(visit, by=acting_user(request), late_reason=reason)


class VisitWithdrawView(VisitActionView):
    visit_permission = "visits.change_visit"
    success_message = gettext_lazy(
        "The request has been withdrawn. Nothing is lost: “Take up again” makes it a draft."
    )

    def act(self, request: HttpRequest, visit: Visit) -> None:
        services.visit_withdraw(visit, by=acting_user(request))


class VisitRestoreView(VisitActionView):
    visit_permission = "visits.change_visit"
    success_message = gettext_lazy("The request is a draft again.")

    def act(self, request: HttpRequest, visit: Visit) -> None:
        services.visit_restore(visit, by=acting_user(request))


class GuestAddView(RulePermissionMixin, ServiceFormView[forms.GuestForm]):
    permission_required = "visits.view_visit"
    template_name = "visits/guest/form.html"
    form_class = forms.GuestForm
    success_message = gettext_lazy("The guest has been added.")

    @cached_property
    def visit(self) -> Visit:
        visit = visit_or_404(self.request, self.kwargs["pk"])
        if not self.request.user.has_perm("visits.change_visit", visit):
            raise PermissionDenied
        return visit

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.visit.status not in EDITABLE:
            messages.error(
                request,
                _("This request has been submitted (%(status)s) and can no longer be edited.")
                % {"status": self.visit.get_status_display()},
            )
            return redirect(self.visit)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["visit"] = self.visit
        return context

    def perform(self, form: forms.GuestForm) -> str:
        services.guest_add(self.visit, by=acting_user(self.request), **form.cleaned_data)
        return self.visit.get_absolute_url() + "#guests"


class GuestRemoveView(RulePermissionMixin, View):
    permission_required = "visits.view_visit"

    def post(self, request: HttpRequest, pk: int, guest_pk: int) -> HttpResponse:
        visit = visit_or_404(request, pk)
        if not request.user.has_perm("visits.change_visit", visit):
            raise PermissionDenied
        guest = Guest.objects.filter(visit=visit, pk=guest_pk).select_related("person").first()
        if guest is None:  # removed already (a second click)
            messages.info(request, _("This guest has already been removed."))
            return redirect(visit.get_absolute_url() + "#guests")
        try:
            services.guest_remove(guest, by=acting_user(request))
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(
                request,
                _("%(name)s is no longer a guest of this visit.") % {"name": guest.person},
            )
        return redirect(visit.get_absolute_url() + "#guests")


# Excel ------------------------------------------------------------------------------------


class VisitExportView(RulePermissionMixin, View):
    """The guests of the visits listed (as filtered), as .xlsx."""

    permission_required = "visits.export_visit"

    def get(self, request: HttpRequest) -> FileResponse:
        found = bound_numbers(
            queries.VisitFilter(request.GET or None, queryset=queries.visits_for_user(request.user))
        )
        visits: QuerySet[Visit] = (
            found.qs
            if found.is_bound and found.is_valid()
            else queries.visits_for_user(request.user)
        )
        buffer = excel.export_workbook(visits, acting_user(request))
        return workbook_response(buffer, f"visits-guests-{clock.today().isoformat()}.xlsx")


class GuestTemplateView(imports.ImportTemplateView):
    permission_required = "visits.add_visit"
    filename = "guests-template.xlsx"

    def write_template(self, out: IO[bytes]) -> None:
        excel.template_workbook(out)


class _GuestImportMixin:
    """An import into one visit the user may still edit."""

    request: HttpRequest
    kwargs: dict[str, Any]

    @cached_property
    def visit(self) -> Visit:
        visit = visit_or_404(self.request, self.kwargs["pk"])
        if not self.request.user.has_perm("visits.change_visit", visit):
            raise PermissionDenied
        if visit.status not in EDITABLE:
            raise PermissionDenied
        return visit


class GuestImportView(_GuestImportMixin, imports.ImportUploadView):
    permission_required = "visits.view_visit"
    template_name = "visits/guest/import.html"
    register = "visits"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["visit"] = self.visit
        return context

    def preview_url(self, token: str) -> str:
        return reverse("visits:guest.import_preview", kwargs={"pk": self.visit.pk, "token": token})


class GuestImportPreviewView(_GuestImportMixin, imports.ImportPreviewView):
    """What the stored list would add to the visit (or every problem with it); POST adds it
    all."""

    permission_required = "visits.view_visit"
    template_name = "visits/guest/import_preview.html"
    register = "visits"

    @property
    def done_url_name(self) -> str:  # type: ignore[override]  # the visit's page
        return self.visit.get_absolute_url() + "#guests"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse | FileResponse:
        return super().get(request, kwargs["token"])

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return super().post(request, kwargs["token"])

    def plan(self, upload: IO[bytes]) -> excel.ImportPlan:
        return excel.import_plan(self.visit, upload, by=acting_user(self.request))

    def apply(self, plan: excel.ImportPlan) -> str:
        count = excel.import_apply(plan, by=acting_user(self.request))
        return ngettext(
            "Imported: %(count)d guest added.", "Imported: %(count)d guests added.", count
        ) % {"count": count}


# Letters ----------------------------------------------------------------------------------


class LetterIssueView(VisitActionView):
    """The office issues the visa invitation letter, for the delegation or one guest."""

    visit_permission = "visits.manage_visit"
    success_message: StrOrPromise = gettext_lazy("The invitation letter has been issued.")

    def act(self, request: HttpRequest, visit: Visit) -> None:
        guest = None
        if request.POST.get("guest", "").isdigit():
            guest = get_object_or_404(visit.guests, pk=int(request.POST["guest"]))
        letter = letters.invitation_issue(visit, by=acting_user(request), guest=guest)
        self.success_message = _("Invitation letter %(number)s has been issued.") % {
            "number": letter.number
        }


class LetterFileView(RulePermissionMixin, View):
    """A letter of the visit as it was issued."""

    permission_required = "visits.view_visit"

    def get(self, request: HttpRequest, pk: int, letter_pk: int) -> FileResponse:
        visit = visit_or_404(request, pk)
        letter = get_object_or_404(letters_of(visit), pk=letter_pk)
        return file_response(letter.pdf, f"invitation-{letter.number}.pdf")


# Lines of a visit: itinerary items, costs, gifts ------------------------------------------


@dataclass(frozen=True)
class Lines:
    """One kind of line of a visit (its itinerary items, costs or gifts), as its pages add
    and take them off: who may change them when, through which services, and what the
    pages say."""

    related: str  # the visit's related name
    url_kwarg: str  # the line's number in the URL
    gate: str  # the permission to change them now, on the visit
    closed_message: Callable[[Visit], str]
    closed_url: Callable[[Visit], str]
    page_url: Callable[[Visit], str]  # where the pages return to
    remove: Callable[..., None]  # the service taking one off: remove(line, by=user)
    saved: StrOrPromise
    removed: StrOrPromise
    gone: StrOrPromise  # taken off already (a second click)

    def closed(self, request: HttpRequest, visit: Visit) -> HttpResponse | None:
        """403 unless the user acts on the visit; a redirect with the reason when its lines
        can no longer change; None when they may be changed."""
        if not request.user.has_perm("visits.change_visit", visit):
            raise PermissionDenied
        if not request.user.has_perm(self.gate, visit):
            messages.error(request, self.closed_message(visit))
            return redirect(self.closed_url(visit))
        return None


ITEMS = Lines(
    related="items",
    url_kwarg="item_pk",
    gate="visits.edit_itinerary",
    closed_message=lambda visit: (
        _("The itinerary of a visit that is %(status)s can no longer be changed.")
        % {"status": visit.get_status_display()}
    ),
    closed_url=lambda visit: visit.get_absolute_url() + "#itinerary",
    page_url=lambda visit: visit.get_absolute_url() + "#itinerary",
    remove=services.item_delete,
    saved=gettext_lazy("The itinerary has been saved."),
    removed=gettext_lazy("The item has been taken off the itinerary."),
    gone=gettext_lazy("This item has already been taken off the itinerary."),
)
COSTS = Lines(
    related="costs",
    url_kwarg="cost_pk",
    gate="visits.edit_costs",
    closed_message=lambda visit: _(
        "Costs and gifts are recorded once the visit is approved, until it is closed."
    ),
    closed_url=lambda visit: visit.get_absolute_url(),
    page_url=lambda visit: reverse("visits:cost.list", args=[visit.pk]),
    remove=services.cost_remove,
    saved=gettext_lazy("The cost has been recorded."),
    removed=gettext_lazy("The cost has been taken off."),
    gone=gettext_lazy("This cost has already been taken off."),
)
GIFTS = Lines(
    related="gifts",
    url_kwarg="gift_pk",
    gate="visits.edit_costs",
    closed_message=COSTS.closed_message,
    closed_url=COSTS.closed_url,
    page_url=lambda visit: reverse("visits:gift.list", args=[visit.pk]),
    remove=services.gift_remove,
    saved=gettext_lazy("The gift has been recorded."),
    removed=gettext_lazy("The gift has been taken off the register."),
    gone=gettext_lazy("This gift has already been taken off."),
)


class VisitLineMixin:
    """A page of one kind of line (`lines`) of the visit in the URL."""

    request: HttpRequest
    kwargs: dict[str, Any]
    lines: Lines

    @cached_property
    def visit(self) -> Visit:
        return visit_or_404(self.request, self.kwargs["pk"])

    def closed(self) -> HttpResponse | None:
        return self.lines.closed(self.request, self.visit)

    def saved(
        self,
        form: FormT,
        save: Callable[[dict[str, Any]], object],
        render_form: Callable[[FormT], HttpResponse],
    ) -> HttpResponse:
        """Save a valid form's line through `save` (its service), then back to the page;
        the form again with every error otherwise, nothing saved."""
        if form.is_valid():
            try:
                save(dict(form.cleaned_data))
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(self.request, self.lines.saved)
                return redirect(self.lines.page_url(self.visit))
        messages.error(self.request, _("Please correct the errors below; nothing has been saved."))
        return render_form(form)


class VisitLineRemoveView(VisitLineMixin, RulePermissionMixin, View):
    """Take a line off a visit (urls.py names the kind: `as_view(lines=COSTS)`); a second
    click is told it is off already."""

    permission_required = "visits.view_visit"
    lines = ITEMS  # each URL names its kind

    def post(self, request: HttpRequest, **kwargs: int) -> HttpResponse:
        if closed := self.closed():
            return closed
        line = (
            getattr(self.visit, self.lines.related).filter(pk=kwargs[self.lines.url_kwarg]).first()
        )
        if line is None:
            messages.info(request, self.lines.gone)
        else:
            self.lines.remove(line, by=acting_user(request))
            messages.success(request, self.lines.removed)
        return redirect(self.lines.page_url(self.visit))


# The itinerary ----------------------------------------------------------------------------


class ItemFormView(VisitLineMixin, RulePermissionMixin, View):
    """Add or change an item of the itinerary."""

    permission_required = "visits.view_visit"
    lines = ITEMS

    def _item(self) -> ItineraryItem:
        item_pk = self.kwargs.get("item_pk")
        if item_pk is None:
            return ItineraryItem(visit=self.visit)
        return get_object_or_404(ItineraryItem, visit=self.visit, pk=item_pk)

    def _form(self, item: ItineraryItem, data: QueryDict | None = None) -> forms.ItineraryItemForm:
        initial: dict[str, datetime.datetime] = {}
        if item.pk is None:
            initial["starts_at"] = datetime.datetime.combine(self.visit.arrival, datetime.time(9))
        return forms.ItineraryItemForm(
            data,
            instance=item,
            initial=initial,
            participants=queries.participants_for_user(self.request.user),
        )

    def _render(self, item: ItineraryItem, form: forms.ItineraryItemForm) -> HttpResponse:
        return render(
            self.request,
            "visits/itinerary/form.html",
            {"visit": self.visit, "item": item, "form": form},
        )

    def get(self, request: HttpRequest, **kwargs: int) -> HttpResponse:
        if closed := self.closed():
            return closed
        item = self._item()
        return self._render(item, self._form(item))

    def post(self, request: HttpRequest, **kwargs: int) -> HttpResponse:
        if closed := self.closed():
            return closed
        item = self._item()
        user = acting_user(request)

        def save(values: dict[str, Any]) -> object:
            if item.pk is None:
                return services.item_create(self.visit, by=user, **values)
            return services.item_update(item, by=user, **values)

        return self.saved(self._form(item, request.POST), save, partial(self._render, item))


class ItineraryPdfView(RulePermissionMixin, View):
    """The bilingual itinerary for the guests."""

    permission_required = "visits.view_visit"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        visit = visit_or_404(request, pk)
        response = HttpResponse(itinerary.itinerary_pdf(visit), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="itinerary-{visit.reference}.pdf"'
        return response


class GuestLodgingView(RulePermissionMixin, ServiceFormView[forms.LodgingForm]):
    """Where a guest stays and, outside a hotel, the 24-hour accommodation registration."""

    permission_required = "visits.view_visit"
    template_name = "visits/guest/lodging.html"
    form_class = forms.LodgingForm
    success_message = gettext_lazy("The guest's stay has been recorded.")

    @cached_property
    def guest(self) -> Guest:
        visit = visit_or_404(self.request, self.kwargs["pk"])
        if not self.request.user.has_perm("visits.change_visit", visit):
            raise PermissionDenied
        return get_object_or_404(
            Guest.objects.select_related("visit", "person"), visit=visit, pk=self.kwargs["guest_pk"]
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm("visits.edit_itinerary", self.guest.visit):
            messages.error(
                request,
                _("The itinerary of a visit that is %(status)s can no longer be changed.")
                % {"status": self.guest.visit.get_status_display()},
            )
            return redirect(self.guest.visit)
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return super().get_form_kwargs() | {"instance": Guest.objects.get(pk=self.guest.pk)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["guest"] = self.guest
        context["visit"] = self.guest.visit
        return context

    def perform(self, form: forms.LodgingForm) -> str:
        services.guest_lodging_set(self.guest, by=acting_user(self.request), **form.cleaned_data)
        return self.guest.visit.get_absolute_url() + "#guests"


# Costs against the reception standards, gifts, closing -------------------------------------


class CostsView(VisitLineMixin, RulePermissionMixin, View):
    """Budget and actual cost per item against the reception standards; the host unit and
    the office add what was spent (POST), give the reasons and close the visit."""

    permission_required = "visits.view_visit"
    lines = COSTS

    def _render(self, form: forms.CostForm | None = None) -> HttpResponse:
        user = acting_user(self.request)
        visit = self.visit
        found = standards.reception(visit)
        may_edit = user.has_perm("visits.edit_costs", visit)
        return render(
            self.request,
            "visits/cost/page.html",
            {
                "visit": visit,
                "reception": found,
                "costs": list(visit.costs.all()),
                "form": form or forms.CostForm(),
                "may_edit": may_edit,
                "reason_forms": [
                    (
                        check,
                        forms.StandardReasonForm(
                            initial={"standard": check.key, "reason": check.reason},
                            prefix=check.key,
                        ),
                    )
                    for check in found.flagged
                ],
                "close_problems": services.close_problems(visit) if may_edit else [],
                "may_reopen": user.has_perm("visits.reopen_visit", visit),
            },
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._render()

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if closed := self.closed():
            return closed
        user = acting_user(request)
        return self.saved(
            forms.CostForm(request.POST),
            lambda values: services.cost_add(self.visit, by=user, **values),
            self._render,
        )


class ReasonView(RulePermissionMixin, View):
    """Why the visit goes over one reception standard."""

    permission_required = "visits.view_visit"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        visit = visit_or_404(request, pk)
        if closed := COSTS.closed(request, visit):
            return closed
        key = request.POST.get("key", "")
        form = forms.StandardReasonForm(request.POST, prefix=key or None)
        if not form.is_valid():
            messages.error(request, _("Choose one of the reception standards."))
        else:
            services.reason_set(
                visit,
                by=acting_user(request),
                standard=form.cleaned_data["standard"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("The reason has been recorded."))
        return redirect(reverse("visits:cost.list", args=[visit.pk]) + "#standards")


class VisitCloseView(VisitActionView):
    visit_permission = "visits.change_visit"
    success_message = gettext_lazy("The visit has been closed.")

    def act(self, request: HttpRequest, visit: Visit) -> None:
        services.visit_close(visit, by=acting_user(request))


class VisitReopenView(VisitActionView):
    """The office reopens a closed visit (approved again)."""

    visit_permission = "visits.manage_visit"
    success_message = gettext_lazy(
        "The visit is open again: its costs, gifts and summary may be changed, then it is "
        "closed again."
    )

    def act(self, request: HttpRequest, visit: Visit) -> None:
        services.visit_reopen(visit, by=acting_user(request))


class GiftsView(VisitLineMixin, RulePermissionMixin, View):
    """The gifts register of a visit: given and received; POST records one."""

    permission_required = "visits.view_visit"
    lines = GIFTS

    def _render(self, form: forms.GiftForm | None = None) -> HttpResponse:
        user = acting_user(self.request)
        visit = self.visit
        gifts = list(visit.gifts.select_related("guest__person"))
        guests = list(visit.guests.select_related("person"))
        return render(
            self.request,
            "visits/gift/page.html",
            {
                "visit": visit,
                "gifts": gifts,
                "problems": standards.gift_problems(visit, guests, gifts),
                "form": form or forms.GiftForm(visit=visit, initial={"given_on": clock.today()}),
                "may_edit": user.has_perm("visits.edit_costs", visit),
                "may_receive": user.has_perm("visits.manage_visit"),
            },
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._render()

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if closed := self.closed():
            return closed
        user = acting_user(request)
        return self.saved(
            forms.GiftForm(request.POST, visit=self.visit),
            lambda values: services.gift_add(self.visit, by=user, **values),
            self._render,
        )


class GiftHandedView(RulePermissionMixin, View):
    """The office records a gift received as handed to it."""

    permission_required = "visits.manage_visit"

    def post(self, request: HttpRequest, pk: int, gift_pk: int) -> HttpResponse:
        visit = visit_or_404(request, pk)
        gift = get_object_or_404(visit.gifts, pk=gift_pk)
        try:
            services.gift_handed(gift, by=acting_user(request))
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("The gift is recorded as handed to the office."))
        return redirect(reverse("visits:gift.list", args=[visit.pk]))


# After the visit ------------------------------------------------------------------------------


class SummaryView(RulePermissionMixin, View):
    """The visit's summary with its photos; the host unit and the office file it (POST)."""

    permission_required = "visits.view_visit"

    def _render(
        self,
        request: HttpRequest,
        visit: Visit,
        form: forms.SummaryForm | None = None,
        photo_form: forms.PhotoForm | None = None,
    ) -> HttpResponse:
        summary = Summary.objects.filter(visit=visit).select_related("filed_by").first()
        initial = {"text": summary.text} if summary else {}
        return render(
            request,
            "visits/summary/page.html",
            {
                "visit": visit,
                "summary": summary,
                "photos": list(summary.photos.all()) if summary else [],
                "form": form or forms.SummaryForm(initial=initial),
                "photo_form": photo_form or forms.PhotoForm(),
                "may_edit": request.user.has_perm("visits.file_summary", visit)
                and clock.today() >= visit.arrival,
                "due": policy.summary_due(visit),
                "history": history_entries(summary) if summary else [],
            },
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._render(request, visit_or_404(request, pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        visit = visit_or_404(request, pk)
        if not request.user.has_perm("visits.change_visit", visit):
            raise PermissionDenied
        form = forms.SummaryForm(request.POST)
        if form.is_valid():
            try:
                services.summary_file(
                    visit, by=acting_user(request), text=form.cleaned_data["text"]
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The summary has been filed."))
                return redirect(reverse("visits:summary", args=[visit.pk]))
        messages.error(request, _("Please correct the errors below; nothing has been saved."))
        return self._render(request, visit, form=form)


class PhotoAddView(SummaryView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return redirect(reverse("visits:summary", args=[pk]))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        visit = visit_or_404(request, pk)
        if not request.user.has_perm("visits.change_visit", visit):
            raise PermissionDenied
        form = forms.PhotoForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.photo_add(
                    visit,
                    by=acting_user(request),
                    image=form.cleaned_data["image"],
                    caption=form.cleaned_data["caption"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The photo has been added."))
                return redirect(reverse("visits:summary", args=[visit.pk]))
        messages.error(request, _("Please correct the errors below; nothing has been saved."))
        return self._render(request, visit, photo_form=form)


class PhotoFileView(RulePermissionMixin, View):
    permission_required = "visits.view_visit"

    def get(self, request: HttpRequest, pk: int, photo_pk: int) -> FileResponse:
        visit = visit_or_404(request, pk)
        photo = get_object_or_404(SummaryPhoto, summary__visit=visit, pk=photo_pk)
        suffix = os.path.splitext(photo.image.name)[1]
        return file_response(photo.image, f"{visit.reference}-{photo.pk}{suffix}")


class PhotoRemoveView(RulePermissionMixin, View):
    permission_required = "visits.view_visit"

    def post(self, request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
        visit = visit_or_404(request, pk)
        if not request.user.has_perm("visits.change_visit", visit):
            raise PermissionDenied
        photo = SummaryPhoto.objects.filter(summary__visit=visit, pk=photo_pk).first()
        if photo is None:
            messages.info(request, _("This photo has already been taken off."))
        else:
            try:
                services.photo_remove(photo, by=acting_user(request))
            except ValidationError as error:
                show_errors(request, error)
            else:
                messages.success(request, _("The photo has been taken off."))
        return redirect(reverse("visits:summary", args=[visit.pk]))


class ReportPdfView(RulePermissionMixin, View):
    """The reception report form (呈报表) for reimbursement, in Chinese."""

    permission_required = "visits.view_visit"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        visit = visit_or_404(request, pk)
        response = HttpResponse(itinerary.report_pdf(visit), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="report-{visit.reference}.pdf"'
        return response


class AuthorisedLetterView(RulePermissionMixin, ServiceFormView[forms.AuthorisedLetterForm]):
    """The office tracks the authorised unit's letter (被授权单位邀请函) and the guests'
    departure registration (销签)."""

    permission_required = "visits.manage_visit"
    template_name = "visits/visit/authorised_letter.html"
    form_class = forms.AuthorisedLetterForm
    success_message = gettext_lazy("The authorised unit's letter has been recorded.")

    @cached_property
    def visit(self) -> Visit:
        return visit_or_404(self.request, self.kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        found = AuthorisedLetter.objects.filter(visit=self.visit).first()
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = found or AuthorisedLetter(visit=self.visit)
        if found is None:
            kwargs["initial"] = {"filed_on": clock.today()}
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["visit"] = self.visit
        context["due_departure"] = policy.departure_registration_due(self.visit)
        return context

    def perform(self, form: forms.AuthorisedLetterForm) -> str:
        services.authorised_letter_set(
            self.visit, by=acting_user(self.request), **form.cleaned_data
        )
        return self.visit.get_absolute_url() + "#authorised-letter"


# Figures --------------------------------------------------------------------------------------


class FiguresView(YearFiguresView):
    """Visits and guests of a year by country, continent, unit, level and purpose; Hong
    Kong, Macao and Taiwan apart."""

    permission_required = "visits.export_visit"
    template_name = "visits/visit/figures.html"
    filename = "visits-figures-{year}.xlsx"

    def count(self, request: HttpRequest, year: int) -> figures.Figures:
        return figures.figures(request.user, year)

    def workbook(self, found: figures.Figures) -> IO[bytes]:
        return figures.export_workbook(found)
