"""A record's history, as people read it: who, when, what changed from which value."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from waishi.core.models import AnyUser, User

# In context: "created" alone is also the column of a record's creation time.
_KIND = {
    "+": pgettext_lazy("history", "created"),
    "~": pgettext_lazy("history", "changed"),
    "-": pgettext_lazy("history", "deleted"),
}
MASKED_FIELDS = {"password", "number", "document_number", "passport_number", "id_number"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: User | None
    kind: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def _display(
    model: type[models.Model], name: str, value: object, cache: dict[tuple[type, object], str]
) -> str:
    if value in (None, ""):
        return "—"
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return str(value)
    if not isinstance(model_field, models.Field):  # a reverse relation: not a stored value
        return str(value)
    if name in MASKED_FIELDS:
        return "****"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return str(_("yes") if value else _("no"))
    if isinstance(value, datetime):
        aware = value if timezone.is_aware(value) else timezone.make_aware(value)
        return date_format(timezone.localtime(aware), "DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    related_model = model_field.related_model
    if model_field.is_relation and isinstance(related_model, type):
        key = (related_model, value)
        if key not in cache:
            related = related_model._default_manager.filter(pk=value).first()
            cache[key] = str(related) if related else f"#{value}"
        return cache[key]
    return str(value)


def history_entries(obj: models.Model, limit: int = 100) -> list[HistoryEntry]:
    """The newest `limit` history entries of `obj`, each with its changed fields."""
    records = list(
        obj.history.select_related("history_user")  # type: ignore[attr-defined]  # simple-history's.order_by("-history_date", "-pk")[: limit + 1]
    )
    return _entries(type(obj), records, limit, {})


def history_entries_of_each(
    objects: Sequence[models.Model], limit: int = 100
) -> list[list[HistoryEntry]]:
    """`history_entries` of each of `objects` (rows of one model), read in one query rather
    than one per row: a record's page shows its documents' histories, however many."""
    if not objects:
        return []
    model = type(objects[0])
    key = model._meta.pk.attname
    history = model.history  # type: ignore[attr-defined]  # simple-history's manager
    by_row: dict[object, list[Any]] = {}
    records = history.filter(**{f"{key}__in": [o.pk for o in objects]})
    for record in records.select_related("history_user").order_by("-history_date", "-pk"):
        by_row.setdefault(getattr(record, key), []).append(record)
    cache: dict[tuple[type, object], str] = {}
    return [_entries(model, by_row.get(o.pk, [])[: limit + 1], limit, cache) for o in objects]


def _entries(
    model: type[models.Model],
    records: list[Any],
    limit: int,
    cache: dict[tuple[type, object], str],
) -> list[HistoryEntry]:
    """The entries of one row's history `records`, newest first (one more than `limit`, to
    tell the oldest shown what changed)."""
    entries = []
    for index, record in enumerate(records[:limit]):
        entry = HistoryEntry(
            when=record.history_date,
            who=record.history_user,
            kind=str(_KIND.get(record.history_type, record.history_type)),
            reason=record.history_change_reason or "",
        )
        previous = records[index + 1] if index + 1 < len(records) else None
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                try:
                    changed = model._meta.get_field(change.field)
                except FieldDoesNotExist:
                    changed = None
                label = (
                    str(changed.verbose_name) if isinstance(changed, models.Field) else change.field
                )
                if isinstance(change.old, list) or isinstance(change.new, list):
                    continue  # many-to-many changes are shown by the reason line
                entry.changes.append(
                    Change(
                        field=label,
                        old=_display(model, change.field, change.old, cache),
                        new=_display(model, change.field, change.new, cache),
                    )
                )
        entries.append(entry)
    return entries


def history_by(obj: models.Model, user: AnyUser | None, reason: str = "") -> None:
    """Tell simple-history who makes the next save of `obj`, and why: services call it so
    the history is right outside a request too (commands, imports, the API)."""
    if user is not None and getattr(user, "is_authenticated", False):
        obj._history_user = user  # type: ignore[attr-defined]
    if reason:
        obj._change_reason = reason  # type: ignore[attr-defined]
