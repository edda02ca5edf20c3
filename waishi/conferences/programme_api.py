"""The API of conferences' programmes: sessions with their talks nested
(/api/conference-sessions/, `?conference=<id>`) and talks (/api/conference-talks/), read as
the programme page shows them and written through the same services (`programme.py`),
refused with the same messages. Gathered into the app's `api.routes`."""

from __future__ import annotations

from typing import Any, cast

import django_filters
from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from waishi.conferences import programme, queries
from waishi.conferences.models import Conference, Participant, Session, Talk
from waishi.core.api import RulePermission, service_call
from waishi.core.models import User
from waishi.core.queries import of_visible


class TalkSerializer(serializers.ModelSerializer[Talk]):
    speakers: serializers.PrimaryKeyRelatedField[Participant] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )
    speaker_display = serializers.SerializerMethodField(
        help_text="The speakers as the programme names them: participants, then other names."
    )

    class Meta:
        model = Talk
        fields = [
            "id",
            "session",
            "starts",
            "minutes",
            "title_zh",
            "title_en",
            "abstract",
            "language",
            "speakers",
            "speaker_names",
            "speaker_display",
            "external_key",
        ]
        read_only_fields = fields

    def get_speaker_display(self, talk: Talk) -> list[str]:
        named = [p.person.display_name for p in talk.speakers.all()]
        others = [n.strip() for n in talk.speaker_names.split(";") if n.strip()]
        return named + others


class SessionSerializer(serializers.ModelSerializer[Session]):
    talks = TalkSerializer(many=True, read_only=True)

    class Meta:
        model = Session
        fields = [
            "id",
            "conference",
            "day",
            "starts",
            "ends",
            "room",
            "title_zh",
            "title_en",
            "chair",
            "talks",
        ]
        read_only_fields = fields


