from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "waishi.conferences"
    label = "conferences"
    verbose_name = _("International conferences")

    def ready(self) -> None:
        from waishi.conferences import approval, rules  # noqa: F401
        from waishi.conferences import policy as conference_policy
        from waishi.core import policy

        approval.register()
        policy.register("conferences", conference_policy.RULES)
