from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from waishi.agreements.models import Agreement, AgreementDocument


class DocumentInline(admin.TabularInline[AgreementDocument, Agreement]):
    model = AgreementDocument
    extra = 0
    readonly_fields = ("kind", "version", "original_name", "size", "uploaded_by", "uploaded_at")
    fields = readonly_fields
    can_delete = False


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["name_zh", "kind", "signed_on", "expires_on", "approval"]
    list_filter = ["kind", "approval"]
    search_fields = ["name_zh", "name_en", "reference"]
    autocomplete_fields = ["parties", "units"]
    raw_id_fields = ["renews", "responsible"]
    inlines = [DocumentInline]

    def has_delete_permission(self, request: HttpRequest, obj: Agreement | None = None) -> bool:
        return False
