from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from waishi.people.models import IdentityDocument, Person


class DocumentInline(admin.TabularInline):
    model = IdentityDocument
    extra = 0


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["display_name", "unit", "nationality", "email"]
    search_fields = ["family_name", "given_name", "name_zh", "passport_name", "email"]
    list_filter = ["unit"]
    inlines = [DocumentInline]
