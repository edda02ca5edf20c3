from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.views.generic import FormView
from rules.contrib.views import PermissionRequiredMixin

from waishi.core.forms import apply_service_errors


class RulePermissionMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """The door of every staff page: an anonymous visitor goes to the log-in page, a user
    without the named permission gets 403, and a record outside the user's
    `..._for_user()` rows is 404 (the views take their querysets from there)."""

    def get_permission_object(self) -> Any:
        # Row scope comes from the for_user query; the permission names a role's right.
        return None


class ServiceFormView(FormView[Any]):
    """A form whose valid data goes to one service call (`perform`): the service's refusals
    show on the form, nothing is lost; on success a message and a redirect to what `perform`
    returns (a record, to its page, or an address)."""

    success_message: Any = ""

    def perform(self, form: Any) -> Any:
        raise NotImplementedError

    def show_refusal(self, form: Any, error: ValidationError) -> None:
        apply_service_errors(form, error)

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            done = self.perform(form)
        except ValidationError as error:
            self.show_refusal(form, error)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(done if isinstance(done, str) else done.get_absolute_url())
