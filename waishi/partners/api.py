"""API of the partner registry: /api/partners/ and /api/countries/. Reads through the same
queries as the pages; writes through the same services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from waishi.core.api import RelatedBySlug, RulePermission
from waishi.core.models import Country, User
from waishi.partners import queries, services
from waishi.partners.models import Contact, Institution


class CountrySerializer(serializers.ModelSerializer[Country]):
    class Meta:
        model = Country
        fields = ["id", "code", "name_en", "name_zh", "continent"]


class ContactSerializer(serializers.ModelSerializer[Contact]):
    class Meta:
        model = Contact
        fields = ["id", "name", "position", "email", "phone", "notes", "is_primary"]


class InstitutionSerializer(serializers.ModelSerializer[Institution]):
    country = RelatedBySlug(
        slug_field="code", queryset=Country.objects.all(), help_text="ISO 3166 code, e.g. FR"
    )
    country_name_en = serializers.CharField(source="country.name_en", read_only=True)
    country_name_zh = serializers.CharField(source="country.name_zh", read_only=True)
    continent = serializers.CharField(source="country.continent", read_only=True)
    responsible = RelatedBySlug(
        slug_field="username",
        queryset=User.objects.all(),
        required=False,
        allow_null=True,
        help_text="user name of a member of the international office",
    )
    other_names = serializers.SerializerMethodField()
    contacts = ContactSerializer(many=True, read_only=True)

    class Meta:
        model = Institution
        fields = [
            "id",
            "name_en",
            "name_zh",
            "other_names",
            "country",
            "country_name_en",
            "country_name_zh",
            "continent",
            "city",
            "website",
            "kind",
            "status",
            "partner_since",
            "responsible",
            "notes",
            "contacts",
            "created_at",
            "updated_at",
        ]
        # The duplicate rule (case- and accent-blind) is the service's; skip the DB one here.
        validators: list[Any] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        responsible = cast("serializers.PrimaryKeyRelatedField[User]", self.fields["responsible"])
        responsible.queryset = queries.office_people()

    def get_other_names(self, institution: Institution) -> list[str]:
        return [n.name for n in institution.other_names.all()]

    def _call(self, fn: Callable[..., Institution], *args: Any, **kwargs: Any) -> Institution:
        try:
            return fn(*args, **kwargs)
        except services.DuplicateInstitution as error:
            raise serializers.ValidationError(
                # The id as a number, for clients to follow.
                {"name_en": error.messages, "duplicate_of": [error.existing.pk]}  # type: ignore[list-item]
            ) from error
        except DjangoValidationError as error:
            raise serializers.ValidationError(
                error.message_dict if hasattr(error, "error_dict") else error.messages
            ) from error

    def create(self, validated_data: dict[str, Any]) -> Institution:
        user = self.context["request"].user
        return self._call(services.institution_create, by=user, **validated_data)

    def update(self, instance: Institution, validated_data: dict[str, Any]) -> Institution:
        user = self.context["request"].user
        return self._call(services.institution_update, instance, by=user, **validated_data)


@extend_schema_view(
    list=extend_schema(
        summary="Partner institutions",
        description="Search (`q`) matches any name in either language, ignoring case and accents.",
    ),
    retrieve=extend_schema(summary="One partner institution, with its contacts"),
    create=extend_schema(summary="Add a partner (international office only)"),
    update=extend_schema(summary="Change a partner (international office only)"),
    partial_update=extend_schema(summary="Change some fields of a partner (office only)"),
)
class InstitutionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Institution],
):
    serializer_class = InstitutionSerializer
    permission_classes = [RulePermission]
    rule_permissions = {
        "list": "partners.view_institution",
        "retrieve": "partners.view_institution",
        "create": "partners.add_institution",
        "update": "partners.change_institution",
        "partial_update": "partners.change_institution",
    }
    filterset_class = queries.InstitutionFilter
    search_fields: list[str] = []  # `q` of the filter set searches every name, folded
    ordering_fields = ["name_en", "name_zh", "status", "partner_since", "updated_at"]

    def get_queryset(self) -> QuerySet[Institution]:
        return (
            queries.institutions_for_user(self.request.user)
            .prefetch_related("other_names", "contacts")
            .order_by("name_en", "pk")
        )


@extend_schema_view(
    list=extend_schema(summary="Countries (ISO 3166) with continent"),
    retrieve=extend_schema(summary="One country"),
)
class CountryViewSet(viewsets.ReadOnlyModelViewSet[Country]):
    """Countries are loaded from ISO 3166 (installed packages) and read only."""

    serializer_class = CountrySerializer
    permission_classes = [RulePermission]
    rule_permissions = {"list": "partners.view_country", "retrieve": "partners.view_country"}
    filterset_class = queries.CountryFilter
    search_fields: list[str] = []
    ordering_fields = ["name_en", "name_zh", "code"]

    def get_queryset(self) -> QuerySet[Country]:
        return queries.countries_for_user(self.request.user).order_by("name_en")


routes = [
    ("partners", InstitutionViewSet, "partner"),
    ("countries", CountryViewSet, "country"),
]
