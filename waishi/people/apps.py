from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "waishi.people"
    label = "people"
    verbose_name = _("People and documents")

    def ready(self) -> None:
        from waishi.core import hooks, navigation, policy, reminders
        from waishi.people import policy as people_policy
        from waishi.people import reminders as jobs
        from waishi.people import rules, services  # noqa: F401  (rules registers perms)

        policy.register("people", people_policy.RULES)
        navigation.register(
            navigation.NavEntry(
                _("People"),
                "people:person.list",
                "identification",
                "people.view_person_list",
                order=150,
            )
        )
        hooks.register_account_created(services.person_for_account)
        hooks.register_account_name(services.account_name)
        reminders.register(
            reminders.ReminderJob("people.documents_expiring", jobs.documents_remind_expiring)
        )
