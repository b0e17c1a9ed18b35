"""Data tables for pages: built in views, drawn by one component (``components/table.html``).

A table sits in a labelled, focusable scroll region, so at 320 px wide it scrolls on its own and
the page never does (WCAG 1.4.10 allows two-dimensional data to scroll). Columns with nothing in
them are left out, so a page never shows a column of dashes; a column's ``blank`` fills the empty
cells of a column that is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from core.i18n import LocalisedText


@dataclass(frozen=True)
class Tag:
    """A GOV.UK tag: its text and colour (``green``, ``grey``…; none for the default blue)."""

    text: Any
    colour: str = ""


@dataclass(frozen=True)
class Cell:
    """One cell: text (a LocalisedText is marked when it falls back), a link, a hint below.

    ``tags`` come before the text; ``header`` makes the cell its row's header
    (``<th scope="row">``); ``lang`` marks text in another language than the page's.
    """

    text: Any = ""
    href: str = ""
    hint: str = ""
    numeric: bool = False
    tags: tuple[Tag, ...] = ()
    header: bool = False
    lang: str = ""

    @property
    def localised(self) -> bool:
        return isinstance(self.text, LocalisedText)

    @property
    def has_text(self) -> bool:
        return self.text not in ("", None)

    @property
    def empty(self) -> bool:
        return not self.has_text and not self.hint and not self.tags


@dataclass(frozen=True)
class Column:
    """``blank`` is shown in this column's empty cells (say "–" where a gap needs saying)."""

    label: Any
    numeric: bool = False
    blank: str = ""


@dataclass
class Table:
    """``caption`` names the table for screen readers and labels its scroll region.

    ``name`` makes the caption's id (``<name>-caption``); ``id`` is the table's own, if any.
    """

    caption: Any
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    caption_visible: bool = False
    name: str = "table"
    id: str = ""

    def add(self, *cells: Cell | Any) -> None:
        if len(cells) != len(self.columns):
            raise ValueError(f"{len(cells)} cells for {len(self.columns)} columns")
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
        keep = [(index, self.columns[index]) for index in self.shown]
        return [[_filled(row[index], column) for index, column in keep] for row in self.rows]


def _filled(cell: Cell, column: Column) -> Cell:
    return replace(cell, text=column.blank) if cell.empty and column.blank else cell
