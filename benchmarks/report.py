"""The results table, for the terminal and as RESULTS.md."""
from __future__ import annotations

import textwrap

from .common import Row, Section

COLUMNS = ("what", "ours", "baseline", "ratio", "target", "result")
WHAT_WIDTH = 60


def _cells(row: Row) -> tuple[str, ...]:
    return (row.what, row.ours, row.baseline, row.ratio, row.target, row.verdict)


def table(sections: list[Section]) -> str:
    """A plain-text table: one row per measurement, long descriptions wrapped."""
    rows = [row for section in sections for row in section.rows]
    widths = [WHAT_WIDTH] + [max(len(name), *(len(_cells(r)[i]) for r in rows))
                             for i, name in enumerate(COLUMNS) if i]
    line = "  ".join("-" * width for width in widths)
    out = ["  ".join(name.ljust(width) for name, width in zip(COLUMNS, widths)), line]
    for section in sections:
        out.append(f"[{section.title}]")
        for row in section.rows:
            cells = _cells(row)
            wrapped = textwrap.wrap(cells[0], WHAT_WIDTH, subsequent_indent="  ") or [""]
            out.append("  ".join(cell.ljust(width) for cell, width in
                                 zip((wrapped[0], *cells[1:]), widths)).rstrip())
            out += wrapped[1:]
    return "\n".join(out)


def markdown_table(sections: list[Section]) -> str:
    out = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for section in sections:
        out.append(f"| **{section.title}** |" + " |" * (len(COLUMNS) - 1))
        for row in section.rows:
            out.append("| " + " | ".join(cell.replace("|", "\\|") for cell in _cells(row)) + " |")
    return "\n".join(out)


def details(sections: list[Section]) -> str:
    out = []
    for section in sections:
        if section.details:
            out.append(f"**{section.title}**\n")
            out += [f"- {line}" for line in section.details]
            out.append("")
    return "\n".join(out)
