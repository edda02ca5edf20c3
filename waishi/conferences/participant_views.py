"""Pages of a conference's participants (list, entry, Excel in and out, visa letters,
attendance certificates) and of its programme (sessions and talks by hand, or imported from a
pretalx / frab schedule export)."""

from __future__ import annotations

from typing import IO, Any

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from waishi.conferences import excel, letters, participants, programme
from waishi.conferences.enums import HAS_APPROVAL, ParticipantRole
from waishi.conferences.models import Conference, Participant, Session, Talk
from waishi.conferences.participant_forms import (
    ParticipantEditForm,
    ParticipantForm,
    ScheduleUploadForm,
    SessionForm,
    TalkForm,
)
from waishi.conferences.queries import conferences_for_user
from waishi.conferences.schedule import ScheduleError, parse_schedule
from waishi.core import clock, imports, redirects
from waishi.core.excel import workbook_response
from waishi.core.history import history_entries
from waishi.core.letters import letters_of
from waishi.core.listing import FilteredListView
from waishi.core.mixins import RulePermissionMixin, ServiceFormView
from waishi.core.models import Country, Letter
from waishi.core.permissions import acting_user
from waishi.core.queries import ShownNameChoiceFilter
from waishi.core.uploads import file_response


def conference_or_404(request: HttpRequest, pk: int, permission: str = "") -> Conference:
    """A conference the user sees; with `permission`, one they hold it on (else 403)."""
    conference = get_object_or_404(conferences_for_user(request.user), pk=pk)
    if permission and not request.user.has_perm(permission, conference):
        raise PermissionDenied
    return conference


def show_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# The list ------------------------------------------------------------------------------------


class ParticipantFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=gettext_lazy("Search"))
    role = django_filters.ChoiceFilter(
        choices=ParticipantRole.choices,
        label=gettext_lazy("Role"),
        empty_label=gettext_lazy("All"),
    )
    country = ShownNameChoiceFilter(
        queryset=Country.objects.all(),
        label=gettext_lazy("Country or region"),
        empty_label=gettext_lazy("All"),
    )
    is_foreign = django_filters.BooleanFilter(label=gettext_lazy("Foreign"))
    needs_visa_letter = django_filters.BooleanFilter(label=gettext_lazy("Needs a visa letter"))

    class Meta:
        model = Participant
        fields = ["q", "role", "country", "is_foreign", "needs_visa_letter"]

    def search(
        self, queryset: QuerySet[Participant], name: str, value: str
    ) -> QuerySet[Participant]:
        """By a participant's name, organisation or e-mail."""
        condition = Q()
        for word in value.split():
            condition &= (
                Q(person__name_zh__icontains=word)
                | Q(person__family_name__icontains=word)
                | Q(person__given_name__icontains=word)
                | Q(person__passport_name__icontains=word)
                | Q(person__email__icontains=word)
                | Q(organisation__icontains=word)
            )
        return queryset.filter(condition)


