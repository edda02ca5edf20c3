from typing import Any, Literal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import DatabaseError, connection
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View, defaults
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView
from django.views.generic.edit import ModelFormMixin
from django.views.i18n import set_language
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import NotFound

from waishi.core import hooks, jobs, notifications, pickers, policy, queries, redirects, services
from waishi.core.enums import JobState
from waishi.core.forms import AccountForm, OfficeRuleForm, ProfileForm, UnitForm
from waishi.core.history import history_entries
from waishi.core.listing import FilteredListView
from waishi.core.mixins import RulePermissionMixin, ServiceFormView
from waishi.core.models import Notification, Unit, User
from waishi.core.permissions import acting_user


def healthz(request: HttpRequest) -> JsonResponse:
    """For a load balancer and monitoring: the database and the cache, each "ok" or "down"
    ("status" is the database's); 503 only when the database is down (without the cache,
    pages are served uncached)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except DatabaseError:
        database = "down"
    answers = getattr(cache, "answers", None)  # a memory cache always answers
    cache_state = "ok" if answers is None or answers() else "down"
    found = {"status": database, "database": database, "cache": cache_state}
    return JsonResponse(found, status=200 if database == "ok" else 503)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404: an API client gets JSON, as from every other API error (an address the API does
    not have, such as /api/trips/abc/); a browser gets the page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return defaults.page_not_found(request, exception)


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Django's set_language, and for a logged-in user the choice is kept on the account."""
    response = set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    known = dict(User._meta.get_field("language").choices or [])
    if user.is_authenticated and language in known and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return response


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have logged out."))
        return response


def pick(request: HttpRequest, name: str) -> JsonResponse:
    """Matches for a search-as-you-type chooser (waishi.core.pickers), as JSON."""
    picker = pickers.get(name)
    if picker is None:
        raise Http404
    if not request.user.is_authenticated:
        return JsonResponse({"error": "log in"}, status=403)
    if not request.user.has_perm(picker.permission):
        return JsonResponse({"error": "not allowed"}, status=403)
    return JsonResponse(
        {"results": pickers.matches(picker, request.user, request.GET.get("q", ""))}
    )


def language_choose(request: HttpRequest, language: str) -> HttpResponse:
    """The switch as a link, for visitors who are not logged in: it only sets the language
    cookie (no form, so a public page carries no CSRF token and can be served whole from the
    cache). Logged-in users post the form of `language_switch`, which keeps the choice."""
    if language not in dict(settings.LANGUAGES):
        raise Http404
    response = HttpResponseRedirect(redirects.next_or(request, "/"))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=_samesite(settings.LANGUAGE_COOKIE_SAMESITE),
    )
    return response


def _samesite(value: str | bool | None) -> Literal["Lax", "Strict", "None", False] | None:
    """Django's setting, as set_cookie types it."""
    if value in ("Lax", "Strict", "None"):
        return value  # type: ignore[return-value]  # narrowed by the test above
    return None if value is None else False


class HomeView(LoginRequiredMixin, TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["name"] = hooks.account_name(acting_user(self.request))
        return context


class ProfileView(LoginRequiredMixin, UpdateView[User, ProfileForm]):
    template_name = "core/profile.html"
    form_class = ProfileForm

    def get_object(self, queryset: QuerySet[User] | None = None) -> User:
        return acting_user(self.request)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = acting_user(self.request)
        context["token"] = Token.objects.filter(user=user).first()
        context["history"] = history_entries(user, limit=20)
        return context

    def form_valid(self, form: ProfileForm) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your profile has been saved."))
        if form.cleaned_data["language"]:
            response.set_cookie(
                "django_language",
                form.cleaned_data["language"],
                samesite="Lax",
                max_age=365 * 24 * 3600,
            )
        return response

    def get_success_url(self) -> str:
        return reverse("core:profile")


class ApiTokenView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest) -> HttpResponse:
        user = acting_user(request)
        Token.objects.filter(user=user).delete()
        Token.objects.create(user=user)
        messages.success(request, _("A new API token has been made; the old one no longer works."))
        return redirect("core:profile")


