from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "waishi.conferences"
    label = "conferences"
    verbose_name = _("International conferences")

    def ready(self) -> None:
        from waishi.conferences import approval

        approval.register()
