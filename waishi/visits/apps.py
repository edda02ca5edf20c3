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
        self.keep_figures()

    def keep_figures(self) -> None:
        """A year's figures are kept as visits, their guests and the guests' nationality
        change (`core/tallies.py`)."""
        from waishi.core import tallies
        from waishi.core.models import Country
        from waishi.people.models import Person
        from waishi.visits.figures import REGISTER
        from waishi.visits.models import Guest, Visit

        def visits_of(people: dict[str, object]) -> list[int]:
            return list(Guest.objects.filter(**people).values_list("visit_id", flat=True))

        tallies.register(REGISTER)
        tallies.follow(REGISTER, Visit, lambda visit: [visit.pk])
        tallies.follow(REGISTER, Guest, lambda guest: [guest.visit_id])
        tallies.follow(REGISTER, Person, lambda person: visits_of({"person": person}))
        # A country's continent or kind (a region of China) sorts its nationals.
        tallies.follow(
            REGISTER, Country, lambda country: visits_of({"person__nationality": country})
        )
