"""Data tables for pages: built in views, drawn by one component (``components/table.html``).

A table sits in a labelled, focusable scroll region, so at 320 px wide it scrolls on its own and
the page never does (WCAG 1.4.10 allows two-dimensional data to scroll). Columns with nothing in
them are left out, so a page never shows a column of dashes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.i18n import LocalisedText


@dataclass(frozen=True)
class Cell:
    """One cell: text (a LocalisedText is marked when it falls back), a link, a hint below."""

    text: Any = ""
    href: str = ""
    hint: str = ""
    numeric: bool = False

    @property
    def localised(self) -> bool:
        return isinstance(self.text, LocalisedText)

    @property
    def empty(self) -> bool:
        return self.text in ("", None) and not self.hint


@dataclass(frozen=True)
class Column:
    label: Any
    numeric: bool = False


@dataclass
class Table:
    """``caption`` names the table for screen readers and labels its scroll region."""

    caption: Any
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    caption_visible: bool = False
    name: str = "table"

    def add(self, *cells: Cell | Any) -> None:
        self.rows.append([cell if isinstance(cell, Cell) else Cell(cell) for cell in cells])

    @property
    def shown(self) -> list[int]:
        """The columns with something in at least one row (all of them when there are no rows)."""
        if not self.rows:
            return list(range(len(self.columns)))
        return [
            index
            for index in range(len(self.columns))
            if any(not row[index].empty for row in self.rows)
        ]

    @property
    def headers(self) -> list[Column]:
        return [self.columns[index] for index in self.shown]

    @property
    def body(self) -> list[list[Cell]]:
        keep = self.shown
        return [[row[index] for index in keep] for row in self.rows]
