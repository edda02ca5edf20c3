"""API of Confucius Institutes: /api/confucius-institutes/, scoped by
`queries.institutes_for_user` and written through the same services as the pages."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError

from waishi.confucius import queries, services
from waishi.confucius.models import Dispatch, Institute, YearlyFigures
from waishi.confucius.validators import institute_check
from waishi.core.api import RulePermission
from waishi.core.permissions import acting_user


class InstituteFiguresSerializer(serializers.ModelSerializer[YearlyFigures]):
    class Meta:
        model = YearlyFigures
        fields = [
            "year",
            "students",
            "classes",
            "events",
            "hsk_takers",
            "hskk_takers",
            "scholarships_recommended",
        ]


class InstituteDispatchSerializer(serializers.ModelSerializer[Dispatch]):
    person_name = serializers.CharField(source="person.display_name", read_only=True)

    class Meta:
        model = Dispatch
        fields = ["id", "person", "person_name", "role", "starts_on", "ends_on", "returned_on"]


class InstituteSerializer(serializers.ModelSerializer[Institute]):
    figures = InstituteFiguresSerializer(many=True, read_only=True)
    dispatches = InstituteDispatchSerializer(many=True, read_only=True)

    class Meta:
        model = Institute
        fields = [
            "id",
            "name_zh",
            "name_en",
            "host",
            "country",
            "city",
            "founded_on",
            "home_unit",
            "chinese_director",
            "foreign_director",
            "website",
            "status",
            "closed_on",
            "close_reason",
            "figures",
            "dispatches",
        ]
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

    def get_queryset(self) -> QuerySet[Institute]:
        # The rows name their host, country, college and directors by id alone: no joins,
        # so a page is read from the name index (institute_by_name).
        return (
            queries.institutes_for_user(self.request.user)
            .select_related(None)
            .prefetch_related("figures", "dispatches__person")
            .order_by("name_zh", "pk")
        )

    def perform_create(self, serializer: serializers.BaseSerializer[Institute]) -> None:
        serializer.instance = services.institute_create(
            by=acting_user(self.request), **serializer.validated_data
        )

    def perform_update(self, serializer: serializers.BaseSerializer[Institute]) -> None:
        institute = cast(Institute, serializer.instance)  # an update has the record it changes
        serializer.instance = services.institute_update(
            institute, by=acting_user(self.request), **serializer.validated_data
        )


routes = [("confucius-institutes", InstituteViewSet, "confucius-institute")]
