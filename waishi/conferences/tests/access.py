"""Who may open each URL of the conferences app (the role walk in
core/tests/test_url_access.py).

The conference is declared by the teacher of `college`: the college's staff (teacher, liaison,
head) and every reader see it; the outsider sees nothing."""

from waishi.core.testing import READERS, AccessCase

COLLEGE = frozenset({"staff", "unit_liaison", "unit_head"})
SEE_CONFERENCE = READERS | COLLEGE


def _draft(p):
    from waishi.conferences.tests.factories import draft_conference

    return {"pk": draft_conference(p.teacher).conference_id}


CASES = [
    AccessCase("conferences:conference.detail", SEE_CONFERENCE, kwargs=_draft),
]
