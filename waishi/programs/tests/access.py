from waishi.core.testing import OFFICE, PUBLIC, READERS, AccessCase

# Readers of the office's registers, and the liaison and head of the program's college.
UNIT_READERS = READERS | {"unit_liaison", "unit_head"}


def _program(p):
    from waishi.programs.tests.factories import ProgramFactory

    return {"pk": ProgramFactory(home_unit=p.college).pk}


def _cohort(p):
    from waishi.programs.tests.factories import CohortFactory, ProgramFactory

    cohort = CohortFactory(program=ProgramFactory(home_unit=p.college))
    return {"pk": cohort.program.pk, "cohort_pk": cohort.pk}


CASES = [
    AccessCase("programs:public.list", PUBLIC),
    AccessCase("programs:program.list", UNIT_READERS),
    AccessCase("programs:program.export", UNIT_READERS),
    AccessCase("programs:program.create", OFFICE),
    AccessCase("programs:program.detail", UNIT_READERS, kwargs=_program),
    AccessCase("programs:program.chart", UNIT_READERS, kwargs=_program),
    AccessCase("programs:program.update", OFFICE, kwargs=_program),
    AccessCase("programs:program.end", OFFICE, kwargs=_program),
    AccessCase("programs:cohort.create", OFFICE, kwargs=_program),
    AccessCase("programs:cohort.update", OFFICE, kwargs=_cohort),
    AccessCase("program-list", UNIT_READERS),
    AccessCase("program-detail", UNIT_READERS, kwargs=_program),
]
