"""Realistic, reproducible demo data at any scale, for demonstrations and benchmarks.

Each app brings its share in `waishi/<app>/demo.py`; `manage.py generate_demo_data` runs them
in the layer order (the order of INSTALLED_APPS), in one transaction. A share is a module with

- `generate(run: DemoRun) -> Iterator[tuple[str, int]]`: makes its rows through the run's
  helpers and yields (what, how many) as it goes; it hands what later apps need to the run
  (`run.keep("institutions", rows)`) and takes what earlier apps made (`run.made(...)`);
- `REGISTERS` (optional): the (label, model) pairs whose rows carry `DEMO_NOTE` in `notes`,
  which tell demo rows from the office's own.

Scale 1 is about what the office holds today; scale 100 a hundred times that, in bulk
inserts. The same seed always gives the same data, and each app draws from its own random
stream, so one app's share does not change when another's does. A missing table or field is
an error, never skipped: core only finds the modules by name and imports none of the apps.
"""

from __future__ import annotations

import datetime
import importlib
import random
import secrets
import time
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import TypeVar, cast

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.module_loading import module_has_submodule
from simple_history.utils import bulk_create_with_history

from waishi.core import changes, clock, tallies
from waishi.core.models import User

DEFAULT_SEED = 20260601
BATCH = 1000
# Every row the generator makes carries this mark (notes) or prefix (user names), so that the
# refusal check can tell demo data from the office's real data.
DEMO_NOTE = "Demo data (manage.py generate_demo_data)"
DEMO_USER_PREFIX = "demo-"
YEARS = 10

M = TypeVar("M", bound=models.Model)
K = TypeVar("K")
Made = Iterator[tuple[str, int]]
Cell = int | str | None  # a value ready for the database, for fast_insert


class DemoDataError(Exception):
    """The demo data cannot be made: a table or field is missing, or a share is malformed."""


class RealDataError(DemoDataError):
    """The database holds data not made by the generator."""


@dataclass
class Report:
    """What was made: rows per kind and seconds per app."""

    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    password: str | None = None  # the demo users' password, when one was set
    users: list[str] = field(default_factory=list)  # the demo users given that password


def scaled(per_scale: int, scale: float) -> int:
    """`per_scale` rows at scale 1, at least one row."""
    return max(1, round(per_scale * scale))


