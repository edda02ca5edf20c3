from django.core.management.base import BaseCommand, CommandError, CommandParser

from waishi.core.demo_data import DEFAULT_SEED, DEMO_USER_PREFIX, DemoDataError, demo_data_generate


class Command(BaseCommand):
    help = (
        "Fill the database with realistic, reproducible demo data, each app its share "
        "(waishi/<app>/demo.py). Scale 1 is about what the office holds today (70 partners "
        "...), scale 100 a hundred times that. Refuses a database that holds records someone "
        "entered (the starting data of `make run` and its administrator are not such records) "
        "unless given --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
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
        parser.add_argument(
            "--password",
            nargs="?",
            const="",
            default=None,
            metavar="PASSWORD",
            help=f"Let the demo users ({DEMO_USER_PREFIX}officer-N) log in with this password, "
            "or with a new random one (printed once) when none is given. Without it they "
            "cannot log in.",
        )

    def handle(
        self,
        *args: str,
        scale: float,
        seed: int,
        force: bool,
        no_history: bool,
        password: str | None,
        **options: object,
    ) -> None:
        if scale <= 0:
            raise CommandError("--scale must be positive")
        try:
            report = demo_data_generate(
                scale,
                seed=seed,
                force=force,
                history=not no_history,
                password=password,
                say=self.stdout.write,
            )
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        if report.password is not None:
            users = (
                report.users[0]
                if len(report.users) == 1
                else f"{report.users[0]} … {report.users[-1]}"
            )
            # Printed here only: it is not stored anywhere else readable.
            self.stdout.write(
                f"The demo users ({users}) log in with the password: {report.password}"
            )
        made = ", ".join(f"{name}: {count}" for name, count in report.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data at scale {scale:g}: {made}"))
