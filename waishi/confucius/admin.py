from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from waishi.confucius.models import Dispatch, Institute, YearlyFigures


class DispatchInline(admin.TabularInline[Dispatch, Institute]):
    model = Dispatch
    extra = 0
    raw_id_fields = ["person"]


class FiguresInline(admin.TabularInline[YearlyFigures, Institute]):
    model = YearlyFigures
    extra = 0


@admin.register(Institute)
class InstituteAdmin(SimpleHistoryAdmin):
    list_display = ["name_zh", "name_en", "host", "country", "city", "founded_on", "status"]
    list_filter = ["status", "country"]
    search_fields = ["name_zh", "name_en", "city"]
    raw_id_fields = ["chinese_director", "foreign_director"]
    inlines = [DispatchInline, FiguresInline]
