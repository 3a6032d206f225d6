"""Printable documents (the ticket record, monthly statements) as PDF, with fpdf2.

fpdf2 is pure Python, so `make run` needs nothing but pip. The DejaVu Sans
fonts shipped in core/fonts (free licence, LICENSE-DejaVu.txt) cover every
character a client may type in Portuguese or English, and far beyond; anything
they lack prints as a blank box, never an error. Text is drawn as text: nothing
a user wrote is interpreted (no markup, no links).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from django.utils import timezone
from django.utils.formats import date_format
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from helpcenter.core.palette import COLORS

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"


def _printable(text: object) -> str:
    """No control characters but newlines and tabs (as spaces)."""
    value = "" if text is None else str(text)
    return "".join(c if c == "\n" or c.isprintable() else " " for c in value.replace("\t", "    "))


def when(value) -> str:
    """A moment in the reader's time zone, short form; "—" when there is none."""
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else "—"


class Document(FPDF):
    """A4 portrait, a header line with the document's name and a page footer."""

    def __init__(self, *, title: str, subtitle: str = "", footer: str = ""):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.doc_title = _printable(title)
        self.doc_footer = _printable(footer)
        self.set_title(self.doc_title)
        self.set_creator("Helpcenter")
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(15, 15, 15)
        self.add_page()
        self.set_font(FAMILY, "B", 15)
        self.multi_cell(0, 8, self.doc_title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if subtitle:
            self.set_font(FAMILY, "", 9)
            self.multi_cell(0, 5, _printable(subtitle), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 7)
        self.cell(0, 5, f"{self.doc_footer}   {self.page_no()}/{{nb}}", align="R")

    def heading(self, text: str) -> None:
        self.ln(3)
        self.set_font(FAMILY, "B", 11)
        self.multi_cell(0, 6, _printable(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(180, 180, 180)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(1.5)

    def paragraph(self, text: str, *, size: float = 9, bold: bool = False) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)
        self.multi_cell(0, size * 0.5, _printable(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def fields(self, rows: Sequence[tuple[str, object]]) -> None:
        """Label: value lines, the label in bold."""
        for label, value in rows:
            self.set_font(FAMILY, "B", 9)
            self.cell(48, 5, _printable(label))
            self.set_font(FAMILY, "", 9)
            self.multi_cell(0, 5, _printable(value) or "—", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def grid(
        self, header: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float]
    ) -> None:
        """A simple table; long cells wrap. Widths in mm (they should add to 180)."""
        self.set_font(FAMILY, "", 7.5)
        with self.table(
            col_widths=tuple(widths),
            text_align="LEFT",
            line_height=4,
            first_row_as_headings=True,
        ) as table:
            head = table.row()
            for cell in header:
                head.cell(_printable(cell))
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(_printable(value))
        self.ln(1)

    def rows(
        self, header: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float]
    ) -> None:
        """A long table drawn a line per row (no wrapping; a value too wide for its
        column is cut with "…"): fpdf2's wrapping table measures every character of
        every cell, which takes seconds for a statement with hundreds of rows."""
        self.set_font(FAMILY, "B", 7.5)
        for text, width in zip(header, widths, strict=True):
            self.cell(width, 4.5, self._fit(_printable(text), width), border="B")
        self.ln(4.5)
        self.set_font(FAMILY, "", 7.5)
        for values in rows:
            for value, width in zip(values, widths, strict=True):
                self.cell(width, 4, self._fit(_printable(value).replace("\n", " "), width))
            self.ln(4)
        self.ln(1)

    def _fit(self, text: str, width: float) -> str:
        room = width - 1.5
        if self.get_string_width(text) <= room:
            return text
        while text and self.get_string_width(text + "…") > room:
            text = text[: max(len(text) - max(len(text) // 8, 1), 0)]
        return text + "…"

    def bars(
        self,
        groups: Sequence[tuple[str, Sequence[float | None]]],
        series: Sequence[str],
        *,
        label_width: float = 36,
    ) -> None:
        """A horizontal bar chart of percentages drawn with PDF lines and boxes (vector,
        crisp in print): for each group a bar per series, its value written beside it,
        and a legend above. None draws no bar and writes "—". (pygal's SVG is styled by
        CSS, which fpdf2's SVG reader ignores: it prints as a black box.)"""
        bar, gap, room = 3.2, 0.8, 14
        width = self.w - self.l_margin - self.r_margin - label_width - room
        self.set_font(FAMILY, "", 7.5)
        x = self.l_margin + label_width
        for n, name in enumerate(series):
            self.set_fill_color(*COLORS[n % len(COLORS)])
            self.rect(x, self.get_y() + 0.8, 3, 3, style="F")
            self.set_x(x + 4)
            text = _printable(name)
            self.cell(self.get_string_width(text) + 2, 4.5, text)
            x += self.get_string_width(text) + 9
        self.ln(6)
        for label, values in groups:
            height = len(values) * (bar + gap)
            if self.get_y() + height > self.page_break_trigger:
                self.add_page()
            top = self.get_y()
            self.set_xy(self.l_margin, top)
            self.cell(label_width - 2, height - gap, self._fit(_printable(label), label_width))
            self.set_draw_color(200, 200, 200)
            left = self.l_margin + label_width
            self.line(left, top, left, top + height - gap)
            for n, value in enumerate(values):
                y = top + n * (bar + gap)
                length = 0 if value is None else width * max(0.0, min(float(value), 100.0)) / 100
                if length:
                    self.set_fill_color(*COLORS[n % len(COLORS)])
                    self.rect(left, y, length, bar, style="F")
                self.set_xy(left + length + 1, y - 0.4)
                self.cell(room, bar + 0.8, "—" if value is None else f"{value} %")
            self.set_xy(self.l_margin, top + height + 2)
        self.ln(1)

    def bytes(self) -> bytes:
        self.alias_nb_pages()
        return bytes(self.output())
