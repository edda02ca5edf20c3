import argparse
import os
from typing import Any

from django.core.management.base import BaseCommand

from waishi.core import services


class Command(BaseCommand):
    help = (
        "Create the first administrator if there is none, and print how to log in. "
        "ADMIN_PASSWORD sets the password; otherwise one is made and printed once."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--username", default="admin")
        parser.add_argument("--url", default="http://127.0.0.1:8000/login/")

    def handle(self, *args: Any, username: str, url: str, **options: Any) -> None:
        password = services.administrator_ensure(username, os.environ.get("ADMIN_PASSWORD") or None)
        if password is None:
            self.stdout.write(
                f"An administrator exists already. Log in at {url} "
                f"(forgotten password: .venv/bin/python manage.py changepassword {username})"
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"\nFirst administrator created. Log in at {url}\n"
                f"    user name: {username}\n    password:  {password}\n"
                "This password is shown only once; change it on your profile page.\n"
            )
        )
