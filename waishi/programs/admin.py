from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from waishi.programs.models import Cohort, Program


class CohortInline(admin.TabularInline[Cohort, Program]):
    model = Cohort
    extra = 0


@admin.register(Program)
class ProgramAdmin(SimpleHistoryAdmin):
    list_display = ["name_zh", "name_en", "home_unit", "level", "mode", "status", "valid_until"]
    list_filter = ["status", "level", "mode"]
    search_fields = ["name_zh", "name_en", "approval_number"]
    filter_horizontal = ["partners"]
    inlines = [CohortInline]
