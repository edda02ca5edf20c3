"""What this app adds to other apps' pages without their importing it: the programs section
of a partner's page and the partner-merge hook (see waishi/partners/hooks.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from waishi.partners.hooks import PartnerSection
from waishi.programs import queries

if TYPE_CHECKING:
    from waishi.core.models import AnyUser
    from waishi.partners.models import Institution


def partner_section(institution: Institution, user: AnyUser) -> PartnerSection | None:
    """The programs run with this partner, as far as `user` may see them; nothing when the
    user may not read programs or there are none."""
    if not user.has_perm("programs.view_program"):
        return None
    programs = list(queries.programs_of_institution(institution, user).order_by("name_zh"))
    if not programs:
        return None
    return PartnerSection(
        title=_("Cooperative programs"),
        template="programs/program/_partner_section.html",
        context={"programs": programs},
        order=20,
    )
