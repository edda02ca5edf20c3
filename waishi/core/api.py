"""API of the core app, and the pieces every app's API shares."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet, prefetch_related_objects
from rest_framework import exceptions, mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from waishi.core import queries
from waishi.core.models import Unit, User
from waishi.core.permissions import acting_user

P = ParamSpec("P")
T = TypeVar("T")
M = TypeVar("M", bound=Model)


class RelatedBySlug(serializers.SlugRelatedField[M]):
    """DRF's SlugRelatedField, refusing a NUL character as an invalid value (400) before the
    lookup: PostgreSQL cannot compare text holding one and would answer 500."""

    def to_internal_value(self, data: Any) -> M:
        if isinstance(data, str) and "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


def service_call(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Call a service as an API view does: its refusal (ValidationError) is the API's 400
    with the same messages as on the pages (by field, the rest under "detail"); its
    PermissionDenied the API's 403."""
    try:
        return fn(*args, **kwargs)
    except DjangoPermissionDenied as error:
        raise exceptions.PermissionDenied() from error
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            found = dict(error.message_dict)
            if NON_FIELD_ERRORS in found:
                found["detail"] = found.pop(NON_FIELD_ERRORS)
            raise exceptions.ValidationError(found) from error
        raise exceptions.ValidationError({"detail": error.messages}) from error


def iso_date(value: datetime.date | None) -> str | None:
    """A date as DRF's DateField writes it (ISO 8601): for a serializer that writes its rows
    itself (`PlanMemberSerializer.to_representation`)."""
    return None if value is None else value.isoformat()


class RulePermission(permissions.BasePermission):
    """Asks the same named permissions as the HTML views. A viewset sets
    `rule_permissions = {"list": "app.view_x", "create": "app.add_x", ...}`; an action not
    named there is refused."""

    def has_permission(self, request: Request, view: Any) -> bool:  # a viewset of ours
        if not (request.user and request.user.is_authenticated):
            return False
        name = view.rule_permissions.get(view.action or "metadata")
        return bool(name) and request.user.has_perm(name)

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        name = view.rule_permissions.get(view.action or "metadata")
        return bool(name) and request.user.has_perm(name, obj)


class UnitSerializer(serializers.ModelSerializer[Unit]):
    class Meta:
        model = Unit
        fields = ["id", "code", "name_zh", "name_en", "kind", "parent", "is_active"]


class UserSerializer(serializers.ModelSerializer[User]):
    # Read as `queries.shown_accounts` and `with_roles` leave an account (see UserViewSet).
    roles = serializers.SerializerMethodField()
    units: serializers.PrimaryKeyRelatedField[Unit] = serializers.PrimaryKeyRelatedField(
        many=True,
        read_only=True,
        source="shown_units",
        # The schema's type for the ids: it cannot find it from a list that is no model field.
        pk_field=serializers.IntegerField(),
    )

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "email", "language", "is_active", "roles", "units"]

    def get_roles(self, user: User) -> list[str]:
        return sorted(user.role_names)


class UnitViewSet(viewsets.ReadOnlyModelViewSet[Unit]):
    serializer_class = UnitSerializer
    permission_classes = [RulePermission]
    rule_permissions = {"list": "core.view_unit", "retrieve": "core.view_unit"}
    filterset_class = queries.UnitFilter
    ordering_fields = ["name_zh", "name_en", "code"]

    def get_queryset(self) -> QuerySet[Unit]:
        return queries.units_for_user(self.request.user).order_by("name_zh")


class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[User]):
    serializer_class = UserSerializer
    permission_classes = [RulePermission]
    rule_permissions = {
        "list": "core.view_user_list",
        "retrieve": "core.view_user",
        "me": "core.view_unit",
    }
    filterset_class = queries.UserFilter

    def get_queryset(self) -> QuerySet[User]:
        return queries.shown_accounts(queries.users_for_user(self.request.user)).order_by(
            "username"
        )

    def paginate_queryset(self, queryset: QuerySet[User, Any]) -> list[Any] | None:
        page = super().paginate_queryset(queryset)
        return None if page is None else queries.with_roles(page)

    def get_object(self) -> User:
        return queries.with_roles([super().get_object()])[0]

    @action(detail=False)
    def me(self, request: Request) -> Response:
        # Its roles are those its requests are checked against; its units read as the list's.
        account = acting_user(request)
        prefetch_related_objects([account], queries.shown_units())
        return Response(self.get_serializer(account).data)


routes = [
    ("units", UnitViewSet, "unit"),
    ("users", UserViewSet, "user"),
]
