"""Whether a cell's text names a table's column (a header cell), from the catalog.

Readers that must rebuild a table's structure from text alone (one cell a
line, Markdown with merged cells lost) need to tell a header cell from a row
label. The catalog's column labels of the three tables (表二's 本年制发件数…,
表三's 申请人情况/自然人/商业企业…/总计, 表四's 行政复议/结果维持…) are header
words; a cell is one when its core equals one of theirs and it carries no
numbering, so ``（七）总计`` and ``3.其他`` (row labels) are not.
"""

from __future__ import annotations

from functools import cache

import regex

from gxparse import catalog as cat
from gxparse.labels import bare, core

# Numbering at the start of a label: （七） (3) 三、 3. 3、
_NUMBERED = regex.compile(
    r"^\s*(?:[(（]\s*[\d一二三四五六七八九十]{1,3}\s*[)）]|[\d一二三四五六七八九十]{1,3}\s*[、.．])"
)


@cache
def _cores() -> frozenset[str]:
    labels: list[str] = [
        *cat.APPLICATION_HEADER_WORDS,
        *cat.SPANNING_HEADER_LABELS,
        *(lab for c in cat.APPLICANT_COLUMNS for lab in c.labels),
        *(lab for c in cat.REVIEW_GROUPS for lab in c.labels),
        *(lab for c in cat.REVIEW_COLUMNS for lab in c.labels),
        *(
            lab
            for items in cat.ACTIVE_ITEMS.values()
            for item in items
            for col in item.columns
            for lab in col.labels
        ),
    ]
    return frozenset(c for lab in labels for c in (core(lab), core(bare(lab))) if c)


def is_column_label(text: str) -> bool:
    """Whether ``text`` is one of the catalog's column labels (numbering makes it a row label)."""
    if _NUMBERED.match(text):
        return False
    c = core(text)
    return bool(c) and (c in _cores() or core(bare(text)) in _cores())
