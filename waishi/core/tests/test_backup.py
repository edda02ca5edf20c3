"""`manage.py backup` and `manage.py restore`, run as cron runs them: data in, backup, an empty
database and no uploaded files, restore, and every row of every table and every file is back.

The round trip runs on the kind of database the suite runs on (SQLite under `make test`,
PostgreSQL under `make test-postgres`), in a database of its own."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from django.db import connection

import waishi
from waishi.env import ENV_VARIABLES

ROOT = Path(waishi.__file__).parent.parent

DATA_IN = """
from django.core.files.base import ContentFile
from waishi.agreements import services
from waishi.agreements.tests.factories import AgreementFactory
from waishi.core.models import User
from waishi.core.tests import files
from waishi.people.tests.factories import DocumentFactory
user = User.objects.create_user("officer", "officer@example.edu", "a-long-password-42")
agreement = AgreementFactory(name_en="Exchange of students", name_zh="学生交流")
services.document_add(agreement, by=user, file=ContentFile(files.PDF, name="signed.pdf"))
services.document_add(
    agreement, by=user, kind="draft", file=ContentFile(files.DOCX, name="draft.docx")
)
document = DocumentFactory(number="E12345678")
document.scan.save("scan.png", ContentFile(files.PNG), save=True)
"""

# Every row of every table (history, many-to-many and Django's own included) and every file.
SNAPSHOT = """
import hashlib, json
from pathlib import Path
from django.apps import apps
from django.conf import settings
rows = {
    model._meta.db_table: [
        [str(value) for value in row]
        for row in model._base_manager.order_by("pk").values_list()
    ]
    for model in apps.get_models(include_auto_created=True)
}
media = Path(settings.MEDIA_ROOT)
stored = {
    str(path.relative_to(media)): hashlib.sha256(path.read_bytes()).hexdigest()
    for path in sorted(media.rglob("*"))
    if path.is_file()
}
print(json.dumps({"rows": rows, "files": stored}))
"""


@dataclass
class Scratch:
    """A database of the test's own, and how to lose it."""

    url: str | None  # None: SQLite, a file under the temporary folder
    wipe: Callable[[], None]


@pytest.fixture
def scratch(tmp_path) -> Iterator[Scratch]:
    """A file under the temporary folder for SQLite; a database of its own on the suite's
    PostgreSQL server."""
    if connection.vendor != "postgresql":

        def unlink() -> None:
            for path in (tmp_path / "var").glob("waishi.sqlite3*"):
                path.unlink()

        yield Scratch(None, unlink)
        return
    given = connection.settings_dict
    name = f"{given['NAME']}_backup"[:63]
    server = {
        "host": given["HOST"] or "127.0.0.1",
        "port": given["PORT"] or 5432,
        "user": given["USER"],
        "password": given["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }

    def run(sql: str) -> None:
        with psycopg.connect(**server) as admin:
            admin.execute(sql)

    def create() -> None:
        run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        run(f'CREATE DATABASE "{name}"')

    create()
    password = f":{given['PASSWORD']}" if given["PASSWORD"] else ""
    yield Scratch(
        f"postgres://{given['USER']}{password}@{server['host']}:{server['port']}/{name}", create
    )
    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_and_restore_bring_back_every_row_and_file(tmp_path, scratch):
    (tmp_path / "var").mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ENV_VARIABLES},
        "DEBUG": "1",
        "WAISHI_VAR_DIR": str(tmp_path / "var"),
    }
    if scratch.url:
        env["DATABASE_URL"] = scratch.url

    def manage(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    manage("migrate", "--noinput", "-v", "0")
    manage("shell", "-c", DATA_IN)
    before = json.loads(manage("shell", "-c", SNAPSHOT).splitlines()[-1])
    written = manage("backup").splitlines()

    # The disaster: an empty database (not even its tables), and no uploaded files.
    scratch.wipe()
    shutil.rmtree(tmp_path / "var" / "media")

    manage("restore", "--noinput")
    after = json.loads(manage("shell", "-c", SNAPSHOT).splitlines()[-1])

    assert [Path(line).name.startswith(("default-waishi-", "waishi-")) for line in written] == [
        True,
        True,
    ]
    assert sorted(Path(name).suffix for name in before["files"]) == [".docx", ".pdf", ".png"]
    assert len(before["rows"]["agreements_agreementdocument"]) == 2
    assert len(before["rows"]["core_country"]) > 200
    assert after == before
