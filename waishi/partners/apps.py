from collections.abc import Callable

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "waishi.partners"
    label = "partners"
    verbose_name = _("Global partners")

    def ready(self) -> None:
        from waishi.core import navigation, pickers
        from waishi.partners import queries

        pickers.register(
            pickers.Picker(
                "partners",
                "partners.view_institution",
                rows=lambda user: queries.institutions_for_user(user).order_by("name_en", "pk"),
                search=queries.institution_search,
                label=lambda i: f"{i.name} ({i.country.name})",
            )
        )

        navigation.register(
            navigation.NavEntry(
                _("Partners"),
                "partners:institution.list",
                "globe-alt",
                "partners.view_institution",
                order=100,
            )
        )

        from waishi.core import starting_data

        def load_partner_page(say: Callable[[str], None]) -> None:
            from waishi.partners.importer import partner_page_load_starting

            partner_page_load_starting(say)

        starting_data.register(starting_data.Loader("partners", load_partner_page, order=20))
