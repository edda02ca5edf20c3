"""The API of the public registrations' queue: confirmed registrations for the office (all)
and the organising unit (its conferences'), accepted or rejected through the same services
as the queue's page. Passport data is not given out here. Gathered into the app's
`api.routes`."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from waishi.conferences import queries, registrations
from waishi.conferences.enums import RegistrationStatus
from waishi.conferences.models import Registration
from waishi.core.api import RulePermission, service_call
from waishi.core.models import User


class RegistrationSerializer(serializers.ModelSerializer[Registration]):
    country = serializers.CharField(source="country.code", read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "conference",
            "status",
            "family_name",
            "given_name",
            "name_zh",
            "email",
            "country",
            "organisation",
            "needs_visa_letter",
            "verified_at",
            "decided_at",
            "reject_reason",
            "participant",
        ]
        read_only_fields = fields


class RejectSerializer(serializers.Serializer[Registration]):
    reason = serializers.CharField(max_length=2000)


class RegistrationFilter(django_filters.FilterSet):
    conference = django_filters.NumberFilter(field_name="conference_id")
    status = django_filters.ChoiceFilter(
        choices=[
            (s.value, s.label) for s in RegistrationStatus if s != RegistrationStatus.UNVERIFIED
        ]
    )

    class Meta:
        model = Registration
        fields = ["conference", "status"]


class RegistrationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Registration]
):
    """Registrations confirmed by e-mail (`?status=waiting` for the queue,
    `?conference=<id>`). `POST .../accept/` makes one a participant; `POST .../reject/` with
    a `reason` rejects it."""

    serializer_class = RegistrationSerializer
    permission_classes = [RulePermission]
    rule_permissions = {
        "list": "conferences.review_registrations",
        "retrieve": "conferences.review_registrations",
        # The services then ask to review the registration's conference.
        "accept": "conferences.review_registrations",
        "reject": "conferences.review_registrations",
    }
    filterset_class = RegistrationFilter

    def get_queryset(self) -> QuerySet[Registration]:
        return (
            queries.registrations_for_user(self.request.user)
            .select_related("country", "conference")
            .order_by("verified_at", "pk")
        )

    def _user(self) -> User:
        user = self.request.user
        assert isinstance(user, User)
        return user

    def _fresh(self, registration: Registration) -> Response:
        registration.refresh_from_db()
        return Response(RegistrationSerializer(registration).data)

    @extend_schema(request=None, responses=RegistrationSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        registration = self.get_object()
        service_call(registrations.registration_accept, registration, by=self._user())
        return self._fresh(registration)

    @extend_schema(request=RejectSerializer, responses=RegistrationSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        registration = self.get_object()
        data = RejectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service_call(
            registrations.registration_reject,
            registration,
            by=self._user(),
            reason=data.validated_data["reason"],
        )
        return self._fresh(registration)
