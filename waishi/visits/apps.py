from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "waishi.visits"
    label = "visits"
    verbose_name = _("Foreign visitors")

    def ready(self) -> None:
        from waishi.core import navigation, pickers, policy, reminders
        from waishi.visits import approval, queries, rules  # noqa: F401
        from waishi.visits import policy as visit_policy
        from waishi.visits import reminders as jobs

        navigation.register(
            navigation.NavEntry(
                _("Foreign visitors"), "visits:visit.list", "user-group", "visits.view_visit", 330
            )
        )
        pickers.register(
            pickers.Picker(
                "visit_responsible",
                "visits.add_visit",
                rows=lambda user: queries.responsibles_for_user(user).order_by(
                    "name_zh", "family_name", "pk"
                ),
                search=queries.responsible_search,
                label=queries.responsible_label,
            )
        )
        pickers.register(
            pickers.Picker(
                "visit_participants",
                "visits.add_visit",
                rows=lambda user: queries.participants_for_user(user).order_by(
                    "name_zh", "family_name", "pk"
                ),
                search=queries.responsible_search,
                label=queries.responsible_label,
            )
        )
        approval.register()
        policy.register("visits", visit_policy.RULES)
        from waishi.partners import hooks as partner_hooks
        from waishi.visits import hooks

        partner_hooks.register_section(hooks.partner_section)
        partner_hooks.register_merge(hooks.partner_merge)
        from waishi.travel import hooks as travel_hooks
        from waishi.visits import itinerary

        travel_hooks.register_calendar(itinerary.calendar_events)
        for name, job in jobs.JOBS:
            reminders.register(reminders.ReminderJob(name, job))
