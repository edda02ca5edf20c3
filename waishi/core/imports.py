"""Excel import, the same three steps for every register: upload (the file is kept on the
server under a token of this session), preview (what would be written, or every problem, also
as a workbook with `?problems=xlsx`), and confirm (all written, or nothing). A register
subclasses the views and says how to read a file (`plan`) and how to write a plan (`apply`);
its columns are declared once in core's Excel layer (`waishi/core/excel.py`)."""

from __future__ import annotations

import uuid
from typing import IO, Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView

from waishi.core.excel import spool, workbook_response, write_problems
from waishi.core.mixins import RulePermissionMixin

# In the session: register ("partners") -> {token: path of the stored file}.
SESSION_KEY = "imports"


class ExcelUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("Choose an Excel file ending in .xlsx."))
        if upload.size > settings.UPLOAD_MAX_MB * 1024 * 1024:
            raise ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": settings.UPLOAD_MAX_MB}
            )
        head = upload.read(4)
        upload.seek(0)
        if head != b"PK\x03\x04":  # an .xlsx is a zip archive
            raise ValidationError(_("This file is not an Excel workbook (.xlsx)."))
        return upload


class ImportTemplateView(RulePermissionMixin, View):
    """The empty workbook to fill in."""

    filename = "template.xlsx"

    def write_template(self, out: IO[bytes]) -> None:
        raise NotImplementedError

    def get(self, request: HttpRequest) -> FileResponse:
        buffer = spool()
        self.write_template(buffer)
        buffer.seek(0)
        return workbook_response(buffer, self.filename)


def _pending(request: HttpRequest, register: str) -> dict[str, str]:
    pending: dict[str, str] = request.session.get(SESSION_KEY, {}).get(register, {})
    return pending


def _keep_pending(request: HttpRequest, register: str, pending: dict[str, str]) -> None:
    stored = request.session.get(SESSION_KEY, {})
    stored[register] = pending
    request.session[SESSION_KEY] = stored


class ImportUploadView(RulePermissionMixin, FormView[ExcelUploadForm]):
    """Step 1: keep the file, then show its preview. `register` is the app's URL namespace
    (its preview is `<register>:import.preview`)."""

    register: str
    form_class = ExcelUploadForm
    help_text: Any = ""

    def get_form(self, form_class: type[ExcelUploadForm] | None = None) -> ExcelUploadForm:
        form = super().get_form(form_class)
        form.fields["file"].help_text = self.help_text
        return form

    def form_valid(self, form: ExcelUploadForm) -> HttpResponse:
        token = uuid.uuid4().hex
        path = default_storage.save(
            f"imports/{self.register}/{token}.xlsx", File(form.cleaned_data["file"])
        )
        # One pending import per register and session: a new upload replaces the last one.
        for previous in _pending(self.request, self.register).values():
            default_storage.delete(previous)
        _keep_pending(self.request, self.register, {token: path})
        return redirect(self.preview_url(token))

    def preview_url(self, token: str) -> str:
        """Where the stored file is previewed (a register of one record names the record)."""
        return reverse(f"{self.register}:import.preview", kwargs={"token": token})


class ImportPreviewView(RulePermissionMixin, View):
    """Step 2 (GET): what the stored file would write, or its problems. Step 3 (POST): write
    it all; if the data changed since the preview and the file no longer fits, the problems
    are shown again and nothing is written."""

    register: str
    template_name: str
    done_url_name: str

    def plan(self, upload: IO[bytes]) -> Any:
        """Read the file: an object with `problems` (empty when it can be written)."""
        raise NotImplementedError

    def apply(self, plan: Any) -> str:
        """Write the plan; returns the message that says what was written."""
        raise NotImplementedError

    def _stored_path(self, token: str) -> str:
        # Another session's token (or a stale one) is not found.
        path = _pending(self.request, self.register).get(token)
        if not path or not default_storage.exists(path):
            raise Http404
        return path

    def _read(self, token: str) -> Any:
        with default_storage.open(self._stored_path(token), "rb") as handle:
            return self.plan(handle)

    def get(self, request: HttpRequest, token: str) -> HttpResponse | FileResponse:
        plan = self._read(token)
        if request.GET.get("problems") == "xlsx":
            # The error report: the same problems as a workbook, to fix the file beside it.
            buffer = spool()
            write_problems(buffer, plan.problems)
            buffer.seek(0)
            return workbook_response(buffer, f"{self.register}-problems.xlsx")
        return render(request, self.template_name, {"plan": plan, "token": token})

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        plan = self._read(token)
        if plan.problems:
            return render(request, self.template_name, {"plan": plan, "token": token})
        done = self.apply(plan)
        default_storage.delete(self._stored_path(token))
        _keep_pending(request, self.register, {})
        messages.success(request, done)
        return redirect(self.done_url_name)
