"""Markdown text -> paragraphs and pipe tables (GFM), markup stripped.

What OCR and document-conversion tools hand people: headings (``#``), bold
and italic, list items, links, ``<br>`` inside cells, and GFM pipe tables (a
header line, a ``|---|---|`` delimiter line, body lines; ``\\|`` is a pipe
inside a cell). Tables come out as rows of cell texts, every position kept,
padded to the table's widest row; nothing here knows about reports.
"""

from __future__ import annotations

import html

import regex
from attrs import frozen

_DELIMITER = regex.compile(r"\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*")
_ESCAPED = regex.compile(r"\\([!-/:-@\[-`{-~])")
_BREAK = regex.compile(r"<br\s*/?>", regex.IGNORECASE)
_TAG = regex.compile(r"</?[A-Za-z][^<>]*>")
_IMAGE = regex.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = regex.compile(r"\[([^\]]*)\]\([^)]*\)")
_STRONG = regex.compile(r"(\*\*|__)(.+?)\1")
_EMPHASIS = regex.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_CODE = regex.compile(r"`+([^`]*)`+")
_HEADING = regex.compile(r"^\s{0,3}#{1,6}(?:\s+|$)(.*?)(?:\s+#+)?\s*$")
_QUOTE = regex.compile(r"^\s{0,3}(?:>\s?)+")
_BULLET = regex.compile(r"^\s*[-*+]\s+")
_RULE = regex.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,}|=+)\s*$")


@frozen
class MdTable:
    """A pipe table: its rows of cell texts (markup stripped) and its first line (1-based)."""

    rows: tuple[tuple[str, ...], ...]
    line: int


@frozen
class MdParagraph:
    text: str
    line: int


def is_delimiter(line: str) -> bool:
    """A table's delimiter line (``|---|:--:|``): dashes, colons and at least one pipe.

    A one-column delimiter needs three dashes: ``- |`` is a cell printing ``-`` in a
    page copied as text, not a table's delimiter."""
    if "|" not in line or "-" not in line or _DELIMITER.fullmatch(line) is None:
        return False
    return len(split_cells(line)) >= 2 or "---" in line


def _opens_table(line: str) -> bool:
    """Inside a table, whether ``line`` is the delimiter of a new table under the line above
    it: dashes of a rule (``---``), not a row of cells printing ``-`` for zero."""
    return is_delimiter(line) and "--" in line


def split_cells(line: str) -> list[str]:
    """The raw cells of a table line: outer pipes dropped, ``\\|`` kept as a pipe in its cell."""
    s = line.strip()
    cells: list[str] = []
    cur: list[str] = []
    i = 0
    while i < len(s):
        ch = s[i]
        if ch == "\\" and i + 1 < len(s) and s[i + 1] == "|":
            cur.append("|")
            i += 2
            continue
        if ch == "|":
            cells.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    cells.append("".join(cur))
    if s.startswith("|"):
        cells = cells[1:]
    if s.endswith("|") and not s.endswith("\\|") and cells:
        cells = cells[:-1]
    return cells


def inline(text: str) -> str:
    """Text with inline markup taken out: breaks, tags, links, emphasis, code, escapes."""
    text = _BREAK.sub(" ", text)
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _STRONG.sub(r"\2", text)
    text = _EMPHASIS.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    text = _ESCAPED.sub(r"\1", text)
    return " ".join(html.unescape(text).split())


def paragraph_text(line: str) -> str:
    """A line of body text with block markup (heading, quote, bullet) and inline markup out."""
    m = _HEADING.match(line)
    if m:
        line = m[1]
    line = _QUOTE.sub("", line)
    line = _BULLET.sub("", line)
    return inline(line)


def tables(lines: list[str]) -> list[range]:
    """The pipe tables' line ranges (0-based): header line, delimiter line, body lines."""
    out: list[range] = []
    i = 0
    while i + 1 < len(lines):
        if (
            "|" in lines[i]
            and is_delimiter(lines[i + 1])
            and len(split_cells(lines[i])) == len(split_cells(lines[i + 1]))
        ):
            end = i + 2
            while (
                end < len(lines)
                and "|" in lines[end]
                and lines[end].strip()
                and not (end + 1 < len(lines) and _opens_table(lines[end + 1]))
            ):
                end += 1
            out.append(range(i, end))
            i = end
            continue
        i += 1
    return out


def table_lines(lines: list[str]) -> set[int]:
    """Indices (0-based) of the lines that belong to pipe tables."""
    return {i for r in tables(lines) for i in r}


def blocks(lines: list[str]) -> list[MdTable | MdParagraph]:
    """Paragraphs (one a line; rules and blank lines dropped) and tables, in reading order."""
    found = {r.start: r for r in tables(lines)}
    out: list[MdTable | MdParagraph] = []
    i = 0
    while i < len(lines):
        span = found.get(i)
        if span is not None:
            rows = [split_cells(lines[k]) for k in span if k != span.start + 1]
            width = max(len(r) for r in rows)
            cells = tuple(tuple(inline(c) for c in r) + ("",) * (width - len(r)) for r in rows)
            out.append(MdTable(cells, i + 1))
            i = span.stop
            continue
        line = lines[i]
        i += 1
        if not line.strip() or _RULE.match(line):
            continue
        text = paragraph_text(line)
        if text:
            out.append(MdParagraph(text, i))
    return out
