"""API of Confucius Institutes: /api/confucius-institutes/, scoped by
`queries.institutes_for_user` and written through the same services as the pages."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError

from waishi.confucius import queries, services
from waishi.confucius.models import Dispatch, Institute, YearlyFigures
from waishi.confucius.validators import institute_check
from waishi.core.api import RulePermission, iso_date
from waishi.core.permissions import acting_user

# What `InstituteSerializer` shows of the institute itself (without the lists under it).
INSTITUTE_COLUMNS = [
    "id",
    *(name for name in services.INSTITUTE_FIELDS if name != "notes"),
    "closed_on",
    "close_reason",
]
# What its figures show, and what ties them to the institute.
# The yearly numbers the API shows (the notes are not shown).
FIGURES_SHOWN = [name for name in services.FIGURES_FIELDS if name != "notes"]
FIGURES_COLUMNS = ("id", "institute_id", *FIGURES_SHOWN)
# What a dispatch shows, with what its person's `display_name` reads.
DISPATCH_COLUMNS = (
    "id",
    "institute_id",
    "person_id",
    "role",
    "starts_on",
    "ends_on",
    "returned_on",
    "person__family_name",
    "person__given_name",
    "person__name_zh",
    "person__passport_name",
)


class InstituteFiguresSerializer(serializers.ModelSerializer[YearlyFigures]):
    class Meta:
        model = YearlyFigures
        fields = FIGURES_SHOWN

    def to_representation(self, figures: YearlyFigures) -> dict[str, Any]:
        # A page shows a hundred years of figures and more: the numbers as read, without DRF's
        # lookup and conversion per field (the same values; the test of the API checks it).
        return {name: getattr(figures, name) for name in self.Meta.fields}


class InstituteDispatchSerializer(serializers.ModelSerializer[Dispatch]):
    person_name = serializers.CharField(source="person.display_name", read_only=True)

    class Meta:
        model = Dispatch
        fields = ["id", "person", "person_name", "role", "starts_on", "ends_on", "returned_on"]

    def to_representation(self, dispatch: Dispatch) -> dict[str, Any]:
        # As for the figures: the columns `shown_institutes` read, as the fields write them.
        return {
            "id": dispatch.pk,
            "person": dispatch.person_id,
            "person_name": dispatch.person.display_name,
            "role": dispatch.role,
            "starts_on": iso_date(dispatch.starts_on),
            "ends_on": iso_date(dispatch.ends_on),
            "returned_on": iso_date(dispatch.returned_on),
        }


class InstituteSerializer(serializers.ModelSerializer[Institute]):
    figures = InstituteFiguresSerializer(many=True, read_only=True, source="shown_figures")
    dispatches = InstituteDispatchSerializer(many=True, read_only=True, source="shown_dispatches")

    class Meta:
        model = Institute
        fields = [*INSTITUTE_COLUMNS, "figures", "dispatches"]
        read_only_fields = ["closed_on", "close_reason"]
        extra_kwargs = {"country": {"required": False}}

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        merged = dict(attrs)
        if self.instance is not None:
            merged = {f: getattr(self.instance, f) for f in services.INSTITUTE_FIELDS} | attrs
        try:
            institute_check(merged, instance=self.instance)
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        return attrs


def shown_institutes(institutes: QuerySet[Institute]) -> QuerySet[Institute]:
    """`institutes` as `InstituteSerializer` shows them, in a fixed number of queries that
    read only what it shows: the institute's own columns, its yearly figures, and the people
    it was sent with their names, into lists (`to_attr`) rather than a queryset made per
    institute and relation."""
    figures = YearlyFigures.objects.only(*FIGURES_COLUMNS).order_by("-year")
    dispatches = (
        Dispatch.objects.select_related("person")
        .only(*DISPATCH_COLUMNS)
        .order_by("-starts_on", "pk")
    )
    return (
        # The rows name their host, country, college and directors by id alone: no joins,
        # so a page is read from the name index (institute_by_name).
        institutes.select_related(None)
        .only(*INSTITUTE_COLUMNS)
        .prefetch_related(
            # Not the figures' own order, which sorts by the institute's (a join): the
            # prefetch groups them by institute.
            Prefetch("figures", queryset=figures, to_attr="shown_figures"),
            Prefetch("dispatches", queryset=dispatches, to_attr="shown_dispatches"),
        )
        .order_by("name_zh", "pk")
    )


class InstituteViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Institute],
):
    serializer_class = InstituteSerializer
    permission_classes = [RulePermission]
    rule_permissions = {
        "list": "confucius.view_institute",
        "retrieve": "confucius.view_institute",
        "create": "confucius.add_institute",
        "update": "confucius.change_institute",
        "partial_update": "confucius.change_institute",
    }
    filterset_class = queries.InstituteFilter
    # The institute's own columns: the lists under it are not orders of the institutes.
    ordering_fields = INSTITUTE_COLUMNS

    def get_queryset(self) -> QuerySet[Institute]:
        institutes = queries.institutes_for_user(self.request.user)
        if self.action in ("list", "retrieve"):
            return shown_institutes(institutes)
        # A write acts on the whole record; what it answers is read again (`_shown`).
        return institutes

    def _shown(self, institute: Institute) -> Institute:
        # The record just written, as the list shows it (to whoever wrote it, as before).
        return shown_institutes(Institute.objects.all()).get(pk=institute.pk)

    def perform_create(self, serializer: serializers.BaseSerializer[Institute]) -> None:
        institute = services.institute_create(
            by=acting_user(self.request), **serializer.validated_data
        )
        serializer.instance = self._shown(institute)

    def perform_update(self, serializer: serializers.BaseSerializer[Institute]) -> None:
        institute = cast(Institute, serializer.instance)  # an update has the record it changes
        institute = services.institute_update(
            institute, by=acting_user(self.request), **serializer.validated_data
        )
        serializer.instance = self._shown(institute)


routes = [("confucius-institutes", InstituteViewSet, "confucius-institute")]
