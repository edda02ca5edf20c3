"""API of the visits app: /api/visits/ (scoped by `queries.visits_for_user`), its guests and
budget, written through the same services as the pages. Passport numbers are masked except
for the office, as on the pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.db.models import Model, OuterRef, Prefetch, QuerySet, Subquery
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from waishi.core.api import RelatedBySlug, RulePermission, service_call
from waishi.core.models import Country, Letter, User
from waishi.people.enums import DocumentKind, Sex
from waishi.people.models import IdentityDocument, Person, masked
from waishi.people.queries import sees_full_numbers
from waishi.visits import letters, queries, services
from waishi.visits.enums import GuestRank, GuestRole, Standard
from waishi.visits.models import (
    AuthorisedLetter,
    BudgetLine,
    Cost,
    Gift,
    Guest,
    ItineraryItem,
    StandardReason,
    Summary,
    SummaryPhoto,
    Visit,
)

M = TypeVar("M", bound=Model)


class GuestSerializer(serializers.ModelSerializer[Guest]):
    """A guest as the API shows them (read from `shown_visits`): the passport number is the
    person's latest passport, masked except for the office."""

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

    @cached_property
    def _full_numbers(self) -> bool:
        # Asked once for every guest serialized (the office sees numbers unmasked).
        return sees_full_numbers(self.context["request"].user)

    def get_passport_number(self, guest: Guest) -> str:
        number: str | None = guest.passport  # type: ignore[attr-defined]  # see shown_visits
        if not number:
            return ""
        return number if self._full_numbers else masked(number)


