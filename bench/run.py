"""`make bench`: Waishi's pages and API under load, against the framework's floor.

For each database (SQLite, the local PostgreSQL) and each scale (1 and 100) it migrates a fresh
database, fills it with `generate_demo_data`, starts the app under gunicorn (2 workers, DEBUG
off, on a free port of 127.0.0.1), logs in an office user, warms up, then sends a fixed number
of requests per endpoint from a small threaded client. It prints requests/s, p50 and p95
latency, each page's ratio to /healthz (the floor, measured in the same run), the SQL queries
of one request rendered afresh and of one served from the cached fragments ("12/3", counted
in-process by bench/probe.py against the same database), the in-process time of a request
rendered afresh ("afresh", ms: the first view after a change), and the peak memory of a worker
during the Excel export; the same goes to bench/results/*.json. The workers share the local
Redis as deployed (keys under a prefix of the run's own, deleted afterwards).

Settings (environment): BENCH_DATABASES (default "sqlite,postgres"), BENCH_SCALES ("1,100"),
BENCH_REQUESTS (requests per endpoint, 200), BENCH_CONCURRENCY (2), BENCH_WARMUP (10),
BENCH_EXPORTS (export requests, 3), BENCH_POSTGRES_URL (postgres://postgres@127.0.0.1:5432/
postgres: a server where a throwaway database `waishi_bench_<pid>` is created and dropped),
BENCH_REDIS_URL (redis://127.0.0.1:6379/0; empty: each worker keeps its own cache).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"
HOST = "127.0.0.1"


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


DATABASES = [d.strip() for d in os.environ.get("BENCH_DATABASES", "sqlite,postgres").split(",")]
SCALES = [float(s) for s in os.environ.get("BENCH_SCALES", "1,100").split(",")]
REQUESTS = _env_int("BENCH_REQUESTS", 200)
CONCURRENCY = _env_int("BENCH_CONCURRENCY", 2)
WARMUP = _env_int("BENCH_WARMUP", 10)
EXPORTS = _env_int("BENCH_EXPORTS", 3)
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
# The shared cache of the app under test (BENCH_REDIS_URL="" runs without one); the run's keys
# carry a prefix of their own and are deleted afterwards.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
# Targets of issue 6 at scale 100: export seconds and worker megabytes.
EXPORT_SECONDS = 3.0
EXPORT_MB = 200


def say(line: str) -> None:
    print(line, flush=True)


# Databases ----------------------------------------------------------------------------------


class Database:
    """A fresh database for one run; dropped afterwards."""

    def __init__(self, kind: str, workdir: Path) -> None:
        self.kind = kind
        self.workdir = workdir
        self.pg_name = f"waishi_bench_{os.getpid()}"

    def __enter__(self) -> str:
        if self.kind == "sqlite":
            return f"sqlite:///{self.workdir / 'bench.sqlite3'}"
        if self.kind != "postgres":
            raise SystemExit(f"unknown database kind {self.kind!r}")
        self._admin(f'DROP DATABASE IF EXISTS "{self.pg_name}"')
        self._admin(f'CREATE DATABASE "{self.pg_name}"')
        parts = urlsplit(POSTGRES_URL)
        return parts._replace(path=f"/{self.pg_name}").geturl()

    def __exit__(self, *exc: object) -> None:
        if self.kind == "postgres":
            self._admin(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(POSTGRES_URL.replace("postgres://", "postgresql://", 1)) as conn:
            conn.autocommit = True
            conn.execute(sql)  # the name is ours (a pid), not user input


def redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping())
    except redis.RedisError:
        return False


def forget_redis_keys(prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    for start in range(0, len(keys), 1000):
        client.delete(*keys[start : start + 1000])


# The app ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def manage(env: dict[str, str], *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        text=True,
        capture_output=capture,
    )
    return result.stdout if capture else ""


class Gunicorn:
    """The app under gunicorn with 2 sync workers; stopped (by its own pid) on exit."""

    def __init__(self, env: dict[str, str], workdir: Path) -> None:
        self.env = env
        self.port = free_port()
        self.log = workdir / "gunicorn.log"

    def __enter__(self) -> Gunicorn:
        self.proc = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "waishi.wsgi",
                "--workers=2",
                f"--bind={HOST}:{self.port}",
                "--timeout=120",
                f"--error-logfile={self.log}",
            ],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn stopped; see {self.log}")
            try:
                status, _, _ = request(self.port, "/healthz")
                if status == 200 and len(self.workers()) == 2:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def __exit__(self, *exc: object) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []


def proc_kb(pid: int, field: str) -> int:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) if match else 0


# The load client ----------------------------------------------------------------------------


def request(
    port: int,
    path: str,
    *,
    cookie: str = "",
    method: str = "GET",
    body: str | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """One request on a fresh connection (gunicorn's sync workers close after each answer)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        sent = {"Host": f"{HOST}:{port}", **(headers or {})}
        if cookie:
            sent["Cookie"] = cookie
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        data = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data
    finally:
        conn.close()


def login(port: int, username: str, password: str) -> str:
    """Log in through the login form; returns the Cookie header of the session."""
    status, headers, body = request(port, "/login/")
    csrf_cookie = re.search(r"csrftoken=([^;]+)", headers.get("set-cookie", ""))
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not csrf_cookie or not token:
        raise RuntimeError(f"login page answered {status} without a CSRF token")
    from urllib.parse import urlencode

    form = urlencode(
        {
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": token.group(1).decode(),
        }
    )
    status, headers, _ = request(
        port,
        "/login/",
        method="POST",
        body=form,
        cookie=f"csrftoken={csrf_cookie.group(1)}",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://{HOST}:{port}/login/",
        },
    )
    session = re.search(r"sessionid=([^;]+)", headers.get("set-cookie", ""))
    if status != 302 or not session:
        raise RuntimeError(f"login failed with {status}")
    return f"sessionid={session.group(1)}; csrftoken={csrf_cookie.group(1)}"


