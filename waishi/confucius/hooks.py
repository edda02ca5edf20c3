"""The Confucius Institutes section of a partner's page (see waishi/partners/hooks.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from waishi.confucius import queries
from waishi.partners.hooks import PartnerSection

if TYPE_CHECKING:
    from waishi.core.models import AnyUser
    from waishi.partners.models import Institution


def partner_section(institution: Institution, user: AnyUser) -> PartnerSection | None:
    if not user.has_perm("confucius.view_institute"):
        return None
    institutes = list(queries.institutes_of_institution(institution, user))
    if not institutes:
        return None
    return PartnerSection(
        title=_("Confucius Institutes"),
        template="confucius/institute/_partner_section.html",
        context={"institutes": institutes},
        order=40,
    )
