from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "waishi.workflow"
    label = "workflow"
    verbose_name = _("Approvals")

    def ready(self) -> None:
        from waishi.core import navigation, policy, reminders
        from waishi.workflow import policy as workflow_policy
        from waishi.workflow import reminders as jobs
        from waishi.workflow import rules  # noqa: F401  (registers the permissions)

        policy.register("workflow", workflow_policy.RULES)
        navigation.register(
            navigation.NavEntry(
                _("Inbox"), "workflow:inbox", "inbox-arrow-down", "workflow.view_inbox", order=5
            )
        )
        reminders.register(
            reminders.ReminderJob("workflow.approvals_waiting", jobs.approvals_remind_waiting)
        )
