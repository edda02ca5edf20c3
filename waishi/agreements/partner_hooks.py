"""What the agreements app adds to a partner's page and to a partner merge."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from waishi.partners import hooks

if TYPE_CHECKING:
    from waishi.core.models import AnyUser
    from waishi.partners.models import Institution


def agreements_section(institution: Institution, user: AnyUser) -> hooks.PartnerSection | None:
    from waishi.agreements.queries import agreements_of_partner

    if not user.has_perm("agreements.view_agreement"):
        return None
    return hooks.PartnerSection(
        title=_("Agreements"),
        template="agreements/partner/_section.html",
        context={
            "agreements": list(agreements_of_partner(institution, user)[:50]),
            "institution": institution,
        },
        order=10,
    )


def merge_agreements(source: Institution, target: Institution) -> int:
    from waishi.agreements.services import institution_merge_agreements

    return institution_merge_agreements(source, target)


def register() -> None:
    hooks.register_section(agreements_section)
    hooks.register_merge(merge_agreements)
