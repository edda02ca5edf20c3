"""API of the core app, and the pieces every app's API shares."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import HttpResponse
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from waishi.core import fragments, queries
from waishi.core.models import Unit, User

if TYPE_CHECKING:
    # The mixin comes before a list view set.
    class _ListViewSet(mixins.ListModelMixin, viewsets.GenericViewSet[Any]): ...
else:
    _ListViewSet = object


class RulePermission(permissions.BasePermission):
    """Asks the same named permissions as the HTML views. A viewset sets
    `rule_permissions = {"list": "app.view_x", "create": "app.add_x", ...}`; an action not
    named there is refused."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        name = view.rule_permissions.get(view.action or "metadata")
        return bool(name) and request.user.has_perm(name)

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        name = view.rule_permissions.get(view.action or "metadata")
        return bool(name) and request.user.has_perm(name, obj)


class CachedListMixin(_ListViewSet):
    """A list answered from the staff fragments' cache (`waishi.core.fragments`): per user,
    day, data version and query, so a change to the data shows at once. JSON is kept as it is
    sent; other formats (the browsable API) are rendered from the kept data."""

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        def data() -> Any:
            found = super(CachedListMixin, self).list(request, *args, **kwargs).data
            # Plain values: DRF's result lists hold their serializer, which is not cached.
            if isinstance(found, dict):
                return {k: list(v) if isinstance(v, list) else v for k, v in found.items()}
            return list(found)

        # The whole address: the page links ("next") name the scheme and host asked for.
        path = request.build_absolute_uri()
        if isinstance(request.accepted_renderer, JSONRenderer):
            renderer = request.accepted_renderer
            content = fragments.staff_fragment(
                request,
                f"api:json:{path}",
                lambda: renderer.render(data(), renderer.media_type, self.get_renderer_context()),
                forms=False,
            )
            # Sent as it was kept (a plain HttpResponse, which DRF passes through).
            return HttpResponse(content, content_type=renderer.media_type)  # type: ignore[return-value]
        return Response(fragments.staff_fragment(request, f"api:{path}", data, forms=False))


class UnitSerializer(serializers.ModelSerializer[Unit]):
    class Meta:
        model = Unit
        fields = ["id", "code", "name_zh", "name_en", "kind", "parent", "is_active"]


class UserSerializer(serializers.ModelSerializer[User]):
    roles = serializers.SerializerMethodField()
    units: serializers.PrimaryKeyRelatedField[Unit] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
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
        return queries.users_for_user(self.request.user).order_by("username")

    @action(detail=False)
    def me(self, request: Request) -> Response:
        return Response(self.get_serializer(request.user).data)


routes = [
    ("units", UnitViewSet, "unit"),
    ("users", UserViewSet, "user"),
]
