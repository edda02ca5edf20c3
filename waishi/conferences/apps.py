from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "waishi.conferences"
    label = "conferences"
    verbose_name = _("International conferences")

    def ready(self) -> None:
        from waishi.conferences import approval, queries, rules, search  # noqa: F401
        from waishi.conferences import policy as conference_policy
        from waishi.conferences import reminders as jobs
        from waishi.core import navigation, pickers, policy, reminders
        from waishi.core.models import Country
        from waishi.partners import hooks as partner_hooks

        navigation.register(
            navigation.NavEntry(
                _("International conferences"),
                "conferences:conference.list",
                "presentation-chart-bar",
                "conferences.view_conference",
                340,
            )
        )
        pickers.register(
            pickers.Picker(
                "conference_responsible",
                "conferences.add_conference",
                rows=lambda user: queries.responsibles_for_user(user).order_by(
                    "name_zh", "family_name", "pk"
                ),
                search=queries.responsible_search,
                label=queries.responsible_label,
            )
        )
        pickers.register(
            pickers.Picker(
                "conference_countries",
                "conferences.add_conference",
                rows=lambda user: Country.objects.order_by("name_en"),
                search=queries.country_search,
                label=lambda country: country.name,
            )
        )
        approval.register()
        partner_hooks.register_renamed(search.partner_renamed)
        policy.register("conferences", conference_policy.RULES)
        for name, job in jobs.JOBS:
            reminders.register(reminders.ReminderJob(name, job))
        self.keep_figures()

    def keep_figures(self) -> None:
        """A year's figures are kept as conferences, their versions (dates, size, countries)
        and summaries change (`core/tallies.py`)."""
        from waishi.conferences.figures import REGISTER
        from waishi.conferences.models import Conference, ConferenceVersion, Summary
        from waishi.core import tallies

        tallies.register(REGISTER)
        tallies.follow(REGISTER, Conference, lambda conference: [conference.pk])
        tallies.follow(REGISTER, ConferenceVersion, lambda version: [version.conference_id])
        tallies.follow(REGISTER, Summary, lambda summary: [summary.conference_id])
        # The countries are only changed from the version's side (no accessor on Country).
        tallies.follow_related(
            REGISTER,
            ConferenceVersion.countries.through,
            lambda version, _countries: [version.conference_id],
        )
