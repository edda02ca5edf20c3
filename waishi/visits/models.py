"""Foreign visitors received by the university: the host unit's request, its guests (people
of the `people` register) and its budget."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from waishi.core import uploads
from waishi.core.models import Unit
from waishi.core.uploads import UploadValidator
from waishi.core.validators import at_least_one, positive_amount
from waishi.visits.enums import (
    CostItem,
    Funding,
    GiftDirection,
    GuestRank,
    GuestRole,
    ItemKind,
    Lodging,
    ReceptionLevel,
    Standard,
    VisitKind,
    VisitStatus,
)

if TYPE_CHECKING:
    from waishi.people.models import Person

PHOTOS = (uploads.JPEG.code, uploads.PNG.code)

# Guests this old or older on the day they arrive need a health certificate for the visa
# notice.
SENIOR_AGE = 60


class Visit(models.Model):
    """A host unit's request to receive foreign guests (外宾来访申请), from draft to approval.
    Approve first, receive after: nothing is promised to the guests before approval."""

    reference = models.CharField(_("reference"), max_length=30, unique=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        on_delete=models.PROTECT,
        related_name="visits_filed",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("host unit"), on_delete=models.PROTECT, related_name="visits"
    )
    responsible = models.ForeignKey(
        "people.Person",
        verbose_name=_("responsible person"),
        on_delete=models.PROTECT,
        related_name="visits_responsible",
        help_text=_("The member of staff who answers for the visit."),
    )
    partner = models.ForeignKey(
        "partners.Institution",
        verbose_name=_("partner institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=VisitKind.choices)
    purpose = models.TextField(pgettext_lazy("visit", "purpose"))
    arrival = models.DateField(_("arrival"))
    departure = models.DateField(pgettext_lazy("visit", "departure"))
    places = models.CharField(
        _("places"), max_length=300, help_text=_("Where the guests go: campus, cities.")
    )
    reception_level = models.CharField(
        _("reception level"),
        max_length=20,
        choices=ReceptionLevel.choices,
        default=ReceptionLevel.UNIT,
    )
    funding = models.CharField(
        _("who pays"), max_length=20, choices=Funding.choices, default=Funding.HOSTED
    )
    visa_needed = models.BooleanField(
        _("a guest needs a visa"),
        default=False,
        help_text=_("The office then issues a visa invitation letter."),
    )
    leader_meets = models.BooleanField(
        _("a university leader meets the guests"),
        default=False,
        help_text=_("Guests of high rank are met by a leader anyway (rank parity)."),
    )
    itinerary = models.TextField(_("draft itinerary"), blank=True)
    late_reason = models.TextField(
        _("why it is filed late"),
        blank=True,
        help_text=_("Needed when the request is filed after the office's lead time."),
    )
    filed_late = models.BooleanField(_("filed late"), default=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=VisitStatus.choices,
        default=VisitStatus.DRAFT,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # Its letters in the office's one register (`waishi.core.letters`).
    letters = GenericRelation("core.Letter")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-arrival", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(departure__gte=models.F("arrival")),
                name="visit_departure_after_arrival",
            )
        ]
        indexes = [
            models.Index(fields=["unit", "-arrival"], name="visit_unit_arrival"),
            # The list's and the API's order (latest arrival first): a page is read from the
            # index, not sorted from every visit.
            models.Index(fields=["arrival", "id"], name="visit_by_arrival"),
            models.Index(fields=["updated_at", "id"], name="visit_by_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("visits:visit.detail", args=[self.pk])

    @property
    def days(self) -> int:
        return (self.departure - self.arrival).days + 1


class Guest(models.Model):
    """A guest of a visit: a person of the `people` register (the same record every time
    they come), with their place in this delegation."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="guests"
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="guest_visits",
    )
    role = models.CharField(
        _("role in the delegation"),
        max_length=20,
        choices=GuestRole.choices,
        default=GuestRole.MEMBER,
    )
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    title = models.CharField(_("title or position"), max_length=200, blank=True)
    rank = models.CharField(
        _("rank"), max_length=20, choices=GuestRank.choices, default=GuestRank.OTHER
    )
    lodging = models.CharField(
        _("stays at"), max_length=20, choices=Lodging.choices, default=Lodging.HOTEL
    )
    lodging_address = models.CharField(_("address of the stay"), max_length=300, blank=True)
    registered_on = models.DateField(
        _("accommodation registered on"),
        null=True,
        blank=True,
        help_text=_(
            "Outside a hotel, the stay is registered with the police within 24 hours of arrival."
        ),
    )
    registration_number = models.CharField(_("registration number"), max_length=60, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        ordering = ["visit_id", "role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "person"], name="guest_once_per_visit")
        ]

    def __str__(self) -> str:
        return str(self.person)

    def age_on_arrival(self) -> int | None:
        born = self.person.birth_date
        if born is None:
            return None
        return age_on(born, self.visit.arrival)

    @property
    def registration_missing(self) -> bool:
        """Staying outside a hotel, with no accommodation registration recorded."""
        return self.lodging == Lodging.OUTSIDE and self.registered_on is None

    @property
    def is_senior(self) -> bool:
        """60 or over on the day of arrival (a health certificate for the visa notice)."""
        age = self.age_on_arrival()
        return age is not None and age >= SENIOR_AGE


def age_on(born: datetime.date, day: datetime.date) -> int:
    """Full years of someone born on `born`, on `day`."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class BudgetLine(models.Model):
    """The planned cost of one item of the reception."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="budget")
    item = models.CharField(_("cost item"), max_length=20, choices=CostItem.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    amount = models.DecimalField(
        _("amount (CNY)"), max_digits=12, decimal_places=2, validators=[positive_amount]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget")
        ordering = ["visit_id", "pk"]

    def __str__(self) -> str:
        return f"{self.get_item_display()} {self.amount}"


class Summary(models.Model):
    """What came of a visit (来访总结), filed by the host unit after the guests have left;
    due within the office rule `visits_summary_due_working_days` of departure."""

    visit = models.OneToOneField(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="summary"
    )
    text = models.TextField(
        _("summary"), help_text=_("What was done, agreed and achieved; what follows.")
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("filed"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("visit summary")
        verbose_name_plural = _("visit summaries")

    def __str__(self) -> str:
        return str(self.visit)


class ItineraryItem(models.Model):
    """One item of the visit's itinerary (日程): a meeting, lecture, banquet, site visit,
    transport or rooms, with the university's people taking part. It shows in the calendar
    feeds of those people."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="items"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices)
    title = models.CharField(_("what"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300)
    present = models.ManyToManyField(
        "people.Person",
        verbose_name=_("university people present"),
        blank=True,
        related_name="itinerary_present",
    )
    escorts = models.ManyToManyField(
        "people.Person", verbose_name=_("escorts"), blank=True, related_name="itinerary_escorts"
    )
    interpreters = models.ManyToManyField(
        "people.Person",
        verbose_name=_("interpreters"),
        blank=True,
        related_name="itinerary_interpreters",
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords(m2m_fields=[present, escorts, interpreters])

    class Meta:
        verbose_name = _("itinerary item")
        verbose_name_plural = _("itinerary")
        ordering = ["visit_id", "starts_at", "pk"]
        # Lists in this order (a visit's, the API's) read a page from the index.
        indexes = [models.Index(fields=["visit", "starts_at", "id"], name="item_list_order")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gte=models.F("starts_at")),
                name="itinerary_item_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} {self.title}"

    def get_absolute_url(self) -> str:
        return self.visit.get_absolute_url() + "#itinerary"

    def people(self) -> list[Person]:
        """Everyone of the university taking part (present, escorts, interpreters), once."""
        seen: dict[int, Person] = {}
        for person in [*self.present.all(), *self.escorts.all(), *self.interpreters.all()]:
            seen.setdefault(person.pk, person)
        return list(seen.values())


class Cost(models.Model):
    """What one item of the reception actually cost (entered after approval, against the
    budget and the reception standards)."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="costs"
    )
    item = models.CharField(_("cost item"), max_length=20, choices=CostItem.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    spent_on = models.DateField(_("date"), null=True, blank=True)
    people = models.PositiveIntegerField(
        pgettext_lazy("count", "people"),
        null=True,
        blank=True,
        validators=[at_least_one],
        help_text=_("For a banquet: guests and escorts at the table."),
    )
    amount = models.DecimalField(
        _("amount (CNY)"), max_digits=12, decimal_places=2, validators=[positive_amount]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("actual cost")
        verbose_name_plural = _("actual costs")
        ordering = ["visit_id", "item", "spent_on", "pk"]
        indexes = [models.Index(fields=["visit", "item", "spent_on", "id"], name="cost_list_order")]

    def __str__(self) -> str:
        return f"{self.get_item_display()} {self.amount}"


class StandardReason(models.Model):
    """Why the visit goes over one reception standard: needed before it is closed."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="reasons"
    )
    standard = models.CharField(_("standard"), max_length=20, choices=Standard.choices)
    reason = models.TextField(_("reason"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reason for going over a standard")
        verbose_name_plural = _("reasons for going over standards")
        constraints = [
            models.UniqueConstraint(fields=["visit", "standard"], name="reason_once_per_standard")
        ]

    def __str__(self) -> str:
        return f"{self.get_standard_display()}: {self.reason}"


class Gift(models.Model):
    """A gift given to a guest or received from one (礼品登记); a gift received is handed to
    the office."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="gifts"
    )
    direction = models.CharField(
        _("given or received"), max_length=10, choices=GiftDirection.choices
    )
    guest = models.ForeignKey(
        Guest,
        verbose_name=_("guest"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="gifts",
    )
    counterpart = models.CharField(
        _("to or from (another person)"),
        max_length=200,
        blank=True,
        help_text=_("When it is not one of the guests, e.g. the delegation as a whole."),
    )
    description = models.CharField(_("description"), max_length=300)
    value = models.DecimalField(
        _("value (CNY)"), max_digits=12, decimal_places=2, validators=[positive_amount]
    )
    given_on = models.DateField(_("date"))
    handed_on = models.DateField(
        _("handed to the office on"),
        null=True,
        blank=True,
        help_text=_("A gift received is handed to the office."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gift")
        verbose_name_plural = _("gifts")
        ordering = ["visit_id", "given_on", "pk"]
        indexes = [models.Index(fields=["visit", "given_on", "id"], name="gift_list_order")]

    def __str__(self) -> str:
        return self.description

    @property
    def to_or_from(self) -> str:
        return str(self.guest.person) if self.guest is not None else self.counterpart


def photo_upload_to(photo: SummaryPhoto, filename: str) -> str:
    # Never the original file name.
    import uuid
    from pathlib import Path

    return (
        f"visits/photos/{photo.summary.visit_id}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"
    )


class SummaryPhoto(models.Model):
    """A photo of the visit, with its summary."""

    summary = models.ForeignKey(
        Summary, verbose_name=_("summary"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(
        _("photo"), upload_to=photo_upload_to, validators=[UploadValidator(*PHOTOS)]
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["summary_id", "pk"]

    def __str__(self) -> str:
        return self.caption or self.image.name


class AuthorisedLetter(models.Model):
    """The request for a letter of an authorised unit (被授权单位邀请函) that some guests' visas
    need, tracked by the office: filed, issued (due within the office rule's working days),
    and the guests' departure registration (销签), due within the rule's days of departure."""

    visit = models.OneToOneField(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="authorised_letter"
    )
    authority = models.CharField(
        _("authorised unit"), max_length=200, help_text=_("Who issues the letter.")
    )
    filed_on = models.DateField(_("request filed on"))
    issued_on = models.DateField(_("letter issued on"), null=True, blank=True)
    number = models.CharField(_("letter number"), max_length=60, blank=True)
    departure_registered_on = models.DateField(
        _("departure registered on"),
        null=True,
        blank=True,
        help_text=_("The guests' departure registration with the authorised unit."),
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("authorised-unit letter")
        verbose_name_plural = _("authorised-unit letters")

    def __str__(self) -> str:
        return f"{self.visit} {self.number}".strip()
