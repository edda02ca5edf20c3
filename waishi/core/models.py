from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from waishi.core.enums import Continent, JobState, PlaceKind, Role, UnitDuty, UnitKind
from waishi.core.names import SORT_KEYS, BilingualName, shown_name_order, sort_keys

M = TypeVar("M", bound="ShownNameSorted")


class ShownNameQuerySet(models.QuerySet[M]):
    """Rows that keep their names' sort keys, also when written in bulk."""

    def by_shown_name(self) -> ShownNameQuerySet[M]:
        """In the order of the name shown now, by the database (so a page of them can be cut)."""
        return self.order_by(*shown_name_order())

    def bulk_create(self, objs: Iterable[M], *args: Any, **kwargs: Any) -> list[M]:
        objs = list(objs)
        for obj in objs:
            obj.sort_keys_fill()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(
        self, objs: Iterable[M], fields: Iterable[str], *args: Any, **kwargs: Any
    ) -> int:
        objs, fields = list(objs), list(fields)
        if {"name_zh", "name_en"} & set(fields):
            for obj in objs:
                obj.sort_keys_fill()
            fields += [f for f in SORT_KEYS if f not in fields]
        return super().bulk_update(objs, fields, *args, **kwargs)


class ShownNameSorted(BilingualName, models.Model):
    """A record listed by the name shown (countries, units): it keeps that name's sort key in
    each language (`names.sort_keys`), so the database sorts and pages the list."""

    sort_zh = models.TextField(editable=False, default="")
    sort_en = models.TextField(editable=False, default="")

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.sort_keys_fill()
        fields = kwargs.get("update_fields")
        if fields is not None and {"name_zh", "name_en"} & set(fields):
            kwargs["update_fields"] = {*fields, *SORT_KEYS}
        super().save(*args, **kwargs)

    def sort_keys_fill(self) -> None:
        for field, key in sort_keys(self).items():
            setattr(self, field, key)


class UnitQuerySet(ShownNameQuerySet["Unit"]):
    pass