def load(port: int, path: str, cookie: str, count: int, concurrency: int) -> dict[str, Any]:
    """`count` requests over `concurrency` threads; latencies in milliseconds."""
    latencies: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()
    left = [count]

    def worker() -> None:
        while True:
            with lock:
                if left[0] <= 0:
                    return
                left[0] -= 1
            started = time.perf_counter()
            status, _, _ = request(port, path, cookie=cookie)
            took = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(took)
                if status != 200:
                    errors.append(status)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": count,
        "errors": len(errors),
        "rps": round(count / wall, 1),
        "p50_ms": round(statistics.median(latencies), 2),
        "p95_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))], 2),
    }


def export_run(server: Gunicorn, path: str, cookie: str) -> dict[str, Any]:
    """Sequential exports while a thread samples the workers' memory."""
    workers = server.workers()
    before = max(proc_kb(pid, "VmRSS") for pid in workers)
    peak = [before]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max([peak[0], *(proc_kb(pid, "VmRSS") for pid in workers)])
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    times = []
    size = 0
    try:
        for _ in range(EXPORTS):
            started = time.perf_counter()
            status, _, body = request(server.port, path, cookie=cookie)
            times.append(time.perf_counter() - started)
            size = len(body)
            if status != 200:
                return {"status": status}
    finally:
        done.set()
        sampler.join()
    hwm = max(proc_kb(pid, "VmHWM") for pid in workers)
    return {
        "status": 200,
        "seconds_median": round(statistics.median(times), 3),
        "seconds_max": round(max(times), 3),
        "bytes": size,
        "rss_before_mb": round(before / 1024, 1),
        "rss_peak_mb": round(max(peak[0], hwm) / 1024, 1),
    }


# One run ------------------------------------------------------------------------------------


