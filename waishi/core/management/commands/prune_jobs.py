import argparse
from typing import Any

from django.core.management.base import BaseCommand

from waishi.core import jobs


class Command(BaseCommand):
    help = (
        "Forget background jobs (large imports) that ended more than --days days ago, and the "
        "task framework's results of the same age. Run it daily from cron."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--days", type=int, default=14, help="Keep this many days (14).")

    def handle(self, *args: Any, days: int, **options: Any) -> None:
        self.stdout.write(f"{jobs.jobs_prune(days)} job(s) forgotten")
