"""API of the approval engine: /api/inbox/ (my open steps) and /api/approvals/ (requests I
may see, with a `decide` action that calls the same service as the decision panel)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from waishi.core.api import RulePermission
from waishi.core.permissions import acting_user
from waishi.workflow import queries, services
from waishi.workflow.enums import Action
from waishi.workflow.models import ApprovalRequest, ApprovalStep, Decision


def _subject_url(approval: ApprovalRequest) -> str:
    return queries.subject_url(approval)


class StepSerializer(serializers.ModelSerializer[ApprovalStep]):
    # A declared field that shares its name with Field.label (DRF's metaclass takes it).
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]
    unit_name = serializers.SerializerMethodField()
    # Plain strings: the values are Role and StepState values.
    role = serializers.CharField(read_only=True)
    state = serializers.CharField(read_only=True)

    class Meta:
        model = ApprovalStep
        fields = [
            "id", "round", "order", "key", "label", "role", "unit", "unit_name", "state",
            "opened_at", "decided_by", "decided_at", "comment",
        ]  # fmt: skip

    @extend_schema_field(serializers.CharField())
    def get_unit_name(self, step: ApprovalStep) -> str:
        return step.unit.name if step.unit else ""


class InboxSerializer(serializers.ModelSerializer[ApprovalStep]):
    step = serializers.IntegerField(source="pk", read_only=True)
    request = serializers.IntegerField(source="request_id", read_only=True)
    kind = serializers.CharField(source="request.kind", read_only=True)
    title = serializers.CharField(source="request.title", read_only=True)
    applicant = serializers.CharField(source="request.applicant.display_name", read_only=True)
    round = serializers.IntegerField(read_only=True)
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]  # as above
    role = serializers.CharField(read_only=True)

    class Meta:
        model = ApprovalStep
        fields = ["step", "request", "kind", "title", "applicant", "round", "label", "role",
                  "unit", "opened_at"]  # fmt: skip


class DecisionSerializer(serializers.ModelSerializer[Decision]):
    class Meta:
        model = Decision
        fields = ["id", "round", "step", "action", "user", "on_behalf_of", "comment", "created_at"]


class ApprovalRequestSerializer(serializers.ModelSerializer[ApprovalRequest]):
    subject_url = serializers.SerializerMethodField()
    state = serializers.CharField(read_only=True)

    class Meta:
        model = ApprovalRequest
        fields = ["id", "kind", "title", "applicant", "unit", "state", "round", "current_step",
                  "submitted_at", "closed_at", "subject_url"]  # fmt: skip

    @extend_schema_field(serializers.CharField())
    def get_subject_url(self, approval: ApprovalRequest) -> str:
        return _subject_url(approval)


class ApprovalDetailSerializer(ApprovalRequestSerializer):
    steps = StepSerializer(many=True, read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)

    class Meta(ApprovalRequestSerializer.Meta):
        fields = [*ApprovalRequestSerializer.Meta.fields, "steps", "decisions"]


class DecideSerializer(serializers.Serializer[Any]):
    action = serializers.ChoiceField(choices=Action.decisions())
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    step = serializers.IntegerField(required=False, allow_null=True, default=None)


class InboxViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[ApprovalStep]):
    serializer_class = InboxSerializer
    permission_classes = [RulePermission]
    rule_permissions = {"list": "workflow.view_inbox"}

    def get_queryset(self) -> QuerySet[ApprovalStep]:
        if getattr(self, "swagger_fake_view", False):
            return ApprovalStep.objects.none()
        return queries.steps_waiting_for_user(self.request.user)


class ApprovalRequestViewSet(viewsets.ReadOnlyModelViewSet[ApprovalRequest]):
    permission_classes = [RulePermission]
    rule_permissions = {
        "list": "workflow.view_approvalrequest",
        "retrieve": "workflow.view_approvalrequest",
        "decide": "workflow.decide",
    }

    def get_queryset(self) -> QuerySet[ApprovalRequest]:
        if getattr(self, "swagger_fake_view", False):
            return ApprovalRequest.objects.none()
        approvals = queries.approval_requests_for_user(self.request.user).order_by("-pk")
        if self.action == "retrieve":
            approvals = approvals.prefetch_related("steps", "decisions")
        elif self.action == "list":
            # Each row's `subject_url` reads its subject: a query per kind of subject, not per row.
            approvals = approvals.prefetch_related("subject")
        return approvals

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Any]]:
        if self.action == "retrieve":
            return ApprovalDetailSerializer
        if self.action == "decide":
            return DecideSerializer
        return ApprovalRequestSerializer

    @extend_schema(request=DecideSerializer, responses=DecisionSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        approval = self.get_object()
        given = DecideSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            decision = services.approval_decide(
                approval, by=acting_user(request), **given.validated_data
            )
        except services.ApprovalRefused as refused:
            return Response({"detail": refused.messages[0]}, status=status.HTTP_409_CONFLICT)
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


routes = [
    ("inbox", InboxViewSet, "inbox"),
    ("approvals", ApprovalRequestViewSet, "approval"),
]
