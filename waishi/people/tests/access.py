from waishi.core.testing import OFFICE, READERS, AccessCase

UNIT_ACTORS = frozenset({"unit_liaison", "unit_head"})


def _teacher_person(p):
    # The teacher's own Person, in the teacher's college.
    from waishi.people.tests.factories import PersonFactory

    return PersonFactory(unit=p.college, user=p.teacher)


def _person(p):
    return {"pk": _teacher_person(p).pk}


def _person_pk(p):
    return {"person_pk": _teacher_person(p).pk}


def _document(p):
    from waishi.people.tests.factories import DocumentFactory

    document = DocumentFactory(person=_teacher_person(p))
    return {"person_pk": document.person_id, "pk": document.pk}


def _scan(p):
    from waishi.people.tests.factories import DocumentFactory, with_scan

    return {"pk": with_scan(DocumentFactory(person=_teacher_person(p))).pk}


CASES = [
    AccessCase("people:person.list", READERS | UNIT_ACTORS),
    AccessCase("people:person.export", READERS | UNIT_ACTORS),
    AccessCase("people:person.create", OFFICE | UNIT_ACTORS),
    AccessCase("people:person.detail", READERS | UNIT_ACTORS | {"staff"}, kwargs=_person),
    AccessCase("people:person.update", OFFICE | UNIT_ACTORS, kwargs=_person),
    AccessCase("people:document.create", OFFICE, kwargs=_person_pk),
    AccessCase("people:document.update", OFFICE, kwargs=_document),
    # The scan shows the full number: the office and the person themselves.
    AccessCase("people:document.scan", OFFICE | {"staff"}, kwargs=_scan),
    AccessCase("person-list", READERS | UNIT_ACTORS),
    AccessCase("person-detail", READERS | UNIT_ACTORS | {"staff"}, kwargs=_person),
]
