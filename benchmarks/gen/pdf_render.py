"""DOCX -> PDF with LibreOffice, and where 表三's rows landed (read back with pdftotext)."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from itertools import pairwise
from pathlib import Path
from typing import Any

from layout import Grid

_BATCH = 16
_SOFFICE_TIMEOUT = 600
_TABLE3_HEADING = "三、收到和处理政府信息公开申请情况"
_TABLE4_HEADING = "四、政府信息公开行政复议、行政诉讼情况"
_TOKEN_LENGTH = 7


def convert_to_pdf(docx_paths: list[Path], outdir: Path) -> list[Path]:
    """Convert DOCX files with one private LibreOffice profile, ``_BATCH`` files a call."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="lo_profile_gen_"))
    try:
        for start in range(0, len(docx_paths), _BATCH):
            batch = [str(path) for path in docx_paths[start : start + _BATCH]]
            command = [
                "soffice",
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                *batch,
            ]
            subprocess.run(command, check=True, capture_output=True, timeout=_SOFFICE_TIMEOUT)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdfs = [outdir / (path.stem + ".pdf") for path in docx_paths]
    missing = [str(pdf) for pdf in pdfs if not pdf.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice did not produce {missing}")
    return pdfs


def _normalise(text: str) -> str:
    text = re.sub(r"\s+", "", text)
    return text.translate(str.maketrans("（），：", "(),:"))


def _pages(pdf: Path) -> list[str]:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True
    )
    return [_normalise(page) for page in result.stdout.decode("utf-8").split("\f")]


def table3_pages(pdf: Path, grid: Grid) -> dict[str, Any]:
    """Page of each 表三 row (by its label), the rows that open a new page, header repeats."""
    pages = _pages(pdf)
    text = "".join(pages)
    starts = [sum(len(page) for page in pages[:index]) for index in range(len(pages))]

    def page_of(position: int) -> int:
        return max(index for index, start in enumerate(starts) if start <= position) + 1

    heading = text.index(_normalise(_TABLE3_HEADING))
    rows: dict[str, int] = {}
    for cell in grid.cells:  # LibreOffice draws merged cells late: search each label anew
        key = grid.row_keys[cell.row]
        if key is None or cell.key is not None or cell.col + cell.colspan != 3:
            continue
        rows[key] = page_of(text.index(_normalise(cell.text)[:_TOKEN_LENGTH], heading))
    end = page_of(text.index(_normalise(_TABLE4_HEADING), heading))
    first, last = page_of(heading), max(rows.values())
    keys = list(rows)
    header = _normalise("申请人情况")
    return {
        "heading_page": first,
        "first_row_page": rows[keys[0]],
        "last_row_page": last,
        "rows_opening_a_page": [
            key for previous, key in pairwise(keys) if rows[key] != rows[previous]
        ],
        "header_repeated": sum(pages[p - 1].count(header) for p in range(first, last + 1)) > 1,
        "table4_heading_page": end,
        "rows": rows,
    }
