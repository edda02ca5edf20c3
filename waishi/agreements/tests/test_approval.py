import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from waishi.agreements import approval
from waishi.agreements.enums import AgreementStatus, Approval
from waishi.agreements.models import Agreement
from waishi.agreements.tests.factories import AgreementFactory
from waishi.core.enums import Role
from waishi.core.tests.factories import UserFactory
from waishi.workflow import services as workflow
from waishi.workflow.enums import Action, RequestState


def _draft(personas, **kwargs):
    return AgreementFactory(
        approval=Approval.DRAFT,
        units=[personas.college],
        signed_on=datetime.date(2025, 1, 10),
        expires_on=datetime.date(2030, 1, 9),
        **kwargs,
    )


def _approve(request, user):
    request.refresh_from_db()
    workflow.approval_decide(request, by=user, action=Action.APPROVE)


def test_approval_chain_head_office_director(personas, settings):
    settings.WAISHI_FROZEN_TODAY = datetime.date(2026, 1, 1)
    colleague = UserFactory(roles_and_units=([Role.OFFICE_STAFF], [personas.office]))
    agreement = _draft(personas)
    request = approval.agreement_submit(agreement, by=personas.office_staff)
    agreement.refresh_from_db()
    assert agreement.approval == Approval.UNDER_APPROVAL
    assert [s.key for s in request.steps.order_by("order")] == ["unit_head", "office", "director"]
    with pytest.raises(ValidationError):
        _approve(request, personas.director)  # not the director's turn yet
    _approve(request, personas.head)
    with pytest.raises(ValidationError, match="your own request"):
        _approve(request, personas.office_staff)  # who submitted it
    _approve(request, colleague)
    assert Agreement.objects.get(pk=agreement.pk).approval == Approval.UNDER_APPROVAL
    _approve(request, personas.director)
    request.refresh_from_db()
    agreement = Agreement.objects.get(pk=agreement.pk)
    assert (request.state, agreement.approval, agreement.current_status) == (
        RequestState.APPROVED,
        Approval.APPROVED,
        AgreementStatus.IN_FORCE,
    )


def test_approval_refused_while_no_unit_is_the_international_office(personas):
    personas.office.duty = ""
    personas.office.save()
    agreement = _draft(personas)
    with pytest.raises(ValidationError) as refused:
        approval.agreement_submit(agreement, by=personas.office_staff)
    assert refused.value.messages == [
        "The step “International office” is decided by the International office, and no unit "
        "of the register has that duty: an administrator sets it on the unit's page."
    ]
    assert Agreement.objects.get(pk=agreement.pk).approval == Approval.DRAFT


def test_approval_returned_goes_back_to_draft_and_resubmits(personas):
    agreement = _draft(personas)
    request = approval.agreement_submit(agreement, by=personas.office_staff)
    workflow.approval_decide(
        request, by=personas.head, action=Action.RETURN, comment="Add the annex"
    )
    assert Agreement.objects.get(pk=agreement.pk).approval == Approval.DRAFT
    again = approval.agreement_submit(agreement, by=personas.office_staff)
    assert again.pk == request.pk
    assert Agreement.objects.get(pk=agreement.pk).approval == Approval.UNDER_APPROVAL


def test_approval_submit_refused_unless_draft(personas):
    agreement = _draft(personas)
    approval.agreement_submit(agreement, by=personas.office_staff)
    with pytest.raises(ValidationError) as raised:
        approval.agreement_submit(agreement, by=personas.office_staff)
    assert raised.value.messages == ["Only a draft agreement can be sent for approval."]


def test_approval_detail_page_shows_panel_to_the_head(client, personas):
    agreement = _draft(personas)
    client.force_login(personas.office_staff)
    response = client.post(reverse("agreements:agreement.submit", args=[agreement.pk]))
    assert response["Location"] == agreement.get_absolute_url()
    client.force_login(personas.head)
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert reverse("workflow:request.decide", args=[agreement_request_pk(agreement)]) in page


def agreement_request_pk(agreement):
    from waishi.workflow.queries import approval_for

    found = approval_for(agreement, approval.REQUEST_TYPE)
    assert found is not None
    return found.pk


def test_approval_under_way_blocks_changes(client, personas):
    agreement = _draft(personas)
    approval.agreement_submit(agreement, by=personas.office_staff)
    client.force_login(personas.office_staff)
    response = client.post(
        reverse("agreements:agreement.update", args=[agreement.pk]),
        {"name_zh": "改名", "kind": "mou", "parties": [agreement.parties.get().pk]},
    )
    assert response.context["form"].non_field_errors() == [
        "The agreement is being approved; it can be changed once it is approved or returned."
    ]
    assert Agreement.objects.get(pk=agreement.pk).name_zh == agreement.name_zh
