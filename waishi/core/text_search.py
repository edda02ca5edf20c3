"""Text searches that read an index on SQLite too.

A search looks for each word anywhere in some columns (`name LIKE '%wang%'`). PostgreSQL
reads pg_trgm indexes for that (each app's trigram migration). SQLite has no such index and
would read every row, so there a searched table gets an FTS5 table of its searched columns
with the trigram tokenizer, `<table>_words`, kept by the database's own triggers (whatever
writes the rows: the ORM, bulk inserts, a restore), and `containing` looks a word up in it.
A word of fewer than three characters (a two-character Chinese name) has no trigram: it is
looked for in the rows, as on PostgreSQL without an index.

An app adds the index with a migration, `operations = text_search.install("app_table",
COLUMNS)`, and searches with `queryset.filter(containing("app_table", COLUMNS, word,
lookup="icontains"))`.
Django rebuilds a SQLite table to alter it, which drops its triggers: a migration that alters
a searched table installs its words again (`waishi/core/tests/test_text_search.py` fails
while a searched table has lost them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.db import connection, migrations
from django.db.models import Q
from django.db.models.expressions import RawSQL

SHORTEST_WORD = 3


IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")


def _checked(name: str) -> str:
    """A table's or column's name, put into SQL: letters, digits and underscores only."""
    if not IDENTIFIER.fullmatch(name):
        raise ValueError(f"not a table or column name: {name!r}")
    return name


def words_table(table: str) -> str:
    return f"{_checked(table)}_words"


def _names(columns: Sequence[str], prefix: str = "") -> str:
    return ", ".join(f'{prefix}"{_checked(column)}"' for column in columns)


def install_sql(table: str, columns: Sequence[str]) -> list[str]:
    words = words_table(table)
    listed = _names(columns)
    # Names checked by `_checked`, as every name below.
    taken_out = (
        f'INSERT INTO "{words}" ("{words}", rowid, {listed}) '  # noqa: S608
        f"VALUES ('delete', old.id, {_names(columns, 'old.')});"
    )
    new_values = _names(columns, "new.")
    put_in = f'INSERT INTO "{words}" (rowid, {listed}) VALUES (new.id, {new_values});'  # noqa: S608
    return [
        *uninstall_sql(table),
        f"CREATE VIRTUAL TABLE \"{words}\" USING fts5({listed}, content='{table}', "
        "content_rowid='id', tokenize='trigram')",
        f'CREATE TRIGGER "{words}_insert" AFTER INSERT ON "{table}" BEGIN {put_in} END',
        f'CREATE TRIGGER "{words}_delete" AFTER DELETE ON "{table}" BEGIN {taken_out} END',
        f'CREATE TRIGGER "{words}_update" AFTER UPDATE OF {listed} ON "{table}" '
        f"BEGIN {taken_out} {put_in} END",
        # The rows already there.
        f'INSERT INTO "{words}" ("{words}") VALUES (\'rebuild\')',  # noqa: S608
    ]


def uninstall_sql(table: str) -> list[str]:
    words = words_table(table)
    return [
        *(f'DROP TRIGGER IF EXISTS "{words}_{event}"' for event in ("insert", "delete", "update")),
        f'DROP TABLE IF EXISTS "{words}"',
    ]


def install(table: str, columns: Sequence[str]) -> list[migrations.RunPython]:
    """The migration operations that give `table` its words on SQLite (none elsewhere)."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "sqlite":
            for statement in install_sql(table, columns):
                schema_editor.execute(statement)

    def backwards(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "sqlite":
            for statement in uninstall_sql(table):
                schema_editor.execute(statement)

    return [migrations.RunPython(forwards, backwards, elidable=False)]


def containing(table: str, columns: Sequence[str], word: str, *, lookup: str) -> Q:
    """The rows holding `word` in any of `columns`: through the table's words on SQLite, else
    `column__<lookup>=word` (`contains` for folded text, `icontains`)."""
    if connection.vendor == "sqlite" and len(word) >= SHORTEST_WORD:
        words = words_table(table)
        # An FTS5 phrase (quotes doubled) within the columns: the trigrams of the word, in
        # order, in one of them; the tokenizer ignores case.
        within = " ".join(_checked(column) for column in columns)
        quoted = word.replace('"', '""')
        phrase = f'{{{within}}} : "{quoted}"'
        # The word is a parameter; the names are checked.
        matching = f'SELECT rowid FROM "{words}" WHERE "{words}" MATCH %s'  # noqa: S608
        return Q(pk__in=RawSQL(matching, [phrase]))  # noqa: S611
    condition = Q()
    for column in columns:
        condition |= Q(**{f"{column}__{lookup}": word})
    return condition
