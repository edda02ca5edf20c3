"""The project as a whole: settings documented, migrations complete, translations complete,
deploy checks clean, health check."""

import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.core.management import call_command

import waishi
from waishi.env import ENV_VARIABLES

ROOT = Path(waishi.__file__).parent.parent


def test_every_environment_variable_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", readme, flags=re.MULTILINE))
    assert ENV_VARIABLES - documented == set()
    assert documented - ENV_VARIABLES - {"ADMIN_PASSWORD", "PORT"} == set()


@pytest.mark.django_db
def test_no_migration_is_missing():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)


@pytest.mark.parametrize(
    "po_path",
    sorted(ROOT.glob("waishi/*/locale/zh_Hans/LC_MESSAGES/django.po")),
    ids=lambda p: p.parts[-5],
)
def test_every_string_is_translated_to_chinese(po_path):
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file)
    untranslated = [
        message.id
        for message in catalog
        if message.id
        and (not all(message.string) if isinstance(message.string, tuple) else not message.string)
    ]
    fuzzy = [message.id for message in catalog if message.id and message.fuzzy]
    assert (untranslated, fuzzy) == ([], [])


def _message_keys(po_text: str) -> list[tuple[str, str]]:
    """(context, id) of every entry, as written (Babel's reader keeps only the last of two)."""
    keys = []
    for block in re.split(r"\n\s*\n", po_text):
        fields: dict[str, str] = {}
        current = ""
        for line in block.splitlines():
            if line.startswith(("msgctxt ", "msgid ", "msgstr", "msgid_plural")):
                current, _space, rest = line.partition(" ")
                fields[current] = rest.strip().strip('"')
            elif line.startswith('"') and current:
                fields[current] += line.strip().strip('"')
        if fields.get("msgid"):
            keys.append((fields.get("msgctxt", ""), fields["msgid"]))
    return keys


@pytest.mark.parametrize(
    "po_path",
    sorted(ROOT.glob("waishi/*/locale/zh_Hans/LC_MESSAGES/django.po")),
    ids=lambda p: p.parts[-5],
)
def test_no_string_is_translated_twice(po_path):
    # GNU gettext (`make messages`, msgfmt) refuses a file with a duplicate entry.
    keys = _message_keys(po_path.read_text(encoding="utf-8"))
    assert sorted({key for key in keys if keys.count(key) > 1}) == []


def test_deploy_check_is_clean_with_production_values(tmp_path):
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ENV_VARIABLES and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
        },
        "DEBUG": "0",
        "SECRET_KEY": "a-production-secret-" + "x7Yq" * 12,
        "ALLOWED_HOSTS": "waishi.example.edu",
        "WAISHI_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "waishi.settings",
        # As the README's deployment, behind its reverse proxy.
        "SITE_URL": "https://waishi.example.edu",
        "TRUSTED_PROXY_HEADER": "X-Forwarded-For",
        "REDIS_URL": "redis://cache:6379/0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Nothing silenced either: every deployment check ran and passed.
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_settings_refuse_to_start_without_a_secret_key_when_debug_is_off(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in ENV_VARIABLES},
        "DEBUG": "0",
        "WAISHI_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_settings_refuse_a_bad_boolean(tmp_path):
    env = {**os.environ, "DEBUG": "maybe", "WAISHI_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "DEBUG must be a yes/no value" in result.stderr


@pytest.mark.parametrize(
    ("port", "site_url", "expected"),
    [
        ("8123", None, "http://127.0.0.1:8123"),
        ("8123", "https://waishi.example.edu", "https://waishi.example.edu"),
    ],
)
def test_site_url_follows_the_port_unless_set(tmp_path, port, site_url, expected):
    env = {
        **{k: v for k, v in os.environ.items() if k not in ENV_VARIABLES},
        "DEBUG": "1",
        "PORT": port,
        "WAISHI_VAR_DIR": str(tmp_path),
        **({"SITE_URL": site_url} if site_url else {}),
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            " print(settings.SITE_URL)",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "waishi.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == expected, result.stderr


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_responses_carry_a_strict_content_security_policy(client):
    response = client.get("/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
