"""The reminder run (`manage.py remind`): each app adds its jobs in `AppConfig.ready()`.

A job takes today's date and a function that prints a line, finds what is due, and notifies
through `notifications.notify`, claiming each reminder with `notifications.reminder_once` so a
run every few minutes from cron sends each one once. It returns how many it sent."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ReminderJob:
    name: str
    run: Callable[[datetime.date, Callable[[str], None]], int]


_jobs: list[ReminderJob] = []


def register(job: ReminderJob) -> None:
    if all(existing.name != job.name for existing in _jobs):
        _jobs.append(job)


def jobs() -> list[ReminderJob]:
    return list(_jobs)
