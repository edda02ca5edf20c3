from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from waishi.partners.models import Contact, Institution, InstitutionName


class InstitutionNameInline(admin.TabularInline):
    model = InstitutionName
    extra = 0


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Institution)
class InstitutionAdmin(SimpleHistoryAdmin):
    list_display = ["name_en", "name_zh", "country", "status", "kind"]
    list_filter = ["status", "kind", "country__continent"]
    search_fields = ["name_en", "name_zh", "search_text"]
    list_select_related = ["country"]
    raw_id_fields = ["responsible"]
    inlines = [InstitutionNameInline, ContactInline]
