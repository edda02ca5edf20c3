"""Background work (waishi/core/jobs.py) through its first user, a large Excel import: the file
goes to the worker, its page shows the progress and then the preview or what was written; only
its owner and the office see it; the worker of the database backend runs it."""

import io
import signal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from openpyxl import Workbook

from waishi.core import jobs
from waishi.core.enums import JobState
from waishi.core.models import Job
from waishi.partners import excel
from waishi.partners.models import Institution

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_and_small_limit(client, settings):
    client.cookies["django_language"] = "en"
    # Every file of these tests (a few KB) counts as large.
    settings.IMPORT_INLINE_KB = 1


def _partners_file(rows=3):
    book = Workbook()
    sheet = book.active
    sheet.title = excel.INSTITUTION_SHEET
    sheet.append([c.header for c in excel.INSTITUTIONS.columns])
    for n in range(rows):
        sheet.append([None, f"Background University {n}", "", "", ("FR", "JP")[n % 2]])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(client, content):
    response = client.post(
        reverse("partners:import.upload"), {"file": SimpleUploadedFile("p.xlsx", content)}
    )
    assert response.status_code == 302
    return response["Location"]


def _run_worker():
    """What `manage.py db_worker` does, until no task is left (its signal handlers put back)."""
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


def _job_url(response):
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/jobs/")
    return response["Location"]


