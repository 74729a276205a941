"""The DOCX source and reader: merges, text pieces, numbering, split tables, bad packages, .doc."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

import gxparse
from gxparse.errors import (
    CorruptSourceError,
    GxparseError,
    NotAReportError,
    SourceError,
    UnsupportedFormatError,
)
from gxparse.readers.docx_table import DocxTableReader
from gxparse.readers.grid import label_width, table_rows
from gxparse.sources import docx as docx_source
from gxparse.sources import load
from gxparse.sources.grid import Grid, Paragraph, grids

from .make_docx_html_fixtures import TEMPLATE, Style, make_record, render_docx

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TABLES = ("active_disclosure", "applications", "review_litigation")


@pytest.fixture(scope="module")
def template_grids() -> list[Grid]:
    return grids(docx_source.load(TEMPLATE.read_bytes(), path=str(TEMPLATE)).blocks)


def test_template_merges_resolve_into_grids(template_grids: list[Grid]) -> None:
    active, applications, review = template_grids
    assert (applications.nrows, applications.ncols) == (28, 10)
    result = applications.at(5, 0)
    assert result is not None and result.text == "三、本年度办理结果"
    assert (result.row, result.rowspan) == (5, 22)  # 予以公开 .. 总计
    denied = applications.at(7, 1)
    assert denied is not None and denied.text == "（三）不予公开" and denied.rowspan == 8
    assert applications.at(3, 2) is applications.at(3, 0)  # 一、本年新收… over three columns
    assert (review.nrows, review.ncols) == (4, 15)
    upheld = review.at(2, 0)
    assert upheld is not None and upheld.text == "结果维持" and upheld.rowspan == 2
    licensing = active.at(6, 3)
    assert licensing is not None and (licensing.col, licensing.colspan) == (1, 3)


def test_label_width_and_hints(template_grids: list[Grid]) -> None:
    active, applications, review = template_grids
    assert [label_width(g) for g in template_grids] == [1, 3, 0]
    rows = table_rows(applications)
    secret = next(r for r in rows if "国家秘密" in r.text)
    assert [c.column for c in secret.cells[3:]] == list(range(7))
    assert secret.cells[0].text == ""  # the group label is not repeated
    figures = table_rows(review)[-1]
    assert [c.column for c in figures.cells] == list(range(15))
    licensing = next(r for r in table_rows(active) if r.text.startswith("行政许可"))
    assert [c.column for c in licensing.cells] == [None, 0]


def test_blank_template_reads_as_zeros() -> None:
    report = gxparse.parse(TEMPLATE)
    assert report.source.reader == "docx-table"
    assert report.get("review_litigation", "review", "total") == 0
    assert report.get("applications", "result.total", "total") == 0
    prov = report.review_litigation["litigation_after_review"]["total"].prov
    assert prov is not None and (prov.table, prov.row, prov.col) == (2, 3, 14)
    assert report.ok


def test_provenance_is_table_row_col_and_raw_text() -> None:
    record = make_record(11)
    report = gxparse.parse(render_docx(record, Style(notes=True)))
    for table, row, col, value in report.cells():
        assert value.prov is not None, f"{table}.{row}.{col}"
        assert value.prov.table is not None and value.prov.row is not None
        assert value.prov.col is not None
    noted = [v for _, _, _, v in report.cells() if v.prov is not None and "其中修订" in v.prov.raw]
    assert noted, "the style prints notes after 表二 figures"
    for v in noted:
        assert v.prov is not None
        assert v.value == int(v.prov.raw.split("（")[0])


def test_runs_soft_breaks_and_numbering_are_text() -> None:
    data = render_docx(make_record(12), Style(split_runs=True, numbered_headings=True))
    doc = docx_source.load(data)
    paragraphs = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert "二、主动公开政府信息情况" in paragraphs  # the number comes from numbering.xml
    applications = grids(doc.blocks)[1]
    commercial = applications.at(2, 4)
    assert commercial is not None and commercial.text == "商业\n企业"


@pytest.mark.parametrize(
    ("number", "fmt", "text"),
    [
        (2, "chineseCounting", "二"),
        (12, "chineseCountingThousand", "十二"),
        (21, "chineseCounting", "二十一"),
        (3, "decimal", "3"),
        (3, "ideographTraditional", "丙"),
        (4, "decimalEnclosedCircle", "④"),
        (4, "upperRoman", "IV"),
        (2, "lowerLetter", "b"),
    ],
)
def test_number_formats(number: int, fmt: str, text: str) -> None:
    assert docx_source.format_number(number, fmt) == text


@pytest.mark.parametrize(
    "before", ["result.granted", "result.unavailable.not_held", "result.total"]
)
@pytest.mark.parametrize("heading", [False, True])
def test_table_split_in_two(before: str, heading: bool) -> None:
    record = make_record(13)
    report = gxparse.parse(render_docx(record, Style(split_before=before, split_heading=heading)))
    assert report.to_dict()["applications"] == record["applications"]
    assert report.ok


def test_detect_declines_other_documents() -> None:
    reader = DocxTableReader()
    assert reader.detect(load(b"just some text\n")).score == 0


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out.getvalue()


def test_renamed_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(_zip({"readme.txt": b"hello", "data.csv": b"a,b\n"}))
    with pytest.raises(UnsupportedFormatError) as err:
        gxparse.parse(path)
    assert str(err.value).startswith(str(path))


def test_truncated_package_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    data = render_docx(make_record(14))
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(SourceError) as err:
        gxparse.parse(path)
    assert str(path) in str(err.value)


def test_damaged_document_xml_is_corrupt(tmp_path: Path) -> None:
    source = zipfile.ZipFile(io.BytesIO(render_docx(make_record(15))))
    files = {n: source.read(n) for n in source.namelist()}
    files["word/document.xml"] = files["word/document.xml"][:5000]
    path = tmp_path / "broken.docx"
    path.write_bytes(_zip(files))
    with pytest.raises(CorruptSourceError) as err:
        gxparse.parse(path)
    assert str(err.value).startswith(str(path))


def test_package_without_content_types_is_corrupt(tmp_path: Path) -> None:
    source = zipfile.ZipFile(io.BytesIO(render_docx(make_record(15))))
    files = {n: source.read(n) for n in source.namelist() if n != "[Content_Types].xml"}
    path = tmp_path / "broken.docx"
    path.write_bytes(_zip(files))
    with pytest.raises(SourceError):
        gxparse.parse(path)


def test_docx_without_report_tables() -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("会议通知")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "姓名"
    table.cell(1, 1).text = "3"
    out = io.BytesIO()
    document.save(out)
    with pytest.raises(NotAReportError):
        gxparse.parse(out.getvalue())


OLE_WORD = (
    docx_source.OLE_MAGIC + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 1024
)


def test_legacy_doc_without_libreoffice_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(docx_source, "soffice", lambda: None)
    path = tmp_path / "report.doc"
    path.write_bytes(OLE_WORD)
    with pytest.raises(UnsupportedFormatError) as err:
        gxparse.parse(path)
    assert "LibreOffice" in str(err.value)
    assert str(err.value).startswith(str(path))


def test_ole_spreadsheet_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "report.doc"
    path.write_bytes(docx_source.OLE_MAGIC + b"\x00" * 504 + "Workbook".encode("utf-16-le"))
    with pytest.raises(UnsupportedFormatError):
        gxparse.parse(path)


needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice absent")


@pytest.mark.slow
@needs_soffice
def test_legacy_doc_converted_with_libreoffice(tmp_path: Path) -> None:
    case = FIXTURES / "docx_2021_blank_split"
    src = tmp_path / "report.docx"
    src.write_bytes((case / "source.docx").read_bytes())
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    report = gxparse.parse(tmp_path / "report.doc")
    gold = json.loads((case / "expected.json").read_text("utf-8"))
    data = report.to_dict()
    assert data["meta"] == gold["meta"]
    for table in ("applications", "review_litigation"):
        assert data[table] == gold[table]
    assert "converted_by_libreoffice" in {w.code for w in report.warnings}


@pytest.mark.slow
@needs_soffice
def test_garbage_ole_fails_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "junk.wps"
    path.write_bytes(OLE_WORD)
    with pytest.raises(GxparseError) as err:
        gxparse.parse(path)
    assert str(path) in str(err.value)


def test_committed_fixtures_are_the_generators_output(tmp_path: Path) -> None:
    from .make_docx_html_fixtures import write

    for case in write(tmp_path):
        committed = FIXTURES / case.name
        for name in (
            "expected.json",
            f"source.{'docx' if case.name.startswith('docx') else 'html'}",
        ):
            assert (case / name).read_bytes() == (committed / name).read_bytes(), case.name
