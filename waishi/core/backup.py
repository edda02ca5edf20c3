"""Backups of the database and the uploaded files, through django-dbbackup.

django-dbbackup does the work (PostgreSQL with pg_dump and pg_restore; the files as a tar of
MEDIA_ROOT; storage, compression, keeping the last few); `manage.py backup` and
`manage.py restore` run both halves together. One piece is ours: SQLite is restored through
SQLite's own backup interface rather than by writing over the file, because the database runs
in WAL mode, where a file copied over a database with a journal beside it is damaged.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from shutil import copyfileobj
from tempfile import TemporaryDirectory
from typing import IO

# django-dbbackup carries no type information.
from dbbackup.db.sqlite import SqliteBackupConnector  # type: ignore[import-untyped]


class SqliteConnector(SqliteBackupConnector):  # type: ignore[misc]
    """Back up with SQLite's backup interface (safe while the site runs) and restore the
    same way, page by page into the live database file."""

    def restore_dump(self, dump: IO[bytes]) -> None:
        target = self.connection.settings_dict["NAME"]
        self.connection.close()
        with TemporaryDirectory() as folder:
            copy = Path(folder) / "backup.sqlite3"
            with copy.open("wb") as out:
                copyfileobj(dump, out)
            source = sqlite3.connect(copy)
            destination = sqlite3.connect(target)
            try:
                source.backup(destination)
            finally:
                destination.close()
                source.close()
