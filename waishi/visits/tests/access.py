"""Who may open each URL of the visits app (the role walk in core/tests/test_url_access.py).

The visit is filed by the teacher of `college`: the college's staff (teacher, liaison, head)
and every reader see it; the outsider sees nothing. Its unit's people and the office edit it
until it is submitted."""

from typing import TypedDict

from waishi.core.testing import OFFICE, READERS, WITH_ROLE, AccessCase

COLLEGE = frozenset({"staff", "unit_liaison", "unit_head"})
SEE_VISIT = READERS | COLLEGE
EDIT_VISIT = COLLEGE | OFFICE


def _draft(p):
    from waishi.visits.tests.factories import ready_visit

    # A Chinese title: core/tests/test_one_language.py reads these pages as a Chinese reader,
    # and an English title would read as the labels "Delegation" and "University".
    return {"pk": ready_visit(p.teacher, title="里昂大学代表团").pk}


def _withdrawn(p):
    from waishi.visits import services

    kwargs = _draft(p)
    from waishi.visits.models import Visit

    services.visit_withdraw(Visit.objects.get(pk=kwargs["pk"]), by=p.teacher)
    return kwargs


def _guest(p):
    from waishi.visits.tests.factories import ready_visit

    visit = ready_visit(p.teacher)
    return {"pk": visit.pk, "guest_pk": visit.guests.get().pk}


def _approved(p):
    from waishi.visits.tests.factories import approved_visit

    return {"pk": approved_visit(p, title="里昂大学代表团").pk}


def _closed(p):
    from waishi.visits.tests.factories import closed_visit

    return {"pk": closed_visit(p, title="里昂大学代表团").pk}


def _letter(p):
    from django.test import override_settings

    from waishi.visits import letters
    from waishi.visits.tests.factories import approved_visit

    visit = approved_visit(p, title="里昂大学代表团")
    with override_settings(OFFICE_PHONE="+86 731 5829 2000"):
        letter = letters.invitation_issue(visit, by=p.office_staff)
    return {"pk": visit.pk, "letter_pk": letter.pk}


def _item(p):
    from waishi.visits.tests.factories import add_item, ready_visit

    visit = ready_visit(p.teacher, title="里昂大学代表团")
    return {"pk": visit.pk, "item_pk": add_item(visit, p.teacher).pk}


def _cost(p):
    from decimal import Decimal

    from waishi.visits import services
    from waishi.visits.tests.factories import approved_visit

    visit = approved_visit(p, title="里昂大学代表团")
    cost = services.cost_add(visit, by=p.teacher, item="meals", amount=Decimal("300"))
    return {"pk": visit.pk, "cost_pk": cost.pk}


def _gift(p):
    from decimal import Decimal

    from waishi.visits import services
    from waishi.visits.tests.factories import approved_visit

    visit = approved_visit(p, title="里昂大学代表团")
    gift = services.gift_add(
        visit,
        by=p.teacher,
        direction="received",
        counterpart="代表团",
        description="瓷器",
        value=Decimal("300"),
        given_on=visit.arrival,
    )
    return {"pk": visit.pk, "gift_pk": gift.pk}


def _photo(p):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import override_settings

    from waishi.core.tests import files
    from waishi.visits import services
    from waishi.visits.models import Visit

    kwargs = _approved(p)
    visit = Visit.objects.get(pk=kwargs["pk"])
    with override_settings(WAISHI_FROZEN_TODAY=visit.arrival):
        services.summary_file(visit, by=p.teacher, text="会谈顺利")
        photo = services.photo_add(
            visit, by=p.teacher, image=SimpleUploadedFile("a.jpg", files.JPEG)
        )
    return kwargs | {"photo_pk": photo.pk}


def _cost_only(p):
    return {"pk": _cost(p)["cost_pk"]}


def _gift_only(p):
    return {"pk": _gift(p)["gift_pk"]}


def _summary(p):
    from django.test import override_settings

    from waishi.visits import services
    from waishi.visits.models import Visit

    kwargs = _approved(p)
    visit = Visit.objects.get(pk=kwargs["pk"])
    with override_settings(WAISHI_FROZEN_TODAY=visit.arrival):
        services.summary_file(visit, by=p.teacher, text="会谈顺利")
    return kwargs


