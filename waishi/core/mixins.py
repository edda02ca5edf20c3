from typing import Protocol, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpResponse, HttpResponseRedirect
from django.views.generic import FormView
from django_stubs_ext import StrOrPromise
from rules.contrib.views import PermissionRequiredMixin

from waishi.core.forms import apply_service_errors


class RulePermissionMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """The door of every staff page: an anonymous visitor goes to the log-in page, a user
    without the named permission gets 403, and a record outside the user's
    `..._for_user()` rows is 404 (the views take their querysets from there)."""

    def get_permission_object(self) -> Model | None:
        # Row scope comes from the for_user query; the permission names a role's right.
        return None


class HasPage(Protocol):
    """A record with a page of its own."""

    def get_absolute_url(self) -> str: ...


F = TypeVar("F", bound=forms.BaseForm)


class ServiceFormView(FormView[F]):
    """A form whose valid data goes to one service call (`perform`): the service's refusals
    show on the form, nothing is lost; on success a message and a redirect to what `perform`
    returns (a record, to its page, or an address)."""

    success_message: StrOrPromise = ""

    def perform(self, form: F) -> HasPage | str:
        raise NotImplementedError

    def show_refusal(self, form: F, error: ValidationError) -> None:
        apply_service_errors(form, error)

    def form_valid(self, form: F) -> HttpResponse:
        try:
            done = self.perform(form)
        except ValidationError as error:
            self.show_refusal(form, error)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(done if isinstance(done, str) else done.get_absolute_url())
