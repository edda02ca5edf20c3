from collections.abc import Callable

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "waishi.core"
    label = "core"
    verbose_name = _("Accounts and units")

    def ready(self) -> None:
        from django.core.signals import request_started
        from django.db.models.signals import post_delete, post_migrate, post_save

        from waishi.core import (
            changes,
            navigation,
            page_cache,
            policy,
            services,
            starting_data,
            tallies,
        )

        changes.connect()
        changes.rows_changed.connect(page_cache.on_change)
        post_migrate.connect(tallies.built_where_missing, sender=self)
        request_started.connect(policy.stored_values_forget)
        for signal in (post_save, post_delete):
            signal.connect(policy.stored_values_forget, sender="core.PolicyValue")

        navigation.register(
            navigation.NavEntry(
                _("Units"),
                "core:unit.list",
                "building-office-2",
                "core.view_unit",
                order=900,
                section="admin",
            )
        )
        navigation.register(
            navigation.NavEntry(
                _("Office rules"),
                "core:policy.list",
                "adjustments-horizontal",
                "core.view_policy",
                order=890,
                section="admin",
            )
        )
        navigation.register(
            navigation.NavEntry(
                _("Accounts"),
                "core:user.list",
                "users",
                "core.view_user_list",
                order=910,
                section="admin",
            )
        )

        def load_core(say: Callable[[str], None]) -> None:
            services.role_groups_ensure()
            created, kept = services.units_load_starting()
            say(f"units: {created} created, {kept} already there")

        starting_data.register(starting_data.Loader("core", load_core, order=0))
