from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "waishi.programs"
    label = "programs"
    verbose_name = _("Cooperative programs")

    def ready(self) -> None:
        from waishi.core import navigation, reminders
        from waishi.partners import hooks as partner_hooks
        from waishi.programs import hooks, rules, services  # noqa: F401
        from waishi.programs import reminders as program_reminders

        navigation.register(
            navigation.NavEntry(
                _("Programs"),
                "programs:program.list",
                "academic-cap",
                "programs.view_program",
                order=300,
            )
        )
        partner_hooks.register_section(hooks.partner_section)
        partner_hooks.register_merge(services.programs_merge_partner)
        reminders.register(reminders.ReminderJob("programs.approval", program_reminders.run))
