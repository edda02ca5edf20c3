from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConfuciusConfig(AppConfig):
    name = "waishi.confucius"
    label = "confucius"
    verbose_name = _("Confucius Institutes")

    def ready(self) -> None:
        from waishi.confucius import hooks, queries, rules, services  # noqa: F401
        from waishi.core import navigation, pickers
        from waishi.partners import hooks as partner_hooks

        pickers.register(
            pickers.Picker(
                "confucius_institutes",
                "confucius.view_institute",
                rows=lambda user: queries.institutes_for_user(user).order_by("name_zh", "pk"),
                search=queries.institute_search,
            )
        )

        navigation.register(
            navigation.NavEntry(
                _("Confucius Institutes"),
                "confucius:institute.list",
                "language",
                "confucius.view_institute",
                order=340,
            )
        )
        partner_hooks.register_section(hooks.partner_section)
        partner_hooks.register_merge(services.institutes_merge_partner)
