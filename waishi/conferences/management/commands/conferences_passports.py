import argparse
from typing import Any

from django.core.management.base import BaseCommand

from waishi.conferences import participants


class Command(BaseCommand):
    help = (
        "Delete the passport data (number and expiry) of conference participants once their "
        "conference ended more than the office rule's days ago "
        "(conferences_passport_deletion_days, 180 by default). Run it daily from cron, beside "
        "remind."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Only say how many would lose it."
        )

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        if dry_run:
            count = len(participants.passport_data_due()) + len(
                participants.registration_passports_due()
            )
            self.stdout.write(
                f"{count} participant(s) or registration(s) would lose their passport data"
            )
            return
        count = participants.passport_data_delete()
        self.stdout.write(f"{count} participant(s)' or registration(s)' passport data deleted")
