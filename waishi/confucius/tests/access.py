from waishi.core.testing import OFFICE, PUBLIC, READERS, AccessCase

# Readers of the office's registers, and the liaison and head of the college in charge.
UNIT_READERS = READERS | {"unit_liaison", "unit_head"}


def _institute(p):
    from waishi.confucius.tests.factories import InstituteFactory

    return {"pk": InstituteFactory(home_unit=p.college).pk}


def _dispatch(p):
    from waishi.confucius.tests.factories import DispatchFactory, InstituteFactory

    posting = DispatchFactory(institute=InstituteFactory(home_unit=p.college))
    return {"pk": posting.institute.pk, "dispatch_pk": posting.pk}


def _figures(p):
    from waishi.confucius.tests.factories import FiguresFactory, InstituteFactory

    figures = FiguresFactory(institute=InstituteFactory(home_unit=p.college))
    return {"pk": figures.institute.pk, "figures_pk": figures.pk}


CASES = [
    AccessCase("confucius:public.list", PUBLIC),
    AccessCase("confucius:institute.list", UNIT_READERS),
    AccessCase("confucius:institute.export", UNIT_READERS),
    AccessCase("confucius:dispatch.abroad", UNIT_READERS),
    AccessCase("confucius:institute.create", OFFICE),
    AccessCase("confucius:institute.detail", UNIT_READERS, kwargs=_institute),
    AccessCase("confucius:institute.update", OFFICE, kwargs=_institute),
    AccessCase("confucius:institute.close", OFFICE, kwargs=_institute),
    AccessCase("confucius:dispatch.create", OFFICE, kwargs=_institute),
    AccessCase("confucius:dispatch.update", OFFICE, kwargs=_dispatch),
    AccessCase("confucius:figures.create", OFFICE, kwargs=_institute),
    AccessCase("confucius:figures.update", OFFICE, kwargs=_figures),
    AccessCase("confucius-institute-list", UNIT_READERS),
    AccessCase("confucius-institute-detail", UNIT_READERS, kwargs=_institute),
]
