"""API of the visits app: /api/visits/ (scoped by `queries.visits_for_user`), its guests and
budget, written through the same services as the pages. Passport numbers are masked except
for the office, as on the pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar, cast

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from waishi.core.api import RulePermission
from waishi.core.models import Country, Letter, User
from waishi.people.enums import DocumentKind, Sex
from waishi.people.models import IdentityDocument, Person
from waishi.people.queries import shown_number
from waishi.visits import letters, queries, services
from waishi.visits.enums import GuestRank, GuestRole
from waishi.visits.models import BudgetLine, Guest, ItineraryItem, Visit

P = ParamSpec("P")
T = TypeVar("T")


def _service(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """A service's refusal as the API's 400, with the same messages as on the pages."""
    try:
        return fn(*args, **kwargs)
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            found = dict(error.message_dict)
            if NON_FIELD_ERRORS in found:
                found["detail"] = found.pop(NON_FIELD_ERRORS)
            raise ValidationError(found) from error
        raise ValidationError({"detail": error.messages}) from error


class GuestSerializer(serializers.ModelSerializer[Guest]):
    name = serializers.CharField(source="person.display_name", read_only=True)
    nationality = serializers.CharField(
        source="person.nationality.code", read_only=True, default=None
    )
    birth_date = serializers.DateField(source="person.birth_date", read_only=True)
    passport_number = serializers.SerializerMethodField()
    senior = serializers.BooleanField(source="is_senior", read_only=True)

    class Meta:
        model = Guest
        fields = [
            "id",
            "person",
            "name",
            "nationality",
            "birth_date",
            "passport_number",
            "senior",
            "role",
            "organisation",
            "title",
            "rank",
        ]
        read_only_fields = fields

    def get_passport_number(self, guest: Guest) -> str:
        passports = getattr(guest.person, "passports", None)
        if not passports:
            return ""
        return shown_number(passports[0], self.context["request"].user)


class GuestInputSerializer(serializers.Serializer[Guest]):
    """A guest to add: found again in the people register, or recorded with their passport."""

    family_name = serializers.CharField(max_length=100, required=False, default="")
    given_name = serializers.CharField(max_length=150, required=False, default="")
    name_zh = serializers.CharField(max_length=100, required=False, default="")
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True, default=None)
    nationality = serializers.SlugRelatedField(
        slug_field="code", queryset=Country.objects.all(), required=False, allow_null=True
    )
    passport_number = serializers.CharField(max_length=60, required=False, default="")
    passport_expiry = serializers.DateField(required=False, allow_null=True, default=None)
    organisation = serializers.CharField(max_length=300, required=False, default="")
    title = serializers.CharField(max_length=200, required=False, default="")
    rank = serializers.ChoiceField(choices=GuestRank.choices, default=GuestRank.OTHER)
    role = serializers.ChoiceField(choices=GuestRole.choices, default=GuestRole.MEMBER)


class SubmitSerializer(serializers.Serializer[Visit]):
    late_reason = serializers.CharField(required=False, allow_blank=True)


class BudgetLineSerializer(serializers.ModelSerializer[BudgetLine]):
    id = serializers.IntegerField(required=False)

    class Meta:
        model = BudgetLine
        fields = ["id", "item", "description", "amount"]


class LetterSerializer(serializers.ModelSerializer[Letter]):
    class Meta:
        model = Letter
        fields = ["id", "number", "title", "issued_at", "issued_by"]
        read_only_fields = fields


class LetterRequestSerializer(serializers.Serializer[Letter]):
    guest = serializers.IntegerField(
        required=False, allow_null=True, help_text="One guest's letter; the delegation's without"
    )


class VisitSerializer(serializers.ModelSerializer[Visit]):
    guests = GuestSerializer(many=True, read_only=True)
    budget = BudgetLineSerializer(many=True, required=False)
    letters = LetterSerializer(many=True, read_only=True)
    responsible = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())

    class Meta:
        model = Visit
        fields = [
            "id",
            "reference",
            "title",
            "applicant",
            "unit",
            "responsible",
            "partner",
            "kind",
            "purpose",
            "arrival",
            "departure",
            "places",
            "reception_level",
            "funding",
            "visa_needed",
            "leader_meets",
            "itinerary",
            "late_reason",
            "filed_late",
            "status",
            "submitted_at",
            "approved_on",
            "guests",
            "budget",
            "letters",
        ]
        read_only_fields = [
            "reference",
            "applicant",
            "filed_late",
            "status",
            "submitted_at",
            "approved_on",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Whom a visit may name: as on the form (`queries.responsibles_for_user`).
            self.fields["responsible"].queryset = queries.responsibles_for_user(  # type: ignore[attr-defined]
                request.user
            )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        arrival = attrs.get("arrival", getattr(self.instance, "arrival", None))
        departure = attrs.get("departure", getattr(self.instance, "departure", None))
        if arrival and departure and departure < arrival:
            raise ValidationError({"departure": ["The departure must not be before arrival."]})
        return attrs


class VisitViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Visit],
):
    """Visits, their guests and budget. `POST .../guests/` adds a guest, `POST .../submit/`
    sends the visit into approval (decided in the engine: `/api/approvals/`),
    `POST .../withdraw/` and `.../restore/` withdraw and take it up again."""

    serializer_class = VisitSerializer
    permission_classes = [RulePermission]
    rule_permissions = {
        "list": "visits.view_visit",
        "retrieve": "visits.view_visit",
        "create": "visits.add_visit",
        # A visit the user sees; the services then ask `visits.change_visit` of it.
        "update": "visits.view_visit",
        "partial_update": "visits.view_visit",
        "add_guest": "visits.view_visit",
        "submit": "visits.view_visit",
        "withdraw": "visits.view_visit",
        "restore": "visits.view_visit",
        "issue_letter": "visits.manage_visit",
    }
    filterset_class = queries.VisitFilter

    def get_queryset(self) -> QuerySet[Visit]:
        passports = IdentityDocument.objects.filter(kind__in=DocumentKind.passports()).order_by(
            "-expires_on", "-pk"
        )
        guests = Guest.objects.select_related("person__nationality", "visit").prefetch_related(
            Prefetch("person__documents", queryset=passports, to_attr="passports")
        )
        return (
            queries.visits_for_user(self.request.user)
            .prefetch_related(
                Prefetch("guests", queryset=guests),
                "budget",
                Prefetch("letters", queryset=Letter.objects.order_by("-year", "-sequence")),
            )
            .order_by("-arrival", "-pk")
        )

    def _user(self) -> User:
        user = self.request.user
        if not isinstance(user, User):
            raise PermissionDenied
        return user

    def perform_create(self, serializer: serializers.BaseSerializer[Visit]) -> None:
        values = dict(serializer.validated_data)
        budget = values.pop("budget", [])
        serializer.instance = _service(
            services.visit_create, by=self._user(), budget=budget, **values
        )

    def perform_update(self, serializer: serializers.BaseSerializer[Visit]) -> None:
        values = dict(serializer.validated_data)
        budget = values.pop("budget", None)
        visit = cast(Visit, serializer.instance)  # an update has the record it changes
        serializer.instance = _service(
            services.visit_update, visit, by=self._user(), budget=budget, **values
        )

    def _fresh(self, visit: Visit) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=visit.pk)).data)

    @extend_schema(request=GuestInputSerializer, responses=VisitSerializer)
    @action(detail=True, methods=["post"], url_path="guests")
    def add_guest(self, request: Request, pk: str | None = None) -> Response:
        visit = self.get_object()
        data = GuestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        _service(services.guest_add, visit, by=self._user(), **data.validated_data)
        return self._fresh(visit)

    @extend_schema(request=SubmitSerializer, responses=VisitSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        visit = self.get_object()
        data = SubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reason = data.validated_data.get("late_reason")
        _service(services.visit_submit, visit, by=self._user(), late_reason=reason)
        return self._fresh(visit)

    @extend_schema(request=None, responses=VisitSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        visit = self.get_object()
        _service(services.visit_withdraw, visit, by=self._user())
        return self._fresh(visit)

    @extend_schema(request=None, responses=VisitSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request: Request, pk: str | None = None) -> Response:
        visit = self.get_object()
        _service(services.visit_restore, visit, by=self._user())
        return self._fresh(visit)

    @extend_schema(request=LetterRequestSerializer, responses=LetterSerializer)
    @action(detail=True, methods=["post"], url_path="letters")
    def issue_letter(self, request: Request, pk: str | None = None) -> Response:
        """The visa invitation letter (the office): refused before approval and when anything
        the consulate requires is missing. The PDF is on the visit's page."""
        visit = self.get_object()
        data = LetterRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        guest = None
        if data.validated_data.get("guest") is not None:
            guest = visit.guests.filter(pk=data.validated_data["guest"]).first()
            if guest is None:
                raise ValidationError({"guest": ["No such guest of this visit."]})
        letter = _service(letters.invitation_issue, visit, by=self._user(), guest=guest)
        return Response(LetterSerializer(letter).data, status=201)


