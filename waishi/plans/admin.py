from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from waishi.plans.models import Plan, PlanActivity, PlanMember


class MemberInline(admin.TabularInline[PlanMember, Plan]):
    model = PlanMember
    extra = 0


class ActivityInline(admin.TabularInline[PlanActivity, Plan]):
    model = PlanActivity
    extra = 0
    fields = ["date", "kind", "description"]


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["name_zh", "name_en", "starts_year", "ends_year", "status"]
    search_fields = ["name_zh", "name_en"]
    inlines = [MemberInline, ActivityInline]