# Units ------------------------------------------------------------------------------------


class UnitListView(RulePermissionMixin, FilteredListView[Unit]):
    permission_required = "core.view_unit"
    template_name = "core/unit/list.html"
    partial_template_name = "core/unit/_results.html"
    filterset_class = queries.UnitFilter
    sort_options = {
        "name": (_("Name"), None),
        "code": (_("Code"), ["code", "name_zh"]),
        "kind": (_("Kind"), ["kind", "name_zh"]),
    }

    def get_base_queryset(self) -> QuerySet[Unit]:
        return queries.units_for_user(self.request.user)


class UnitDetailView(RulePermissionMixin, DetailView[Unit]):
    permission_required = "core.view_unit"
    template_name = "core/unit/detail.html"
    context_object_name = "unit"

    def get_queryset(self) -> QuerySet[Unit]:
        return queries.units_for_user(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["children"] = self.object.children.all()
        context["members"] = queries.users_for_user(self.request.user).filter(units=self.object)[
            :50
        ]
        context["history"] = history_entries(self.object)
        return context


class UnitCreateView(RulePermissionMixin, CreateView[Unit, UnitForm]):
    permission_required = "core.manage_units"
    template_name = "core/unit/form.html"
    form_class = UnitForm

    def form_valid(self, form: UnitForm) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("The unit has been created."))
        return response


class UnitUpdateView(RulePermissionMixin, UpdateView[Unit, UnitForm]):
    permission_required = "core.manage_units"
    template_name = "core/unit/form.html"
    form_class = UnitForm

    def get_queryset(self) -> QuerySet[Unit]:
        return queries.units_for_user(self.request.user)

    def form_valid(self, form: UnitForm) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("The unit has been saved."))
        return response


# Accounts ---------------------------------------------------------------------------------


class UserListView(RulePermissionMixin, FilteredListView[User]):
    permission_required = "core.view_user_list"
    template_name = "core/user/list.html"
    partial_template_name = "core/user/_results.html"
    filterset_class = queries.UserFilter
    sort_options = {
        "username": (_("User name"), ["username"]),
        "name": (_("Name"), ["full_name", "username"]),
        "joined": (_("Newest first"), ["-date_joined"]),
    }

    def get_base_queryset(self) -> QuerySet[User]:
        return queries.shown_accounts(queries.users_for_user(self.request.user))

    def prepare_rows(self, rows: list[User]) -> list[User]:
        return queries.with_roles(rows)


