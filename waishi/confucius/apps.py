from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConfuciusConfig(AppConfig):
    name = "waishi.confucius"
    label = "confucius"
    verbose_name = _("Confucius Institutes")
