import pytest
from django.utils.translation import gettext_lazy as _

from waishi.core.enums import Role, UnitDuty
from waishi.workflow import chains

CALLS: list[tuple[str, int]] = []

TEST_KIND = "tests.unit_request"


def _record(name):
    def hook(subject, approval):
        CALLS.append((name, subject.pk))

    return hook


@pytest.fixture
def request_type():
    return register_test_type()


def register_test_type():
    """A test-only request type whose subject is a core.Unit (the applicant's unit too),
    its steps named as the trip's are (in both languages):
    unit head → office → director,
    plus the research office when the unit's English name mentions research, and a university
    leader for institutes."""
    CALLS.clear()
    return chains.register(
        chains.RequestType(
            name=TEST_KIND,
            label="Unit request",
            steps=(
                chains.Step("unit_head", _("Unit head"), Role.UNIT_HEAD, chains.APPLICANT_UNIT),
                chains.Step(
                    "research",
                    _("Research office"),
                    Role.UNIT_HEAD,
                    chains.unit_with_duty(UnitDuty.RESEARCH_OFFICE),
                    condition=lambda unit: "research" in unit.name_en.lower(),
                ),
                chains.Step(
                    "office", _("International office"), Role.OFFICE_STAFF, chains.ANY_UNIT
                ),
                chains.Step(
                    "director", _("Office director"), Role.OFFICE_DIRECTOR, chains.ANY_UNIT
                ),
                chains.Step(
                    "leader",
                    _("University leader"),
                    Role.UNIVERSITY_LEADER,
                    chains.ANY_UNIT,
                    condition=lambda unit: unit.kind == "institute",
                ),
            ),
            # The subject is itself the applicant's unit.
            subject=chains.SubjectAdapter(unit=lambda unit: unit),
            on_approved=_record("approved"),
            on_returned=_record("returned"),
            on_rejected=_record("rejected"),
            on_withdrawn=_record("withdrawn"),
        )
    )
