"""Exact counts of the large registers without reading them, on PostgreSQL.

A list page and an API list say how many records they hold. Counting 200,000 trips reads an
index of 200,000 entries each time (some 10 ms, growing with the register), so on PostgreSQL
the tables of the largest registers keep their number of rows in `core_rowcount`, updated by
triggers of the database itself: once per INSERT, DELETE or TRUNCATE statement, in the same
transaction, whatever wrote the rows (the ORM, bulk inserts, raw SQL, a restore). The number is
as exact as COUNT(*); a list that is filtered in any way still counts its rows.

An app installs the triggers on its table with a migration:
`migrations.RunSQL(install_sql("travel_trip"), uninstall_sql("travel_trip"))`
(after core's migration 0011), and lists the table in `COUNTED_TABLES`.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import connections
from django.db.models import QuerySet

# The tables whose rows are counted by triggers (each installed by its app's migration).
COUNTED_TABLES = frozenset(
    {
        "people_person",
        "travel_trip",
        "visits_visit",
        "visits_itineraryitem",
        "visits_cost",
        "visits_gift",
        "conferences_conference",
        "conferences_forecast",
        "conferences_conferenceversion",
        "conferences_participant",
        "conferences_session",
        "conferences_talk",
    }
)

FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION waishi_count_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE core_rowcount SET "rows" = "rows" + (SELECT count(*) FROM new_rows)
        WHERE "table" = TG_TABLE_NAME;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE core_rowcount SET "rows" = "rows" - (SELECT count(*) FROM old_rows)
        WHERE "table" = TG_TABLE_NAME;
    ELSE
        -- Emptied (a flush truncates the counts too, in the same statement): counted again.
        INSERT INTO core_rowcount ("table", "rows") VALUES (TG_TABLE_NAME, 0)
        ON CONFLICT ("table") DO UPDATE SET "rows" = 0;
    END IF;
    RETURN NULL;
END
$$;
"""


def _checked(table: str) -> str:
    """A table name as it may be written into SQL (a migration names one of its own)."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", table):
        raise ValueError(f"not a table name: {table!r}")
    return table


def install_sql(table: str) -> list[str]:
    """Statements that make `table` keep its count (PostgreSQL): its triggers, then its
    current number of rows, read while writers wait (the migration's transaction)."""
    table = _checked(table)
    return [
        f'LOCK TABLE "{table}" IN SHARE ROW EXCLUSIVE MODE',
        f'CREATE TRIGGER "{table}_count_insert" AFTER INSERT ON "{table}" '
        "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION waishi_count_rows()",
        f'CREATE TRIGGER "{table}_count_delete" AFTER DELETE ON "{table}" '
        "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION waishi_count_rows()",
        f'CREATE TRIGGER "{table}_count_truncate" AFTER TRUNCATE ON "{table}" '
        "FOR EACH STATEMENT EXECUTE FUNCTION waishi_count_rows()",
        f'INSERT INTO core_rowcount ("table", "rows") SELECT \'{table}\', count(*) FROM "{table}" '  # noqa: S608 (a checked table name)
        'ON CONFLICT ("table") DO UPDATE SET "rows" = EXCLUDED."rows"',
    ]


def uninstall_sql(table: str) -> list[str]:
    table = _checked(table)
    return [
        *(f'DROP TRIGGER IF EXISTS "{table}_count_{op}" ON "{table}"' for op in OPERATIONS),
        f"DELETE FROM core_rowcount WHERE \"table\" = '{table}'",  # noqa: S608 (checked)
    ]


OPERATIONS = ("insert", "delete", "truncate")


def _whole_table(queryset: QuerySet[Any]) -> bool:
    """Whether `queryset` holds every row of its table (no filter, slice, DISTINCT, grouping
    or aggregate: joins for select_related never drop rows)."""
    query = queryset.query
    return not (
        query.where
        or query.distinct
        or query.combinator
        or query.group_by
        or query.low_mark
        or query.high_mark is not None
        or query.extra
        or any(getattr(a, "contains_aggregate", False) for a in query.annotations.values())
    )


def counted_rows(queryset: QuerySet[Any]) -> int | None:
    """The number of rows of `queryset` read from its table's count, when the queryset is
    the whole of a counted table on PostgreSQL; otherwise None (count the rows)."""
    from waishi.core.models import RowCount

    table = queryset.model._meta.db_table
    if (
        table not in COUNTED_TABLES
        or connections[queryset.db].vendor != "postgresql"
        or not _whole_table(queryset)
    ):
        return None
    found = RowCount.objects.using(queryset.db).filter(table=table).values_list("rows", flat=True)
    return next(iter(found), None)


def row_count(queryset: QuerySet[Any]) -> int:
    """How many rows `queryset` holds: from the table's count when it is a whole counted
    table (one small read), else by COUNT(*)."""
    found = counted_rows(queryset)
    return queryset.count() if found is None else found


def migration_operations(table: str) -> list[Any]:
    """The migration operations that make `table` keep its count (nothing on SQLite)."""
    from django.db import migrations

    def install(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for statement in install_sql(table):
                schema_editor.execute(statement)

    def uninstall(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for statement in uninstall_sql(table):
                schema_editor.execute(statement)

    return [migrations.RunPython(install, uninstall)]


def function_operations() -> list[Any]:
    """The migration operation that creates the triggers' function (PostgreSQL)."""
    from django.db import migrations

    def create(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(FUNCTION_SQL)

    def drop(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("DROP FUNCTION IF EXISTS waishi_count_rows()")

    return [migrations.RunPython(create, drop)]