class ItineraryItemSerializer(serializers.ModelSerializer[ItineraryItem]):
    """An item of a visit's itinerary; the people taking part are the university's own
    (`queries.participants_for_user`)."""

    class Meta:
        model = ItineraryItem
        fields = [
            "id",
            "visit",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "present",
            "escorts",
            "interpreters",
            "notes",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return
        people = queries.participants_for_user(request.user)
        for name in ("present", "escorts", "interpreters"):
            self.fields[name].child_relation.queryset = people  # type: ignore[attr-defined]
        if self.instance is not None and not isinstance(self.instance, list | QuerySet):
            self.fields["visit"].read_only = True
        else:
            self.fields["visit"].queryset = queries.visits_for_user(  # type: ignore[attr-defined]
                request.user
            )


class ItineraryItemViewSet(viewsets.ModelViewSet[ItineraryItem]):
    """Items of the itineraries of the visits one sees (`?visit=<id>` for one visit); written
    through the same services as the pages (the host unit and the office, until the visit is
    rejected or withdrawn)."""

    serializer_class = ItineraryItemSerializer
    permission_classes = [RulePermission]
    rule_permissions = {
        "list": "visits.view_visit",
        "retrieve": "visits.view_visit",
        # Those who may file visits; the services then ask `visits.change_visit` of the visit.
        "create": "visits.add_visit",
        "update": "visits.add_visit",
        "partial_update": "visits.add_visit",
        "destroy": "visits.add_visit",
    }
    filterset_class = queries.ItemFilter

    def get_queryset(self) -> QuerySet[ItineraryItem]:
        return (
            queries.items_for_user(self.request.user)
            .prefetch_related("present", "escorts", "interpreters")
            .order_by("visit", "starts_at", "pk")
        )

    def _user(self) -> User:
        user = self.request.user
        if not isinstance(user, User):
            raise PermissionDenied
        return user

    def perform_create(self, serializer: serializers.BaseSerializer[ItineraryItem]) -> None:
        values = dict(serializer.validated_data)
        visit = values.pop("visit")
        serializer.instance = _service(services.item_create, visit, by=self._user(), **values)

    def perform_update(self, serializer: serializers.BaseSerializer[ItineraryItem]) -> None:
        values = dict(serializer.validated_data)
        values.pop("visit", None)
        item = cast(ItineraryItem, serializer.instance)  # an update has the record it changes
        serializer.instance = _service(services.item_update, item, by=self._user(), **values)

    def perform_destroy(self, instance: ItineraryItem) -> None:
        _service(services.item_delete, instance, by=self._user())


routes = [
    ("visits", VisitViewSet, "visit"),
    ("visit-itinerary", ItineraryItemViewSet, "visit-item"),
]