def _authorised(p):
    from waishi.visits import services
    from waishi.visits.models import Visit

    kwargs = _approved(p)
    visit = Visit.objects.get(pk=kwargs["pk"])
    services.authorised_letter_set(
        visit, by=p.office_staff, authority="湖南省外办", filed_on=visit.arrival
    )
    return kwargs


def _item_only(p):
    return {"pk": _item(p)["item_pk"]}


class _Post(TypedDict):
    method: str
    ok_status: tuple[int, ...]


POST: _Post = {"method": "post", "ok_status": (302,)}

CASES = [
    AccessCase("visits:visit.list", WITH_ROLE),
    AccessCase("visits:visit.create", EDIT_VISIT),
    AccessCase("visits:visit.detail", SEE_VISIT, kwargs=_draft),
    AccessCase("visits:visit.update", EDIT_VISIT, kwargs=_draft),
    AccessCase("visits:visit.submit", EDIT_VISIT, kwargs=_draft, **POST),
    AccessCase("visits:visit.withdraw", EDIT_VISIT, kwargs=_draft, **POST),
    AccessCase("visits:visit.restore", EDIT_VISIT, kwargs=_withdrawn, **POST),
    AccessCase("visits:guest.create", EDIT_VISIT, kwargs=_draft),
    AccessCase("visits:guest.remove", EDIT_VISIT, kwargs=_guest, **POST),
    AccessCase("visits:visit.export", READERS),
    AccessCase("visits:figures", READERS),
    AccessCase("visits:figures.export", READERS),
    AccessCase("visits:item.create", EDIT_VISIT, kwargs=_draft),
    AccessCase("visits:item.update", EDIT_VISIT, kwargs=_item),
    AccessCase(
        "visits:item.delete",
        EDIT_VISIT,
        kwargs=_item,
        notes="the first takes it off, the next is told it is off already",
        **POST,
    ),
    AccessCase("visits:itinerary.pdf", SEE_VISIT, kwargs=lambda p: {"pk": _item(p)["pk"]}),
    AccessCase("visits:guest.lodging", EDIT_VISIT, kwargs=_guest),
    AccessCase("visits:cost.list", SEE_VISIT, kwargs=_approved),
    AccessCase(
        "visits:cost.list",
        EDIT_VISIT,
        kwargs=_approved,
        method="post",
        notes="the walk posts no cost: the form answers with its errors",
    ),
    AccessCase(
        "visits:cost.delete",
        EDIT_VISIT,
        kwargs=_cost,
        notes="the first takes it off, the next is told it is off already",
        **POST,
    ),
    AccessCase("visits:cost.reason", EDIT_VISIT, kwargs=_approved, **POST),
    AccessCase(
        "visits:visit.close",
        EDIT_VISIT,
        kwargs=_approved,
        notes="before departure the visit is not closed, with a message",
        **POST,
    ),
    AccessCase(
        "visits:visit.reopen",
        OFFICE,
        kwargs=_closed,
        notes="the first reopens it, the next is told only a closed visit is reopened",
        **POST,
    ),
    AccessCase("visits:summary", SEE_VISIT, kwargs=_approved),
    AccessCase(
        "visits:summary",
        EDIT_VISIT,
        kwargs=_approved,
        method="post",
        notes="the walk posts no text: the form answers with its errors",
    ),
    AccessCase(
        "visits:photo.create",
        EDIT_VISIT,
        kwargs=_approved,
        method="post",
        notes="the walk posts no photo: the form answers with its errors",
    ),
    AccessCase("visits:photo.file", SEE_VISIT, kwargs=_photo),
    AccessCase(
        "visits:photo.delete",
        EDIT_VISIT,
        kwargs=_photo,
        notes="before arrival the summary is not changed, with a message",
        **POST,
    ),
    AccessCase("visits:report.pdf", SEE_VISIT, kwargs=_approved),
    AccessCase("visits:authorised_letter", OFFICE, kwargs=_approved),
    AccessCase("visits:gift.list", SEE_VISIT, kwargs=_approved),
    AccessCase(
        "visits:gift.list",
        EDIT_VISIT,
        kwargs=_approved,
        method="post",
        notes="the walk posts no gift: the form answers with its errors",
    ),
    AccessCase(
        "visits:gift.delete",
        EDIT_VISIT,
        kwargs=_gift,
        notes="the first takes it off, the next is told it is off already",
        **POST,
    ),
    AccessCase("visits:gift.handed", OFFICE, kwargs=_gift, **POST),
    AccessCase("visit-item-list", WITH_ROLE),
    AccessCase("visit-item-detail", SEE_VISIT, kwargs=_item_only),
    AccessCase(
        "visit-item-list",
        EDIT_VISIT,
        method="post",
        ok_status=(400,),
        notes="an item with no fields is refused by the serializer",
    ),
    AccessCase("visit-cost-list", WITH_ROLE),
    AccessCase("visit-cost-detail", SEE_VISIT, kwargs=_cost_only),
    AccessCase(
        "visit-cost-list",
        EDIT_VISIT,
        method="post",
        ok_status=(400,),
        notes="a cost with no fields is refused by the serializer",
    ),
    AccessCase("visit-gift-list", WITH_ROLE),
    AccessCase("visit-gift-detail", SEE_VISIT, kwargs=_gift_only),
    AccessCase(
        "visit-gift-list",
        EDIT_VISIT,
        method="post",
        ok_status=(400,),
        notes="a gift with no fields is refused by the serializer",
    ),
    AccessCase("visit-gift-handed", OFFICE, kwargs=_gift_only, method="post"),
    AccessCase(
        "visit-reasons",
        EDIT_VISIT,
        kwargs=_approved,
        method="post",
        ok_status=(400,),
        notes="the walk posts no standard: the serializer refuses it",
    ),
    AccessCase("visit-summary", SEE_VISIT, kwargs=_summary),
    AccessCase("visit-authorised-letter", SEE_VISIT, kwargs=_authorised),
    AccessCase(
        "visit-close",
        EDIT_VISIT,
        kwargs=_approved,
        method="post",
        ok_status=(400,),
        notes="before departure the visit is not closed, with the reason",
    ),
    AccessCase(
        "visit-reopen",
        OFFICE,
        kwargs=_closed,
        method="post",
        ok_status=(200, 400),
        notes="the first reopens it, the next is told only a closed visit is reopened",
    ),
    AccessCase("visits:guest.import_template", EDIT_VISIT),
    AccessCase("visits:guest.import", EDIT_VISIT, kwargs=_draft),
    AccessCase(
        "visits:guest.import_preview",
        frozenset(),
        kwargs=lambda p: {"pk": _draft(p)["pk"], "token": "0" * 32},
        notes="a real token lives in the uploader's session; see test_excel.py",
    ),
    AccessCase(
        "visits:letter.issue",
        OFFICE,
        kwargs=_approved,
        notes="without the office's telephone set, the letter is refused with a message",
        **POST,
    ),
    AccessCase("visits:letter.pdf", SEE_VISIT, kwargs=_letter),
    AccessCase("visit-list", WITH_ROLE),
    AccessCase("visit-detail", SEE_VISIT, kwargs=_draft),
    AccessCase(
        "visit-list",
        EDIT_VISIT,
        method="post",
        ok_status=(400,),
        notes="a visit with no fields is refused by the serializer",
    ),
    AccessCase(
        "visit-add-guest",
        EDIT_VISIT,
        kwargs=_draft,
        method="post",
        ok_status=(200, 400),
        notes="the walk posts no guest: a nameless person is refused, by the people rules",
    ),
    AccessCase(
        "visit-submit",
        EDIT_VISIT,
        kwargs=_draft,
        method="post",
        ok_status=(200, 400),
        notes="the first submits it, the next is told it has been submitted",
    ),
    AccessCase(
        "visit-withdraw",
        EDIT_VISIT,
        kwargs=_draft,
        method="post",
        ok_status=(200, 400),
        notes="the first withdraws it, the next is told it can no longer be withdrawn",
    ),
    AccessCase(
        "visit-issue-letter",
        OFFICE,
        kwargs=_approved,
        method="post",
        ok_status=(201, 400),
        notes="without the office's telephone set, the letter is refused by its rules",
    ),
    AccessCase(
        "visit-restore",
        EDIT_VISIT,
        kwargs=_withdrawn,
        method="post",
        ok_status=(200, 400),
        notes="the first takes it up again, the next is told it is not withdrawn",
    ),
]