class SessionInputSerializer(serializers.Serializer[Session]):
    """A session to add, or (`PATCH`) the fields of one to change."""

    conference = serializers.PrimaryKeyRelatedField(queryset=Conference.objects.none())
    day = serializers.DateField()
    starts = serializers.TimeField()
    ends = serializers.TimeField()
    room = serializers.CharField(max_length=200, required=False, allow_blank=True)
    title_zh = serializers.CharField(max_length=300, required=False, allow_blank=True)
    title_en = serializers.CharField(max_length=300, required=False, allow_blank=True)
    chair = serializers.CharField(max_length=200, required=False, allow_blank=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            field = self.fields["conference"]
            assert isinstance(field, serializers.PrimaryKeyRelatedField)
            field.queryset = queries.conferences_for_user(request.user)


class TalkInputSerializer(serializers.Serializer[Talk]):
    """A talk to add to a session, or (`PATCH`) the fields of one to change. Speakers are
    participants of the conference (their ids); others are named in `speaker_names`."""

    starts = serializers.TimeField()
    minutes = serializers.IntegerField(min_value=1, max_value=1440)
    title_zh = serializers.CharField(max_length=300, required=False, allow_blank=True)
    title_en = serializers.CharField(max_length=300, required=False, allow_blank=True)
    abstract = serializers.CharField(required=False, allow_blank=True)
    language = serializers.CharField(max_length=20, required=False, allow_blank=True)
    speakers = serializers.PrimaryKeyRelatedField(
        queryset=Participant.objects.all(), many=True, required=False
    )
    speaker_names = serializers.CharField(max_length=500, required=False, allow_blank=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            field = self.fields["speakers"]
            assert isinstance(field, serializers.ManyRelatedField)
            field.child_relation.queryset = Participant.objects.filter(
                conference__in=queries.conferences_for_user(request.user).values("pk")
            )


class SessionFilter(django_filters.FilterSet):
    conference = django_filters.NumberFilter(field_name="conference_id")

    class Meta:
        model = Session
        fields = ["conference"]


def _user(request: Request) -> User:
    return cast(User, request.user)  # RulePermission lets only users in


def _editing(request: Request, conference: Conference) -> User:
    """The user, if they may edit the conference's programme: asked before the input is
    read, so one who may not is refused (403) whatever they send."""
    user = _user(request)
    if not user.has_perm("conferences.edit_programme", conference):
        raise PermissionDenied
    return user


class SessionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Session],
):
    """Programme sessions of the conferences you see (`?conference=<id>`), by day and time,
    each with its talks. `POST` adds a session, `PATCH` changes one, `DELETE` takes it off
    with its talks, `POST .../talks/` adds a talk to it: the programme page's services and
    permissions."""

    serializer_class = SessionSerializer
    permission_classes = [RulePermission]
    rule_permissions = {
        "list": "conferences.view_conference",
        "retrieve": "conferences.view_conference",
        # A conference the user sees; the services then ask to edit its programme.
        "create": "conferences.view_conference",
        "partial_update": "conferences.view_conference",
        "destroy": "conferences.view_conference",
        "add_talk": "conferences.view_conference",
    }
    filterset_class = SessionFilter

    def get_queryset(self) -> QuerySet[Session]:
        return (
            queries.sessions_for_user(self.request.user)
            .select_related("conference")
            .prefetch_related(
                Prefetch(
                    "talks",
                    queryset=Talk.objects.prefetch_related("speakers__person").order_by(
                        "starts", "pk"
                    ),
                )
            )
            .order_by("conference_id", "day", "starts", "room", "pk")
        )

    def _fresh(self, session: Session, status: int = 200) -> Response:
        fresh = self.get_queryset().get(pk=session.pk)
        return Response(self.get_serializer(fresh).data, status=status)

    @extend_schema(request=SessionInputSerializer, responses=SessionSerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = SessionInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        conference = values.pop("conference")
        session = service_call(programme.session_create, conference, by=_user(request), **values)
        return self._fresh(session, status=201)

    @extend_schema(request=SessionInputSerializer, responses=SessionSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session = self.get_object()
        _editing(request, session.conference)
        data = SessionInputSerializer(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        values.pop("conference", None)  # a session stays with its conference
        service_call(programme.session_update, session, by=_user(request), **values)
        return self._fresh(session)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session = self.get_object()
        service_call(programme.session_delete, session, by=_user(request))
        return Response(status=204)

    @extend_schema(request=TalkInputSerializer, responses=SessionSerializer)
    @action(detail=True, methods=["post"], url_path="talks")
    def add_talk(self, request: Request, pk: str | None = None) -> Response:
        session = self.get_object()
        _editing(request, session.conference)
        data = TalkInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        speakers = values.pop("speakers", [])
        service_call(programme.talk_create, session, by=_user(request), speakers=speakers, **values)
        return self._fresh(session, status=201)


class TalkFilter(django_filters.FilterSet):
    session = django_filters.NumberFilter(field_name="session_id")
    conference = django_filters.NumberFilter(field_name="session__conference_id")

    class Meta:
        model = Talk
        fields = ["session", "conference"]


class TalkViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Talk],
):
    """Talks of the conferences you see (`?session=<id>`, `?conference=<id>`). `PATCH`
    changes one (`speakers`, when given, replaces them), `DELETE` takes it off; add talks
    with `POST /api/conference-sessions/<id>/talks/`."""

    serializer_class = TalkSerializer
    permission_classes = [RulePermission]
    rule_permissions = {
        "list": "conferences.view_conference",
        "retrieve": "conferences.view_conference",
        "partial_update": "conferences.view_conference",
        "destroy": "conferences.view_conference",
    }
    filterset_class = TalkFilter

    def get_queryset(self) -> QuerySet[Talk]:
        return (
            of_visible(Talk.objects.all(), "session", queries.sessions_for_user(self.request.user))
            .select_related("session__conference")
            .prefetch_related("speakers__person")
            # Session by session (read from the talks' index, not sorted across the join).
            .order_by("session_id", "starts", "pk")
        )

    @extend_schema(request=TalkInputSerializer, responses=TalkSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        talk = self.get_object()
        _editing(request, talk.session.conference)
        data = TalkInputSerializer(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        service_call(programme.talk_update, talk, by=_user(request), **values)
        return Response(self.get_serializer(self.get_queryset().get(pk=talk.pk)).data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        talk = self.get_object()
        service_call(programme.talk_delete, talk, by=_user(request))
        return Response(status=204)
