from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from waishi.public.models import PageText


@admin.register(PageText)
class PageTextAdmin(SimpleHistoryAdmin):
    list_display = ["key", "position", "heading_zh", "heading_en", "as_list"]
    search_fields = ["key", "heading_zh", "heading_en", "text_zh", "text_en"]
