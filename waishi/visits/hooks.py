"""What the visits app shows on a partner's page and does when two partners merge (see
waishi/partners/hooks.py; `partners` never imports this app)."""

from __future__ import annotations

from django.db.models import Count, Window
from django.utils.translation import gettext_lazy as _

from waishi.core import changes
from waishi.core.models import AnyUser
from waishi.partners.hooks import PartnerSection
from waishi.partners.models import Institution

# The latest visits shown on a partner's page.
SHOWN = 20


def partner_section(institution: Institution, user: AnyUser) -> PartnerSection | None:
    """The partner's visits to the university that the user may see, latest first (none:
    no section)."""
    from waishi.visits.queries import visits_for_user

    if not user.has_perm("visits.view_visit"):
        return None
    # The count of them all comes with the first rows (a window over the whole match), so
    # the page asks the same one query however many visits the partner has.
    found = (
        visits_for_user(user)
        .filter(partner=institution)
        .annotate(total=Window(Count("pk")))
        .order_by("-arrival", "-pk")
    )
    visits = list(found[:SHOWN])
    if not visits:
        return None
    count = visits[0].total  # the annotation above
    return PartnerSection(
        _("Foreign visitors"),
        "visits/visit/_partner_section.html",
        {"visits": visits, "count": count},
        order=70,
    )


def partner_merge(source: Institution, target: Institution) -> int:
    """Move the visits of the duplicate partner to the one that stays."""
    from waishi.visits.models import Visit

    return changes.update(Visit.objects.filter(partner=source), partner=target)
