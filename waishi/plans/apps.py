from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "waishi.plans"
    label = "plans"
    verbose_name = _("Cooperation plans")

    def ready(self) -> None:
        from waishi.core import navigation, starting_data
        from waishi.partners import hooks as partner_hooks
        from waishi.plans import partner_section, rules, services  # noqa: F401

        navigation.register(
            navigation.NavEntry(
                _("Cooperation plans"),
                "plans:plan.list",
                "user-group",
                "plans.view_plan",
                order=320,
            )
        )
        partner_hooks.register_section(partner_section.partner_section)
        partner_hooks.register_merge(services.plans_merge_partner)
        starting_data.register(starting_data.Loader("plans", services.load_20_20_plan, order=60))
