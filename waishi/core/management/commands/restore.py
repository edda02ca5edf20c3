from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from waishi.core import changes


class Command(BaseCommand):
    help = (
        "Put back the database and the uploaded files from BACKUP_DIR: the latest backup of "
        "each, or the files named. The database becomes exactly the backup's; stop the site "
        "first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--database-file", help="a database backup in BACKUP_DIR (default: the latest)"
        )
        parser.add_argument(
            "--media-file", help="an uploaded-files backup in BACKUP_DIR (default: the latest)"
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask before replacing the database",
        )

    def handle(
        self,
        *args: Any,
        database_file: str | None = None,
        media_file: str | None = None,
        interactive: bool = True,
        **options: Any,
    ) -> None:
        if interactive:
            answer = input(
                f"This replaces the database and puts back the uploaded files from "
                f"{settings.BACKUP_DIR}. Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored.")
        quiet = options["verbosity"] < 2
        call_command(
            "dbrestore",
            interactive=False,
            quiet=quiet,
            input_filename=database_file,
            uncompress=database_file is None or database_file.endswith(".gz"),
        )
        call_command(
            "mediarestore",
            interactive=False,
            quiet=quiet,
            replace=True,
            input_filename=media_file,
            uncompress=media_file is None or media_file.endswith(".gz"),
        )
        # The data changed past Django's signals: no page cached from before may be shown.
        changes.everything_changed()
        self.stdout.write(
            f"restored the database and the uploaded files from {settings.BACKUP_DIR}"
        )