class GuestInputSerializer(serializers.Serializer[Guest]):
    """A guest to add: found again in the people register, or recorded with their passport."""

    family_name = serializers.CharField(max_length=100, required=False, default="")
    given_name = serializers.CharField(max_length=150, required=False, default="")
    name_zh = serializers.CharField(max_length=100, required=False, default="")
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True)
    birth_date = serializers.DateField(required=False, allow_null=True, default=None)
    nationality = RelatedBySlug(
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


class ReasonSerializer(serializers.ModelSerializer[StandardReason]):
    """Why the visit goes over one reception standard; an empty reason takes it back."""

    standard = serializers.ChoiceField(choices=Standard.choices)
    reason = serializers.CharField(allow_blank=True, trim_whitespace=True)

    class Meta:
        model = StandardReason
        fields = ["standard", "reason"]


class PhotoSerializer(serializers.ModelSerializer[SummaryPhoto]):
    url = serializers.SerializerMethodField(help_text="The photo itself (the visit's readers).")

    class Meta:
        model = SummaryPhoto
        fields = ["id", "caption", "url"]
        read_only_fields = fields

    def get_url(self, photo: SummaryPhoto) -> str:
        return reverse("visits:photo.file", args=[photo.summary.visit_id, photo.pk])


class SummarySerializer(serializers.ModelSerializer[Summary]):
    """The visit's summary; its photos are added on the summary's page."""

    photos = PhotoSerializer(many=True, read_only=True)

    class Meta:
        model = Summary
        fields = ["text", "filed_by", "filed_at", "photos"]
        read_only_fields = ["filed_by", "filed_at", "photos"]


class AuthorisedLetterSerializer(serializers.ModelSerializer[AuthorisedLetter]):
    """The authorised unit's letter (被授权单位邀请函) and the departure registration (销签)."""

    class Meta:
        model = AuthorisedLetter
        fields = [
            "authority",
            "filed_on",
            "issued_on",
            "number",
            "departure_registered_on",
            "notes",
        ]


class VisitSerializer(serializers.ModelSerializer[Visit]):
    """A visit with its guests, budget and letters, as `shown_visits` reads them."""

    guests = GuestSerializer(many=True, read_only=True, source="shown_guests")
    budget = BudgetLineSerializer(many=True, required=False, source="shown_budget")
    letters = LetterSerializer(many=True, read_only=True, source="shown_letters")
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


def shown_visits(visits: QuerySet[Visit]) -> QuerySet[Visit]:
    """`visits` as `VisitSerializer` shows them, in a fixed number of queries that read only
    what it shows: the visit's own columns (its unit, partner and applicant by number), its
    guests with their person, nationality and latest passport number (a subquery, not a row
    per document), its budget and its letters."""
    passport = (
        IdentityDocument.objects.filter(
            person=OuterRef("person_id"), kind__in=DocumentKind.passports()
        )
        .order_by("-expires_on", "-pk")
        .values("number")[:1]
    )
    guests = (
        Guest.objects.select_related("person__nationality")
        .only(*GUEST_COLUMNS)
        .annotate(passport=Subquery(passport))
        # Not the model's order, which sorts by the visit's own (a join): the prefetch groups
        # them by visit.
        .order_by("role", "pk")
    )
    budget = BudgetLine.objects.only("id", "visit_id", "item", "description", "amount")
    letters = Letter.objects.only(*LETTER_COLUMNS).order_by("-year", "-sequence")
    return (
        visits.select_related(None)
        .defer("notes", "created_at", "updated_at")
        # Into lists (`to_attr`): no queryset made per visit and relation.
        .prefetch_related(
            Prefetch("guests", queryset=guests, to_attr="shown_guests"),
            Prefetch("budget", queryset=budget.order_by("pk"), to_attr="shown_budget"),
            Prefetch("letters", queryset=letters, to_attr="shown_letters"),
        )
        .order_by("-arrival", "-pk")
    )


GUEST_COLUMNS = (
    "id",
    "visit_id",
    "person_id",
    "role",
    "organisation",
    "title",
    "rank",
    "person__family_name",
    "person__given_name",
    "person__name_zh",
    "person__passport_name",
    "person__birth_date",
    "person__nationality__code",
)
# What a letter shows, and what ties it to its visit.
LETTER_COLUMNS = (
    "id",
    "number",
    "title",
    "issued_at",
    "issued_by_id",
    "content_type_id",
    "object_id",
)


class VisitViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Visit],
):
    """Visits, their guests and budget. `POST .../guests/` adds a guest, `POST .../submit/`
    sends the visit into approval (decided in the engine: `/api/approvals/`),
    `POST .../withdraw/` and `.../restore/` withdraw and take it up again. Once approved:
    `POST .../reasons/` (why a standard is gone over), `GET`/`PUT .../summary/`,
    `GET`/`PUT .../authorised-letter/` (the office), `POST .../close/`, and
    `POST .../reopen/` (the office). Costs and gifts are at `/api/visit-costs/` and
    `/api/visit-gifts/`."""

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
        # The services then ask what each needs (the host unit or the office, the state).
        "reasons": "visits.view_visit",
        "summary": "visits.view_visit",
        "authorised_letter": "visits.view_visit",
        "close": "visits.view_visit",
        "reopen": "visits.view_visit",
    }
    filterset_class = queries.VisitFilter

    def get_queryset(self) -> QuerySet[Visit]:
        visits = queries.visits_for_user(self.request.user)
        if self.action in ("list", "retrieve"):
            return shown_visits(visits)
        # A write acts on the whole record; what it answers is read again (`_shown`).
        return visits

    def _require(self, permission: str, visit: Visit) -> None:
        """403 before the input is read unless the user may (the services ask it again)."""
        if not self.request.user.has_perm(permission, visit):
            raise PermissionDenied

    def _shown(self, visit: Visit) -> Visit:
        return shown_visits(queries.visits_for_user(self.request.user)).get(pk=visit.pk)

    def _user(self) -> User:
        user = self.request.user
        if not isinstance(user, User):
            raise PermissionDenied
        return user

    def perform_create(self, serializer: serializers.BaseSerializer[Visit]) -> None:
        values = dict(serializer.validated_data)
        budget = values.pop("shown_budget", [])  # the field `budget` (its source)
        visit = service_call(services.visit_create, by=self._user(), budget=budget, **values)
        serializer.instance = self._shown(visit)

    def perform_update(self, serializer: serializers.BaseSerializer[Visit]) -> None:
        values = dict(serializer.validated_data)
        budget = values.pop("shown_budget", None)  # the field `budget` (its source)
        visit = cast(Visit, serializer.instance)  # an update has the record it changes
        service_call(services.visit_update, visit, by=self._user(), budget=budget, **values)
        serializer.instance = self._shown(visit)

    def _fresh(self, visit: Visit) -> Response:
        return Response(self.get_serializer(self._shown(visit)).data)

    @extend_schema(request=GuestInputSerializer, responses=VisitSerializer)
    @action(detail=True, methods=["post"], url_path="guests")
    def add_guest(self, request: Request, pk: str | None = None) -> Response:
        visit = self.get_object()
        data = GuestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service_call(services.guest_add, visit, by=self._user(), **data.validated_data)
        return self._fresh(visit)

    @extend_schema(request=SubmitSerializer, responses=VisitSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        visit = self.get_object()
        data = SubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reason = data.validated_data.get("late_reason")
        service_call(services.visit_submit, visit, by=self._user(), late_reason=reason)
        return self._fresh(visit)

    @extend_schema(request=None, responses=VisitSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        visit = self.get_object()
        service_call(services.visit_withdraw, visit, by=self._user())
        return self._fresh(visit)

    @extend_schema(request=None, responses=VisitSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request: Request, pk: str | None = None) -> Response:
        visit = self.get_object()
        service_call(services.visit_restore, visit, by=self._user())
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
        letter = service_call(letters.invitation_issue, visit, by=self._user(), guest=guest)
        return Response(LetterSerializer(letter).data, status=201)

    @extend_schema(request=ReasonSerializer, responses=ReasonSerializer(many=True))
    @action(detail=True, methods=["post"])
    def reasons(self, request: Request, pk: str | None = None) -> Response:
        """Say why the visit goes over a reception standard (an empty reason takes it back);
        answers every reason of the visit."""
        visit = self.get_object()
        self._require("visits.change_visit", visit)
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service_call(services.reason_set, visit, by=self._user(), **data.validated_data)
        found = StandardReason.objects.filter(visit=visit).order_by("standard")
        return Response(ReasonSerializer(found, many=True).data)

    @extend_schema(methods=["GET"], request=None, responses=SummarySerializer)
    @extend_schema(methods=["PUT"], request=SummarySerializer, responses=SummarySerializer)
    @action(detail=True, methods=["get", "put"])
    def summary(self, request: Request, pk: str | None = None) -> Response:
        """The visit's summary (404 until filed); `PUT` files or changes it, once the guests
        have arrived, until the visit is closed."""
        visit = self.get_object()
        if request.method == "PUT":
            self._require("visits.change_visit", visit)
            data = SummarySerializer(data=request.data)
            data.is_valid(raise_exception=True)
            service_call(
                services.summary_file, visit, by=self._user(), text=data.validated_data["text"]
            )
        found = Summary.objects.filter(visit=visit).prefetch_related("photos").first()
        if found is None:
            raise NotFound(_("No summary has been filed for this visit yet."))
        return Response(SummarySerializer(found).data)

    @extend_schema(methods=["GET"], request=None, responses=AuthorisedLetterSerializer)
    @extend_schema(
        methods=["PUT"], request=AuthorisedLetterSerializer, responses=AuthorisedLetterSerializer
    )
    @action(detail=True, methods=["get", "put"], url_path="authorised-letter")
    def authorised_letter(self, request: Request, pk: str | None = None) -> Response:
        """The request for an authorised unit's letter and how it goes (404 until recorded);
        `PUT` records it (the office)."""
        visit = self.get_object()
        found = AuthorisedLetter.objects.filter(visit=visit).first()
        if request.method == "PUT":
            self._require("visits.manage_visit", visit)
            data = AuthorisedLetterSerializer(found, data=request.data)
            data.is_valid(raise_exception=True)
            found = service_call(
                services.authorised_letter_set, visit, by=self._user(), **data.validated_data
            )
        if found is None:
            raise NotFound(_("No authorised unit's letter has been recorded for this visit."))
        return Response(AuthorisedLetterSerializer(found).data)

    @extend_schema(request=None, responses=VisitSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        """Close the visit once it is over: refused with everything still missing."""
        visit = self.get_object()
        self._require("visits.change_visit", visit)
        service_call(services.visit_close, visit, by=self._user())
        return self._fresh(visit)

    @extend_schema(request=None, responses=VisitSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        """The office reopens a closed visit: approved again."""
        visit = self.get_object()
        self._require("visits.manage_visit", visit)
        service_call(services.visit_reopen, visit, by=self._user())
        return self._fresh(visit)


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
            .order_by("visit_id", "starts_at", "pk")
        )

    def _user(self) -> User:
        user = self.request.user
        if not isinstance(user, User):
            raise PermissionDenied
        return user

    def perform_create(self, serializer: serializers.BaseSerializer[ItineraryItem]) -> None:
        values = dict(serializer.validated_data)
        visit = values.pop("visit")
        serializer.instance = service_call(services.item_create, visit, by=self._user(), **values)

    def perform_update(self, serializer: serializers.BaseSerializer[ItineraryItem]) -> None:
        values = dict(serializer.validated_data)
        values.pop("visit", None)
        item = cast(ItineraryItem, serializer.instance)  # an update has the record it changes
        serializer.instance = service_call(services.item_update, item, by=self._user(), **values)

    def perform_destroy(self, instance: ItineraryItem) -> None:
        service_call(services.item_delete, instance, by=self._user())


class CostSerializer(serializers.ModelSerializer[Cost]):
    """What one item of the reception cost (once the visit is approved, until closed)."""

    class Meta:
        model = Cost
        fields = ["id", "visit", "item", "description", "spent_on", "people", "amount"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["visit"].queryset = queries.visits_for_user(  # type: ignore[attr-defined]
                request.user
            )


class GiftSerializer(serializers.ModelSerializer[Gift]):
    """A gift given to a guest or received from one; the office records a gift received as
    handed to it (`POST .../handed/`)."""

    class Meta:
        model = Gift
        fields = [
            "id",
            "visit",
            "direction",
            "guest",
            "counterpart",
            "description",
            "value",
            "given_on",
            "handed_on",
        ]
        read_only_fields = ["handed_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            visits = queries.visits_for_user(request.user)
            self.fields["visit"].queryset = visits  # type: ignore[attr-defined]
            self.fields["guest"].queryset = Guest.objects.filter(  # type: ignore[attr-defined]
                visit__in=visits.values("pk")
            )


class VisitLineViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[M],
    Generic[M],
):
    """Lines of the visits one sees (`?visit=<id>` for one visit), added and taken off
    through the same services as the pages: `add(visit, by=, **values)`,
    `remove(line, by=)`."""

    permission_classes = [RulePermission]
    rule_permissions = {
        "list": "visits.view_visit",
        "retrieve": "visits.view_visit",
        # Those who may file visits; the services then ask `visits.change_visit` of the visit.
        "create": "visits.add_visit",
        "destroy": "visits.add_visit",
    }
    add: ClassVar[Callable[..., Any]]
    remove: ClassVar[Callable[..., None]]

    def _user(self) -> User:
        user = self.request.user
        if not isinstance(user, User):
            raise PermissionDenied
        return user

    def perform_create(self, serializer: serializers.BaseSerializer[M]) -> None:
        values = dict(serializer.validated_data)
        visit = values.pop("visit")
        serializer.instance = service_call(type(self).add, visit, by=self._user(), **values)

    def perform_destroy(self, instance: M) -> None:
        service_call(type(self).remove, instance, by=self._user())


class CostViewSet(VisitLineViewSet[Cost]):
    """Actual costs of the visits one sees (budget and standards: the visit's page)."""

    serializer_class = CostSerializer
    filterset_class = queries.CostFilter
    add = services.cost_add
    remove = services.cost_remove

    def get_queryset(self) -> QuerySet[Cost]:
        return queries.costs_for_user(self.request.user).order_by(
            "visit_id", "item", "spent_on", "pk"
        )


class GiftViewSet(VisitLineViewSet[Gift]):
    """The gifts register of the visits one sees."""

    serializer_class = GiftSerializer
    filterset_class = queries.GiftFilter
    rule_permissions = VisitLineViewSet.rule_permissions | {"handed": "visits.manage_visit"}
    add = services.gift_add
    remove = services.gift_remove

    def get_queryset(self) -> QuerySet[Gift]:
        return queries.gifts_for_user(self.request.user).order_by("visit_id", "given_on", "pk")

    @extend_schema(request=None, responses=GiftSerializer)
    @action(detail=True, methods=["post"])
    def handed(self, request: Request, pk: str | None = None) -> Response:
        """The office records a gift received as handed to it (today)."""
        gift = self.get_object()
        service_call(services.gift_handed, gift, by=self._user())
        return Response(GiftSerializer(gift, context=self.get_serializer_context()).data)


routes = [
    ("visits", VisitViewSet, "visit"),
    ("visit-itinerary", ItineraryItemViewSet, "visit-item"),
    ("visit-costs", CostViewSet, "visit-cost"),
    ("visit-gifts", GiftViewSet, "visit-gift"),
]
