"""API of the conferences app: /api/conferences/ (scoped by `queries.conferences_for_user`)
with each conference's current version, `POST` to declare one and `.../submit/`,
`.../withdraw/`, `.../change/` as on the pages, through the same services; every version at
/api/conference-versions/ (`?conference=<id>`)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from waishi.conferences import queries, services
from waishi.conferences.enums import Discipline, Format, OrganiserRole
from waishi.conferences.models import Conference, ConferenceVersion, Forecast, Organiser
from waishi.core.api import RelatedBySlug, RulePermission, service_call
from waishi.core.models import Country, Unit, User
from waishi.core.pagination import CountingPaginator, Pagination
from waishi.partners.models import Institution
from waishi.people.models import Person


class OrganiserSerializer(serializers.ModelSerializer[Organiser]):
    institution = serializers.PrimaryKeyRelatedField(
        queryset=Institution.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Organiser
        fields = ["institution", "name", "role", "overseas_ngo"]


class VersionSerializer(serializers.ModelSerializer[ConferenceVersion]):
    organisers = OrganiserSerializer(many=True, read_only=True)
    countries: RelatedBySlug[Country] = RelatedBySlug(slug_field="code", many=True, read_only=True)

    class Meta:
        model = ConferenceVersion
        fields = [
            "id",
            "conference",
            "number",
            "name_zh",
            "name_en",
            "discipline",
            "format",
            "starts_on",
            "ends_on",
            "venue",
            "city",
            "outside_home_city",
            "expected_total",
            "expected_foreign",
            "expected_countries",
            "countries",
            "un_body",
            "minister_attends",
            "state_leaders_invited",
            "sensitive_topic",
            "size_class",
            "budget",
            "funding_source",
            "change_reason",
            "status",
            "submitted_at",
            "approved_on",
            "filed_late",
            "late_reason",
            "organisers",
        ]
        read_only_fields = fields


class ConferenceSerializer(serializers.ModelSerializer[Conference]):
    current_version = VersionSerializer(read_only=True)

    class Meta:
        model = Conference
        fields = [
            "id",
            "reference",
            "unit",
            "applicant",
            "responsible",
            "status",
            "forecast",
            "current_version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class DeclarationSerializer(serializers.Serializer[Conference]):
    """A declaration (or, without unit, responsible person and forecast, a change): checked
    by the same services as the form, every broken rule named."""

    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.none(), required=False)
    responsible = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none(), required=False)
    forecast = serializers.PrimaryKeyRelatedField(
        queryset=Forecast.objects.none(), required=False, allow_null=True
    )
    name_zh = serializers.CharField(max_length=300)
    name_en = serializers.CharField(max_length=300)
    discipline = serializers.ChoiceField(choices=Discipline.choices)
    format = serializers.ChoiceField(choices=Format.choices, default=Format.ONSITE)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    venue = serializers.CharField(max_length=300, required=False, default="")
    city = serializers.CharField(max_length=100, required=False, default="")
    outside_home_city = serializers.BooleanField(required=False, default=False)
    expected_total = serializers.IntegerField(min_value=0)
    expected_foreign = serializers.IntegerField(min_value=0)
    expected_countries = serializers.IntegerField(min_value=0, required=False)
    countries = RelatedBySlug(
        slug_field="code", queryset=Country.objects.all(), many=True, required=False
    )
    un_body = serializers.BooleanField(required=False, default=False)
    minister_attends = serializers.BooleanField(required=False, default=False)
    state_leaders_invited = serializers.BooleanField(required=False, default=False)
    sensitive_topic = serializers.BooleanField(required=False, default=False)
    budget = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True
    )
    funding_source = serializers.CharField(max_length=300, required=False, default="")
    late_reason = serializers.CharField(required=False, allow_blank=True, default="")
    change_reason = serializers.CharField(required=False, allow_blank=True, default="")
    organisers = OrganiserSerializer(many=True, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            user = request.user
            self.fields["unit"].queryset = queries.units_for_user(user)  # type: ignore[attr-defined]
            self.fields["responsible"].queryset = queries.responsibles_for_user(user)  # type: ignore[attr-defined]
            self.fields["forecast"].queryset = queries.forecasts_for_user(user)  # type: ignore[attr-defined]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["ends_on"] < attrs["starts_on"]:
            raise ValidationError({"ends_on": ["The end must not be before the start."]})
        if not attrs.get("countries") and attrs.get("expected_countries") is None:
            raise ValidationError(
                {"expected_countries": ["Give the number of countries, or list them."]}
            )
        return attrs


def _split(values: dict[str, Any]) -> tuple[list[services.OrganiserRow], list[Country] | None]:
    organisers = [
        services.OrganiserRow(
            institution=row.get("institution"),
            name=row.get("name", ""),
            role=row.get("role", OrganiserRole.CO_ORGANISER),
            overseas_ngo=row.get("overseas_ngo", False),
        )
        for row in values.pop("organisers", [])
    ]
    countries = values.pop("countries", None)
    return organisers, countries


class CountedPagination(Pagination):
    """The API's pages of conferences, counted as the list page counts them."""

    def paginate_queryset(
        self, queryset: Any, request: Request, view: Any = None
    ) -> list[Any] | None:
        counted = getattr(view, "counted", queryset)

        def paginator(object_list: Any, per_page: int) -> Paginator:
            return CountingPaginator(object_list, per_page, counted=counted)

        self.django_paginator_class = paginator  # type: ignore[assignment]
        return super().paginate_queryset(queryset, request, view)


class ConferenceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[Conference],
):
    """Conferences, each with its current version. `POST` declares one (a draft);
    `POST .../submit/` sends it into approval (decided in the engine: `/api/approvals/`),
    `.../withdraw/` withdraws it, `.../change/` asks for a change of an approved one (a new
    version)."""

    serializer_class = ConferenceSerializer
    permission_classes = [RulePermission]
    rule_permissions = {
        "list": "conferences.view_conference",
        "retrieve": "conferences.view_conference",
        "create": "conferences.add_conference",
        # A conference the user sees; the services then ask their own permissions of it.
        "submit": "conferences.view_conference",
        "withdraw": "conferences.view_conference",
        "change": "conferences.add_conference",
    }
    filterset_class = queries.ConferenceFilter

    pagination_class = CountedPagination

    def get_queryset(self) -> QuerySet[Conference]:
        return queries.conferences_for_user(self.request.user).prefetch_related(
            "current_version__organisers", "current_version__countries"
        )

    def filter_queryset(self, queryset: QuerySet[Conference]) -> QuerySet[Conference]:  # type: ignore[override]  # DRF types it generic over rows
        # Counted without the join to the versions, read through it (`queries.listed`).
        self.counted = super().filter_queryset(queryset)
        return queries.listed(self.counted).order_by(*queries.BY_START)

    def _user(self) -> User:
        user = self.request.user
        if not isinstance(user, User):
            raise PermissionDenied
        return user

    def _fresh(self, conference: Conference, status: int = 200) -> Response:
        return Response(
            ConferenceSerializer(
                self.get_queryset().get(pk=conference.pk), context={"request": self.request}
            ).data,
            status=status,
        )

    @extend_schema(request=DeclarationSerializer, responses=ConferenceSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = DeclarationSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.pop("change_reason", None)
        organisers, countries = _split(values)
        for name in ("unit", "responsible"):
            if values.get(name) is None:
                raise ValidationError({name: ["This field is required."]})
        conference = service_call(
            services.conference_create,
            by=self._user(),
            organisers=organisers,
            countries=countries,
            **values,
        )
        return self._fresh(conference, status=201)

    @extend_schema(request=None, responses=ConferenceSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        conference = self.get_object()
        service_call(services.conference_submit, conference, by=self._user())
        return self._fresh(conference)

    @extend_schema(request=None, responses=ConferenceSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        conference = self.get_object()
        service_call(services.conference_withdraw, conference, by=self._user())
        return self._fresh(conference)

    @extend_schema(request=DeclarationSerializer, responses=ConferenceSerializer)
    @action(detail=True, methods=["post"])
    def change(self, request: Request, pk: str | None = None) -> Response:
        """A new version of an approved conference (a draft; submit it to have it
        approved). Every field is given, as for a declaration."""
        conference = self.get_object()
        data = DeclarationSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        for name in ("unit", "responsible", "forecast", "late_reason"):
            values.pop(name, None)
        organisers, countries = _split(values)
        service_call(
            services.conference_change,
            conference,
            by=self._user(),
            organisers=organisers if "organisers" in request.data else None,
            countries=countries,
            **values,
        )
        return self._fresh(conference)


class VersionFilter(django_filters.FilterSet):
    conference = django_filters.NumberFilter(field_name="conference_id", label="Conference")

    class Meta:
        model = ConferenceVersion
        fields = ["conference"]


class VersionViewSet(viewsets.ReadOnlyModelViewSet[ConferenceVersion]):
    """Every version of the conferences one sees (`?conference=<id>` for one), oldest
    first: a change after approval is a new version, the versions before are kept."""

    serializer_class = VersionSerializer
    permission_classes = [RulePermission]
    rule_permissions = {
        "list": "conferences.view_conference",
        "retrieve": "conferences.view_conference",
    }
    filterset_class = VersionFilter

    def get_queryset(self) -> QuerySet[ConferenceVersion]:
        return (
            queries.versions_for_user(self.request.user)
            .prefetch_related("organisers", "countries")
            .order_by("conference_id", "number")
        )


routes = [
    ("conferences", ConferenceViewSet, "conference"),
    ("conference-versions", VersionViewSet, "conference-version"),
]

# Participants (participant_api).
from waishi.conferences.participant_api import ParticipantViewSet  # noqa: E402

routes += [("conference-participants", ParticipantViewSet, "conference-participant")]

# Summaries (summary_api).
from waishi.conferences.summary_api import SummaryViewSet  # noqa: E402

routes += [("conference-summaries", SummaryViewSet, "conference-summary")]

# The public registrations' queue (registration_api).
from waishi.conferences.registration_api import RegistrationViewSet  # noqa: E402

routes += [("conference-registrations", RegistrationViewSet, "conference-registration")]

# The programme (programme_api).
from waishi.conferences.programme_api import SessionViewSet, TalkViewSet  # noqa: E402

routes += [
    ("conference-sessions", SessionViewSet, "conference-session"),
    ("conference-talks", TalkViewSet, "conference-talk"),
]