class UserDetailView(RulePermissionMixin, DetailView[User]):
    permission_required = "core.view_user"
    template_name = "core/user/detail.html"
    context_object_name = "account"

    def get_queryset(self) -> QuerySet[User]:
        return queries.users_for_user(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["history"] = history_entries(self.object)
        return context


class _AccountFormMixin(ModelFormMixin[User, AccountForm]):
    request: HttpRequest
    form_class = AccountForm
    template_name: str | None = "core/user/form.html"
    permission_required = "core.manage_accounts"


class UserCreateView(_AccountFormMixin, RulePermissionMixin, CreateView[User, AccountForm]):
    def form_valid(self, form: AccountForm) -> HttpResponse:
        data = form.cleaned_data
        account = services.user_create(
            username=data["username"],
            email=data["email"],
            full_name=data["full_name"],
            language=data["language"],
            is_active=data["is_active"],
            roles=data["roles"],
            units=data["units"],
            invite=True,
        )
        messages.success(
            self.request,
            _(
                "The account has been created. An invitation with a link to choose a "
                "password has been sent to %(email)s."
            )
            % {"email": account.email},
        )
        return HttpResponseRedirect(account.get_absolute_url())


class UserUpdateView(_AccountFormMixin, RulePermissionMixin, UpdateView[User, AccountForm]):
    def get_queryset(self) -> QuerySet[User]:
        return queries.users_for_user(self.request.user)

    def form_valid(self, form: AccountForm) -> HttpResponse:
        account = form.save()
        services.user_set_roles_and_units(
            account, form.cleaned_data["roles"], form.cleaned_data["units"], notify_user=True
        )
        messages.success(self.request, _("The account has been saved."))
        return HttpResponseRedirect(account.get_absolute_url())


class UserInviteView(RulePermissionMixin, View):
    """Send the invitation again (a new one-time link), e.g. when the first one expired."""

    permission_required = "core.manage_accounts"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        account = get_object_or_404(queries.users_for_user(request.user), pk=pk)
        if services.user_password_link_send(account):
            messages.success(
                request,
                _("A new link to set the password has been sent to %(email)s.")
                % {"email": account.email},
            )
        else:
            messages.error(
                request,
                _("Nothing was sent: the account is inactive or has no e-mail address."),
            )
        return HttpResponseRedirect(account.get_absolute_url())


# Notifications ----------------------------------------------------------------------------


class NotificationListView(LoginRequiredMixin, FilteredListView[Notification]):
    template_name = "core/notification/list.html"
    paginate_by = 30

    def get_base_queryset(self) -> QuerySet[Notification]:
        return queries.notifications_for_user(self.request.user)


class NotificationReadView(LoginRequiredMixin, View):
    """Mark one notification read and follow its link, or (without an id) mark all read."""

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        notifications.notification_mark_read(acting_user(request), pk)
        if pk is not None:
            target = queries.notifications_for_user(request.user).filter(pk=pk).first()
            if target and target.url.startswith("/"):
                return redirect(target.url)
        return redirect("core:notification.list")


# Office rules -----------------------------------------------------------------------------


class PolicyListView(RulePermissionMixin, TemplateView):
    """Every office rule with its value, and the latest changes."""

    permission_required = "core.view_policy"
    template_name = "core/policy/list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["rows"] = queries.office_rules_table()
        context["changes"] = queries.office_rule_changes(limit=20)
        return context


class PolicyUpdateView(RulePermissionMixin, ServiceFormView[OfficeRuleForm]):
    """Change one rule; its history below the form."""

    permission_required = "core.change_policy"
    template_name = "core/policy/form.html"
    success_message = _("The office rule has been saved.")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            self.rule = policy.rule_of(kwargs["key"])
        except ImproperlyConfigured:
            raise Http404 from None
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class: type[OfficeRuleForm] | None = None) -> OfficeRuleForm:
        return OfficeRuleForm(**self.get_form_kwargs(), rule=self.rule)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["rule"] = self.rule
        context["changes"] = queries.office_rule_changes(self.rule.key)
        return context

    def show_refusal(self, form: OfficeRuleForm, error: ValidationError) -> None:
        form.add_error("value", error.messages)

    def perform(self, form: OfficeRuleForm) -> str:
        services.policy_set(self.rule.key, form.raw_value(), by=acting_user(self.request))
        return reverse("core:policy.list")


# Background work --------------------------------------------------------------------------

JOB_TITLES = {
    "import.preview": _("Reading the file"),
    "import.confirm": _("Importing the file"),
}


class JobView(LoginRequiredMixin, View):
    """How far a piece of background work is (a large import), for its owner and the office:
    the page follows it (htmx, every second; a refresh of the page without JavaScript), then
    says how it ended, or takes its owner to the result (a preview)."""

    def get(self, request: HttpRequest, pk: str) -> HttpResponse:
        job = jobs.job_checked(jobs.job_for_user(request.user, pk))
        partial = request.headers.get("HX-Request") == "true"
        if job.state == JobState.DONE and job.open_result and job.owner_id == request.user.pk:
            if partial:
                response = HttpResponse(status=204)
                response["HX-Redirect"] = job.result_url
                return response
            return redirect(job.result_url)
        context = {
            "job": job,
            "title": JOB_TITLES.get(job.kind, _("Background work")),
            "waits_long": jobs.waits_long(job),
            # Its owner starts a failed job again from the page that started it (an import's
            # preview: the file is read again, or its preview shown to confirm again).
            "again_url": job.params.get("url", "")
            if job.state == JobState.FAILED and job.owner_id == request.user.pk
            else "",
        }
        template = "core/job/_progress.html" if partial else "core/job/detail.html"
        return render(request, template, context)
