"""The conferences' search text (`Conference.search_text`): the reference, the current
version's names, venue and city, and its organisers' names (as given, or every name of the
partner), folded as the partners' are. The list's search reads this one column, through its
trigram index on PostgreSQL (migration 0008), instead of joining versions and organisers.

Kept by `search_text_refresh`, called by each service that changes what it holds (a
declaration, its edits, a change, a change not approved) and, through a hook of `partners`,
when a partner's names change."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from waishi.conferences.models import Conference, Organiser
from waishi.partners.models import Institution
from waishi.partners.search import fold, search_text

BATCH = 2000
VERSION_COLUMNS = ("name_zh", "name_en", "venue", "city")


def search_text_refresh(
    conferences: QuerySet[Any] | Iterable[int],
    *,
    conference_model: Any = Conference,
    organiser_model: Any = Organiser,
) -> int:
    """Write the search text of these conferences (a queryset, or their ids) where it
    changed; how many changed. A migration passes its historical models."""
    if isinstance(conferences, QuerySet):
        conferences = conferences.order_by().values_list("pk", flat=True)
    pks = list(conferences)
    changed = 0
    for start in range(0, len(pks), BATCH):
        batch = pks[start : start + BATCH]
        rows = conference_model.objects.filter(pk__in=batch).values_list(
            "pk",
            "reference",
            "current_version_id",
            "search_text",
            *(f"current_version__{column}" for column in VERSION_COLUMNS),
        )
        rows = list(rows)
        organisers: dict[int, list[str]] = {}
        for version_id, name, names in organiser_model.objects.filter(
            version_id__in=[row[2] for row in rows if row[2] is not None]
        ).values_list("version_id", "name", "institution__search_text"):
            organisers.setdefault(version_id, []).extend(n for n in (name, names) if n)
        updated = []
        for pk, reference, version_id, before, *version_values in rows:
            text = search_text([reference, *version_values, *organisers.get(version_id, [])])
            if text != before:
                updated.append(conference_model(pk=pk, search_text=text))
        conference_model.objects.bulk_update(updated, ["search_text"], batch_size=500)
        changed += len(updated)
    return changed


def partner_renamed(institution: Institution) -> None:
    """The conferences whose current version it organises know its new names."""
    search_text_refresh(
        Conference.objects.filter(current_version__organisers__institution=institution)
    )


def search_words(text: str) -> list[str]:
    """The words of a search, folded as the search text is (at most ten)."""
    return fold(text).split()[:10]
