"""The plans section of a partner's page (see waishi/partners/hooks.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from waishi.partners.hooks import PartnerSection
from waishi.plans import queries

if TYPE_CHECKING:
    from waishi.core.models import AnyUser
    from waishi.partners.models import Institution


def partner_section(institution: Institution, user: AnyUser) -> PartnerSection | None:
    if not user.has_perm("plans.view_plan"):
        return None
    plans = list(queries.plans_of_institution(institution, user))
    if not plans:
        return None
    return PartnerSection(
        title=_("Cooperation plans"),
        template="plans/plan/_partner_section.html",
        context={"plans": plans},
        order=30,
    )
