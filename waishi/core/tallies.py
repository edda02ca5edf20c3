"""A register's figures of a year, kept as its records change.

A year's figures count its records by unit, country, continent …: read from the records, they
read the whole year each time (at scale 100, 14,500 visits with 33,000 guests). Instead a
register keeps, for each year, one line per key of each breakdown (`YearlyCount`: records,
people and foreign people under "unit 12", "nationality 75", "continent EU" …) and what each
record adds to those lines (`CountedRecord`). When a record, or anything counted with it,
changes, `recount` works its lines out again and applies the difference, in the same
transaction, with the record's row locked: a year's figures then read a few hundred lines,
however many records the year holds.

A register (visits, conferences) declares a `Register`: its name, its model, and `lines`,
each record's lines from a queryset of the model (a record not counted has none). It calls
`register` and `follow` (which models' saves and deletes change which records' lines) from its
app's `ready()`. `QuerySet.update()` sends no per-row signal: a bulk update of a counted field
calls `recount` itself. After a bulk insert (demo data) or a migration from before the counts,
`rebuild` counts a register afresh from its records.

Only readers who may see every record read the counts (`read`); anyone else counts the rows
they may see, with the same breakdowns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.db.models import F, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save

from waishi.core import changes
from waishi.core.models import CountedRecord, YearlyCount

# (year, breakdown, key) -> (records, people, foreign)
Line = tuple[int, str, str]
Counts = tuple[int, int, int]
Lines = dict[Line, Counts]
# breakdown -> key -> [records, people, foreign]
YearCounts = dict[str, dict[str, list[int]]]

# The line that says a register was counted from its records (`rebuild`).
BUILT: Line = (0, "built", "")
# Records counted a batch at a time when rebuilding.
BATCH = 2000


@dataclass(frozen=True)
class Register:
    name: str
    model: type[models.Model]
    lines: Callable[[QuerySet[Any]], dict[int, Lines]]


REGISTERS: dict[str, Register] = {}


def register(counted: Register) -> None:
    REGISTERS[counted.name] = counted


def _add(sums: dict[Line, list[int]], lines: Lines, sign: int) -> None:
    for line, counts in lines.items():
        found = sums.setdefault(line, [0, 0, 0])
        for i, n in enumerate(counts):
            found[i] += sign * n


def _stored(lines: list[list[Any]]) -> Lines:
    return {(int(y), str(b), str(k)): (int(r), int(p), int(f)) for y, b, k, r, p, f in lines}


def _to_store(lines: Lines) -> list[list[Any]]:
    return [[*line, *counts] for line, counts in sorted(lines.items())]


def _apply(name: str, delta: dict[Line, list[int]]) -> None:
    """Add `delta` to the register's lines, in the lines' order (so that two transactions
    adding to the same lines lock them in the same order, never each waiting on the other)."""
    for (year, breakdown, key), (records, people, foreign) in sorted(delta.items()):
        if not (records or people or foreign):
            continue
        line = YearlyCount.objects.filter(register=name, year=year, breakdown=breakdown, key=key)
        values = {
            "records": F("records") + records,
            "people": F("people") + people,
            "foreign": F("foreign") + foreign,
        }
        if changes.update(line, **values):
            continue
        try:
            with transaction.atomic():
                YearlyCount.objects.create(
                    register=name,
                    year=year,
                    breakdown=breakdown,
                    key=key,
                    records=records,
                    people=people,
                    foreign=foreign,
                )
        except IntegrityError:  # another transaction created the line meanwhile
            changes.update(line, **values)


def recount(counted: Register, pks: Iterable[int | None]) -> None:
    """Count these records again: each one's lines now, less what it had added."""
    wanted = sorted({pk for pk in pks if pk is not None})
    if not wanted:
        return
    with transaction.atomic():
        # Locked in order: a concurrent recount of the same record waits, then reads the lines
        # this one stored.
        list(
            counted.model._default_manager.select_for_update()
            .filter(pk__in=wanted)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        stored = {
            record: _stored(lines)
            for record, lines in CountedRecord.objects.filter(
                register=counted.name, record__in=wanted
            ).values_list("record", "lines")
        }
        now = counted.lines(counted.model._default_manager.filter(pk__in=wanted))
        delta: dict[Line, list[int]] = {}
        changed = [pk for pk in wanted if stored.get(pk, {}) != now.get(pk, {})]
        if not changed:
            return
        for pk in changed:
            _add(delta, stored.get(pk, {}), -1)
            _add(delta, now.get(pk, {}), 1)
        CountedRecord.objects.filter(register=counted.name, record__in=changed).delete()
        CountedRecord.objects.bulk_create(
            CountedRecord(register=counted.name, record=pk, lines=_to_store(now[pk]))
            for pk in changed
            if now.get(pk)
        )
        _apply(counted.name, delta)


def rebuild(counted: Register) -> None:
    """Count the whole register afresh from its records."""
    with transaction.atomic():
        YearlyCount.objects.filter(register=counted.name).delete()
        CountedRecord.objects.filter(register=counted.name).delete()
        sums: dict[Line, list[int]] = {BUILT: [1, 0, 0]}
        pks = list(counted.model._default_manager.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), BATCH):
            batch = pks[start : start + BATCH]
            found = counted.lines(
                counted.model._default_manager.filter(pk__gte=batch[0], pk__lte=batch[-1])
            )
            CountedRecord.objects.bulk_create(
                (
                    CountedRecord(register=counted.name, record=pk, lines=_to_store(lines))
                    for pk, lines in found.items()
                    if lines
                ),
                batch_size=1000,
            )
            for lines in found.values():
                _add(sums, lines, 1)
        YearlyCount.objects.bulk_create(
            (
                YearlyCount(
                    register=counted.name,
                    year=year,
                    breakdown=breakdown,
                    key=key,
                    records=records,
                    people=people,
                    foreign=foreign,
                )
                for (year, breakdown, key), (records, people, foreign) in sums.items()
            ),
            batch_size=1000,
        )
    changes.changed(YearlyCount, CountedRecord)


