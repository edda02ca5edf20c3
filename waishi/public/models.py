from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from waishi.core.names import localized


class PageText(models.Model):
    """A text block of the public overview page, kept by the office in both languages.
    Figures are never typed here: `{partners}` and the other placeholders of
    `queries.FIGURE_KEYS` are replaced by live numbers when the page is drawn."""

    key = models.SlugField(_("key"), max_length=50, unique=True)
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("place on the page", "position"), default=0
    )
    heading_zh = models.CharField(_("heading (Chinese)"), max_length=200, blank=True)
    heading_en = models.CharField(_("heading (English)"), max_length=200, blank=True)
    text_zh = models.TextField(_("text (Chinese)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    as_list = models.BooleanField(
        _("show as a numbered list"),
        default=False,
        help_text=_("Each line of the text becomes one item of a numbered list."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("text of the public site")
        verbose_name_plural = _("texts of the public site")
        ordering = ["position", "key"]

    def __str__(self) -> str:
        return self.heading or self.key

    def get_absolute_url(self) -> str:
        return reverse("public:pagetext.update", args=[self.pk])

    @property
    def heading(self) -> str:
        return localized(self, "heading")

    @property
    def text(self) -> str:
        return localized(self, "text")
