from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from waishi.workflow.models import ApprovalRequest, ApprovalStep, Decision, Delegation


class StepInline(admin.TabularInline[ApprovalStep, ApprovalRequest]):
    model = ApprovalStep
    extra = 0
    can_delete = False


class DecisionInline(admin.TabularInline[Decision, ApprovalRequest]):
    model = Decision
    extra = 0
    can_delete = False


@admin.register(ApprovalRequest)
class ApprovalRequestAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "applicant", "state", "round", "submitted_at"]
    list_filter = ["kind", "state"]
    search_fields = ["title"]
    inlines = [StepInline, DecisionInline]


@admin.register(Delegation)
class DelegationAdmin(SimpleHistoryAdmin):
    list_display = ["delegator", "delegate", "starts_on", "ends_on", "is_active"]
