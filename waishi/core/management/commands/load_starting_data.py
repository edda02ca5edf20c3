from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand

from waishi.core import starting_data


class Command(BaseCommand):
    help = "Load the starting data (roles, units, the seed's partners). Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        for loader in starting_data.loaders():
            loader.load(self._say(loader.name))

    def _say(self, name: str) -> Callable[[str], None]:
        def say(line: str) -> None:
            self.stdout.write(f"[{name}] {line}")

        return say
