"""International academic conferences held by the university (国际学术会议): the forecast, the
conference's stable identity, every version declared of it (a change after approval makes a
new one, the old is kept), its organisers and its external filing with the authorities."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from waishi.conferences.enums import (
    HAS_APPROVAL,
    ConferenceStatus,
    Discipline,
    Format,
    Half,
    OrganiserRole,
    ParticipantRole,
    RegistrationSource,
    RegistrationStatus,
    SizeClass,
    VersionStatus,
)
from waishi.core import uploads
from waishi.core.models import Unit
from waishi.core.uploads import UploadValidator
from waishi.core.validators import at_least_one, positive_amount


class Forecast(models.Model):
    """One conference a unit expects to hold (会议预报), entered in the forecast window for the
    next year (or in the March supplement for the second half). A major conference must have
    been forecast before it is declared."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("organising unit"),
        on_delete=models.PROTECT,
        related_name="conference_forecasts",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    half = models.CharField(
        _("forecast round"), max_length=20, choices=Half.choices, default=Half.YEAR
    )
    name = models.CharField(_("planned name"), max_length=300)
    expected_month = models.PositiveSmallIntegerField(
        _("expected month"), null=True, blank=True, help_text=_("1 to 12, when known.")
    )
    expected_start = models.DateField(_("expected start"), null=True, blank=True)
    expected_end = models.DateField(_("expected end"), null=True, blank=True)
    size_class = models.CharField(
        _("expected class"), max_length=20, choices=SizeClass.choices, default=SizeClass.GENERAL
    )
    notes = models.TextField(_("notes"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        related_name="conference_forecasts",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("conference forecast")
        verbose_name_plural = _("conference forecasts")
        ordering = ["-year", "unit", "pk"]
        indexes = [models.Index(fields=["year", "unit"], name="forecast_year_unit")]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class Conference(models.Model):
    """A conference's stable identity: its reference, organising unit and responsible person.
    What is declared about it (names, dates, size …) lives in its versions; `current_version`
    is the latest."""

    reference = models.CharField(_("reference"), max_length=30, unique=True, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("organising unit"),
        on_delete=models.PROTECT,
        related_name="conferences",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("filed by"),
        on_delete=models.PROTECT,
        related_name="conferences_filed",
    )
    responsible = models.ForeignKey(
        "people.Person",
        verbose_name=_("responsible person"),
        on_delete=models.PROTECT,
        related_name="conferences_responsible",
        help_text=_("The member of staff who answers for the conference."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ConferenceStatus.choices,
        default=ConferenceStatus.DRAFT,
        db_index=True,
    )
    forecast = models.OneToOneField(
        Forecast,
        verbose_name=_("forecast"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conference",
    )
    current_version = models.ForeignKey(
        "ConferenceVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    registration_open = models.BooleanField(
        _("public registration open"),
        default=False,
        help_text=_("Anyone may register on the conference's public page, once approved."),
    )
    # Its letters in the office's one register (`waishi.core.letters`).
    letters = GenericRelation("core.Letter")
    # What the list's search reads (`waishi.conferences.search`), kept by the services.
    search_text = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "search_text"])

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "status"], name="conference_unit_status"),
            models.Index(fields=["updated_at", "id"], name="conference_by_updated"),
        ]

    def __str__(self) -> str:
        version = self.current_version
        name = version.name_zh if version is not None else ""
        return f"{self.reference} {name}".strip()

    def get_absolute_url(self) -> str:
        return reverse("conferences:conference.detail", args=[self.pk])

    @property
    def has_approval(self) -> bool:
        """Approved (possibly with a change now in approval, or closed): participants,
        letters and the external filing may follow; nothing public before."""
        return self.status in HAS_APPROVAL

    def approved_version(self) -> ConferenceVersion | None:
        """The latest approved version: what the conference is, as approved."""
        return (
            self.versions.filter(status__in=[VersionStatus.APPROVED, VersionStatus.SUPERSEDED])
            .exclude(approved_on=None)
            .order_by("-number")
            .first()
        )


