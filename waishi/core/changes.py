"""One path for "rows of this model changed", whatever wrote them.

Django's post_save, post_delete and m2m_changed are passed on as `rows_changed`. A bulk write
sends none of them: `QuerySet.update()` goes through `update()` here, and a bulk insert or a
restored backup calls `changed()` itself. Whatever follows the data (the public pages' cache,
`waishi.core.page_cache`) listens to `rows_changed` only.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal

# sender: the model class whose rows changed.
rows_changed = Signal()


def changed(*changed_models: type[models.Model]) -> None:
    """Tell the listeners that rows of these models changed."""
    for model in changed_models:
        rows_changed.send(sender=model)


def update(queryset: models.QuerySet[Any], **values: Any) -> int:
    """`queryset.update(**values)`, told like a save: use it for every bulk update."""
    count = queryset.update(**values)
    if count:
        changed(queryset.model)
    return count


def everything_changed() -> None:
    """After a change past Django (a restored backup): every model changed."""
    changed(*apps.get_models())


def _saved_or_deleted(sender: type[models.Model], **_signal: Any) -> None:
    changed(sender)


def _related_changed(
    sender: type[models.Model],
    instance: models.Model,
    model: type[models.Model],
    action: str,
    **_signal: Any,
) -> None:
    if action.startswith("post_"):
        # Both sides of the relation, and the table that links them.
        changed(sender, type(instance), model)


def connect() -> None:
    """Called once, from `CoreConfig.ready()`."""
    post_save.connect(_saved_or_deleted, dispatch_uid="waishi-changes-save")
    post_delete.connect(_saved_or_deleted, dispatch_uid="waishi-changes-delete")
    m2m_changed.connect(_related_changed, dispatch_uid="waishi-changes-m2m")