def rebuild_all() -> None:
    for counted in REGISTERS.values():
        rebuild(counted)


def built_where_missing(**_signal: Any) -> None:
    """After `migrate`: count a register never counted before (a database from before the
    counts, or a new one)."""
    year, breakdown, key = BUILT
    tables = set(connection.introspection.table_names())
    for counted in REGISTERS.values():
        if counted.model._meta.db_table not in tables:  # its app not migrated yet
            continue
        built = YearlyCount.objects.filter(
            register=counted.name, year=year, breakdown=breakdown, key=key
        )
        if not built.exists():
            rebuild(counted)


def read(counted: Register, year: int) -> YearCounts:
    """A year's lines: breakdown -> key -> [records, people, foreign]."""
    found: YearCounts = {}
    lines = YearlyCount.objects.filter(register=counted.name, year=year, records__gt=0)
    for breakdown, key, *counts in lines.values_list(
        "breakdown", "key", "records", "people", "foreign"
    ):
        found.setdefault(breakdown, {})[key] = counts
    return found


def follow(
    counted: Register, model: type[models.Model], records_of: Callable[[Any], Iterable[int | None]]
) -> None:
    """Recount the records `records_of(instance)` whenever an instance of `model` is saved or
    deleted (`records_of` gives the record's own pk for the register's model)."""

    def changed(instance: Any, **_signal: Any) -> None:
        recount(counted, records_of(instance))

    uid = f"waishi-tally-{counted.name}-{model._meta.label}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-save")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"{uid}-delete")


def follow_related(
    counted: Register,
    through: type[models.Model],
    records_of: Callable[[Any, set[int] | None], Iterable[int]],
) -> None:
    """Recount `records_of(instance, pk_set)` when a many-to-many relation changes (`through`
    is the relation's table; the instance is either side, `pk_set` the other side's rows)."""

    def changed(instance: Any, action: str, pk_set: set[int] | None, **_signal: Any) -> None:
        if action.startswith("post_"):
            recount(counted, records_of(instance, pk_set))

    m2m_changed.connect(
        changed, sender=through, weak=False, dispatch_uid=f"waishi-tally-{counted.name}-m2m"
    )
