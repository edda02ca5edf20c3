from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from waishi.conferences.models import (
    Conference,
    ConferenceVersion,
    ExternalFiling,
    Forecast,
    Organiser,
)


class VersionInline(admin.TabularInline):
    model = ConferenceVersion
    extra = 0
    fields = ["number", "name_zh", "starts_on", "ends_on", "size_class", "status"]
    readonly_fields = ["number", "name_zh", "starts_on", "ends_on", "size_class", "status"]
    show_change_link = True


class OrganiserInline(admin.TabularInline):
    model = Organiser
    extra = 0
    raw_id_fields = ["institution"]


class FilingInline(admin.TabularInline):
    model = ExternalFiling
    extra = 0
    raw_id_fields = ["recorded_by"]


@admin.register(Conference)
class ConferenceAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "unit", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["reference", "versions__name_zh", "versions__name_en"]
    raw_id_fields = ["responsible", "applicant", "forecast", "current_version"]
    inlines = [VersionInline]


@admin.register(ConferenceVersion)
class ConferenceVersionAdmin(SimpleHistoryAdmin):
    list_display = ["conference", "number", "name_zh", "starts_on", "size_class", "status"]
    list_filter = ["status", "size_class", "discipline", "format"]
    search_fields = ["conference__reference", "name_zh", "name_en"]
    raw_id_fields = ["conference", "created_by"]
    filter_horizontal = ["countries"]
    inlines = [OrganiserInline, FilingInline]


@admin.register(Forecast)
class ForecastAdmin(SimpleHistoryAdmin):
    list_display = ["year", "half", "unit", "name", "size_class"]
    list_filter = ["year", "half", "size_class"]
    search_fields = ["name"]
    raw_id_fields = ["entered_by"]
