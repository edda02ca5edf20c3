"""axe-core in the browser tests: every page a browser test opens is checked before the test
acts on it (and once more at the end), and a serious or critical finding fails the test.

axe-core comes from the axe-playwright-python package (it bundles axe.min.js); nothing is
fetched at test time. A page is a document: an htmx swap inside it is not checked again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

FAILING_IMPACTS = ("serious", "critical")
# Findings of lesser impact that were fixed and must stay fixed: two landmarks of one kind with
# the same name (the approval panel once came twice as "Approval").
FAILING_RULES = ("landmark-unique",)
# Page and Locator methods before which the page the test is on gets checked.
PAGE_ACTIONS = ("goto", "click", "fill", "press", "select_option", "check", "reload", "go_back")
LOCATOR_ACTIONS = ("click", "fill", "press", "select_option", "check", "set_input_files")
# Each document gets a fresh mark, so a check runs once per page opened.
MARK_SCRIPT = "window.__waishiAxeMark = Math.random().toString(36).slice(2);"


def _axe_script() -> str:
    from axe_playwright_python.base import AXE_SCRIPT

    script: str = AXE_SCRIPT
    return script


def findings(page: Any) -> list[str]:
    """The serious and critical axe-core findings on the page as it is, and those of
    `FAILING_RULES`, one line each."""
    page.evaluate(_axe_script())
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    lines = []
    for violation in result["violations"]:
        if violation.get("impact") not in FAILING_IMPACTS and violation["id"] not in FAILING_RULES:
            continue
        targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        lines.append(f"{violation['impact']} {violation['id']}: {violation['help']} [{targets}]")
    return lines


class Checker:
    """Checks each document of a browser context once (see the module's docstring)."""

    def __init__(self) -> None:
        self.checked: set[str] = set()

    def check(self, page: Any) -> None:
        if page.is_closed() or not page.url.startswith("http"):
            return
        page.wait_for_load_state("load")
        mark = page.evaluate("window.__waishiAxeMark || ''")
        if not mark or mark in self.checked:
            return
        self.checked.add(mark)
        found = findings(page)
        assert found == [], f"axe-core on {page.url}:\n" + "\n".join(found)


@contextmanager
def checked_pages(context: Any, monkeypatch: Any) -> Iterator[Checker]:
    """Within this block, every page of `context` is checked before each action on it."""
    from playwright.sync_api import Locator, Page

    checker = Checker()
    context.add_init_script(MARK_SCRIPT)

    def before(method: Callable[..., Any], page_of: Callable[[Any], Any]) -> Callable[..., Any]:
        def wrapped(self: Any, *args: Any, **kwargs: Any) -> Any:
            if page_of(self).context is context:
                checker.check(page_of(self))
            return method(self, *args, **kwargs)

        return wrapped

    for name in PAGE_ACTIONS:
        monkeypatch.setattr(Page, name, before(getattr(Page, name), lambda page: page))
    for name in LOCATOR_ACTIONS:
        monkeypatch.setattr(Locator, name, before(getattr(Locator, name), lambda loc: loc.page))
    yield checker
    for page in context.pages:
        checker.check(page)