def run_one(kind: str, scale: float, static_root: Path) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="waishi-bench-"))
    result: dict[str, Any] = {"database": kind, "scale": scale}
    try:
        with Database(kind, workdir) as url:
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "waishi.settings",
                "DATABASE_URL": url,
                "DEBUG": "0",
                "SECRET_KEY": secrets.token_urlsafe(40),
                "HTTPS": "0",
                "SECURE_SSL_REDIRECT": "0",
                "ALLOWED_HOSTS": f"{HOST},localhost,testserver",
                "WAISHI_VAR_DIR": str(workdir),
                "STATIC_ROOT": str(static_root),
                "MEDIA_ROOT": str(workdir / "media"),
                "LOG_LEVEL": "WARNING",
                # The login form's lockout must not trip on the benchmark's own logins.
                "LOGIN_FAILURE_LIMIT": "1000",
            }
            prefix = f"waishi-bench-{os.getpid()}-{kind}-{scale:g}"
            if REDIS_URL:
                # As deployed: the workers share the cache (cleared on change) and sessions.
                env["REDIS_URL"] = REDIS_URL
                env["CACHE_KEY_PREFIX"] = prefix
                result["cache"] = "redis"
            else:
                env.pop("REDIS_URL", None)
                result["cache"] = "memory of each worker"
            say(f"\n== {kind}, scale {scale:g}: migrate, generate")
            manage(env, "migrate", "--noinput", "-v0")
            started = time.perf_counter()
            out = manage(env, "generate_demo_data", "--scale", f"{scale:g}", capture=True)
            result["generate_seconds"] = round(time.perf_counter() - started, 1)
            result["generated"] = out.strip().splitlines()[-1]
            say(f"   data loaded in {result['generate_seconds']} s: {result['generated']}")
            if not (static_root / "staticfiles.json").exists():
                # Once per benchmark: compressing every asset takes about a minute.
                manage(env, "collectstatic", "--noinput", "-v0")
            probed = subprocess.run(
                [sys.executable, str(ROOT / "bench" / "probe.py")],
                env=env, cwd=ROOT, text=True, capture_output=True,
            )  # fmt: skip
            if probed.returncode:
                raise RuntimeError(f"bench/probe.py failed:\n{probed.stderr[-3000:]}")
            probe = json.loads(probed.stdout.strip().splitlines()[-1])
            result["institutions"] = probe["institutions"]
            with Gunicorn(env, workdir) as server:
                cookie = login(server.port, probe["username"], probe["password"])
                result["endpoints"] = []
                for item in probe["endpoints"]:
                    keys = (
                        "name",
                        "path",
                        "limit",
                        "queries",
                        "queries_cold",
                        "afresh_ms",
                        "bytes",
                    )
                    entry = {k: item.get(k) for k in keys}
                    result["endpoints"].append(entry)
                    if item["status"] == 404 or not item["path"]:
                        entry["missing"] = True
                        say(f"   {item['name']}: missing")
                        continue
                    if item["status"] != 200:
                        entry["status"] = item["status"]
                        say(f"   {item['name']}: answers {item['status']} in-process, skipped")
                        continue
                    entry["status"] = 200
                    sent_cookie = cookie if item["staff"] else ""
                    if item.get("export"):
                        request(server.port, item["path"], cookie=sent_cookie)  # warm
                        entry.update(export_run(server, item["path"], sent_cookie))
                    else:
                        load(server.port, item["path"], sent_cookie, WARMUP, 1)
                        entry.update(
                            load(server.port, item["path"], sent_cookie, REQUESTS, CONCURRENCY)
                        )
                    say(f"   {item['name']}: done")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if REDIS_URL:
            forget_redis_keys(prefix)
    floor = next((e for e in result.get("endpoints", []) if e["name"] == "healthz"), None)
    for entry in result.get("endpoints", []):
        if floor and floor.get("p50_ms") and entry.get("p50_ms"):
            entry["ratio"] = round(entry["p50_ms"] / floor["p50_ms"], 2)
    return result


# Report -------------------------------------------------------------------------------------


def verdict(entry: dict[str, Any], scale: float) -> str:
    if entry.get("missing"):
        return "missing"
    if entry.get("status") != 200:
        return f"HTTP {entry.get('status')}"
    if scale < 100:
        return ""
    if "seconds_median" in entry:
        ok = entry["seconds_max"] < EXPORT_SECONDS and entry["rss_peak_mb"] < EXPORT_MB
        return "ok" if ok else "MISS"
    if entry.get("limit"):
        return "ok" if entry.get("ratio", 99) <= entry["limit"] else "MISS"
    return ""