@pytest.mark.django_db(transaction=True)
def test_a_large_file_is_previewed_then_imported_by_the_worker(client, personas):
    client.force_login(personas.office_staff)
    preview_url = _upload(client, _partners_file())

    job_url = _job_url(client.get(preview_url))
    page = client.get(job_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Reading the file" in html
    assert "Waiting to start" in html
    assert "<progress" in html
    assert 'hx-trigger="every 1s"' in html
    assert '<noscript><meta http-equiv="refresh"' in html
    # Asking again does not start a second job.
    assert _job_url(client.get(preview_url)) == job_url

    _run_worker()

    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    # The page takes its owner to the preview, which the worker kept.
    assert client.get(job_url)["Location"] == preview_url
    polled = client.get(job_url, headers={"HX-Request": "true"})
    assert polled.status_code == 204
    assert polled["HX-Redirect"] == preview_url
    html = client.get(preview_url).content.decode()
    assert "Check before importing" in html
    assert "3 new partners" in html
    assert not Institution.objects.exists()

    confirm_url = _job_url(client.post(preview_url))
    html = client.get(confirm_url).content.decode()
    assert "Importing the file" in html
    _run_worker()

    html = client.get(confirm_url).content.decode()
    assert "Imported: 3 partners and 0 contacts written." in html
    assert reverse("partners:institution.list") in html
    assert "hx-trigger" not in html
    assert Institution.objects.count() == 3
    # The stored file is gone with its preview.
    assert client.get(preview_url).status_code == 404


def test_the_page_shows_how_far_the_work_is(client, personas):
    job = Job.objects.create(
        owner=personas.office_staff,
        kind="import.confirm",
        runner="none",
        state=JobState.RUNNING,
        done=2500,
        total=10000,
        message="Reading the rows of “Institutions 合作院校”",
    )
    client.force_login(personas.office_staff)
    html = client.get(job.get_absolute_url()).content.decode()
    assert 'value="25"' in html
    assert "2,500 of 10,000 (25%)" in html
    assert "Reading the rows of “Institutions 合作院校”" in html
    client.cookies["django_language"] = "zh-hans"
    html = client.get(job.get_absolute_url()).content.decode()
    assert "进行中" in html
    assert "已完成 2500 / 10000（25%）" in html


def test_another_user_cannot_see_the_job(client, personas):
    job = Job.objects.create(owner=personas.teacher, kind="import.preview", runner="none")
    for outsider in (personas.other_teacher, personas.liaison, personas.auditor):
        client.force_login(outsider)
        assert client.get(job.get_absolute_url()).status_code == 404
    client.force_login(personas.director)
    assert client.get(job.get_absolute_url()).status_code == 200
    # Someone else's preview is never opened for the office: the page says it is done.
    job.state, job.open_result, job.result_url = JobState.DONE, True, "/staff/partners/"
    job.save()
    assert client.get(job.get_absolute_url()).status_code == 200
    client.force_login(personas.teacher)
    assert client.get(job.get_absolute_url())["Location"] == "/staff/partners/"


def test_too_many_rows_are_refused_early_and_the_worker_carries_on(client, personas, settings):
    settings.IMPORT_MAX_ROWS = 5
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(personas.office_staff)
    preview_url = _upload(client, _partners_file(rows=40))

    job_url = _job_url(client.get(preview_url))
    job = Job.objects.get()
    assert job.state == JobState.DONE
    assert client.get(job_url)["Location"] == preview_url
    html = client.get(preview_url).content.decode()
    assert "The file has more than 5 rows" in html
    assert "Split it into several files" in html
    assert "Import now" not in html
    # The confirm finds the same problem and writes nothing.
    job_url = _job_url(client.post(preview_url))
    assert client.get(job_url)["Location"] == preview_url
    assert not Institution.objects.exists()


def test_a_job_that_fails_says_so_and_changes_nothing(client, personas, settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    def broken(upload, user):
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(excel, "import_plan", broken)
    client.force_login(personas.office_staff)
    job_url = _job_url(client.get(_upload(client, _partners_file())))
    html = client.get(job_url).content.decode()
    assert "Failed" in html
    assert "The work stopped on an error and nothing was changed." in html
    assert "disk is on fire" not in html
    assert Job.objects.get().state == JobState.FAILED


def test_progress_outside_a_job_does_nothing():
    jobs.progress(5, 10, "nothing runs")


def test_ended_jobs_are_pruned_after_the_days_kept(personas):
    import datetime

    from django.utils import timezone

    old = timezone.now() - datetime.timedelta(days=20)
    ended = Job.objects.create(
        owner=personas.teacher, kind="k", runner="r", state=JobState.DONE, finished_at=old
    )
    recent = Job.objects.create(
        owner=personas.teacher, kind="k", runner="r", state=JobState.FAILED,
        finished_at=timezone.now(),
    )  # fmt: skip
    waiting = Job.objects.create(owner=personas.teacher, kind="k", runner="r")
    out = io.StringIO()
    call_command("prune_jobs", "--days", "14", stdout=out)
    assert out.getvalue() == "1 job(s) forgotten\n"
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}
    assert not Job.objects.filter(pk=ended.pk).exists()


def test_progress_told_inside_a_transaction_reaches_the_page(client, personas):
    from django.db import transaction

    job = Job.objects.create(
        owner=personas.office_staff, kind="import.confirm", runner="r", state=JobState.RUNNING
    )
    with transaction.atomic():
        jobs._Progress(job).tell(3, 4, "Writing partners and contacts")
    job.refresh_from_db()
    assert (job.done, job.total) == (0, 0)  # the row waits for the end of the transaction
    client.force_login(personas.office_staff)
    html = client.get(job.get_absolute_url()).content.decode()
    assert "3 of 4 (75%)" in html
    assert "Writing partners and contacts" in html


def _ago(minutes):
    import datetime

    from django.utils import timezone

    return timezone.now() - datetime.timedelta(minutes=minutes)


def test_a_job_whose_worker_died_fails_and_can_be_started_again(client, personas, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(personas.office_staff)
    preview_url = _upload(client, _partners_file())
    job_url = _job_url(client.get(preview_url))
    # The confirm's worker is killed while it writes: its last sign of life stays behind.
    path = Job.objects.get().subject
    job = Job.objects.create(
        owner=personas.office_staff, kind="import.confirm", runner="r", subject=path,
        state=JobState.RUNNING, params={"url": preview_url, "language": "zh-hans"},
        started_at=_ago(30), seen_at=_ago(11), done=2, total=3,
    )  # fmt: skip
    html = client.get(job.get_absolute_url()).content.decode()
    assert "Failed" in html
    # In the language of who asked (the office may read it in another).
    assert "任务在完成前中断（后台处理进程在运行中停止），没有写入任何数据。" in html
    assert f'href="{preview_url}">Start again</a>' in html
    assert 'hx-trigger="every 1s"' not in html
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.finished_at
    assert not Institution.objects.exists()
    # Confirming again starts a new job instead of following the dead one.
    new_url = _job_url(client.post(preview_url))
    assert new_url not in (job_url, job.get_absolute_url())
    assert Institution.objects.count() == 3
    # Another member of the office sees it failed, without the owner's way back.
    client.force_login(personas.director)
    assert "Start again" not in client.get(job.get_absolute_url()).content.decode()


def test_a_job_that_tells_its_progress_is_alive(client, personas):
    job = Job.objects.create(
        owner=personas.office_staff, kind="import.confirm", runner="r", state=JobState.RUNNING,
        started_at=_ago(30), seen_at=_ago(30),
    )  # fmt: skip
    jobs._Progress(job).tell(1, 4, "Writing partners and contacts")
    client.force_login(personas.office_staff)
    html = client.get(job.get_absolute_url()).content.decode()
    assert "1 of 4 (25%)" in html
    assert "stopped before it ended" not in html
    job.refresh_from_db()
    assert job.state == JobState.RUNNING


def test_a_job_queued_long_says_the_worker_may_not_run(client, personas):
    job = Job.objects.create(owner=personas.office_staff, kind="import.preview", runner="r")
    client.force_login(personas.office_staff)
    warning = "the worker may not be running. Tell the administrator."
    assert warning not in client.get(job.get_absolute_url()).content.decode()
    Job.objects.filter(pk=job.pk).update(created_at=_ago(11))
    html = client.get(job.get_absolute_url()).content.decode()
    assert warning in html
    assert 'hx-trigger="every 1s"' in html  # it still waits for the worker
    client.cookies["django_language"] = "zh-hans"
    html = client.get(job.get_absolute_url()).content.decode()
    assert "后台处理进程可能没有运行。请告知系统管理员。" in html
