"""The cohort chart, drawn on the server as SVG: no script, no CDN, no <style> (colours are
presentation attributes), served as an image from its own URL.

pygal is installed, but importing it adds an import hook to `sys.meta_path` that warns on
every later import (an error under the test suite's warning policy), and its output carries
a <style> element; the chart is simple enough to draw directly."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from waishi.programs.queries import CohortFigures

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 16, 56  # room for the axis labels and the legend
QUOTA_COLOUR, ENROLLED_COLOUR = "#9aa9bd", "#1f4e8c"


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    colour: str
    label_y: float

    @property
    def centre(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Group:
    year: int
    centre: float
    bars: list[Bar]


def _nice_top(highest: int) -> int:
    """A round axis maximum at or above `highest` (10, 20, 50, 100, 200 ...)."""
    top = 10
    while top < highest:
        for step in (2, 2.5, 2):
            top = int(top * step)
            if top >= highest:
                break
    return top


def cohort_chart(figures: CohortFigures) -> str:
    """Quota and enrolment per intake year as grouped bars, as SVG text."""
    rows = figures.rows
    highest = max([r.enrolled for r in rows] + [r.quota or 0 for r in rows] + [1])
    top = _nice_top(highest)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(rows), 1)
    bar_w = min(28.0, slot * 0.36)
    groups = []
    for index, row in enumerate(rows):
        centre = LEFT + slot * index + slot / 2
        bars = []
        for offset, value, colour in (
            (-bar_w, row.quota, QUOTA_COLOUR),
            (0.0, row.enrolled, ENROLLED_COLOUR),
        ):
            if value is None:
                continue
            height = plot_h * value / top
            y = TOP + plot_h - height
            bars.append(
                Bar(centre + offset, y, bar_w - 2, height, value, colour, max(y - 4, TOP + 10))
            )
        groups.append(Group(row.year, centre, bars))
    ticks = [(TOP + plot_h - plot_h * i / 4, top * i // 4) for i in range(5)]
    return render_to_string(
        "programs/program/chart.svg",
        {
            "width": WIDTH,
            "height": HEIGHT,
            "left": LEFT,
            "right_edge": WIDTH - RIGHT,
            "baseline": TOP + plot_h,
            "groups": groups,
            "ticks": ticks,
            "legend_y": HEIGHT - 14,
            "quota_colour": QUOTA_COLOUR,
            "enrolled_colour": ENROLLED_COLOUR,
            "quota_label": _("Quota"),
            "enrolled_label": _("Enrolled"),
            "title": _("Quota and enrolment per intake year"),
            "empty": not rows,
            "middle": WIDTH / 2,
            "empty_label": _("No cohorts yet"),
        },
    )