def _queries(entry: dict[str, Any]) -> str:
    """Queries of a request rendered afresh / served from the cache ("12/3")."""
    cold, warm = entry.get("queries_cold"), entry.get("queries")
    return f"{cold}/{warm}" if cold is not None and cold != warm else str(warm)


def table(results: list[dict[str, Any]]) -> str:
    lines = []
    head = (
        f"{'endpoint':<16}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'x floor':>9}"
        f"{'target':>8}{'queries':>10}{'afresh':>9}  {'result'}"
    )
    for result in results:
        lines.append(
            f"\n{result['database']}, scale {result['scale']:g}: {result.get('institutions')} "
            f"partners, data loaded in {result.get('generate_seconds')} s"
        )
        lines.append(head)
        for e in result.get("endpoints", []):
            if "seconds_median" in e:
                lines.append(
                    f"{e['name']:<16}{'':>9}{e['seconds_median'] * 1000:>9.0f}"
                    f"{e['seconds_max'] * 1000:>9.0f}{'':>9}{'<3 s':>8}{_queries(e):>10}{'':>9}  "
                    f"{verdict(e, result['scale'])} peak worker RSS {e['rss_peak_mb']} MB "
                    f"(before {e['rss_before_mb']} MB), {e['bytes'] // 1024} KB"
                )
            elif "p50_ms" in e:
                target = f"{e['limit']}x" if e.get("limit") else "floor"
                lines.append(
                    f"{e['name']:<16}{e['rps']:>9.1f}{e['p50_ms']:>9.1f}{e['p95_ms']:>9.1f}"
                    f"{e.get('ratio', 0):>9.2f}{target:>8}{_queries(e):>10}"
                    f"{e.get('afresh_ms') or 0:>9.1f}  "
                    f"{verdict(e, result['scale'])}"
                    + (f" ({e['errors']} errors)" if e["errors"] else "")
                )
            else:
                lines.append(f"{e['name']:<16}{'':>72}  {verdict(e, result['scale'])}")
    # Queries per request must not grow with the data.
    by_db: dict[str, dict[float, dict[str, Any]]] = {}
    for result in results:
        by_db.setdefault(result["database"], {})[result["scale"]] = {
            e["name"]: _queries(e) for e in result.get("endpoints", []) if e.get("queries")
        }
    for db, scales in by_db.items():
        if len(scales) < 2:
            continue
        small, large = scales[min(scales)], scales[max(scales)]
        grew = [f"{n} {small[n]}->{large[n]}" for n in small if large.get(n) != small[n]]
        lines.append(
            f"\n{db}: queries per request at scale {min(scales):g} and {max(scales):g}: "
            + ("the same for every endpoint" if not grew else "DIFFER: " + ", ".join(grew))
        )
    return "\n".join(lines)


def main() -> None:
    global REDIS_URL
    started = time.perf_counter()
    if REDIS_URL and not redis_answers():
        say(f"Redis does not answer at {REDIS_URL}: each worker keeps its own cache")
        REDIS_URL = ""
    say(
        f"Waishi benchmark: databases {DATABASES}, scales {SCALES}, {REQUESTS} requests per "
        f"endpoint after {WARMUP} warm-up, {CONCURRENCY} concurrent, gunicorn 2 workers"
    )
    static_root = Path(tempfile.mkdtemp(prefix="waishi-bench-static-"))
    try:
        results = [run_one(kind, scale, static_root) for kind in DATABASES for scale in SCALES]
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    say(table(results))
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    document = {
        "started": stamp,
        "seconds": round(time.perf_counter() - started, 1),
        "settings": {
            "requests": REQUESTS,
            "concurrency": CONCURRENCY,
            "warmup": WARMUP,
            "exports": EXPORTS,
            "cpus": os.cpu_count(),
            "cache": "redis" if REDIS_URL else "memory of each worker",
        },
        "results": results,
    }
    for name in (f"bench-{stamp}.json", "latest.json"):
        (RESULTS / name).write_text(json.dumps(document, indent=2, ensure_ascii=False))
    say(f"\nWritten to bench/results/bench-{stamp}.json in {document['seconds']} s")


if __name__ == "__main__":
    main()
