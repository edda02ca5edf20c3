"""API of cooperation plans: /api/plans/, scoped by `queries.plans_for_user` and written
through the same services as the pages."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError

from waishi.core.api import RelatedBySlug, RulePermission
from waishi.core.permissions import acting_user
from waishi.plans import queries, services
from waishi.plans.models import Plan, PlanActivity, PlanMember
from waishi.plans.validators import plan_check


class PlanMemberSerializer(serializers.ModelSerializer[PlanMember]):
    class Meta:
        model = PlanMember
        fields = ["id", "institution", "role", "joined_on"]


class PlanActivitySerializer(serializers.ModelSerializer[PlanActivity]):
    linked_type: RelatedBySlug[ContentType] = RelatedBySlug(slug_field="model", read_only=True)

    class Meta:
        model = PlanActivity
        fields = [
            "id",
            "date",
            "kind",
            "description",
            "institutions",
            "agreements",
            "linked_type",
            "linked_id",
        ]


class PlanSerializer(serializers.ModelSerializer[Plan]):
    members = PlanMemberSerializer(many=True, read_only=True)
    activities = PlanActivitySerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "name_zh",
            "name_en",
            "sponsor_zh",
            "sponsor_en",
            "starts_year",
            "ends_year",
            "description_zh",
            "description_en",
            "status",
            "ended_on",
            "members",
            "activities",
        ]
        read_only_fields = ["status", "ended_on"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        merged = dict(attrs)
        if self.instance is not None:
            merged = {f: getattr(self.instance, f) for f in services.PLAN_FIELDS} | attrs
        try:
            plan_check(merged)
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        return attrs


class PlanViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Plan],
):
    serializer_class = PlanSerializer
    permission_classes = [RulePermission]
    rule_permissions = {
        "list": "plans.view_plan",
        "retrieve": "plans.view_plan",
        "create": "plans.add_plan",
        "update": "plans.change_plan",
        "partial_update": "plans.change_plan",
    }
    filterset_class = queries.PlanFilter

    def get_queryset(self) -> QuerySet[Plan]:
        return (
            queries.plans_for_user(self.request.user)
            .prefetch_related(
                "members",
                "activities__institutions",
                "activities__agreements",
                "activities__linked_type",
            )
            .order_by("name_zh", "pk")
        )

    def perform_create(self, serializer: serializers.BaseSerializer[Plan]) -> None:
        serializer.instance = services.plan_create(
            by=acting_user(self.request), **serializer.validated_data
        )

    def perform_update(self, serializer: serializers.BaseSerializer[Plan]) -> None:
        plan = cast(Plan, serializer.instance)  # an update has the record it changes
        serializer.instance = services.plan_update(
            plan, by=acting_user(self.request), **serializer.validated_data
        )


routes = [("plans", PlanViewSet, "plan")]
