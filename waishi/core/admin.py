from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from waishi.core.models import Country, Unit, User


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name_zh", "name_en", "code", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name_zh", "name_en", "code"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin[Country]):
    list_display = ["code", "name_en", "name_zh", "continent", "kind"]
    list_filter = ["continent", "kind"]
    search_fields = ["code", "name_en", "name_zh"]


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin[User]):
    list_display = ["username", "full_name", "email", "is_active", "is_superuser"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (None, {"fields": ("full_name", "units", "language")}),
    )
    filter_horizontal = ("groups", "user_permissions", "units")
