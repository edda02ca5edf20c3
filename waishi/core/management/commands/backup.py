from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files into BACKUP_DIR (two compressed files), "
        "keeping the last BACKUP_KEEP of each. Safe while the site runs; for cron."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        folder = settings.BACKUP_DIR
        folder.mkdir(parents=True, exist_ok=True)
        before = set(folder.iterdir())
        quiet = options["verbosity"] < 2
        call_command("dbbackup", compress=True, clean=True, quiet=quiet)
        call_command("mediabackup", compress=True, clean=True, quiet=quiet)
        written = sorted(
            path.name
            for path in set(folder.iterdir()) - before
            if not path.name.endswith(".metadata")
        )
        for name in written:
            self.stdout.write(f"backed up: {folder / name}")
