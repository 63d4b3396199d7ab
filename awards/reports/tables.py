"""A statistics table: raw values (the downloads keep numbers as numbers) and their display (grouped thousands,
rates to two places, "—" for nothing); written to CSV or XLSX through catalog.spreadsheets."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from catalog import spreadsheets
from catalog.numbers import number_text


def display(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return number_text(value)
    if isinstance(value, Decimal):
        return number_text(value, 2)
    return str(value)


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list]
    footer: list | None = None
    # Per row, an address for its first cell (None: plain text), e.g. a year's rounds or a round's scores.
    links: list[str | None] = field(default_factory=list)

    def html_rows(self) -> list[tuple[str | None, list[str]]]:
        links = self.links or [None] * len(self.rows)
        return [(link, [display(value) for value in row]) for link, row in zip(links, self.rows, strict=True)]

    def html_footer(self) -> list[str] | None:
        return [display(value) for value in self.footer] if self.footer else None

    def all_rows(self) -> list[list]:
        return [*self.rows, *([self.footer] if self.footer else [])]

    def csv(self) -> str:
        return spreadsheets.csv_text(self.headers, self.all_rows())

    def xlsx(self) -> bytes:
        return spreadsheets.xlsx([spreadsheets.Sheet(self.title, self.headers, self.all_rows())])
