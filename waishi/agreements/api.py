"""API of agreements: /api/agreements/. Reads through the same query as the pages (so the
same rows and the same derived status); writes through the same services."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from waishi.agreements import queries, services
from waishi.agreements.enums import AgreementStatus
from waishi.agreements.models import Agreement, AgreementDocument
from waishi.core.api import RelatedBySlug, RulePermission
from waishi.core.models import Unit, User
from waishi.partners.models import Institution

if TYPE_CHECKING:
    from waishi.agreements.queries import AgreementWithStatus


class DocumentSerializer(serializers.ModelSerializer[AgreementDocument]):
    download_url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = AgreementDocument
        fields = [
            "id",
            "kind",
            "version",
            "original_name",
            "content_type",
            "size",
            "note",
            "uploaded_at",
            "download_url",
        ]


class AgreementSerializer(serializers.ModelSerializer[Agreement]):
    parties = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=Institution.objects.all(),
        help_text="IDs of the partner institutions (/api/partners/)",
    )
    units = RelatedBySlug(
        many=True,
        slug_field="code",
        queryset=Unit.objects.exclude(code=None),
        required=False,
        help_text="codes of the home units involved",
    )
    responsible = RelatedBySlug(
        slug_field="username",
        queryset=User.objects.all(),
        required=False,
        allow_null=True,
        help_text="user name of a member of the international office",
    )
    status = serializers.ChoiceField(
        choices=AgreementStatus.choices,
        source="current_status",
        read_only=True,
        help_text="derived from the dates and today's date",
    )
    documents = DocumentSerializer(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "name_zh",
            "name_en",
            "kind",
            "reference",
            "parties",
            "units",
            "home_signatory",
            "partner_signatories",
            "signed_on",
            "in_force_from",
            "expires_on",
            "renews_automatically",
            "notice_days",
            "places_outgoing",
            "places_incoming",
            "responsible",
            "renews",
            "approval",
            "status",
            "terminated_on",
            "termination_reason",
            "notes",
            "documents",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["approval", "terminated_on", "termination_reason"]
        validators: list[Any] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        responsible = cast("serializers.PrimaryKeyRelatedField[User]", self.fields["responsible"])
        responsible.queryset = queries.office_people()

    def _call(self, fn: Callable[..., Agreement], *args: object, **kwargs: object) -> Agreement:
        try:
            return fn(*args, **kwargs)
        except DjangoValidationError as error:
            raise serializers.ValidationError(
                error.message_dict if hasattr(error, "error_dict") else error.messages
            ) from error

    def create(self, validated_data: dict[str, Any]) -> Agreement:
        user = self.context["request"].user
        parties = validated_data.pop("parties")
        units = validated_data.pop("units", [])
        return self._call(
            services.agreement_create, by=user, parties=parties, units=units, **validated_data
        )

    def update(self, instance: Agreement, validated_data: dict[str, Any]) -> Agreement:
        user = self.context["request"].user
        parties = validated_data.pop("parties", None)
        units = validated_data.pop("units", None)
        return self._call(
            services.agreement_update,
            instance,
            by=user,
            parties=parties,
            units=units,
            **validated_data,
        )


@extend_schema_view(
    list=extend_schema(
        summary="Cooperation agreements",
        description=(
            "Filters: `q` (title, reference, partner name), `kind`, `status` (derived from "
            "the dates and today's date), `country` (ISO code), `partner` (ID), `unit` (ID), "
            "`expiring_within` (days). Rows are those the user may read."
        ),
    ),
    retrieve=extend_schema(summary="One agreement, with its documents"),
    create=extend_schema(summary="Record an agreement as a draft (international office only)"),
    update=extend_schema(summary="Change an agreement (international office only)"),
    partial_update=extend_schema(summary="Change some fields of an agreement (office only)"),
)
class AgreementViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Agreement],
):
    serializer_class = AgreementSerializer
    permission_classes = [RulePermission]
    rule_permissions = {
        "list": "agreements.view_agreement",
        "retrieve": "agreements.view_agreement",
        "create": "agreements.add_agreement",
        "update": "agreements.change_agreement",
        "partial_update": "agreements.change_agreement",
    }
    filterset_class = queries.AgreementFilter
    search_fields: list[str] = []
    ordering_fields = ["expires_on", "signed_on", "name_zh", "updated_at"]

    def get_queryset(self) -> QuerySet[AgreementWithStatus]:
        return (
            queries.agreements_for_user(self.request.user)
            .prefetch_related("parties", "units", "documents")
            .order_by("expires_on", "pk")
        )


routes = [("agreements", AgreementViewSet, "agreement")]