def aware(day: datetime.date) -> datetime.datetime:
    """A history date on `day` (half past nine, UTC)."""
    return datetime.datetime.combine(day, datetime.time(9, 30), tzinfo=datetime.UTC)


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def slug(text: str) -> str:
    """Plain lower-case letters and digits of `text`, for made-up e-mail and web addresses."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())[:40] or "x"


class DemoRun:
    """One run of the generator: the scale, the dates, a random stream per app, and what the
    apps made so far. Each share makes its rows through these helpers."""

    def __init__(
        self, scale: float, seed: int, *, history: bool = True, say: Callable[[str], None]
    ) -> None:
        self.scale = scale
        self.seed = seed
        self.history = history
        self.say = say
        self.today = clock.today()
        self.start = self.today - datetime.timedelta(days=365 * YEARS)
        self.report = Report()
        self.rng = random.Random(seed)  # noqa: S311 (reproducible on purpose, not secret)
        self._made: dict[str, list[models.Model]] = {}

    def begin(self, app_label: str) -> None:
        """Give the app its own random stream, drawn from the seed and its name only."""
        self.rng = random.Random(f"{self.seed}:{app_label}")  # noqa: S311 (as above)

    def scaled(self, per_scale: int) -> int:
        return scaled(per_scale, self.scale)

    def keep(self, name: str, rows: Sequence[models.Model]) -> None:
        """Hand rows this app made to the apps after it."""
        self._made[name] = list(rows)

    def made(self, name: str, model: type[M]) -> list[M]:
        """Rows an earlier app kept under `name`; an error when it made none (a share that
        depends on another must run after it)."""
        if name not in self._made:
            raise DemoDataError(f"no {name!r} made before this share of the demo data")
        rows = self._made[name]
        wrong = [row for row in rows if not isinstance(row, model)]
        if wrong:
            raise DemoDataError(f"{name!r} holds {type(wrong[0]).__name__}, not {model.__name__}")
        return cast(list[M], rows)  # checked just above

    def bulk(self, model: type[M], objs: Sequence[M], *, history: bool = True) -> list[M]:
        """Insert in batches, each row with its "created" history row when the model keeps
        one (unless history is off: history rows take about half the time of a large run)."""
        if not objs:
            return []
        if self.history and history and hasattr(model, "history"):
            made: list[M] = bulk_create_with_history(list(objs), model, batch_size=BATCH)
            return made
        return model._default_manager.bulk_create(list(objs), batch_size=BATCH)

    def fast_insert(
        self, model: type[models.Model], columns: Sequence[str], rows: Sequence[tuple[Cell, ...]]
    ) -> int:
        """INSERT rows (values in `columns` order, ready for the database) in batches: five
        times faster than bulk_create for the largest tables. A column the model does not
        have is an error.

        One statement per batch of rows, not one per row: a counted table's statement
        trigger (`core.row_counts`) then updates its count once a batch, where a statement
        per row would update the same count row hundreds of thousands of times in the one
        transaction, each update slower than the last."""
        known = {f.column for f in model._meta.concrete_fields}
        missing = [c for c in columns if c not in known]
        if missing:
            raise DemoDataError(f"{model._meta.label} has no column {', '.join(missing)}")
        quote = connection.ops.quote_name
        head = "INSERT INTO {} ({}) VALUES ".format(  # noqa: S608 (names from the model)
            quote(model._meta.db_table), ", ".join(quote(c) for c in columns)
        )
        row_sql = "({})".format(", ".join(["%s"] * len(columns)))
        limit = connection.features.max_query_params or 65535
        batch = max(1, min(1000, limit // len(columns)))
        with connection.cursor() as cursor:
            for start in range(0, len(rows), batch):
                chunk = rows[start : start + batch]
                cursor.execute(
                    head + ", ".join([row_sql] * len(chunk)),
                    [value for row in chunk for value in row],
                )
        return len(rows)

    def day(
        self, start: datetime.date | None = None, end: datetime.date | None = None
    ) -> datetime.date:
        """A day from `start` (ten years ago) to `end` (today)."""
        start = start or self.start
        end = end or self.today
        return start + datetime.timedelta(days=self.rng.randrange(max(1, (end - start).days)))

    def weighted(self, weights: Mapping[K, float]) -> K:
        keys = list(weights)
        return self.rng.choices(keys, weights=[weights[k] for k in keys])[0]


@dataclass(frozen=True)
class Share:
    """One app's share of the demo data."""

    app_label: str
    module: ModuleType

    @property
    def registers(self) -> list[tuple[str, type[models.Model]]]:
        return list(getattr(self.module, "REGISTERS", []))

    def generate(self, run: DemoRun) -> Made:
        made: Made = self.module.generate(run)
        return made


def shares() -> list[Share]:
    """Every installed app's `demo` module, in the layer order (INSTALLED_APPS)."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("waishi.") or not module_has_submodule(config.module, "demo"):
            continue
        module = importlib.import_module(f"{config.name}.demo")
        if not callable(getattr(module, "generate", None)):
            raise DemoDataError(f"{config.name}.demo has no generate(run)")
        found.append(Share(config.label, module))
    return found


def tables_missing(found: Sequence[Share]) -> list[str]:
    """The tables of the sharing apps that the database lacks (migrations not applied)."""
    present = set(connection.introspection.table_names())
    return sorted(
        model._meta.db_table
        for share in found
        for model in apps.get_app_config(share.app_label).get_models()
        if model._meta.managed and model._meta.db_table not in present
    )


def _made_by_someone(model: type[models.Model]) -> models.QuerySet[models.Model]:
    """Rows of a register that are not demo data and that a person made or changed in the
    app (their history names a user). The starting data that `make run` loads and rows a
    command wrote alone are not the office's records."""
    rows = model._default_manager.exclude(notes=DEMO_NOTE)
    history = getattr(model, "history", None)
    if history is None:
        return rows
    pk = model._meta.pk
    assert pk is not None  # every model has one
    touched = history.filter(history_user__isnull=False).values(pk.attname)
    return rows.filter(pk__in=touched)


