from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "waishi.people"
    label = "people"
    verbose_name = _("People and documents")

    def ready(self) -> None:
        from waishi.core import navigation, reminders
        from waishi.people import policy, rules, services  # noqa: F401  (rules registers perms)

        policy.register(
            policy.PolicyRule(
                "passport_expiry_warning_days",
                policy.INT,
                180,
                _("Passport expiry warning (days)"),
                _("A passport expiring within this many days is flagged and reminded."),
                minimum=0,
                maximum=3650,
                app="people",
            )
        )
        policy.register(
            policy.PolicyRule(
                "document_expiry_warning_days",
                policy.INT,
                90,
                _("Visa and permit expiry warning (days)"),
                _("Other documents expiring within this many days are flagged and reminded."),
                minimum=0,
                maximum=3650,
                app="people",
            )
        )
        navigation.register(
            navigation.NavEntry(
                _("People"),
                "people:person.list",
                "identification",
                "people.view_person_list",
                order=150,
            )
        )
        navigation.register(
            navigation.NavEntry(
                _("Office policy"),
                "people:policy.list",
                "adjustments-horizontal",
                "people.view_policy",
                order=890,
                section="admin",
            )
        )
        reminders.register(
            reminders.ReminderJob("people.documents_expiring", services.documents_remind_expiring)
        )
