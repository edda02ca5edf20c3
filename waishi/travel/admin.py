from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from waishi.travel.models import PassportLoan, PlannedTrip, Trip


@admin.register(Trip)
class TripAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title", "unit", "departure", "return_date", "status"]
    list_filter = ["status", "purpose"]
    search_fields = ["reference", "title", "approval_number"]


@admin.register(PassportLoan)
class PassportLoanAdmin(SimpleHistoryAdmin):
    list_display = ["document", "trip", "checked_out_at", "due_back", "checked_in_at"]


@admin.register(PlannedTrip)
class PlannedTripAdmin(SimpleHistoryAdmin):
    list_display = ["year", "unit", "title", "purpose"]
    list_filter = ["year"]