def real_data_found(found: Sequence[Share] | None = None) -> list[str]:
    """What in the database is the office's own (empty when it is safe to fill): rows of the
    registers that someone entered, and accounts other than the demo users and the
    administrators (`make run` makes one)."""
    labels = [
        label
        for share in (shares() if found is None else found)
        for label, model in share.registers
        if _made_by_someone(model).exists()
    ]
    users = User.objects.exclude(username__startswith=DEMO_USER_PREFIX).exclude(is_superuser=True)
    if users.exists():
        labels.append("user accounts")
    return labels


def demo_data_present(found: Sequence[Share] | None = None) -> bool:
    if User.objects.filter(username__startswith=DEMO_USER_PREFIX).exists():
        return True
    return any(
        model._default_manager.filter(notes=DEMO_NOTE).exists()
        for share in (shares() if found is None else found)
        for _label, model in share.registers
    )


def demo_users_set_password(password: str) -> list[str]:
    """Give every demo user `password` (hashed once: at scale 100 there are thirty of them);
    returns their user names."""
    users = User.objects.filter(username__startswith=DEMO_USER_PREFIX).order_by("pk")
    names = list(users.values_list("username", flat=True))
    changes.update(users, password=make_password(password))
    return names


def demo_data_generate(
    scale: float,
    *,
    seed: int = DEFAULT_SEED,
    force: bool = False,
    history: bool = True,
    password: str | None = None,
    say: Callable[[str], None] = lambda line: None,
) -> Report:
    """Fill the database with demo data at `scale` (1 = the office today), the same for the
    same seed. Refuses (RealDataError) when the database holds records someone entered, or
    demo data already, unless `force`; with `force` it adds alongside and skips names that
    exist. Without `history` no "created" history rows are written (faster). With
    `password` ("" for a new random one) the demo users can log in with it (Report.password);
    otherwise their passwords are unusable. Raises DemoDataError when a table or field is
    missing. One transaction: all or nothing. Sends no notifications."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    found = shares()
    missing = tables_missing(found)
    if missing:
        raise DemoDataError(
            "The database lacks the tables " + ", ".join(missing) + "; run manage.py migrate."
        )
    if not force:
        real = real_data_found(found)
        if real:
            raise RealDataError(
                "The database holds real data (" + ", ".join(real) + "); "
                "demo data goes into an empty database. Use --force to add it anyway."
            )
        if demo_data_present(found):
            raise RealDataError(
                "The database holds demo data already; start from an empty database "
                "or use --force to add more."
            )
    started = timezone.now()
    run = DemoRun(scale, seed, history=history, say=say)
    with transaction.atomic():
        for share in found:
            _run_share(run, share)
        if password is not None:
            run.report.password = password or secrets.token_urlsafe(12)
            run.report.users = demo_users_set_password(run.report.password)
        tallies.rebuild_all()  # the figures of records inserted in bulk
    changes.everything_changed()  # bulk inserts tell nobody
    if connection.vendor == "sqlite":
        # SQLite keeps no statistics unless asked: without them its planner sorts a whole
        # register for a page where an index gives the order (PostgreSQL's autovacuum
        # gathers its own).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    say(f"done in {(timezone.now() - started).total_seconds():.1f} s")
    return run.report


def _run_share(run: DemoRun, share: Share) -> None:
    run.begin(share.app_label)
    started = time.perf_counter()
    made: dict[str, int] = {}
    for label, count in share.generate(run):
        made[label] = made.get(label, 0) + count
        run.report.counts[label] = run.report.counts.get(label, 0) + count
    took = time.perf_counter() - started
    run.report.seconds[share.app_label] = round(took, 2)
    done = ", ".join(f"{k} {v}" for k, v in made.items())
    run.say(f"{share.app_label}: {done or 'nothing'} ({took:.1f} s)")
