from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TravelConfig(AppConfig):
    name = "waishi.travel"
    label = "travel"
    verbose_name = _("Exit administration")

    def ready(self) -> None:
        from waishi.core import navigation, pickers, reminders
        from waishi.travel import queries

        pickers.register(
            pickers.Picker(
                "travellers",
                "travel.add_trip",
                rows=lambda user: queries.travellers_for_user(user).order_by(
                    "name_zh", "family_name", "pk"
                ),
                search=queries.traveller_search,
                label=queries.traveller_label,
            )
        )
        from waishi.partners import hooks
        from waishi.travel import approval
        from waishi.travel import hooks as travel_hooks
        from waishi.travel import reminders as jobs

        navigation.register(
            navigation.NavEntry(
                _("Trips abroad"), "travel:trip.list", "paper-airplane", "travel.view_trip", 300
            )
        )
        navigation.register(
            navigation.NavEntry(
                _("Passports"),
                "travel:passport.list",
                "identification",
                "travel.view_passport",
                310,
            )
        )
        navigation.register(
            navigation.NavEntry(
                _("Outbound plans"), "travel:plan.list", "calendar-days", "travel.view_plan", 320
            )
        )
        approval.register()
        from waishi.core import policy
        from waishi.travel import policy as travel_policy

        policy.register("travel", travel_policy.RULES)
        reminders.register(reminders.ReminderJob("travel.passports", jobs.passports_overdue))
        reminders.register(reminders.ReminderJob("travel.reports", jobs.reports_due))
        hooks.register_section(travel_hooks.partner_section)
        hooks.register_merge(travel_hooks.partner_merge)
