"""Large Excel imports: the partner register's 10,000-row file and a 600,000-row one (~14 MB).

    .venv/bin/python bench/imports.py

It writes both files, migrates a throwaway database (SQLite in a temporary folder, or
BENCH_IMPORT_DATABASE_URL, e.g. a PostgreSQL database of your own that it may fill), then, for
each file, in a process of its own that runs the background worker's code (`manage.py db_worker
--batch`): the preview job, then, when the preview has no problem, the import job. It prints each
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
    """A partner file of `rows` new partners in the register's own layout (past 20,000 rows,
    the names, country and city only: 600,000 rows make ~14 MB, as in issue 14)."""
    from openpyxl import Workbook

    from waishi.core.excel import append_header
    from waishi.partners.excel import INSTITUTIONS

    book = Workbook(write_only=True)
    sheet = book.create_sheet(INSTITUTIONS.title)
    append_header(sheet, [c.header for c in INSTITUTIONS.imported])
    keys = [c.key for c in INSTITUTIONS.imported]
    full = rows <= 20000
    for n in range(1, rows + 1):
        values = {
            "name_en": f"Bench University {n:06d}",
            "name_zh": f"测试大学{n:06d}",
            "country_code": COUNTRIES[n % len(COUNTRIES)],
            "city": f"City {n % 300}",
        }
        if full:
            values |= {
                "other_names": f"BU{n:06d}",
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
    """In a process of its own, as the worker (`manage.py db_worker`) runs them: the preview
    job of one file, then, when it has no problem, the import job."""
    import django

    django.setup()
    from django.core.files import File
    from django.core.files.storage import default_storage
    from django.core.management import call_command
    from django.urls import reverse
    from django.utils import translation

    from waishi.core import imports, jobs
    from waishi.core.enums import Role
    from waishi.core.models import Job, User
    from waishi.core.services import user_create
    from waishi.partners.models import Institution

    translation.activate("en")
    user = User.objects.filter(username="bench-officer").first() or user_create(
        username="bench-officer", roles=[Role.STAFF, Role.OFFICE_STAFF]
    )
    token = secrets.token_hex(16)
    with open(path, "rb") as handle:
        stored = default_storage.save(f"imports/partners/{token}.xlsx", File(handle))

    def run(kind: str) -> tuple[float, Job]:
        job = jobs.job_start(
            imports.run_import,
            kind=kind,
            owner=user,
            subject=stored,
            params={
                "view": "waishi.partners.views.ImportPreviewView",
                "kwargs": {"token": token},
                "url": reverse("partners:import.preview", kwargs={"token": token}),
                "path": stored,
            },
        )
        started = time.perf_counter()
        call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
        job.refresh_from_db()
        return round(time.perf_counter() - started, 1), job

    result: dict[str, Any] = {}
    result["preview_seconds"], job = run(imports.PREVIEW)
    plan = imports._kept_plan(stored)
    if job.state != "done":
        result["outcome"] = f"job {job.state}: {job.message}"
    elif plan.problems:
        result["outcome"] = f"refused: {plan.problems[0].message}"
    else:
        before = Institution.objects.count()
        result["import_seconds"], job = run(imports.CONFIRM)
        written = Institution.objects.count() - before
        result["outcome"] = f"{job.state}: {written} partners written"
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
        subprocess.run(
            [*manage, "migrate", "--noinput", "-v0", "--skip-checks"], env=env, cwd=ROOT, check=True
        )
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
