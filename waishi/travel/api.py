"""API of the travel app: /api/trips/ (scoped by `queries.trips_for_user`) and the passport
custody ledger /api/passport-loans/ (written through the same services as the pages)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from waishi.core import clock
from waishi.core.api import RulePermission
from waishi.people.models import IdentityDocument
from waishi.people.queries import shown_number
from waishi.travel import queries, services
from waishi.travel.models import Destination, PassportLoan, Traveller, Trip


class TravellerSerializer(serializers.ModelSerializer[Traveller]):
    name = serializers.CharField(source="person.display_name", read_only=True)

    class Meta:
        model = Traveller
        fields = ["id", "person", "name", "role", "position", "unit"]


class DestinationSerializer(serializers.ModelSerializer[Destination]):
    country_code = serializers.CharField(source="country.code", read_only=True)

    class Meta:
        model = Destination
        fields = [
            "id",
            "order",
            "country_code",
            "city",
            "institution",
            "host_name",
            "arrive",
            "leave",
        ]


class TripSerializer(serializers.ModelSerializer[Trip]):
    travellers = TravellerSerializer(many=True, read_only=True)
    destinations = DestinationSerializer(many=True, read_only=True)

    class Meta:
        model = Trip
        fields = [
            "id",
            "reference",
            "title",
            "applicant",
            "unit",
            "purpose",
            "departure",
            "return_date",
            "status",
            "approval_number",
            "approved_on",
            "actual_return",
            "report_due",
            "planned_trip",
            "travellers",
            "destinations",
        ]


class TripViewSet(viewsets.ReadOnlyModelViewSet[Trip]):
    serializer_class = TripSerializer
    permission_classes = [RulePermission]
    rule_permissions = {"list": "travel.view_trip", "retrieve": "travel.view_trip"}
    filterset_class = queries.TripFilter

    def get_queryset(self) -> QuerySet[Trip]:
        return (
            queries.trips_for_user(self.request.user)
            .prefetch_related(
                Prefetch("travellers", queryset=Traveller.objects.select_related("person")),
                Prefetch("destinations", queryset=Destination.objects.select_related("country")),
            )
            .order_by("-departure", "-pk")
        )


class PassportLoanSerializer(serializers.ModelSerializer[PassportLoan]):
    """One line of the passport custody ledger. The number is shown in full to the office
    only, as on the pages."""

    person = serializers.IntegerField(source="document.person_id", read_only=True)
    person_name = serializers.CharField(source="document.person.display_name", read_only=True)
    number = serializers.SerializerMethodField()
    trip_reference = serializers.CharField(source="trip.reference", read_only=True)
    state = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    document = serializers.PrimaryKeyRelatedField(queryset=IdentityDocument.objects.none())
    trip = serializers.PrimaryKeyRelatedField(queryset=Trip.objects.none())

    class Meta:
        model = PassportLoan
        fields = [
            "id",
            "document",
            "person",
            "person_name",
            "number",
            "trip",
            "trip_reference",
            "state",
            "overdue",
            "checked_out_at",
            "checked_out_by",
            "due_back",
            "checked_in_at",
            "checked_in_by",
            "reminders",
        ]
        read_only_fields = [
            "checked_out_at",
            "checked_out_by",
            "due_back",
            "checked_in_at",
            "checked_in_by",
            "reminders",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # What a check-out may name: the office's passports, the trips the user sees.
            document = cast(
                "serializers.PrimaryKeyRelatedField[IdentityDocument]", self.fields["document"]
            )
            trip = cast("serializers.PrimaryKeyRelatedField[Trip]", self.fields["trip"])
            document.queryset = services.passport_register()
            trip.queryset = queries.trips_for_user(request.user)

    def get_number(self, loan: PassportLoan) -> str:
        return shown_number(loan.document, self.context["request"].user)

    def get_state(self, loan: PassportLoan) -> str:
        return queries.LoanState.OUT if loan.checked_in_at is None else queries.LoanState.BACK

    def get_overdue(self, loan: PassportLoan) -> bool:
        return loan.is_overdue(clock.today())

    def create(self, validated_data: dict[str, Any]) -> PassportLoan:
        return _service(
            services.passport_check_out,
            validated_data["document"],
            validated_data["trip"],
            self.context["request"].user,
        )


def _service(fn: Callable[..., PassportLoan], *args: object) -> PassportLoan:
    """A service's refusal as the API's 400, with the same message as on the pages."""
    try:
        return fn(*args)
    except DjangoValidationError as error:
        raise ValidationError({"detail": error.messages}) from error


class PassportLoanViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[PassportLoan],
):
    """The passport custody ledger (out, back, overdue). `POST` checks a passport out for a
    trip, `POST .../check-in/` checks it back in: the services of the passport pages."""

    serializer_class = PassportLoanSerializer
    permission_classes = [RulePermission]
    rule_permissions = {
        "list": "travel.view_passport",
        "retrieve": "travel.view_passport",
        "create": "travel.manage_passport",
        "check_in": "travel.manage_passport",
    }
    filterset_class = queries.LoanFilter

    def get_queryset(self) -> QuerySet[PassportLoan]:
        return queries.loans_for_user(self.request.user).order_by("-checked_out_at", "-pk")

    @extend_schema(request=None, responses=PassportLoanSerializer)
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request: Request, pk: str | None = None) -> Response:
        loan = _service(services.passport_check_in, self.get_object(), request.user)
        return Response(self.get_serializer(loan).data)


routes = [
    ("trips", TripViewSet, "trip"),
    ("passport-loans", PassportLoanViewSet, "passport-loan"),
]
