from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from waishi.visits.models import BudgetLine, Guest, Visit


class GuestInline(admin.TabularInline):
    model = Guest
    extra = 0
    raw_id_fields = ["person"]


class BudgetInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


@admin.register(Visit)
class VisitAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title", "unit", "arrival", "departure", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["reference", "title"]
    raw_id_fields = ["responsible", "partner", "applicant"]
    inlines = [GuestInline, BudgetInline]
