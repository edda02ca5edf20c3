"""Trips abroad on official business, their approval, passports in custody, and reports."""

from __future__ import annotations

import datetime
import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from waishi.core import uploads
from waishi.core.models import Unit
from waishi.core.uploads import UploadValidator
from waishi.core.validators import at_least_one, positive_amount
from waishi.travel.enums import (
    FundingSource,
    Purpose,
    TravellerRole,
    TripStatus,
    VisaState,
)


def upload_to(instance: models.Model, filename: str) -> str:
    # Never the original file name: it may hold a person's name.
    return f"travel/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class PlannedTrip(models.Model):
    """One line of a unit's annual outbound plan (年度出访计划)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="planned_trips"
    )
    year = models.PositiveIntegerField(_("year"), db_index=True)
    title = models.CharField(_("planned trip"), max_length=200)
    countries = models.CharField(_("countries"), max_length=300, blank=True)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    people = models.PositiveIntegerField(
        _("number of people"), default=1, validators=[at_least_one]
    )
    days = models.PositiveIntegerField(_("days"), default=7, validators=[at_least_one])
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("planned trip")
        verbose_name_plural = _("planned trips")
        ordering = ["-year", "unit__name_zh", "title"]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class Trip(models.Model):
    """An application to go abroad (因公出国), from draft to the accepted report."""

    reference = models.CharField(_("reference"), max_length=30, unique=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="trips",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="trips"
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    description = models.TextField(_("tasks and aims"), blank=True)
    departure = models.DateField(_("departure"))
    return_date = models.DateField(_("return"))
    led_by_leader = models.BooleanField(
        _("led by a university leader"),
        default=False,
        help_text=_("A delegation led by a university leader goes to a leader for approval."),
    )
    confidential = models.BooleanField(
        _("needs confidentiality review"),
        default=False,
        help_text=_("Tick when a traveller holds a classified post or carries classified work."),
    )
    planned_trip = models.ForeignKey(
        PlannedTrip,
        verbose_name=_("planned trip carried out"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trips",
    )
    outside_plan_reason = models.TextField(_("why outside the annual plan"), blank=True)
    invitation_letter = models.FileField(
        _("invitation letter"),
        upload_to=upload_to,
        blank=True,
        validators=[UploadValidator(*uploads.LETTERS)],
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=TripStatus.choices,
        default=TripStatus.DRAFT,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    is_change = models.BooleanField(_("change after approval"), default=False)
    change_reason = models.TextField(_("reason for the change"), blank=True)
    recorded_after = models.BooleanField(
        _("recorded after the trip began"),
        default=False,
        help_text=_("Recorded by the office once under way or over, without approval beforehand."),
    )
    recorded_after_reason = models.TextField(_("why recorded after the trip began"), blank=True)
    approval_number = models.CharField(_("approval number"), max_length=60, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    actual_return = models.DateField(_("actual return"), null=True, blank=True)
    report_due = models.DateField(_("report due"), null=True, blank=True)
    report_reminders = models.PositiveIntegerField(_("report reminders sent"), default=0)
    hold_lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hold lifted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("trip")
        verbose_name_plural = _("trips")
        ordering = ["-departure", "-pk"]
        # The orders of the trip list and the API: a page is read from the index (either way).
        # It also holds what the plan report counts of a year's trips, which it then reads
        # from the index alone (key columns, not INCLUDE, which SQLite does not have).
        indexes = [
            models.Index(
                fields=["departure", "id", "unit", "status", "planned_trip"],
                name="trip_by_departure",
            ),
            models.Index(fields=["updated_at", "id"], name="trip_by_updated"),
            # The approved trips (a few in a hundred), which the passport register offers for
            # a check-out: a page's holders' trips are found without reading every trip row.
            models.Index(
                fields=["id"], condition=models.Q(status="approved"), name="trip_approved"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(return_date__gte=models.F("departure")),
                name="trip_return_after_departure",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("travel:trip.detail", args=[self.pk])

    @property
    def days(self) -> int:
        return (self.return_date - self.departure).days + 1

    @property
    def is_group(self) -> bool:
        return len(self.travellers.all()) > 1

    @property
    def leader(self) -> Traveller | None:
        for traveller in self.travellers.all():
            if traveller.role == TravellerRole.LEADER:
                return traveller
        return None


class Traveller(models.Model):
    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="travellers")
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(
        pgettext_lazy("traveller", "role"),
        max_length=10,
        choices=TravellerRole.choices,
        default=TravellerRole.MEMBER,
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT
    )
    passport_note = models.CharField(
        _("passport being applied for"),
        max_length=300,
        blank=True,
        help_text=_("When the traveller has no valid passport yet: where it stands."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("traveller")
        verbose_name_plural = _("travellers")
        ordering = ["trip", "-role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["trip", "person"], name="traveller_once_per_trip")
        ]

    def __str__(self) -> str:
        return str(self.person)


class Destination(models.Model):
    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="destinations")
    order = models.PositiveIntegerField(_("order"), default=1)
    country = models.ForeignKey(
        "core.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    city = models.CharField(_("city"), max_length=120)
    institution = models.ForeignKey(
        "partners.Institution",
        verbose_name=_("host institution (partner)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trip_destinations",
    )
    host_name = models.CharField(_("host (when not a partner)"), max_length=300, blank=True)
    arrive = models.DateField(_("arrive"))
    leave = models.DateField(_("leave"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("destination")
        verbose_name_plural = _("destinations")
        ordering = ["trip", "order", "arrive"]

    def __str__(self) -> str:
        return f"{self.country} {self.city}"

    @property
    def host(self) -> str:
        return self.institution.name if self.institution is not None else self.host_name

    @property
    def days(self) -> int:
        return (self.leave - self.arrive).days + 1


class ItineraryDay(models.Model):
    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="itinerary")
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    activity = models.CharField(_("activity"), max_length=500)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("itinerary day")
        verbose_name_plural = _("itinerary")
        ordering = ["trip", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.date} {self.place}"


class BudgetItem(models.Model):
    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="budget")
    item = models.CharField(_("item"), max_length=200)
    amount = models.DecimalField(
        _("amount (CNY)"), max_digits=12, decimal_places=2, validators=[positive_amount]
    )
    source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget item")
        verbose_name_plural = _("budget")
        ordering = ["trip", "pk"]

    def __str__(self) -> str:
        return f"{self.item} {self.amount}"


class VisaRecord(models.Model):
    traveller = models.ForeignKey(Traveller, on_delete=models.CASCADE, related_name="visas")
    destination = models.ForeignKey(Destination, on_delete=models.CASCADE, related_name="visas")
    state = models.CharField(
        _("visa"), max_length=20, choices=VisaState.choices, default=VisaState.TO_APPLY
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("visa status")
        verbose_name_plural = _("visa status")
        constraints = [
            models.UniqueConstraint(fields=["traveller", "destination"], name="visa_once")
        ]

    def __str__(self) -> str:
        return f"{self.traveller} {self.destination}: {self.get_state_display()}"


class PassportLoan(models.Model):
    """A passport from the office's custody checked out for a trip; open until checked in."""

    document = models.ForeignKey(
        "people.IdentityDocument",
        verbose_name=_("passport"),
        on_delete=models.PROTECT,
        related_name="loans",
    )
    trip = models.ForeignKey(
        Trip, verbose_name=_("trip"), on_delete=models.PROTECT, related_name="loans"
    )
    checked_out_at = models.DateTimeField(_("checked out"))
    checked_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked out by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_back = models.DateField(_("due back"))
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reminders = models.PositiveIntegerField(_("reminders sent"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("passport loan")
        verbose_name_plural = _("passport loans")
        ordering = ["-checked_out_at"]
        constraints = [
            # The database itself refuses a second open loan of one passport.
            models.UniqueConstraint(
                fields=["document"],
                condition=models.Q(checked_in_at__isnull=True),
                name="passport_one_open_loan",
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} → {self.trip}"

    def is_overdue(self, today: datetime.date) -> bool:
        return self.checked_in_at is None and self.due_back < today


class TripReport(models.Model):
    """The post-trip report (出访报告)."""

    trip = models.OneToOneField(Trip, on_delete=models.CASCADE, related_name="report")
    text = models.TextField(_("report"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("trip report")
        verbose_name_plural = _("trip reports")

    def __str__(self) -> str:
        return str(self.trip)


class ReportAttachment(models.Model):
    report = models.ForeignKey(TripReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        _("file"), upload_to=upload_to, validators=[UploadValidator(*uploads.LETTERS)]
    )
    name = models.CharField(_("name"), max_length=200)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class CalendarToken(models.Model):
    """The secret in a user's calendar feed address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="travel_calendar"
    )
    token = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")

    def __str__(self) -> str:
        return f"{self.user}"