class ConferenceVersion(models.Model):
    """One version of what is declared about a conference (申报), numbered 1, 2 … . The first
    is the declaration; each change after approval is a new version, copied from the one
    before and approved again. Every version is kept. Its approval request in the workflow
    engine has the version as its subject."""

    conference = models.ForeignKey(
        Conference,
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    name_zh = models.CharField(_("name (Chinese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    discipline = models.CharField(_("discipline"), max_length=20, choices=Discipline.choices)
    format = models.CharField(
        pgettext_lazy("conference", "format"),
        max_length=20,
        choices=Format.choices,
        default=Format.ONSITE,
    )
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    outside_home_city = models.BooleanField(
        _("held outside the university's city"),
        default=False,
        help_text=_("The local foreign affairs office is then informed."),
    )
    expected_total = models.PositiveIntegerField(_("participants expected (total)"))
    expected_foreign = models.PositiveIntegerField(_("foreign participants expected"))
    expected_countries = models.PositiveSmallIntegerField(
        _("countries expected"),
        help_text=_("Hong Kong, Macao and Taiwan are regions of China and do not count."),
    )
    countries = models.ManyToManyField(
        "core.Country",
        verbose_name=_("countries and regions expected"),
        blank=True,
        related_name="+",
    )
    un_body = models.BooleanField(_("a UN or intergovernmental body takes part"), default=False)
    minister_attends = models.BooleanField(
        _("a minister or a former head of state attends"), default=False
    )
    state_leaders_invited = models.BooleanField(_("state leaders are invited"), default=False)
    sensitive_topic = models.BooleanField(_("the topic is sensitive"), default=False)
    size_class = models.CharField(
        _("size class"),
        max_length=20,
        choices=SizeClass.choices,
        default=SizeClass.GENERAL,
        db_index=True,
        help_text=_("Computed from the discipline, the numbers and the flags."),
    )
    budget = models.DecimalField(
        _("budget (CNY)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[positive_amount],
    )
    funding_source = models.CharField(_("funding source"), max_length=300, blank=True)
    change_reason = models.TextField(
        _("what changes and why"),
        blank=True,
        help_text=_("For a change after approval."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=VersionStatus.choices,
        default=VersionStatus.DRAFT,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    filed_late = models.BooleanField(_("filed late"), default=False)
    late_reason = models.TextField(
        _("why it is filed late"),
        blank=True,
        help_text=_("Needed when the request is filed after the office's lead time."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[countries])

    class Meta:
        verbose_name = _("conference version")
        verbose_name_plural = _("conference versions")
        ordering = ["conference_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "number"], name="conference_version_number_once"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="conference_version_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["starts_on", "id"], name="conference_version_by_start"),
            # The conference lists' order (`queries.BY_START`), read from this index alone on
            # PostgreSQL and SQLite: its columns are all the version's (SQLite does not see
            # that the conference's current_version_id equals the version's id).
            models.Index(
                fields=["starts_on", "conference", "id"], name="conference_version_list_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.conference.reference} v{self.number} {self.name_zh}".strip()

    def get_absolute_url(self) -> str:
        return self.conference.get_absolute_url() + f"#version-{self.number}"

    @property
    def days(self) -> int:
        """Days from start to end, arrival and departure included."""
        return (self.ends_on - self.starts_on).days + 1

    @property
    def is_major(self) -> bool:
        return self.size_class == SizeClass.MAJOR

    @property
    def flagged_major(self) -> bool:
        """Major by one of its flags, whatever its numbers."""
        return (
            self.un_body
            or self.minister_attends
            or self.state_leaders_invited
            or self.sensitive_topic
        )


class Organiser(models.Model):
    """An organiser, co-organiser or supporter of one version: a partner institution of the
    register, or a name when it is not one."""

    version = models.ForeignKey(
        ConferenceVersion,
        verbose_name=_("conference version"),
        on_delete=models.CASCADE,
        related_name="organisers",
    )
    institution = models.ForeignKey(
        "partners.Institution",
        verbose_name=_("partner institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conferences_organised",
    )
    name = models.CharField(
        pgettext_lazy("organiser", "name"),
        max_length=300,
        blank=True,
        help_text=_("When it is not a partner of the register."),
    )
    role = models.CharField(
        pgettext_lazy("organiser", "role"),
        max_length=20,
        choices=OrganiserRole.choices,
        default=OrganiserRole.CO_ORGANISER,
    )
    overseas_ngo = models.BooleanField(
        _("an overseas NGO"),
        default=False,
        help_text=_("An overseas NGO as co-organiser is filed with the police beforehand."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organiser")
        verbose_name_plural = _("organisers")
        ordering = ["version_id", "role", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(institution__isnull=False) | ~models.Q(name=""),
                name="organiser_institution_or_name",
            )
        ]

    def __str__(self) -> str:
        return str(self.institution) if self.institution_id else self.name


def filing_upload_to(filing: ExternalFiling, filename: str) -> str:
    # Never the original file name.
    return (
        f"conferences/filings/{filing.version.conference_id}/"
        f"{uuid.uuid4().hex}{Path(filename).suffix.lower()}"
    )


class ExternalFiling(models.Model):
    """The approval or filing of a version with an outside authority (the education
    authorities, the provincial foreign affairs office, the police for an overseas NGO),
    recorded once the university has approved it."""

    version = models.ForeignKey(
        ConferenceVersion,
        verbose_name=_("conference version"),
        on_delete=models.CASCADE,
        related_name="filings",
    )
    authority = models.CharField(_("authority"), max_length=200)
    number = models.CharField(_("approval or filing number"), max_length=100, blank=True)
    filed_on = models.DateField(pgettext_lazy("filing", "date"))
    file = models.FileField(
        _("file"),
        upload_to=filing_upload_to,
        max_length=300,
        blank=True,
        validators=[UploadValidator(*uploads.LETTERS)],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("external filing")
        verbose_name_plural = _("external filings")
        ordering = ["version_id", "filed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.authority} {self.number}".strip()


# Participants and the programme (issue 16, part 3 and 4) ------------------------------------


class Participant(models.Model):
    """Someone taking part in a conference: a person of the `people` register (the same
    record every time they come, to a visit or a conference), with their place here. The
    passport data a visa letter needs is kept on the participation, and deleted a set number
    of days after the conference (`conferences_passport_deletion_days`)."""

    conference = models.ForeignKey(
        Conference,
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="conference_participations",
    )
    role = models.CharField(
        pgettext_lazy("conference", "role"),
        max_length=20,
        choices=ParticipantRole.choices,
        default=ParticipantRole.PARTICIPANT,
    )
    country = models.ForeignKey(
        "core.Country",
        verbose_name=_("country or region"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_foreign = models.BooleanField(
        _("foreign"), default=False, help_text=_("Of a country other than China.")
    )
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    title = models.CharField(_("title or position"), max_length=200, blank=True)
    passport_number = models.CharField(_("passport number"), max_length=60, blank=True)
    passport_expires_on = models.DateField(_("passport expires on"), null=True, blank=True)
    passport_deleted_on = models.DateField(_("passport data deleted on"), null=True, blank=True)
    needs_visa_letter = models.BooleanField(_("needs a visa invitation letter"), default=False)
    source = models.CharField(
        _("registered through"),
        max_length=20,
        choices=RegistrationSource.choices,
        default=RegistrationSource.OFFICE,
    )
    email_verified = models.BooleanField(_("e-mail verified"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The passport data is not kept in the history: deleting it must leave no copy.
    history = HistoricalRecords(excluded_fields=["passport_number", "passport_expires_on"])

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["conference_id", "role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "person"], name="participant_once_per_conference"
            )
        ]
        # Lists in this order (a conference's, the API's) read a page from the index.
        indexes = [models.Index(fields=["conference", "role", "id"], name="participant_list_order")]

    def __str__(self) -> str:
        return str(self.person)

    def get_absolute_url(self) -> str:
        return (
            reverse("conferences:participant.list", kwargs={"pk": self.conference_id})
            + f"#participant-{self.pk}"
        )


class Session(models.Model):
    """A session of the programme: a day, a time, a room, and its talks."""

    conference = models.ForeignKey(
        Conference,
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    day = models.DateField(pgettext_lazy("programme", "day"))
    starts = models.TimeField(_("starts at"))
    ends = models.TimeField(_("ends at"))
    room = models.CharField(_("room"), max_length=200, blank=True)
    title_zh = models.CharField(_("title (Chinese)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    chair = models.CharField(_("chair"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["conference_id", "day", "starts", "room", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")), name="session_ends_after_start"
            )
        ]
        indexes = [
            models.Index(
                fields=["conference", "day", "starts", "room", "id"], name="session_list_order"
            )
        ]

    def __str__(self) -> str:
        return self.title_zh or self.title_en or self.room

    def get_absolute_url(self) -> str:
        return reverse("conferences:programme", kwargs={"pk": self.conference_id})


class Talk(models.Model):
    """A talk of a session: its speakers are participants where known, else names."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="talks"
    )
    starts = models.TimeField(_("starts at"))
    minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), validators=[at_least_one])
    title_zh = models.CharField(_("title (Chinese)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    abstract = models.TextField(_("abstract"), blank=True)
    language = models.CharField(_("language"), max_length=20, blank=True)
    speakers = models.ManyToManyField(
        Participant, verbose_name=_("speakers"), related_name="talks", blank=True
    )
    speaker_names = models.CharField(
        _("other speakers"),
        max_length=500,
        blank=True,
        help_text=_("Speakers who are not on the participant list, separated by semicolons."),
    )
    external_key = models.CharField(_("key in the schedule export"), max_length=100, blank=True)
    history = HistoricalRecords(m2m_fields=[speakers])

    class Meta:
        verbose_name = _("talk")
        verbose_name_plural = _("talks")
        ordering = ["session_id", "starts", "pk"]
        indexes = [models.Index(fields=["session", "starts", "id"], name="talk_list_order")]

    def __str__(self) -> str:
        return self.title_zh or self.title_en

    def get_absolute_url(self) -> str:
        return self.session.get_absolute_url()


class Registration(models.Model):
    """Someone who registered on the conference's public page. Kept unverified until they
    open the link mailed to them, then waits in the organisers' queue: accepted, it becomes a
    participant (their person found again in the people register); rejected, with a reason.
    Passport data is never in the history and is deleted by the participants' rule."""

    conference = models.ForeignKey(
        Conference,
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.UNVERIFIED,
        db_index=True,
    )
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    given_name = models.CharField(_("given name"), max_length=150, blank=True)
    name_zh = models.CharField(_("Chinese name"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"))
    country = models.ForeignKey(
        "core.Country",
        verbose_name=_("country or region"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.CharField(_("organisation"), max_length=300)
    needs_visa_letter = models.BooleanField(_("needs a visa invitation letter"), default=False)
    passport_number = models.CharField(_("passport number"), max_length=60, blank=True)
    passport_expires_on = models.DateField(_("passport expires on"), null=True, blank=True)
    passport_deleted_on = models.DateField(_("passport data deleted on"), null=True, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, blank=True)
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    verified_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reject_reason = models.TextField(_("reason for rejection"), blank=True)
    participant = models.OneToOneField(
        Participant,
        verbose_name=_("participant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registration",
    )
    # The passport data is not kept in the history: deleting it must leave no copy.
    history = HistoricalRecords(excluded_fields=["passport_number", "passport_expires_on"])

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["conference_id", "created_at", "pk"]
        indexes = [
            models.Index(fields=["status", "conference"], name="registration_status_conf"),
            # The office's queue (a status, oldest confirmed first) and the API's list (every
            # confirmed one in that order) read a page from these.
            models.Index(fields=["status", "verified_at", "id"], name="registration_queue"),
            models.Index(fields=["verified_at", "id"], name="registration_by_confirmed"),
        ]

    def __str__(self) -> str:
        names = " ".join(n for n in (self.given_name, self.family_name) if n)
        return self.name_zh or names or self.email

    def get_absolute_url(self) -> str:
        return reverse("conferences:registration.list") + f"#registration-{self.pk}"


# After the conference ---------------------------------------------------------------------


class Summary(models.Model):
    """What came of a conference (会议总结), written by its unit after the end and filed
    within the office rule `conferences_summary_due_months`: an academic review, the
    participants who actually came, captioned photos and the proceedings, if any. Filing it
    closes the conference."""

    conference = models.OneToOneField(
        Conference,
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="summary",
    )
    review = models.TextField(
        _("academic review"),
        help_text=_("What was presented and discussed, and what came of it."),
    )
    actual_total = models.PositiveIntegerField(_("participants (total)"), default=0)
    actual_foreign = models.PositiveIntegerField(_("foreign participants"), default=0)
    actual_countries = models.PositiveSmallIntegerField(
        _("countries taking part"),
        default=0,
        help_text=_("China included; Hong Kong, Macao and Taiwan are not countries."),
    )
    proceedings = models.FileField(
        _("proceedings"),
        upload_to="conferences/proceedings/%Y/",
        max_length=300,
        blank=True,
        validators=[UploadValidator(*uploads.LETTERS)],
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("filed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("conference summary")
        verbose_name_plural = _("conference summaries")

    def __str__(self) -> str:
        return str(self.conference)


def summary_photo_upload_to(photo: SummaryPhoto, filename: str) -> str:
    # Never the original file name.
    return (
        f"conferences/photos/{photo.summary.conference_id}/"
        f"{uuid.uuid4().hex}{Path(filename).suffix.lower()}"
    )


class SummaryPhoto(models.Model):
    """A captioned photo of the conference, with its summary."""

    summary = models.ForeignKey(
        Summary, verbose_name=_("summary"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(
        _("photo"),
        upload_to=summary_photo_upload_to,
        max_length=300,
        validators=[UploadValidator(uploads.JPEG.code, uploads.PNG.code)],
    )
    caption = models.CharField(_("caption"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["summary_id", "pk"]

    def __str__(self) -> str:
        return self.caption
