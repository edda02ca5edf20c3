"""API of the travel app: /api/trips/, scoped by `queries.trips_for_user`."""

from __future__ import annotations

from django.db.models import Prefetch
from rest_framework import serializers, viewsets

from waishi.core.api import RulePermission
from waishi.travel import queries
from waishi.travel.models import Destination, Traveller, Trip


class TravellerSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.display_name", read_only=True)

    class Meta:
        model = Traveller
        fields = ["id", "person", "name", "role", "position", "unit"]


class DestinationSerializer(serializers.ModelSerializer):
    country_code = serializers.CharField(source="country.code", read_only=True)

    class Meta:
        model = Destination
        fields = [
            "id",
            "order",
            "country_code",
            "city",
            "institution",
            "host_name",
            "arrive",
            "leave",
        ]


class TripSerializer(serializers.ModelSerializer):
    travellers = TravellerSerializer(many=True, read_only=True)
    destinations = DestinationSerializer(many=True, read_only=True)

    class Meta:
        model = Trip
        fields = [
            "id",
            "reference",
            "title",
            "applicant",
            "unit",
            "purpose",
            "departure",
            "return_date",
            "status",
            "approval_number",
            "approved_on",
            "actual_return",
            "report_due",
            "planned_trip",
            "travellers",
            "destinations",
        ]


class TripViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TripSerializer
    permission_classes = [RulePermission]
    rule_permissions = {"list": "travel.view_trip", "retrieve": "travel.view_trip"}
    filterset_class = queries.TripFilter

    def get_queryset(self):
        return (
            queries.trips_for_user(self.request.user)
            .prefetch_related(
                Prefetch("travellers", queryset=Traveller.objects.select_related("person")),
                Prefetch("destinations", queryset=Destination.objects.select_related("country")),
            )
            .order_by("-departure", "-pk")
        )


routes = [("trips", TripViewSet, "trip")]
