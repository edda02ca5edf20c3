from django.core.management.base import BaseCommand

from waishi.core import starting_data


class Command(BaseCommand):
    help = "Load the starting data (roles, units, the seed's partners). Safe to run again."

    def handle(self, *args, **options):
        for loader in starting_data.loaders():
            loader.load(lambda line, name=loader.name: self.stdout.write(f"[{name}] {line}"))
