"""The API of conferences' summaries (/api/conference-summaries/): read them as the summary
page shows them, write one (`POST`, `PATCH`) and file it (`POST .../file/`) through the same
services (`summary.py`), refused with the same messages. Gathered into the app's
`api.routes`."""

from __future__ import annotations

from typing import Any, cast

import django_filters
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from waishi.conferences import queries
from waishi.conferences import summary as summaries
from waishi.conferences.models import Conference, Summary, SummaryPhoto
from waishi.core.api import RulePermission, service_call
from waishi.core.models import User


class ConferenceSummaryPhotoSerializer(serializers.ModelSerializer[SummaryPhoto]):
    url = serializers.SerializerMethodField()

    class Meta:
        model = SummaryPhoto
        fields = ["id", "caption", "url"]
        read_only_fields = fields

    def get_url(self, photo: SummaryPhoto) -> str:
        return reverse(
            "conferences:summary.photo",
            kwargs={"pk": photo.summary.conference_id, "photo_pk": photo.pk},
        )


class ConferenceSummarySerializer(serializers.ModelSerializer[Summary]):
    reference = serializers.CharField(source="conference.reference", read_only=True)
    review_length = serializers.SerializerMethodField()
    photos = ConferenceSummaryPhotoSerializer(many=True, read_only=True)
    proceedings = serializers.SerializerMethodField()
    due_on = serializers.SerializerMethodField()
    problems = serializers.SerializerMethodField(
        help_text="What stops it from being filed, each naming the office rule (empty once filed)."
    )

    class Meta:
        model = Summary
        fields = [
            "id",
            "conference",
            "reference",
            "review",
            "review_length",
            "actual_total",
            "actual_foreign",
            "actual_countries",
            "proceedings",
            "photos",
            "written_by",
            "due_on",
            "filed_at",
            "updated_at",
            "problems",
        ]
        read_only_fields = fields

    def get_review_length(self, summary: Summary) -> int:
        return summaries.review_length(summary.review)

    def get_proceedings(self, summary: Summary) -> str | None:
        if not summary.proceedings:
            return None
        return reverse("conferences:summary.proceedings", kwargs={"pk": summary.conference_id})

    def get_due_on(self, summary: Summary) -> str | None:
        due = summaries.due_on(summary.conference)
        return due.isoformat() if due else None

    def get_problems(self, summary: Summary) -> list[str]:
        return [] if summary.filed_at else summaries.filing_problems(summary)


class ConferenceSummaryInputSerializer(serializers.Serializer[Summary]):
    """A summary to write, or (`PATCH`) the fields of one to change."""

    conference = serializers.PrimaryKeyRelatedField(queryset=Conference.objects.none())
    review = serializers.CharField(allow_blank=True, trim_whitespace=False)
    actual_total = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, default=None
    )
    actual_foreign = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, default=None
    )
    actual_countries = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, default=None
    )
    proceedings = serializers.FileField(required=False, allow_null=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            field = self.fields["conference"]
            assert isinstance(field, serializers.PrimaryKeyRelatedField)
            field.queryset = queries.conferences_for_user(request.user)


class SummaryFilter(django_filters.FilterSet):
    conference = django_filters.NumberFilter(field_name="conference_id")
    filed = django_filters.BooleanFilter(field_name="filed_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Summary
        fields = ["conference", "filed"]


class SummaryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Summary],
):
    """Summaries of the conferences you see (`?conference=<id>`, `?filed=true|false`).
    `POST` writes a conference's summary, `PATCH` changes it before it is filed, and
    `POST .../file/` files it (which closes the conference), refused naming every office
    rule it does not meet yet. Photos are added on the summary page."""

    serializer_class = ConferenceSummarySerializer
    permission_classes = [RulePermission]
    rule_permissions = {
        "list": "conferences.view_conference",
        "retrieve": "conferences.view_conference",
        # A conference the user sees; the services then ask to act on it.
        "create": "conferences.view_conference",
        "partial_update": "conferences.view_conference",
        "file": "conferences.view_conference",
    }
    filterset_class = SummaryFilter

    def get_queryset(self) -> QuerySet[Summary]:
        return (
            queries.summaries_for_user(self.request.user)
            .prefetch_related(Prefetch("photos", queryset=SummaryPhoto.objects.order_by("pk")))
            .order_by("-pk")  # the latest written first, read from the key's index
        )

    def _user(self) -> User:
        return cast(User, self.request.user)  # RulePermission lets only users in

    def _fresh(self, summary: Summary, status: int = 200) -> Response:
        fresh = self.get_queryset().get(pk=summary.pk)
        return Response(self.get_serializer(fresh).data, status=status)

    @extend_schema(request=ConferenceSummaryInputSerializer, responses=ConferenceSummarySerializer)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ConferenceSummaryInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        conference = values.pop("conference")
        exists = Summary.objects.filter(conference=conference).exists()
        summary = service_call(summaries.summary_save, conference, by=self._user(), **values)
        return self._fresh(summary, status=200 if exists else 201)

    @extend_schema(request=ConferenceSummaryInputSerializer, responses=ConferenceSummarySerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        summary = self.get_object()
        if not self._user().has_perm("conferences.change_conference", summary.conference):
            raise PermissionDenied  # asked before the input is read, as the page does
        data = ConferenceSummaryInputSerializer(
            data=request.data, partial=True, context={"request": request}
        )
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        values.pop("conference", None)  # a summary stays with its conference
        current: dict[str, Any] = {
            "review": summary.review,
            "actual_total": summary.actual_total,
            "actual_foreign": summary.actual_foreign,
            "actual_countries": summary.actual_countries,
        }
        service_call(
            summaries.summary_save, summary.conference, by=self._user(), **(current | values)
        )
        return self._fresh(summary)

    @extend_schema(request=None, responses=ConferenceSummarySerializer)
    @action(detail=True, methods=["post"])
    def file(self, request: Request, pk: str | None = None) -> Response:
        summary = self.get_object()
        service_call(summaries.summary_file, summary.conference, by=self._user())
        return self._fresh(summary)
