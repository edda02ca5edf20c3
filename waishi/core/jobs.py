"""Work that takes longer than a request may: done by the background worker, with its progress
on a page of its own.

One small layer over Django's task framework (the `django-tasks` package; its database backend
keeps the tasks in the database and `manage.py db_worker` runs them). A `Job` row says who asked
for what, how far it is and where its result is shown; its page is `/staff/jobs/<id>/`
(`JobView`, for its owner and the office), which follows the progress and then shows the result
(or opens it: a preview).

    job = jobs.job_start(my_runner, kind="visits.letters", owner=user, params={"visit": pk})
    return redirect(job)

`my_runner(job)` is a plain function of the app, run by the worker in the language of whoever
asked: it reads `job.params`, reports how far it is with `jobs.progress(done, total)` (also from
the layers it calls, such as the Excel reading), and sets `job.message` and `job.result_url`
(with `job.open_result` to take the owner there); an exception marks the job failed, with a
message that says so (the error is logged, never shown). Copy the import's
(`waishi/core/imports.py`, `run_import`).
"""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import Http404
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task

from waishi.core import changes
from waishi.core.enums import JobState
from waishi.core.models import AnyUser, Job, User

logger = logging.getLogger(__name__)

# The page is told at most this often (seconds) how far a job is.
PROGRESS_INTERVAL = 0.5

# A running job that has told nothing for this long lost its worker (killed, restarted): its
# page says it failed, and it can be started again. The Excel reading tells every 500 rows; the
# longest silence is a write step in its transaction (told only through the cache, unseen
# without REDIS_URL), a minute or so for the largest file allowed (IMPORT_MAX_ROWS). A job
# still queued this long says the worker may not be running.
STALE_AFTER = datetime.timedelta(minutes=10)

Runner = Callable[[Job], None]


class _Progress:
    def __init__(self, job: Job) -> None:
        self.job = job
        self.told = 0.0

    def tell(self, done: int, total: int | None, message: str | None) -> None:
        now = time.monotonic()
        if now - self.told < PROGRESS_INTERVAL and (total is None or done < total):
            return
        self.told = now
        values: dict[str, Any] = {"done": done, "seen_at": timezone.now()}
        if total is not None:
            values["total"] = total
        if message is not None:
            values["message"] = message
        if connection.in_atomic_block:
            # Inside a transaction the row would stay unseen until its end (and lock SQLite):
            # told through the cache instead, which the page reads while the job runs (shared
            # by every process with REDIS_URL; without it the page shows "Working").
            cache.set(_cache_key(self.job.pk), values, 3600)
        else:
            cache.delete(_cache_key(self.job.pk))
            changes.update(Job.objects.filter(pk=self.job.pk), **values)


def _cache_key(pk: Any) -> str:
    return f"waishi-job-progress-{pk}"


def progress_told(job: Job) -> Job:
    """`job` with the progress it told from inside a transaction, if any (for its page)."""
    if job.state == JobState.RUNNING:
        told = cache.get(_cache_key(job.pk))
        if isinstance(told, dict):
            for key, value in told.items():
                setattr(job, key, value)
    return job


def job_checked(job: Job) -> Job:
    """`job` as its page shows it: with the progress told from inside a transaction, and
    failed (for good) if it runs but its worker has shown no sign of life for `STALE_AFTER`.
    Its writes are all or nothing (one transaction), so a worker killed on the way wrote
    nothing."""
    job = progress_told(job)
    if job.state != JobState.RUNNING:
        return job
    seen = job.seen_at or job.started_at or job.created_at
    if seen > timezone.now() - STALE_AFTER:
        return job
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        message = _(
            "The work stopped before it ended (the background worker stopped during it); "
            "nothing was written. Start again, or upload the file again if it is no longer "
            "found."
        )
    changes.update(
        Job.objects.filter(pk=job.pk, state=JobState.RUNNING),
        state=JobState.FAILED,
        finished_at=timezone.now(),
        message=message,
        result_url="",
        open_result=False,
    )
    job.refresh_from_db()
    return job


def waits_long(job: Job) -> bool:
    """Whether the job has waited for a worker longer than one would take to start it."""
    return job.state == JobState.QUEUED and job.created_at < timezone.now() - STALE_AFTER


_running: ContextVar[_Progress | None] = ContextVar("waishi_job", default=None)


def progress(done: int, total: int | None = None, message: str | None = None) -> None:
    """Tell the job being run how far it is: `done` of `total` (rows, records), and what it
    is doing. Nothing happens outside a job, so any layer may call it."""
    running = _running.get()
    if running is not None:
        running.tell(done, total, message)


def job_start(
    runner: Runner,
    *,
    kind: str,
    owner: User,
    subject: str = "",
    params: dict[str, Any] | None = None,
) -> Job:
    """Record a job and hand it to the worker. `runner` is a module-level function; `params`
    what it needs (JSON); `subject` what the work is about, to find it again (`job_of`)."""
    job = Job.objects.create(
        owner=owner,
        kind=kind,
        runner=f"{runner.__module__}.{runner.__qualname__}",
        subject=subject,
        params={**(params or {}), "language": translation.get_language()},
    )
    run_job.enqueue(str(job.pk))
    return job


def job_of(owner: User, kind: str, subject: str) -> Job | None:
    """The latest job of `owner` of this kind about `subject` (None when there is none)."""
    return (
        Job.objects.filter(owner=owner, kind=kind, subject=subject).order_by("-created_at").first()
    )


def job_for_user(user: AnyUser, pk: Any) -> Job:
    """The job, for its owner and the office; 404 for anyone else (its existence is not
    told)."""
    job = Job.objects.filter(pk=pk).first()
    if job is None or not user.has_perm("core.view_job", job):
        raise Http404
    return job


@task()
def run_job(job_id: str) -> None:
    """The worker's side: run the job's runner, in the language of who asked, and record how it
    ended."""
    job = Job.objects.filter(pk=job_id).select_related("owner").first()
    if job is None or job.state != JobState.QUEUED:
        return
    job.state = JobState.RUNNING
    job.started_at = job.seen_at = timezone.now()
    job.save(update_fields=["state", "started_at", "seen_at"])
    running = _running.set(_Progress(job))
    language = job.params.get("language") or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            runner: Runner = import_string(job.runner)
            runner(job)
        job.state = JobState.DONE
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        with translation.override(language):
            job.message = _(
                "The work stopped on an error and nothing was changed. Try again; if it happens "
                "again, tell the administrator."
            )
        job.result_url = ""
        job.open_result = False
        job.state = JobState.FAILED
    finally:
        _running.reset(running)
        cache.delete(_cache_key(job.pk))
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "finished_at", "message", "result_url", "open_result"])


def jobs_prune(days: int) -> int:
    """Forget the jobs that ended more than `days` days ago (with the task framework's own
    record of them); returns how many jobs."""
    from django.core.management import call_command

    cutoff = timezone.now() - datetime.timedelta(days=days)
    ended = Job.objects.filter(state__in=(JobState.DONE, JobState.FAILED), finished_at__lt=cutoff)
    count, _deleted = ended.delete()
    call_command("prune_db_task_results", min_age_days=days, verbosity=0)
    return count
