"""Problems found in a Data Package, and the one error that lists them all."""

from __future__ import annotations

from dataclasses import dataclass

DESCRIPTOR_FILE = "datapackage.json"
DATABASE = "database"  # problems of the store itself (unreachable, full disk), not of a file


@dataclass(frozen=True)
class Problem:
    """One broken rule at one place: file, line (header is line 1), field, rule.

    `table` is a resource name (its file is `<table>.csv`) or, for other files, the file's
    path inside the package (`datapackage.json`, `geo/regions.geojson`); never a server path.
    """

    table: str
    line: int | None
    field: str | None
    rule: str
    message: str

    @property
    def file(self) -> str:
        """The file to open, relative to the package folder: `<resource>.csv` or the file name."""
        if self.table == DATABASE or "." in self.table:
            return self.table
        return f"{self.table}.csv"

    def __str__(self) -> str:
        place = self.file
        if self.line is not None:
            place += f", line {self.line}"
        if self.field:
            place += f", field '{self.field}'"
        return f"{place}: {self.message} (rule: {self.rule})"


class DataPackageError(Exception):
    """The package breaks one or more rules; `problems` lists every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        listing = "\n".join(f"- {problem}" for problem in problems)
        super().__init__(f"The data package has {len(problems)} problem(s):\n{listing}")
