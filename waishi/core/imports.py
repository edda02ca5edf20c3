"""Excel import, the same three steps for every register: upload (the file is kept on the
server under a token of this session), preview (what would be written, or every problem, also
as a workbook with `?problems=xlsx`), and confirm (all written, or nothing). A register
subclasses the views and says how to read a file (`plan`) and how to write a plan (`apply`);
its columns are declared once in core's Excel layer (`waishi/core/excel.py`).

A file larger than `IMPORT_INLINE_KB` is read and written by the background worker
(`waishi/core/jobs.py`): the preview and the confirm each start a job and send the user to its
page, which follows the progress and then opens the preview (kept beside the file) or says what
was written. The worker runs the register's own view (`plan`, `apply`) as the user who asked."""

from __future__ import annotations

import pickle
import uuid
from typing import IO, Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView

from waishi.core import jobs
from waishi.core.excel import spool, workbook_response, write_problems
from waishi.core.mixins import RulePermissionMixin
from waishi.core.models import Job
from waishi.core.permissions import acting_user
from waishi.core.uploads import SPREADSHEETS, UploadValidator

# In the session: register ("partners") -> {token: path of the stored file}.
SESSION_KEY = "imports"


class ExcelUploadForm(forms.Form):
    # The one upload check (name, size, and content: a real workbook, not a renamed file).
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        validators=[UploadValidator(*SPREADSHEETS)],
    )


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
            _forget(previous)
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

    def in_background(self, path: str) -> bool:
        """Whether the worker reads and writes this file (larger than IMPORT_INLINE_KB)."""
        return bool(default_storage.size(path) > settings.IMPORT_INLINE_KB * 1024)

    def _background(self, kind: str, path: str) -> HttpResponse:
        """The page of the job that previews or writes the file (started unless it runs)."""
        user = acting_user(self.request)
        job = jobs.job_of(user, kind, path)
        if job is None or job.finished:
            job = jobs.job_start(
                run_import,
                kind=kind,
                owner=user,
                subject=path,
                params={
                    "view": f"{type(self).__module__}.{type(self).__qualname__}",
                    "kwargs": self.kwargs,
                    "url": self.request.path,
                    "path": path,
                },
            )
        return redirect(job)

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
        path = self._stored_path(token)
        if self.in_background(path):
            plan = _kept_plan(path)
            if plan is None:
                return self._background(PREVIEW, path)
        else:
            plan = self._read(token)
        if request.GET.get("problems") == "xlsx":
            # The error report: the same problems as a workbook, to fix the file beside it.
            buffer = spool()
            write_problems(buffer, plan.problems)
            buffer.seek(0)
            return workbook_response(buffer, f"{self.register}-problems.xlsx")
        return render(request, self.template_name, {"plan": plan, "token": token})

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        if self.in_background(self._stored_path(token)):
            return self._background(CONFIRM, self._stored_path(token))
        plan = self._read(token)
        if plan.problems:
            return render(request, self.template_name, {"plan": plan, "token": token})
        done = self.apply(plan)
        _forget(self._stored_path(token))
        _keep_pending(request, self.register, {})
        messages.success(request, done)
        return redirect(self.done_url_name)


# In the background ---------------------------------------------------------------------------

PREVIEW = "import.preview"
CONFIRM = "import.confirm"
_PLAN_SALT = "waishi.core.imports.plan"


def _plan_path(path: str) -> str:
    return f"{path}.plan"


def _keep_plan(path: str, plan: Any) -> None:
    """Keep the worker's preview beside the file, signed, for the preview page to show."""
    data = pickle.dumps(plan, protocol=pickle.HIGHEST_PROTOCOL)
    signature = salted_hmac(_PLAN_SALT + path, data).hexdigest().encode()
    default_storage.delete(_plan_path(path))
    default_storage.save(_plan_path(path), ContentFile(signature + b"\n" + data))


def _kept_plan(path: str) -> Any:
    """The preview the worker kept for this file; None when there is none (or it is not one
    this server signed)."""
    if not default_storage.exists(_plan_path(path)):
        return None
    with default_storage.open(_plan_path(path), "rb") as handle:
        signature, _newline, data = handle.read().partition(b"\n")
    expected = salted_hmac(_PLAN_SALT + path, data).hexdigest().encode()
    if not constant_time_compare(signature, expected):
        return None
    return pickle.loads(data)  # noqa: S301 (signed above: written by this server only)


def _forget(path: str) -> None:
    """Delete a stored file and its kept preview."""
    default_storage.delete(path)
    default_storage.delete(_plan_path(path))


def run_import(job: Job) -> None:
    """The worker's side of a large import: the register's view, run as the user who asked,
    previews the stored file (kept for the preview page) or, on confirm, writes it."""
    request = HttpRequest()
    request.method = "GET"
    request.path = job.params["url"]
    request.user = job.owner
    request.LANGUAGE_CODE = translation.get_language()
    view: ImportPreviewView = import_string(job.params["view"])()
    view.setup(request, **job.params["kwargs"])
    path = job.params["path"]
    with default_storage.open(path, "rb") as handle:
        plan = view.plan(handle)
    if job.kind == PREVIEW or plan.problems:
        _keep_plan(path, plan)
        job.result_url = job.params["url"]
        job.open_result = True
        return
    jobs.progress(0, 0, gettext("Writing to the register…"))
    job.message = view.apply(plan)
    _forget(path)
    job.result_url = resolve_url(view.done_url_name)
