"""What the loader says about a file: problems that refuse it (``Issue``) and interpretations it made (``Note``).

Both name the file's own row (spreadsheet row, header = the row it was found on) and column, and carry English
(command line, logs) and Chinese (the data page) text.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Issue:
    file: str
    row: int | None  # spreadsheet row of the file; None for file-level problems
    column: str | None
    value: str | None
    problem: str
    problem_zh: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        val = f" (value: {self.value!r})" if self.value is not None else ""
        return f"{where}: {self.problem}{val}"

    def text(self, lang: str = "en") -> str:
        return self.problem_zh if lang == "zh" and self.problem_zh else self.problem


@dataclass
class ValidationError(Exception):
    issues: list[Issue] = field(default_factory=list)
    truncated: int = 0  # further issues not listed

    def __str__(self) -> str:
        lines = [f"{len(self.issues) + self.truncated} problem(s) found; nothing was loaded:"]
        lines += [f"  - {i}" for i in self.issues]
        if self.truncated:
            lines.append(f"  … and {self.truncated} more")
        return "\n".join(lines)


@dataclass
class Note:
    """One interpretation the reader made (header row found, unit converted, 合计 row skipped …)."""

    row: int | None
    column: str | None
    en: str
    zh: str

    def text(self, lang: str = "en") -> str:
        return self.zh if lang == "zh" else self.en

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row is not None else ""
        if self.column:
            where += (", " if where else "") + f"column {self.column}"
        return f"{where}: {self.en}" if where else self.en
