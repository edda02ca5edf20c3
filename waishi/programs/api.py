"""API of cooperative programs: /api/programs/, scoped by `queries.programs_for_user` and
written through the same services as the pages."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError

from waishi.core.api import RulePermission
from waishi.core.permissions import acting_user
from waishi.partners.models import Institution
from waishi.programs import queries, services
from waishi.programs.models import Cohort, Program
from waishi.programs.validators import program_check


class ProgramCohortSerializer(serializers.ModelSerializer[Cohort]):
    class Meta:
        model = Cohort
        fields = ["id", "intake_year", "quota", "enrolled", "transferred_abroad", "graduated"]


class ProgramSerializer(serializers.ModelSerializer[Program]):
    partners = serializers.PrimaryKeyRelatedField(many=True, queryset=Institution.objects.all())
    cohorts = ProgramCohortSerializer(many=True, read_only=True)

    class Meta:
        model = Program
        fields = [
            "id",
            "name_zh",
            "name_en",
            "partners",
            "agreement",
            "home_unit",
            "level",
            "mode",
            "discipline",
            "approval_number",
            "approval_date",
            "valid_until",
            "annual_quota",
            "tuition",
            "status",
            "ended_on",
            "end_reason",
            "cohorts",
        ]
        read_only_fields = ["ended_on", "end_reason"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        instance = self.instance
        merged = dict(attrs)
        if instance is not None:
            merged = {f: getattr(instance, f) for f in services.PROGRAM_FIELDS} | attrs
        try:
            program_check(merged, instance=instance)
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        return attrs


class ProgramViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Program],
):
    serializer_class = ProgramSerializer
    permission_classes = [RulePermission]
    rule_permissions = {
        "list": "programs.view_program",
        "retrieve": "programs.view_program",
        "create": "programs.add_program",
        "update": "programs.change_program",
        "partial_update": "programs.change_program",
    }
    filterset_class = queries.ProgramFilter

    def get_queryset(self) -> QuerySet[Program]:
        return (
            queries.programs_for_user(self.request.user)
            .prefetch_related("cohorts")
            .order_by("name_zh", "pk")
        )

    def perform_create(self, serializer: serializers.BaseSerializer[Program]) -> None:
        serializer.instance = services.program_create(
            by=acting_user(self.request), **serializer.validated_data
        )

    def perform_update(self, serializer: serializers.BaseSerializer[Program]) -> None:
        program = cast(Program, serializer.instance)  # an update has the record it changes
        serializer.instance = services.program_update(
            program, by=acting_user(self.request), **serializer.validated_data
        )


routes = [("programs", ProgramViewSet, "program")]
