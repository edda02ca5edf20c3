"""The API of conferences' participants: list and read (as the pages show them: passport
numbers whole only for the office), and add through the same service as the pages and the
import. Gathered into the app's `api.routes`."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from waishi.conferences import participants
from waishi.conferences.enums import ParticipantRole
from waishi.conferences.models import Conference, Participant
from waishi.conferences.queries import conferences_for_user
from waishi.core.api import RelatedBySlug, RulePermission, service_call
from waishi.core.models import Country, User
from waishi.core.queries import of_visible
from waishi.people.enums import Sex


def participants_for_user(user: Any) -> QuerySet[Participant]:
    """The participants of the conferences the user sees, with their participants shown."""
    return of_visible(
        Participant.objects.all(), "conference", conferences_for_user(user)
    ).select_related("person", "country", "conference")


class ParticipantSerializer(serializers.ModelSerializer[Participant]):
    name = serializers.CharField(source="person.display_name", read_only=True)
    country = serializers.CharField(source="country.code", read_only=True)
    passport_number = serializers.SerializerMethodField()

    class Meta:
        model = Participant
        fields = [
            "id",
            "conference",
            "person",
            "name",
            "role",
            "country",
            "is_foreign",
            "organisation",
            "title",
            "passport_number",
            "passport_expires_on",
            "needs_visa_letter",
            "source",
            "email_verified",
        ]
        read_only_fields = fields

    def get_passport_number(self, participant: Participant) -> str:
        user = self.context["request"].user
        number = participant.passport_number
        if not number or user.has_perm("conferences.read_passport", participant.conference):
            return number
        return "•••" + number[-3:]


class ParticipantInputSerializer(serializers.Serializer[Participant]):
    """A participant to add: found again in the people register, or recorded."""

    conference = serializers.PrimaryKeyRelatedField(queryset=Conference.objects.all())
    family_name = serializers.CharField(max_length=100, required=False, default="")
    given_name = serializers.CharField(max_length=150, required=False, default="")
    name_zh = serializers.CharField(max_length=100, required=False, default="")
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True, default=None)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    country = RelatedBySlug(slug_field="code", queryset=Country.objects.all())
    organisation = serializers.CharField(max_length=300, required=False, default="")
    title = serializers.CharField(max_length=200, required=False, default="")
    role = serializers.ChoiceField(
        choices=ParticipantRole.choices, default=ParticipantRole.PARTICIPANT
    )
    passport_number = serializers.CharField(max_length=60, required=False, default="")
    passport_expiry = serializers.DateField(required=False, allow_null=True, default=None)
    needs_visa_letter = serializers.BooleanField(required=False, default=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            field = self.fields["conference"]
            assert isinstance(field, serializers.PrimaryKeyRelatedField)
            field.queryset = conferences_for_user(request.user)


class ParticipantFilter(django_filters.FilterSet):
    conference = django_filters.NumberFilter(field_name="conference_id")
    role = django_filters.ChoiceFilter(choices=ParticipantRole.choices)
    is_foreign = django_filters.BooleanFilter()

    class Meta:
        model = Participant
        fields = ["conference", "role", "is_foreign"]


class ParticipantViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[Participant],
):
    """Participants of the conferences you see (`?conference=<id>`). `POST` adds one through
    the same service as the pages; someone who came before is found again."""

    serializer_class = ParticipantSerializer
    permission_classes = [RulePermission]
    rule_permissions = {
        "list": "conferences.view_conference",
        "retrieve": "conferences.view_conference",
        # A conference the user sees; the service then asks to manage its participants.
        "create": "conferences.view_conference",
    }
    filterset_class = ParticipantFilter

    def get_queryset(self) -> QuerySet[Participant]:
        return participants_for_user(self.request.user).order_by("conference_id", "role", "pk")

    @extend_schema(request=ParticipantInputSerializer, responses=ParticipantSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ParticipantInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        conference = values.pop("conference")
        user = request.user
        assert isinstance(user, User)
        participant = service_call(participants.participant_add, conference, by=user, **values)
        return Response(
            ParticipantSerializer(participant, context={"request": request}).data, status=201
        )
