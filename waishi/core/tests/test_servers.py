"""The site as deployed: gunicorn with two workers, DEBUG off, and a Redis of the test's own
(started on a free port, stopped by its pid). Users and roles are read on every request, so a
change made in one process is obeyed by every worker at once; public pages cached in Redis
follow a change made in another process; and with Redis stopped, pages still answer."""

from __future__ import annotations

import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
HOST = "127.0.0.1"
GUNICORN = Path(sys.executable).parent / "gunicorn"
REDIS_SERVER = shutil.which("redis-server")
ASKED = 8  # requests after a change: with two workers, both answer some of them

pytestmark = pytest.mark.skipif(
    not (GUNICORN.exists() and REDIS_SERVER), reason="needs gunicorn and redis-server"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _wait(port: int, process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} stopped")
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not start within 60 s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Site:
    port: int
    env: dict[str, str]
    redis: subprocess.Popen[bytes]
    log: Path
    sessions: dict[str, str]

    def get(self, path: str, user: str = "") -> tuple[int, str, str]:
        """(status, Location, body) of one request on a fresh connection."""
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        headers = {"Cookie": f"sessionid={self.sessions[user]}"} if user else {}
        try:
            connection.request("GET", path, headers={"Accept-Language": "en", **headers})
            response = connection.getresponse()
            return response.status, response.getheader("Location") or "", response.read().decode()
        finally:
            connection.close()

    def manage(self, code: str) -> str:
        """Python run by `manage.py shell` on the site's database: another process, as an
        administrator's change made through another worker."""
        result = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "shell", "--no-imports", "-c", code],
            env=self.env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )
        return result.stdout


SETUP = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from waishi.core.enums import Role
from waishi.core.models import Country, Unit, User
from waishi.core.services import user_set_roles_and_units
from waishi.partners.models import Institution

unit = Unit.objects.create(name_zh="外事处", name_en="Office", code="OFFICE")
for name, roles in [("auditor", [Role.STAFF, Role.AUDITOR]), ("leaving", [Role.STAFF])]:
    user = User.objects.create_user(name, full_name=name.title())
    user_set_roles_and_units(user, roles, [unit])
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    print(name, session.session_key)
Institution.objects.create(
    name_en="Ghent University", name_zh="根特大学", country=Country.objects.get(code="BE")
)
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    work = tmp_path_factory.mktemp("servers")
    redis_port, port = _free_port(), _free_port()
    redis = subprocess.Popen(
        [REDIS_SERVER or "", "--port", str(redis_port), "--save", "", "--appendonly", "no"],
        cwd=work,
        stdout=subprocess.DEVNULL,
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "waishi.core.tests.server_settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "HTTPS": "0",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"sqlite:///{work / 'waishi.sqlite3'}",
        "WAISHI_VAR_DIR": str(work),
        "REDIS_URL": f"redis://{HOST}:{redis_port}/0",
        "LOG_LEVEL": "WARNING",
    }
    log = work / "gunicorn.log"
    server = None
    try:
        _wait(redis_port, redis, "redis-server")
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"],
            env=env,
            cwd=ROOT,
            check=True,
            timeout=600,
        )
        found = Site(port, env, redis, log, {})
        found.sessions = dict(line.split() for line in found.manage(SETUP).splitlines())
        with log.open("wb") as out:
            server = subprocess.Popen(
                [str(GUNICORN), "waishi.wsgi", "--workers=2", f"--bind={HOST}:{port}"],
                env=env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        _wait(port, server, "gunicorn")
        yield found
    finally:
        if server is not None:
            _stop(server)
        _stop(redis)


def test_a_deactivated_user_is_refused_on_the_next_request(site):
    for _ in range(ASKED):
        status, _location, body = site.get("/staff/", "leaving")
        assert status == 200 and "Leaving" in body
    site.manage(
        "from waishi.core.models import User\n"
        "u = User.objects.get(username='leaving'); u.is_active = False; u.save()"
    )
    for _ in range(ASKED):
        status, location, _body = site.get("/staff/", "leaving")
        assert (status, location.split("?")[0]) == (302, "/login/")
        assert site.get("/api/users/me/", "leaving")[0] == 403


def test_a_removed_role_no_longer_opens_its_pages(site):
    for _ in range(ASKED):
        status, _location, body = site.get("/staff/policy/", "auditor")
        assert status == 200 and "Office rules" in body
    site.manage(
        "from waishi.core.models import User\n"
        "from waishi.core.services import user_set_roles_and_units\n"
        "u = User.objects.get(username='auditor')\n"
        "user_set_roles_and_units(u, ['staff'], u.units.all())"
    )
    for _ in range(ASKED):
        assert site.get("/staff/policy/", "auditor")[0] == 403
        assert site.get("/staff/", "auditor")[0] == 200  # still staff


def test_a_public_page_follows_a_change_made_in_another_process(site):
    for _ in range(ASKED):
        assert "Ghent University" in site.get("/partners/")[2]  # cached in Redis
    site.manage(
        "from waishi.partners.models import Institution\n"
        "i = Institution.objects.get(name_en='Ghent University')\n"
        "i.name_en = 'Universiteit Gent'; i.save()"
    )
    for _ in range(ASKED):
        body = site.get("/partners/")[2]
        assert "Universiteit Gent" in body and "Ghent University" not in body


def test_pages_answer_while_the_cache_is_down(site):
    assert json.loads(site.get("/healthz")[2]) == {"status": "ok", "database": "ok", "cache": "ok"}
    _stop(site.redis)
    for _ in range(ASKED):
        status, _location, body = site.get("/")
        assert status == 200 and "Xiangtan University" in body
        status, _location, body = site.get("/partners/")
        assert status == 200 and "Universiteit Gent" in body
        status, _location, body = site.get("/staff/", "auditor")
        assert status == 200 and "Auditor" in body
    status, _location, body = site.get("/healthz")
    assert (status, json.loads(body)) == (
        200,
        {"status": "ok", "database": "ok", "cache": "down"},
    )
    # One warning per worker at most, not one per request.
    warnings = site.log.read_text().count("The cache (Redis) does not answer")
    assert 1 <= warnings <= 2
