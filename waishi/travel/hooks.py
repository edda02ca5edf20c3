"""What the travel app shows on a partner's page and does when two partners merge."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from waishi.core import changes
from waishi.core.models import AnyUser
from waishi.partners.hooks import PartnerSection
from waishi.partners.models import Institution


def partner_section(institution: Institution, user: AnyUser) -> PartnerSection | None:
    """Trips to the institution that the user may see (none: no section)."""
    from waishi.travel.queries import trips_for_user

    if not user.has_perm("travel.view_trip"):
        return None
    trips = list(
        trips_for_user(user)
        .filter(destinations__institution=institution)
        .distinct()
        .order_by("-departure")[:20]
    )
    if not trips:
        return None
    return PartnerSection(
        _("Trips abroad"), "travel/trip/_partner_section.html", {"trips": trips}, order=60
    )


def partner_merge(source: Institution, target: Institution) -> int:
    """Move destinations that name the duplicate to the surviving institution."""
    from waishi.travel.models import Destination

    return changes.update(Destination.objects.filter(institution=source), institution=target)
