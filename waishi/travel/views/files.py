"""Files of a trip: the invitation letter, report attachments and the approval document."""

from __future__ import annotations

import os

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View

from waishi.core.mixins import RulePermissionMixin
from waishi.core.uploads import file_response
from waishi.travel import documents
from waishi.travel.enums import TripStatus
from waishi.travel.models import ReportAttachment
from waishi.travel.views.common import trip_or_404


class InvitationLetterView(RulePermissionMixin, View):
    permission_required = "travel.view_trip"

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        trip = trip_or_404(request, pk)
        suffix = os.path.splitext(trip.invitation_letter.name or "")[1]
        return file_response(trip.invitation_letter, f"invitation-{trip.pk}{suffix}")


class ReportAttachmentView(RulePermissionMixin, View):
    permission_required = "travel.view_trip"

    def get(self, request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
        trip = trip_or_404(request, pk)
        attachment = get_object_or_404(ReportAttachment, pk=attachment_pk, report__trip=trip)
        suffix = os.path.splitext(attachment.file.name)[1]
        return file_response(attachment.file, f"report-{trip.pk}-{attachment.pk}{suffix}")


class ApprovalDocumentView(RulePermissionMixin, View):
    """批件: the approval document as a PDF in Chinese."""

    permission_required = "travel.view_trip"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        trip = trip_or_404(request, pk)
        if trip.status not in (
            TripStatus.APPROVED,
            TripStatus.BACK,
            TripStatus.REPORTED,
            TripStatus.CLOSED,
        ):
            messages.error(request, _("The approval document exists once the trip is approved."))
            return redirect(trip)
        pdf = documents.approval_pdf(trip)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="approval-{trip.pk}.pdf"'
        return response
