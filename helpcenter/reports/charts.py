"""Charts drawn on the server as SVG with pygal: no JavaScript, readable in print.

pygal's interactive tooltips load a script from a CDN; they are turned off, so
the SVG is a plain picture (served as an image, it could not run scripts anyway).
Labels are text nodes, escaped by the XML writer.
"""

from __future__ import annotations

import pygal
from pygal.style import Style

from helpcenter.core.palette import COLORS
from helpcenter.reports.selectors import TARGETS, ComplianceRow

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#222",
    foreground_strong="#111",
    foreground_subtle="#666",
    colors=tuple("#{:02x}{:02x}{:02x}".format(*rgb) for rgb in COLORS),
    font_family="DejaVu Sans, Arial, sans-serif",
)


def _config(chart, title: str) -> None:
    chart.title = title
    chart.js = []
    chart.disable_xml_declaration = True
    chart.print_values = False
    chart.legend_at_bottom = True
    chart.explicit_size = True


def compliance_chart(rows: list[ComplianceRow], labels: dict[str, str], title: str) -> str:
    """Bars: compliance % per month, one series per target (all groups together)."""
    months = sorted({r.month for r in rows})
    met = {(r.month, r.target): 0 for r in rows}
    decided = dict(met)
    for r in rows:
        met[(r.month, r.target)] += r.met
        decided[(r.month, r.target)] += r.decided
    chart = pygal.Bar(width=760, height=320, style=STYLE, range=(0, 100))
    _config(chart, title)
    chart.x_labels = months
    for target in TARGETS:
        chart.add(
            labels[target],
            [
                round(100 * met[(m, target)] / decided[(m, target)], 1)
                if decided.get((m, target))
                else None
                for m in months
            ],
        )
    return chart.render(is_unicode=True)


def backlog_chart(
    table: dict[str, dict[str, int]], priorities: list[tuple[str, str]], title: str
) -> str:
    """Stacked bars: open tickets by age, one series per priority."""
    chart = pygal.StackedBar(width=760, height=280, style=STYLE)
    _config(chart, title)
    chart.x_labels = list(table)
    for value, label in priorities:
        chart.add(label, [table[bucket].get(value, 0) for bucket in table])
    return chart.render(is_unicode=True)
