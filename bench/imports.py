"""Large Excel imports: the partner register's 10,000-row file and a 600,000-row one (~14 MB).

    .venv/bin/python bench/imports.py

It writes both files, migrates a throwaway database (SQLite in a temporary folder, or
BENCH_IMPORT_DATABASE_URL, e.g. a PostgreSQL database of your own that it may fill), then, for
each file, in a process of its own (the background worker's work, as `manage.py db_worker` runs
it): the preview job, then, when the preview has no problem, the import job. It prints each
file's preview time, import time and the peak memory (RSS) of that process, and the outcome
(what was written, or the problem that refused the file). Settings (environment):
BENCH_IMPORT_ROWS ("10000,600000"), BENCH_IMPORT_DATABASE_URL.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COUNTRIES = ("GB", "US", "DE", "FR", "JP", "KR", "AU", "CA", "IT", "ES", "RU", "TH")


def write_file(path: Path, rows: int) -> None:
    """A partner file of `rows` new partners in the register's own layout."""
    from openpyxl import Workbook

    from waishi.core.excel import append_header
    from waishi.partners.excel import INSTITUTIONS

    book = Workbook(write_only=True)
    sheet = book.create_sheet(INSTITUTIONS.title)
    append_header(sheet, [c.header for c in INSTITUTIONS.imported])
    keys = [c.key for c in INSTITUTIONS.imported]
    for n in range(1, rows + 1):
        values = {
            "name_en": f"Bench University {n:06d}",
            "name_zh": f"测试大学{n:06d}",
            "other_names": f"BU{n:06d}",
            "country_code": COUNTRIES[n % len(COUNTRIES)],
            "city": f"City {n % 300}",
            "website": f"https://www.u{n:06d}.example.edu/",
            "kind": "university",
            "status": "active",
        }
        sheet.append([values.get(key) for key in keys])
    book.save(path)


def peak_rss_mb() -> float:
    text = Path("/proc/self/status").read_text()
    match = re.search(r"^VmHWM:\s+(\d+) kB", text, re.MULTILINE)
    return round(int(match.group(1)) / 1024, 1) if match else 0.0


def child(path: str) -> None:
    """In a process of its own: the preview, then the import, of one file."""
    import django

    django.setup()
    from django.utils import translation

    from waishi.core.enums import Role
    from waishi.core.models import User
    from waishi.core.services import user_create
    from waishi.partners import excel

    translation.activate("en")
    user = User.objects.filter(username="bench-officer").first() or user_create(
        username="bench-officer", roles=[Role.STAFF, Role.OFFICE_STAFF]
    )
    result: dict[str, Any] = {}
    started = time.perf_counter()
    with open(path, "rb") as handle:
        plan = excel.import_plan(handle, user)
    result["preview_seconds"] = round(time.perf_counter() - started, 1)
    if plan.problems:
        result["outcome"] = f"refused: {plan.problems[0].message}"
    else:
        started = time.perf_counter()
        with open(path, "rb") as handle:
            plan = excel.import_plan(handle, user)
        institutions, _contacts = excel.import_apply(plan, by=user)
        result["import_seconds"] = round(time.perf_counter() - started, 1)
        result["outcome"] = f"{institutions} partners written"
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))


def main() -> None:
    rows = [int(n) for n in os.environ.get("BENCH_IMPORT_ROWS", "10000,600000").split(",")]
    workdir = Path(tempfile.mkdtemp(prefix="waishi-bench-imports-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "waishi.settings",
        "DATABASE_URL": os.environ.get(
            "BENCH_IMPORT_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"
        ),
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + secrets.token_urlsafe(40),
        "HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "WAISHI_VAR_DIR": str(workdir),
        "MEDIA_ROOT": str(workdir / "media"),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    try:
        os.environ.update(env)
        import django

        django.setup()
        header = f"{'rows':>8} {'MB':>6} {'preview s':>10} {'import s':>9} {'peak RSS MB':>12}"
        print(f"{header}  outcome")
        files = []
        for count in rows:
            path = workdir / f"partners-{count}.xlsx"
            write_file(path, count)
            files.append((count, path))
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
        for count, path in files:
            done = subprocess.run(
                [sys.executable, __file__, "--child", str(path)],
                env=env,
                cwd=ROOT,
                check=True,
                capture_output=True,
                text=True,
            )
            result = json.loads(done.stdout.strip().splitlines()[-1])
            size = path.stat().st_size / 1024 / 1024
            print(
                f"{count:>8} {size:>6.1f} {result['preview_seconds']:>10} "
                f"{result.get('import_seconds', '—'):>9} {result['peak_rss_mb']:>12}  "
                f"{result['outcome']}"
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2])
    else:
        main()
