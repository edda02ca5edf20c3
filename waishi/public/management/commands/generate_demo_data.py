from django.core.management.base import BaseCommand, CommandError

from waishi.public.demo_data import DEFAULT_SEED, RealDataError, demo_data_generate


class Command(BaseCommand):
    help = (
        "Fill an empty database with realistic, reproducible demo data. Scale 1 is about what "
        "the office holds today (70 partners ...), scale 100 a hundred times that. Refuses a "
        "database that holds real data unless given --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add demo data even to a database that holds real data (skips existing names).",
        )

        parser.add_argument(
            "--no-history",
            action="store_true",
            help='Skip the "created" history rows (about twice as fast).',
        )

    def handle(self, *args, scale, seed, force, no_history, **options):
        if scale <= 0:
            raise CommandError("--scale must be positive")
        try:
            report = demo_data_generate(
                scale, seed=seed, force=force, history=not no_history, say=self.stdout.write
            )
        except RealDataError as error:
            raise CommandError(str(error)) from error
        made = ", ".join(f"{name}: {count}" for name, count in report.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data at scale {scale:g}: {made}"))
