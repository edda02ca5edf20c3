import argparse
import datetime
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand

from waishi.core import clock, reminders


class Command(BaseCommand):
    help = (
        "Send what is due: approvals waiting, passports and reports overdue, documents and "
        "agreements expiring. Each reminder goes out once; safe to run from cron every few "
        "minutes."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="Run as if today were this date (YYYY-MM-DD), e.g. to catch up.",
        )

    def handle(self, *args: Any, today: datetime.date | None = None, **options: Any) -> None:
        today = today or clock.today()
        total = 0
        for job in reminders.jobs():
            sent = job.run(today, self._say(job.name))
            self.stdout.write(f"[{job.name}] {sent} sent")
            total += sent
        self.stdout.write(f"{total} reminder(s) sent for {today.isoformat()}")

    def _say(self, name: str) -> Callable[[str], None]:
        def say(line: str) -> None:
            self.stdout.write(f"[{name}] {line}")

        return say