class ParticipantListView(RulePermissionMixin, FilteredListView[Participant]):
    """A conference's participants, searched and filtered, with the count of countries (Hong
    Kong, Macao and Taiwan apart) and the letters issued."""

    permission_required = "conferences.view_conference"
    template_name = "conferences/participant/list.html"
    partial_template_name = "conferences/participant/_results.html"
    filterset_class = ParticipantFilter
    sort_options = {
        "role": (gettext_lazy("Role"), ["role", "pk"]),
        "name": (gettext_lazy("Family name"), ["person__family_name", "person__given_name", "pk"]),
        "country": (gettext_lazy("Country or region"), ["country__sort_en", "pk"]),
        "added": (gettext_lazy("Recently added"), ["-created_at", "-pk"]),
    }

    @cached_property
    def conference(self) -> Conference:
        return conference_or_404(self.request, self.kwargs["pk"], "conferences.view_participants")

    def get_base_queryset(self) -> QuerySet[Participant]:
        return (
            self.conference.participants.all()
            .select_related("person", "country")
            .prefetch_related(
                Prefetch(
                    "talks",
                    queryset=programme.Talk.objects.only("pk", "title_zh", "title_en"),
                )
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        conference = self.conference
        shown = list(context["object_list"])
        issued: dict[int, list[Letter]] = {}
        for letter in Letter.objects.filter(
            kind=letters.KIND,
            content_type__app_label="conferences",
            content_type__model="participant",
            object_id__in=[p.pk for p in shown],
        ).order_by("-year", "-sequence"):
            issued.setdefault(letter.object_id, []).append(letter)
        for participant in shown:
            participant.letters = issued.get(participant.pk, [])
        context.update(
            conference=conference,
            object_list=shown,
            figures=participants.participant_figures(conference),
            may_manage=user.has_perm("conferences.manage_participants", conference),
            may_issue=user.has_perm("conferences.issue_letter", conference),
            may_print=user.has_perm("conferences.print_certificate", conference),
            approved=conference.status in HAS_APPROVAL,
        )
        return context


# Entry ---------------------------------------------------------------------------------------


class ParticipantAddView(RulePermissionMixin, ServiceFormView[ParticipantForm]):
    permission_required = "conferences.view_conference"
    template_name = "conferences/participant/form.html"
    form_class = ParticipantForm
    success_message = gettext_lazy("The participant has been added.")

    @cached_property
    def conference(self) -> Conference:
        return conference_or_404(self.request, self.kwargs["pk"], "conferences.manage_participants")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["conference"] = self.conference
        return context

    def perform(self, form: ParticipantForm) -> str:
        participants.participant_add(
            self.conference, by=acting_user(self.request), **form.cleaned_data
        )
        return reverse("conferences:participant.list", kwargs={"pk": self.conference.pk})


class ParticipantEditView(RulePermissionMixin, ServiceFormView[ParticipantEditForm]):
    permission_required = "conferences.view_conference"
    template_name = "conferences/participant/form.html"
    form_class = ParticipantEditForm
    success_message = gettext_lazy("The participant has been changed.")

    @cached_property
    def conference(self) -> Conference:
        return conference_or_404(self.request, self.kwargs["pk"], "conferences.manage_participants")

    @cached_property
    def participant(self) -> Participant:
        return get_object_or_404(
            self.conference.participants.select_related("person", "country"),
            pk=self.kwargs["participant_pk"],
        )

    def get_initial(self) -> dict[str, Any]:
        p = self.participant
        return {
            "country": p.country,
            "organisation": p.organisation,
            "title": p.title,
            "role": p.role,
            "passport_number": p.passport_number,
            "passport_expires_on": p.passport_expires_on,
            "needs_visa_letter": p.needs_visa_letter,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(conference=self.conference, participant=self.participant)
        return context

    def perform(self, form: ParticipantEditForm) -> str:
        participants.participant_update(
            self.participant, by=acting_user(self.request), **form.cleaned_data
        )
        return reverse("conferences:participant.list", kwargs={"pk": self.conference.pk})


class ParticipantRemoveView(RulePermissionMixin, View):
    permission_required = "conferences.view_conference"

    def post(self, request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
        conference = conference_or_404(request, pk, "conferences.manage_participants")
        participant = conference.participants.filter(pk=participant_pk).first()
        if participant is None:
            messages.info(request, _("The participant is off the list already."))
        else:
            participants.participant_remove(participant, by=acting_user(request))
            messages.success(request, _("The participant has been taken off the list."))
        return redirect("conferences:participant.list", pk=conference.pk)


# Excel ---------------------------------------------------------------------------------------


class ParticipantExportView(RulePermissionMixin, View):
    permission_required = "conferences.view_conference"

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        conference = conference_or_404(request, pk, "conferences.view_participants")
        buffer = excel.export_workbook(conference, acting_user(request))
        name = f"{conference.reference or conference.pk}-participants-{clock.today().isoformat()}"
        return workbook_response(buffer, f"{name}.xlsx")


class ParticipantTemplateView(imports.ImportTemplateView):
    permission_required = "conferences.view_conference"
    filename = "participants-template.xlsx"

    def write_template(self, out: IO[bytes]) -> None:
        excel.template_workbook(out)


class _ImportMixin:
    """An import into one conference whose participants the user manages."""

    request: HttpRequest
    kwargs: dict[str, Any]

    @cached_property
    def conference(self) -> Conference:
        return conference_or_404(self.request, self.kwargs["pk"], "conferences.manage_participants")


class ParticipantImportView(_ImportMixin, imports.ImportUploadView):
    permission_required = "conferences.view_conference"
    template_name = "conferences/participant/import.html"
    register = "conferences"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["conference"] = self.conference
        return context

    def preview_url(self, token: str) -> str:
        return reverse(
            "conferences:participant.import_preview",
            kwargs={"pk": self.conference.pk, "token": token},
        )


class ParticipantImportPreviewView(_ImportMixin, imports.ImportPreviewView):
    """What the stored list would add (or every problem with it); POST adds it all. A large
    file is read and written by the background worker."""

    permission_required = "conferences.view_conference"
    template_name = "conferences/participant/import_preview.html"
    register = "conferences"

    @property
    def done_url_name(self) -> str:  # type: ignore[override]  # the list's page
        return reverse("conferences:participant.list", kwargs={"pk": self.conference.pk})

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse | FileResponse:
        return super().get(request, kwargs["token"])

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return super().post(request, kwargs["token"])

    def plan(self, upload: IO[bytes]) -> excel.ImportPlan:
        return excel.import_plan(self.conference, upload, by=acting_user(self.request))

    def apply(self, plan: excel.ImportPlan) -> str:
        count = excel.import_apply(plan, by=acting_user(self.request))
        return ngettext(
            "Imported: %(count)d participant added.",
            "Imported: %(count)d participants added.",
            count,
        ) % {"count": count}


# Letters and certificates --------------------------------------------------------------------


class LetterIssueView(RulePermissionMixin, View):
    """The office issues a foreign participant's visa invitation letter."""

    permission_required = "conferences.view_conference"

    def post(self, request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
        conference = conference_or_404(request, pk, "conferences.issue_letter")
        participant = get_object_or_404(
            conference.participants.select_related("person", "country"), pk=participant_pk
        )
        try:
            letter = letters.invitation_issue(participant, by=acting_user(request))
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(
                request,
                _("Invitation letter %(number)s has been issued.") % {"number": letter.number},
            )
        # From the registrations' queue, back there.
        return redirect(
            redirects.next_or(
                request, reverse("conferences:participant.list", kwargs={"pk": conference.pk})
            )
        )


class LetterFileView(RulePermissionMixin, View):
    """A participant's letter as it was issued."""

    permission_required = "conferences.view_conference"

    def get(
        self, request: HttpRequest, pk: int, participant_pk: int, letter_pk: int
    ) -> FileResponse:
        conference = conference_or_404(request, pk, "conferences.view_participants")
        participant = get_object_or_404(conference.participants, pk=participant_pk)
        letter = get_object_or_404(letters_of(participant), pk=letter_pk)
        return file_response(letter.pdf, f"invitation-{letter.number}.pdf")


class CertificateView(RulePermissionMixin, View):
    """A participant's attendance certificate as PDF."""

    permission_required = "conferences.view_conference"

    def get(self, request: HttpRequest, pk: int, participant_pk: int) -> HttpResponse:
        conference = conference_or_404(request, pk, "conferences.print_certificate")
        participant = get_object_or_404(
            conference.participants.select_related("person", "country"), pk=participant_pk
        )
        try:
            pdf = letters.certificate_pdf(participant, by=acting_user(request))
        except ValidationError as error:
            show_errors(request, error)
            return redirect("conferences:participant.list", pk=conference.pk)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="certificate-{participant.pk}.pdf"'
        return response


# The programme -------------------------------------------------------------------------------


class ProgrammeView(RulePermissionMixin, View):
    """The programme by day: sessions, their talks and speakers."""

    permission_required = "conferences.view_conference"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        conference = conference_or_404(request, pk)
        sessions = conference.sessions.prefetch_related(
            Prefetch(
                "talks",
                queryset=programme.Talk.objects.prefetch_related("speakers__person").order_by(
                    "starts", "pk"
                ),
            )
        ).order_by("day", "starts", "room", "pk")
        days: dict[Any, list[Session]] = {}
        for session in sessions:
            days.setdefault(session.day, []).append(session)
        return render(
            request,
            "conferences/programme/page.html",
            {
                "conference": conference,
                "days": sorted(days.items()),
                "may_edit": request.user.has_perm("conferences.edit_programme", conference),
            },
        )


class SessionAddView(RulePermissionMixin, ServiceFormView[SessionForm]):
    permission_required = "conferences.view_conference"
    template_name = "conferences/programme/form.html"
    form_class = SessionForm
    success_message = gettext_lazy("The session has been added.")

    @cached_property
    def conference(self) -> Conference:
        return conference_or_404(self.request, self.kwargs["pk"], "conferences.edit_programme")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(conference=self.conference, heading=_("Add a session"))
        return context

    def perform(self, form: SessionForm) -> str:
        programme.session_create(self.conference, by=acting_user(self.request), **form.cleaned_data)
        return reverse("conferences:programme", kwargs={"pk": self.conference.pk})


class TalkAddView(RulePermissionMixin, ServiceFormView[TalkForm]):
    permission_required = "conferences.view_conference"
    template_name = "conferences/programme/form.html"
    form_class = TalkForm
    success_message = gettext_lazy("The talk has been added.")

    @cached_property
    def conference(self) -> Conference:
        return conference_or_404(self.request, self.kwargs["pk"], "conferences.edit_programme")

    @cached_property
    def session(self) -> Session:
        return get_object_or_404(self.conference.sessions, pk=self.kwargs["session_pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["conference"] = self.conference
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        return {"starts": self.session.starts}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            conference=self.conference,
            heading=_("Add a talk to “%(session)s”") % {"session": self.session},
        )
        return context

    def perform(self, form: TalkForm) -> str:
        values = dict(form.cleaned_data)
        speakers = values.pop("speakers")
        programme.talk_create(
            self.session, by=acting_user(self.request), speakers=speakers, **values
        )
        return reverse("conferences:programme", kwargs={"pk": self.conference.pk})


class SessionDeleteView(RulePermissionMixin, View):
    permission_required = "conferences.view_conference"

    def post(self, request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
        conference = conference_or_404(request, pk, "conferences.edit_programme")
        session = conference.sessions.filter(pk=session_pk).first()
        if session is None:
            messages.info(request, _("The session is off the programme already."))
        else:
            programme.session_delete(session, by=acting_user(request))
            messages.success(request, _("The session has been taken off the programme."))
        return redirect("conferences:programme", pk=conference.pk)


def _programme(conference: Conference, anchor: str = "") -> str:
    return reverse("conferences:programme", kwargs={"pk": conference.pk}) + anchor


class SessionUpdateView(RulePermissionMixin, ServiceFormView[SessionForm]):
    """Change a session; its history below the form."""

    permission_required = "conferences.view_conference"
    template_name = "conferences/programme/form.html"
    form_class = SessionForm
    success_message = gettext_lazy("The session has been saved.")

    @cached_property
    def conference(self) -> Conference:
        return conference_or_404(self.request, self.kwargs["pk"], "conferences.edit_programme")

    @cached_property
    def session(self) -> Session:
        return get_object_or_404(self.conference.sessions, pk=self.kwargs["session_pk"])

    def get_initial(self) -> dict[str, Any]:
        return {name: getattr(self.session, name) for name in programme.SESSION_FIELDS}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            conference=self.conference,
            heading=_("Edit the session “%(session)s”") % {"session": self.session},
            history=history_entries(self.session),
        )
        return context

    def perform(self, form: SessionForm) -> str:
        programme.session_update(self.session, by=acting_user(self.request), **form.cleaned_data)
        return _programme(self.conference, f"#session-{self.session.pk}")


class TalkUpdateView(RulePermissionMixin, ServiceFormView[TalkForm]):
    """Change a talk (its speakers too); its history below the form."""

    permission_required = "conferences.view_conference"
    template_name = "conferences/programme/form.html"
    form_class = TalkForm
    success_message = gettext_lazy("The talk has been saved.")

    @cached_property
    def conference(self) -> Conference:
        return conference_or_404(self.request, self.kwargs["pk"], "conferences.edit_programme")

    @cached_property
    def talk(self) -> Talk:
        return get_object_or_404(
            Talk.objects.select_related("session").filter(session__conference=self.conference),
            pk=self.kwargs["talk_pk"],
        )

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["conference"] = self.conference
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        initial = {name: getattr(self.talk, name) for name in programme.TALK_FIELDS}
        initial["speakers"] = list(self.talk.speakers.values_list("pk", flat=True))
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            conference=self.conference,
            heading=_("Edit the talk “%(talk)s”") % {"talk": self.talk},
            history=history_entries(self.talk),
        )
        return context

    def perform(self, form: TalkForm) -> str:
        values = dict(form.cleaned_data)
        speakers = values.pop("speakers")
        programme.talk_update(self.talk, by=acting_user(self.request), speakers=speakers, **values)
        return _programme(self.conference, f"#session-{self.talk.session_id}")


class TalkDeleteView(RulePermissionMixin, View):
    """Take a talk off the programme (its button asks first); its history stays."""

    permission_required = "conferences.view_conference"

    def post(self, request: HttpRequest, pk: int, talk_pk: int) -> HttpResponse:
        conference = conference_or_404(request, pk, "conferences.edit_programme")
        talk = Talk.objects.filter(session__conference=conference, pk=talk_pk).first()
        if talk is None:
            messages.info(request, _("The talk is off the programme already."))
            return redirect(_programme(conference))
        programme.talk_delete(talk, by=acting_user(request))
        messages.success(request, _("The talk has been taken off the programme."))
        return redirect(_programme(conference, f"#session-{talk.session_id}"))


class ProgrammeImportView(RulePermissionMixin, ServiceFormView[ScheduleUploadForm]):
    """The programme from a pretalx or frab schedule export, all or nothing."""

    permission_required = "conferences.view_conference"
    template_name = "conferences/programme/import.html"
    form_class = ScheduleUploadForm

    @cached_property
    def conference(self) -> Conference:
        return conference_or_404(self.request, self.kwargs["pk"], "conferences.edit_programme")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["conference"] = self.conference
        return context

    def perform(self, form: ScheduleUploadForm) -> str:
        try:
            schedule = parse_schedule(form.cleaned_data["file"].read())
        except ScheduleError as error:
            raise ValidationError({"file": str(error)}) from None
        sessions, talks = programme.programme_import(
            self.conference,
            schedule,
            by=acting_user(self.request),
            replace=form.cleaned_data["replace"],
        )
        messages.success(
            self.request,
            _("The programme has been imported: %(sessions)d sessions, %(talks)d talks.")
            % {"sessions": sessions, "talks": talks},
        )
        return reverse("conferences:programme", kwargs={"pk": self.conference.pk})
