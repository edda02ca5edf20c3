from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "waishi.workflow"
    label = "workflow"
    verbose_name = _("Approvals")

    def ready(self) -> None:
        from waishi.core import navigation, reminders
        from waishi.people import policy
        from waishi.workflow import reminders as jobs
        from waishi.workflow import rules  # noqa: F401  (registers the permissions)

        policy.register(
            policy.PolicyRule(
                "approval_reminder_days",
                policy.INT,
                3,
                _("Approval reminder (days waiting)"),
                _("Approvers are reminded when a step has waited this many days (0: never)."),
                minimum=0,
                maximum=365,
                app="workflow",
            )
        )
        navigation.register(
            navigation.NavEntry(
                _("Inbox"), "workflow:inbox", "inbox-arrow-down", "workflow.view_inbox", order=5
            )
        )
        reminders.register(
            reminders.ReminderJob("workflow.approvals_waiting", jobs.approvals_remind_waiting)
        )
