"""API of cooperation plans: /api/plans/, scoped by `queries.plans_for_user` and written
through the same services as the pages."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import Prefetch, QuerySet
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError

from waishi.agreements.models import Agreement
from waishi.core.api import RelatedBySlug, RulePermission, iso_date
from waishi.core.permissions import acting_user
from waishi.partners.models import Institution
from waishi.plans import queries, services
from waishi.plans.models import Plan, PlanActivity, PlanMember
from waishi.plans.validators import plan_check

# What `PlanSerializer` shows of the plan itself (without the lists under it).
PLAN_COLUMNS = ["id", *services.PLAN_FIELDS, "status", "ended_on"]
# What its members and activities show, and what ties them to the plan.
MEMBER_COLUMNS = ("id", "plan_id", "institution_id", "role", "joined_on")
ACTIVITY_COLUMNS = (
    "id",
    "plan_id",
    "date",
    "kind",
    "description",
    "linked_type__model",
    "linked_id",
)


class PlanMemberSerializer(serializers.ModelSerializer[PlanMember]):
    class Meta:
        model = PlanMember
        fields = ["id", "institution", "role", "joined_on"]

    def to_representation(self, member: PlanMember) -> dict[str, Any]:
        # A page shows a hundred members and more: their columns as read, without DRF's
        # lookup and conversion per field (the same values; the test of the API checks it).
        return {
            "id": member.pk,
            "institution": member.institution_id,
            "role": member.role,
            "joined_on": iso_date(member.joined_on),
        }


def _ids_of(relation: models.ManyToManyField[Any, Any]) -> serializers.ManyRelatedField:
    """The ids of an activity's institutions or agreements, read from the list `shown_plans`
    prefetched (`shown_<relation>`) rather than from a queryset made per activity."""
    label = relation.verbose_name
    return serializers.ManyRelatedField(
        # Ids, named as the relation: what the schema cannot find on the model under the
        # list's name.
        child_relation=serializers.PrimaryKeyRelatedField(
            read_only=True, pk_field=serializers.IntegerField(), label=label
        ),
        read_only=True,
        source=f"shown_{relation.name}",
        label=label,
    )


class PlanActivitySerializer(serializers.ModelSerializer[PlanActivity]):
    institutions = _ids_of(PlanActivity.institutions.field)
    agreements = _ids_of(PlanActivity.agreements.field)
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

    def to_representation(self, activity: PlanActivity) -> dict[str, Any]:
        # As for the members: the columns and lists `shown_plans` read, as the fields write
        # them.
        linked_type = activity.linked_type
        return {
            "id": activity.pk,
            "date": iso_date(activity.date),
            "kind": activity.kind,
            "description": activity.description,
            "institutions": [i.pk for i in activity.shown_institutions],  # type: ignore[attr-defined]
            "agreements": [a.pk for a in activity.shown_agreements],  # type: ignore[attr-defined]
            "linked_type": None if linked_type is None else linked_type.model,
            "linked_id": activity.linked_id,
        }


class PlanSerializer(serializers.ModelSerializer[Plan]):
    members = PlanMemberSerializer(many=True, read_only=True, source="shown_members")
    activities = PlanActivitySerializer(many=True, read_only=True, source="shown_activities")

    class Meta:
        model = Plan
        fields = [*PLAN_COLUMNS, "members", "activities"]
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


def shown_plans(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    """`plans` as `PlanSerializer` shows them, in a fixed number of queries that read only
    what it shows: the plan's members, and its activities with the type of record each links
    to and the ids of their institutions and agreements, into lists (`to_attr`) rather than a
    queryset made per plan and relation."""
    activities = (
        PlanActivity.objects.select_related("linked_type")
        .only(*ACTIVITY_COLUMNS)
        # Not the model's order, which sorts by the plan's own (a join): the prefetch groups
        # them by plan.
        .order_by("-date", "-pk")
    )
    members = PlanMember.objects.only(*MEMBER_COLUMNS).order_by("role", "pk")
    return (
        plans.only(*PLAN_COLUMNS)
        # The activities' own relations are named from the plan (through the activities'
        # list), not prefetched by the activities' queryset: Django would then go over them
        # a second time, making a manager per activity and relation.
        .prefetch_related(
            Prefetch("members", queryset=members, to_attr="shown_members"),
            Prefetch("activities", queryset=activities, to_attr="shown_activities"),
            Prefetch(
                "shown_activities__institutions",
                queryset=Institution.objects.only("pk"),
                to_attr="shown_institutions",
            ),
            Prefetch(
                "shown_activities__agreements",
                queryset=Agreement.objects.only("pk"),
                to_attr="shown_agreements",
            ),
        )
        .order_by("name_zh", "pk")
    )


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
    # The plan's own columns: the lists under it are not orders of the plans.
    ordering_fields = PLAN_COLUMNS

    def get_queryset(self) -> QuerySet[Plan]:
        plans = queries.plans_for_user(self.request.user)
        if self.action in ("list", "retrieve"):
            return shown_plans(plans)
        # A write acts on the whole record; what it answers is read again (`_shown`).
        return plans

    def _shown(self, plan: Plan) -> Plan:
        # The record just written, as the list shows it (to whoever wrote it, as before).
        return shown_plans(Plan.objects.all()).get(pk=plan.pk)

    def perform_create(self, serializer: serializers.BaseSerializer[Plan]) -> None:
        plan = services.plan_create(by=acting_user(self.request), **serializer.validated_data)
        serializer.instance = self._shown(plan)

    def perform_update(self, serializer: serializers.BaseSerializer[Plan]) -> None:
        plan = cast(Plan, serializer.instance)  # an update has the record it changes
        plan = services.plan_update(plan, by=acting_user(self.request), **serializer.validated_data)
        serializer.instance = self._shown(plan)


routes = [("plans", PlanViewSet, "plan")]
