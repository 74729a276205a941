"""Records as pandas DataFrames and Parquet files (``pip install 'gxparse[data]'``).

``to_frame(reports, shape="long")``: one row per value -- document, agency, year,
template, table, row, column, the value, the printed text, where it was read
(page/line for PDF and text, table/row/cell for DOCX and HTML) and whether a
warning puts it in doubt. ``shape="wide"``: one row per document, one column per
template cell, named ``table.row.column``.

Counts are pandas' nullable ``Int64`` (a null stays null, never NaN in a float
column); money (表二's fees, 2019's procurement amount) stays the exact decimal text
the report printed, as a string column (``value_text`` in the long shape), never a
float.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from gxparse.record import Report

LONG_COLUMNS = (
    "document", "path", "sha256", "agency", "year", "template", "ok", "status", "table",
    "row", "column", "value", "value_text", "raw", "page", "line", "cell_table", "cell_row",
    "cell_col", "flagged", "flag",
)  # fmt: skip


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError:
        from gxparse.errors import MissingExtraError

        raise MissingExtraError("DataFrames need pandas: pip install 'gxparse[data]'") from None
    return pd


def _as_dict(report: Report | dict[str, Any]) -> dict[str, Any]:
    return report.to_dict() if isinstance(report, Report) else report


def long_rows(record: dict[str, Any], document: int) -> Iterable[dict[str, Any]]:
    """The long rows of one record (a ``Report.to_dict()``): ``batch.value_rows`` with
    the document's number, and money apart from counts."""
    from gxparse.batch import value_rows

    for row in value_rows(record):
        value = row.pop("value")
        money = isinstance(value, str)
        row["document"] = document
        row["value"] = None if money else value
        row["value_text"] = value if money else (None if value is None else str(value))
        yield row


_INTS = ("document", "year", "value", "page", "line", "cell_table", "cell_row", "cell_col")
_STRS = (
    "path", "sha256", "agency", "template", "status", "table", "row", "column", "value_text",
    "raw", "flag",
)  # fmt: skip


def to_frame(reports: Iterable[Report | dict[str, Any]] | Report, shape: str = "long") -> Any:
    """A pandas DataFrame of ``reports`` (``Report`` objects or their JSON dicts)."""
    pd = _pandas()
    if isinstance(reports, Report):
        reports = [reports]
    records = [_as_dict(r) for r in reports]
    rows = [row for i, rec in enumerate(records) for row in long_rows(rec, i)]
    frame = pd.DataFrame(rows, columns=list(LONG_COLUMNS))  # reader left out
    frame = frame.astype({c: "Int64" for c in _INTS} | {c: "string" for c in _STRS})
    frame = frame.astype({"ok": "boolean", "flagged": "boolean"})
    if shape == "long":
        return frame
    if shape != "wide":
        raise ValueError(f"shape must be 'long' or 'wide', not {shape!r}")
    frame["key"] = frame["table"] + "." + frame["row"] + "." + frame["column"]
    index = ["document", "path", "agency", "year", "template", "ok", "status"]
    docs = frame[index].drop_duplicates("document").set_index("document")
    counts = frame[frame["value"].notna() | frame["value_text"].isna()]
    counts = counts.pivot(index="document", columns="key", values="value")
    money = frame[frame["value"].isna() & frame["value_text"].notna()]
    money = money.pivot(index="document", columns="key", values="value_text")
    wide = docs.join(counts).join(money)
    return wide.reset_index()


def write_parquet(reports: Iterable[Report | dict[str, Any]], path: str | Path) -> None:
    """The long frame of ``reports`` as a Parquet file (needs pyarrow)."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        from gxparse.errors import MissingExtraError

        raise MissingExtraError("Parquet needs pyarrow: pip install 'gxparse[data]'") from None
    to_frame(reports, "long").to_parquet(path, index=False)


__all__ = ["to_frame", "write_parquet"]
