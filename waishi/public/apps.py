from collections.abc import Callable

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "waishi.public"
    label = "public"
    verbose_name = _("Public site")

    def ready(self) -> None:
        from waishi.core import navigation, starting_data

        navigation.register(
            navigation.NavEntry(
                _("Public site texts"),
                "public:pagetext.list",
                "document-text",
                "public.view_pagetext",
                order=920,
                section="admin",
            )
        )

        def load_page_texts(say: Callable[[str], None]) -> None:
            from waishi.public.services import page_texts_load_starting

            created, kept = page_texts_load_starting()
            say(f"public site texts: {created} created, {kept} already there")

        starting_data.register(starting_data.Loader("public", load_page_texts, order=90))
