"""One English text, one Chinese reading, across every app's catalogue.

Django merges the apps' catalogues into one, and where two apps translate the same text
differently the app listed first in INSTALLED_APPS wins everywhere: a visit's "Purpose" would
read as a trip's 出访目的. A text that means two things takes a context (pgettext)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

import waishi


def differing_readings(root: Path) -> dict[str, dict[str, str]]:
    """Each text without a context that the apps under root translate in more than one way:
    its Chinese reading in each app."""
    found: dict[str, dict[str, str]] = {}
    for po_path in sorted(root.glob("*/locale/zh_Hans/LC_MESSAGES/django.po")):
        app = po_path.parts[-5]
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        for message in catalog:
            if message.context or not message.id or not isinstance(message.string, str):
                continue
            if message.string:
                found.setdefault(str(message.id), {})[app] = message.string
    return {text: apps for text, apps in found.items() if len(set(apps.values())) > 1}


def test_a_text_reads_the_same_in_every_app() -> None:
    differing = differing_readings(Path(waishi.__file__).parent)
    assert differing == {}, (
        "The same text is translated differently in two apps; make the readings one, or give "
        "the text a context where it means something else: " + repr(differing)
    )


def _catalogue(root: Path, app: str, body: str) -> None:
    folder = root / app / "locale" / "zh_Hans" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    (folder / "django.po").write_text(header + body, encoding="utf-8")


def test_the_check_finds_a_text_read_two_ways(tmp_path: Path) -> None:
    _catalogue(tmp_path, "travel", 'msgid "Purpose"\nmsgstr "出访目的"\n')
    _catalogue(
        tmp_path,
        "visits",
        'msgid "Purpose"\nmsgstr "来访目的"\n\n'
        'msgctxt "visit"\nmsgid "Budget"\nmsgstr "预算"\n\n'
        'msgid "Budget"\nmsgstr "经费预算"\n',
    )
    _catalogue(tmp_path, "people", 'msgid "Budget"\nmsgstr "经费预算"\n')
    # A text in a context of its own is not a clash; the same reading twice is not either.
    assert differing_readings(tmp_path) == {"Purpose": {"travel": "出访目的", "visits": "来访目的"}}
