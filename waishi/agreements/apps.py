from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "waishi.agreements"
    label = "agreements"
    verbose_name = _("Agreements")

    def ready(self) -> None:
        from waishi.agreements import approval, partner_hooks, queries
        from waishi.agreements import policy as agreement_policy
        from waishi.agreements import reminders as agreement_reminders
        from waishi.core import navigation, pickers, policy, reminders

        pickers.register(
            pickers.Picker(
                "agreements",
                "agreements.view_agreement",
                rows=lambda user: queries.agreements_for_user(user).order_by("-signed_on", "-pk"),
                search=queries.agreement_search,
            )
        )

        navigation.register(
            navigation.NavEntry(
                _("Agreements"),
                "agreements:agreement.list",
                "document-text",
                "agreements.view_agreement",
                order=110,
            )
        )
        reminders.register(reminders.ReminderJob("agreements", agreement_reminders.run))
        partner_hooks.register()
        approval.register()
        policy.register("agreements", agreement_policy.RULES)
