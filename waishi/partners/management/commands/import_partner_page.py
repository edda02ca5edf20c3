"""Load the institutions of a page in the seed's format (its "Table: Global Partners")."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from waishi.partners.importer import SEED_PAGE, partner_page_import_file


class Command(BaseCommand):
    help = (
        "Read the Global Partners table of a page in the seed's format, load its institutions "
        "(status active) and print a report of counts, headings, mends and unreadable lines. "
        "Running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", nargs="?", default=str(SEED_PAGE), help="the page (default: the project's copy)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would be loaded; write nothing"
        )

    def handle(self, *args, **options) -> None:
        try:
            report = partner_page_import_file(options["file"], dry_run=options["dry_run"])
        except OSError as error:
            raise CommandError(f"cannot read {options['file']}: {error}") from error
        for line in report.lines():
            self.stdout.write(line)