class Unit(ShownNameSorted):
    """A unit of the home university: a college, a department, an office. Units form a tree."""

    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    code = models.CharField(
        _("code"),
        max_length=30,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The university's own code for the unit, if it has one."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=UnitKind.choices, default=UnitKind.COLLEGE
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "A unit that no longer exists is made inactive, never deleted, "
            "so that old records keep pointing at it."
        ),
    )
    duty = models.CharField(
        _("duty for the university"),
        max_length=30,
        choices=UnitDuty.choices,
        blank=True,
        help_text=_(
            "The approval chains send their steps for this duty to this unit's people; "
            "one unit at most holds each duty."
        ),
    )
    history = HistoricalRecords(excluded_fields=list(SORT_KEYS))

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name_zh"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name_zh"], name="unit_unique_name_zh"),
            models.UniqueConstraint(
                fields=["duty"],
                condition=~models.Q(duty=""),
                name="unit_unique_duty",
                violation_error_message=_(
                    "Another unit holds this duty; take it from that unit first."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("core:unit.detail", args=[self.pk])


class CountryQuerySet(ShownNameQuerySet["Country"]):
    def countries(self) -> CountryQuerySet:
        """Countries only: without Hong Kong, Macao and Taiwan (see `PlaceKind`)."""
        return self.filter(kind=PlaceKind.COUNTRY)

    def regions_of_china(self) -> CountryQuerySet:
        """Hong Kong, Macao and Taiwan, which the office counts apart (港澳台)."""
        return self.filter(kind=PlaceKind.REGION_OF_CHINA)


class Country(ShownNameSorted):
    """An ISO 3166 country or territory, or a region of China counted apart (`kind`). The rows
    come from `core/geography.py` (installed packages and the office's checked names)."""

    code = models.CharField(_("ISO code"), max_length=2, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    continent = models.CharField(_("continent"), max_length=20, choices=Continent.choices)
    kind = models.CharField(
        _("kind"), max_length=20, choices=PlaceKind.choices, default=PlaceKind.COUNTRY
    )

    objects = CountryQuerySet.as_manager()

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_region_of_china(self) -> bool:
        return self.kind == PlaceKind.REGION_OF_CHINA


class User(AbstractUser):
    """Anyone who logs in. Roles are groups (see `Role`); scope is the user's units."""

    full_name = models.CharField(
        _("full name"),
        max_length=150,
        blank=True,
        help_text=_("As colleagues know the person, e.g. 张伟 or Anna Müller."),
    )
    units = models.ManyToManyField(
        Unit,
        verbose_name=_("units"),
        blank=True,
        related_name="members",
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        choices=[("zh-hans", "简体中文"), ("en", "English")],
        help_text=_("For pages and e-mails; empty follows the browser."),
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @cached_property
    def role_names(self) -> frozenset[str]:
        """Roles held: read once a request (the user is loaded afresh for each one), so a
        removed role is gone on the next request."""
        if not self.is_active or self.pk is None:
            return frozenset()
        names = {g.name for g in self.groups.all()}
        if self.is_superuser:
            names.add(Role.ADMINISTRATOR)
        return frozenset(n for n in names if n in Role.values)

    @property
    def roles(self) -> list[Role]:
        return [Role(n) for n in Role.values if n in self.role_names]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("core:user.detail", args=[self.pk])


# Whoever makes a request: an account, or a visitor who has not logged in.
AnyUser = User | AnonymousUser


class Notification(models.Model):
    """A message in a user's bell, written in the recipient's language when it is made."""

    recipient = models.ForeignKey(
        User,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title


class ReminderSent(models.Model):
    """Proof that a reminder went out, so the reminder run sends each one once."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")

    def __str__(self) -> str:
        return self.key


class PolicyValue(models.Model):
    """The office's value of one of its rules (`waishi.core.policy`), stored as text. A rule
    without a row here has its declared default. Changed only through `policy_set`, which
    keeps who changed it in the history."""

    key = models.CharField(_("rule"), max_length=80, unique=True)
    value = models.CharField(_("value"), max_length=300)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("office rule")
        verbose_name_plural = _("office rules")
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"


def letter_upload_to(letter: Letter, filename: str) -> str:
    return f"letters/{letter.year}/{letter.number}.pdf"


class Letter(models.Model):
    """A letter of the office's one register of letters (visa invitations now; conference
    invitations, admission letters later): numbered in one series a year, its PDF kept as it
    was issued. What it is about is any record (`subject`)."""

    number = models.CharField(_("number"), max_length=30, unique=True)
    year = models.PositiveIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("number in the year"))
    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    title = models.CharField(_("title"), max_length=300)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    pdf = models.FileField(_("PDF"), upload_to=letter_upload_to)
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        User, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="letter_once_per_number")
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="letter_subject")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Job(models.Model):
    """A piece of work the background worker does for someone (a large import): what it is,
    how far it is, and where its result is shown (`waishi.core.jobs`). Its page is
    `/staff/jobs/<id>/`, for its owner and the office."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        User, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=60)
    # The function that does the work (its dotted path), and what it needs to know.
    runner = models.CharField(max_length=200)
    params = models.JSONField(default=dict, blank=True)
    # What the work is about (a stored file), to find a job of the same thing again.
    subject = models.CharField(max_length=300, blank=True, db_index=True)
    state = models.CharField(
        _("state"), max_length=20, choices=JobState.choices, default=JobState.QUEUED
    )
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    result_url = models.CharField(max_length=500, blank=True)
    # When done, its owner is taken to `result_url` (a preview) instead of reading the page.
    open_result = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The worker's last sign of life: when it started the job or last told how far it is.
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.id}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("core:job", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    @property
    def percent(self) -> int | None:
        """How far, from 0 to 100; None while the total is not known."""
        if not self.total:
            return None
        return min(100, self.done * 100 // self.total)


class RowCount(models.Model):
    """How many rows one large register's table holds, kept exact by the database's own
    triggers on PostgreSQL (`core/row_counts.py`), so the list of 200,000 trips says how many
    there are without reading them. No row for a table: its lists count the rows."""

    table = models.CharField(max_length=63, primary_key=True)
    rows = models.BigIntegerField()

    class Meta:
        verbose_name = _("row count")
        verbose_name_plural = _("row counts")

    def __str__(self) -> str:
        return f"{self.table}: {self.rows}"


class YearlyCount(models.Model):
    """One line of a register's figures for a year (`core/tallies.py`): how many records
    (visits, conferences), people and foreign people fall under one key of one breakdown
    (a unit, a country, a continent …), kept as the records change, so a year's figures read
    a few hundred lines whatever the number of records."""

    register = models.CharField(max_length=32)
    year = models.SmallIntegerField()
    breakdown = models.CharField(max_length=32)
    key = models.CharField(max_length=64, blank=True)
    records = models.BigIntegerField(default=0)
    people = models.BigIntegerField(default=0)
    foreign = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("yearly count")
        verbose_name_plural = _("yearly counts")
        constraints = [
            models.UniqueConstraint(
                fields=["register", "year", "breakdown", "key"], name="yearly_count_unique_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.register} {self.year} {self.breakdown}={self.key}: {self.records}"


class CountedRecord(models.Model):
    """What one record adds to its register's yearly counts now (`core/tallies.py`): the
    lines it was counted in, so a change takes back exactly what it had added."""

    register = models.CharField(max_length=32)
    record = models.BigIntegerField()
    # [[year, breakdown, key, records, people, foreign], …]
    lines = models.JSONField(default=list)

    class Meta:
        verbose_name = _("counted record")
        verbose_name_plural = _("counted records")
        constraints = [
            models.UniqueConstraint(fields=["register", "record"], name="counted_record_unique")
        ]

    def __str__(self) -> str:
        return f"{self.register} {self.record}"
