"""API of people: /api/people/, scoped by `people_for_user`; document numbers masked except
for the office."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from waishi.core.api import RulePermission
from waishi.people import queries
from waishi.people.models import IdentityDocument, Person


class IdentityDocumentSerializer(serializers.ModelSerializer[IdentityDocument]):
    number = serializers.SerializerMethodField()
    expiry_flag = serializers.SerializerMethodField()

    class Meta:
        model = IdentityDocument
        fields = [
            "id",
            "kind",
            "number",
            "issuing_country",
            "issued_on",
            "expires_on",
            "expiry_flag",
        ]

    @extend_schema_field(serializers.CharField())
    def get_number(self, document: IdentityDocument) -> str:
        return queries.shown_number(document, self.context["request"].user)

    @extend_schema_field(serializers.CharField())
    def get_expiry_flag(self, document: IdentityDocument) -> str:
        return queries.expiry_flag(document, days=self.context.get("warning_days"))


class PersonSerializer(serializers.ModelSerializer[Person]):
    documents = IdentityDocumentSerializer(many=True, read_only=True)
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "display_name",
            "name_zh",
            "family_name",
            "given_name",
            "passport_name",
            "sex",
            "birth_date",
            "nationality",
            "email",
            "phone",
            "unit",
            "position",
            "user",
            "documents",
        ]


class PersonViewSet(viewsets.ReadOnlyModelViewSet[Person]):
    serializer_class = PersonSerializer
    permission_classes = [RulePermission]
    rule_permissions = {"list": "people.view_person_list", "retrieve": "people.view_person"}
    filterset_class = queries.PersonFilter

    def get_queryset(self) -> QuerySet[Person]:
        return queries.with_documents(queries.people_for_user(self.request.user)).order_by(
            "family_name", "given_name", "name_zh", "pk"
        )

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["warning_days"] = queries.warning_days_by_kind()
        return context


routes = [("people", PersonViewSet, "person")]
