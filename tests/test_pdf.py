"""PDF source and the pdf-grid reader: golden cells, backend parity, bad input.

Every PDF fixture (``fixtures/hongze_2024`` and the generated
``fixtures/generated/pdf_*``) must parse with every cell right on each
installed backend, and both backends must give identical records.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import gxparse
from gxparse import pipeline
from gxparse.errors import (
    BinarySourceError,
    CorruptSourceError,
    EmptySourceError,
    EncryptedSourceError,
    GarbledTextError,
    ScannedDocumentError,
    SourceError,
)
from gxparse.readers.pdf_grid import PdfGridReader
from gxparse.readers.pdf_unruled import _PAGE_NUMBER
from gxparse.sources import pdf as pdf_source
from gxparse.sources.text import load as load_text

from . import doubts
from .conftest import FIXTURES, ROOT

TABLES = ("active_disclosure", "applications", "review_litigation")
BACKENDS = pdf_source.available_backends()
HONGZE = FIXTURES / "hongze_2024"
BAD = FIXTURES / "pdf_bad"


def _pdf_cases() -> list[Path]:
    cases = [HONGZE]
    cases += sorted(
        p for p in (FIXTURES / "generated").glob("pdf_*") if (p / "source.pdf").exists()
    )
    return cases


CASES = _pdf_cases()


def _parse(path: Path, backend: str) -> gxparse.Report:
    doc = pdf_source.load(path.read_bytes(), path=str(path), backend=backend)
    return pipeline.run(doc)


def _cells(d: dict[str, Any]) -> dict[str, Any]:
    return {
        f"{t}.{r}.{c}": v
        for t in TABLES
        for r, cols in d.get(t, {}).items()
        for c, v in cols.items()
    }


def _failed(expected: dict[str, Any]) -> list[tuple[str, str]]:
    rules = expected.get("failed_rules", expected.get("expected_failed", []))
    return sorted((f["rule"], f["scope"]) for f in rules)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_every_cell_right(case: Path, backend: str) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    report = _parse(case / "source.pdf", backend)
    got = report.to_dict()
    assert got["meta"] == expected["meta"]
    want, have = _cells(expected), _cells(got)
    wrong = {k: (v, have.get(k)) for k, v in want.items() if have.get(k) != v}
    assert not wrong, f"{len(wrong)} of {len(want)} cells wrong: {dict(list(wrong.items())[:10])}"
    assert set(have) == set(want)
    failed = sorted((c.rule, c.scope) for c in report.checks if not c.ok)
    assert failed == _failed(expected)
    assert got["source"]["pages"] == report.source.pages and report.source.pages
    assert report.source.reader == "pdf-grid"


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_backends_give_identical_records(case: Path) -> None:
    if len(BACKENDS) < 2:
        pytest.skip("PyMuPDF is not installed: only one backend to compare")
    a = _parse(case / "source.pdf", "pymupdf").to_dict()
    b = _parse(case / "source.pdf", "pdfplumber").to_dict()
    assert a == b


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_every_value_has_page_box_and_raw(case: Path) -> None:
    report = gxparse.parse(case / "source.pdf")
    n = 0
    for table, row, col, value in report.cells():
        n += 1
        where = f"{table}.{row}.{col}"
        assert value.prov is not None, where
        assert value.prov.page is not None and 1 <= value.prov.page <= (report.source.pages or 0)
        assert value.prov.bbox is not None, where
        x0, y0, x1, y1 = value.prov.bbox
        assert x0 <= x1 and y0 <= y1, where
        if value.value not in (0, Decimal(0)):
            assert value.prov.raw.strip(), where
    assert n > 150


def test_hongze_provenance_points_at_the_printed_figure() -> None:
    report = gxparse.parse(HONGZE / "source.pdf")
    prov = report.provenance
    p = prov["applications.result.unavailable.not_held.natural_person"]
    assert (p.raw, p.page) == ("31", 3)
    p = prov["applications.result.unavailable.needs_creation.total"]
    assert (p.raw, p.page) == ("1", 4)  # the row after the page break
    p = prov["active_disclosure.penalty.decisions"]
    assert (p.raw, p.page) == ("2776", 3)
    assert report.source.pages == 5


# -- the benchmark corpus: LibreOffice PDFs of the official template --------------------

CORPUS = ROOT / "benchmarks" / "corpus"
CORPUS_PDFS = sorted(CORPUS.glob("d*.pdf"))


def _corpus_gold(pdf: Path) -> dict[str, Any]:
    gold: dict[str, Any] = json.loads(pdf.with_suffix(".gold.json").read_text(encoding="utf-8"))
    return gold


def _norm(v: Any) -> Any:
    return Decimal(v) if isinstance(v, str) else v


@pytest.mark.parametrize("pdf", CORPUS_PDFS, ids=lambda p: p.stem)
def test_corpus_every_cell_right(pdf: Path) -> None:
    """Every corpus PDF, on the default backend, against the generator's gold record."""
    gold = _corpus_gold(pdf)
    got = gxparse.parse(pdf).to_dict()
    assert got["meta"] == gold["meta"]
    want, have = _cells(gold), _cells(got)
    wrong = {k: (v, have.get(k)) for k, v in want.items() if _norm(have.get(k)) != _norm(v)}
    assert not wrong, f"{len(wrong)} of {len(want)} cells wrong: {dict(list(wrong.items())[:10])}"
    failed = sorted((c["rule"], c["scope"]) for c in got["checks"] if not c["ok"])
    assert failed == _failed(gold)


# one document per class of failure fixed; the whole corpus under ``-m slow``
_PARITY = ("d003", "d008", "d010", "d016", "d020", "d024", "d027", "d030")


@pytest.mark.parametrize(
    "pdf",
    [p if p.stem in _PARITY else pytest.param(p, marks=pytest.mark.slow) for p in CORPUS_PDFS],
    ids=lambda p: p.stem,
)
def test_corpus_backends_give_identical_records(pdf: Path) -> None:
    if len(BACKENDS) < 2:
        pytest.skip("PyMuPDF is not installed: only one backend to compare")
    a = _parse(pdf, "pymupdf").to_dict()
    b = _parse(pdf, "pdfplumber").to_dict()
    assert a == b


@pytest.mark.parametrize("backend", BACKENDS)
def test_rules_are_kept_on_pages_without_figures(backend: str) -> None:
    """d030's 表二 starts on a page whose only figure is 177; d008's 表四 row of
    blank cells sits alone at the top of page 3. Both need their rules read."""
    doc = pdf_source.load((CORPUS / "d030.pdf").read_bytes(), backend=backend)
    assert doc.page_list[0].hrules and doc.page_list[0].vrules
    doc = pdf_source.load((CORPUS / "d008.pdf").read_bytes(), backend=backend)
    assert doc.page_list[2].hrules and doc.page_list[2].vrules
    report = gxparse.parse(CORPUS / "d030.pdf")
    assert report.get("active_disclosure", "licensing", "decisions") == 177
    assert report.get("active_disclosure", "regulations", "issued") == 0
    report = gxparse.parse(CORPUS / "d010.pdf")
    assert report.get("active_disclosure", "procurement", "amount") == Decimal(8)  # "8 元"


def test_blank_review_row_reads_as_zeros_with_cell_boxes() -> None:
    report = gxparse.parse(CORPUS / "d008.pdf")
    for group in ("review", "litigation_direct", "litigation_after_review"):
        for col in ("upheld", "corrected", "other", "pending", "total"):
            assert report.get("review_litigation", group, col) == 0
            prov = report.provenance[f"review_litigation.{group}.{col}"]
            assert prov.page == 3 and prov.bbox is not None
    # the report prints its zeros as empty cells: the blank 表四 is zeros, and says so
    assert [(w.code, w.where) for w in doubts.own(report)] == [("blank_as_zero", "review_litigation")]
    assert not doubts.cells_named(report, "value_flagged")  # zeros by the contract


@pytest.mark.parametrize(
    ("doc", "key", "want"),
    [
        # 商业/企业, 自然/人 cut by the page break; the halves are joined by x-range
        ("d003", "received.new", {"natural_person": 11, "commercial": 3, "total": 18}),
        ("d016", "received.new", {"natural_person": 1, "total": 1}),
        ("d020", "received.new", {"natural_person": 65, "commercial": 181, "total": 322}),
        # 表四's header cut in the middle of 结果维/持: the row on the next page is 表四's
        ("d027", None, {"review.upheld": 4, "review.total": 5, "litigation_direct.upheld": 3}),
    ],
)
def test_header_cut_by_a_page_break_is_joined(
    doc: str, key: str | None, want: dict[str, int]
) -> None:
    report = gxparse.parse(CORPUS / f"{doc}.pdf")
    for col, v in want.items():
        if key is None:
            group, col = col.split(".")
            assert report.get("review_litigation", group, col) == v, col
        else:
            assert report.get("applications", key, col) == v, col
    assert not [
        w for w in report.warnings if w.code in ("row_short", "row_missing", "table_missing")
    ]


def test_no_column_model_carries_past_a_table_heading() -> None:
    """d003's 表三 header names too few columns on page 2; 表二's model must not be used."""
    from gxparse.readers.pdf_unruled import is_table_heading

    assert is_table_heading("三、收到和处理政府信息公开申请情况")
    assert is_table_heading("五、存在的主要问题及改进情况")
    assert not is_table_heading("（一）予以公开")
    report = gxparse.parse(CORPUS / "d003.pdf")
    assert report.get("applications", "result.granted", "total") == 7


@pytest.mark.parametrize("doc", ["d024", "d026", "d028", "d033", "d036"])
def test_blank_rows_beside_merged_group_labels_are_kept(doc: str) -> None:
    """``（五）不予处理`` sharing a band with ``1.信访举报投诉类申请`` (all blank)."""
    report = gxparse.parse(CORPUS / f"{doc}.pdf")
    assert not [w for w in report.warnings if w.code == "row_missing"]
    assert report.ok == (not _corpus_gold(CORPUS / f"{doc}.pdf")["expected_failed"])


def test_a_label_cut_by_a_page_break_reads_in_order() -> None:
    """The first half at the foot of page 2, the rest at the top of page 3: joined in
    reading order, although the second half sits higher on its own page."""
    from gxparse.readers.pdf_grid import join_breaks
    from gxparse.readers.pdf_table import Band, Block, Model

    model = Model("applications", [(300.0, 340.0, 0), (500.0, 540.0, 6)])

    def label(text: str, top: float) -> Block:
        w = pdf_source.Word(text, 150.0, top, 150.0 + 10.0 * len(text), top + 10.0, 10.0)
        return Block(w.x0, w.x1, w.top, w.bottom, [w])

    foot = Band(2, 770.0, 800.0, [label("1.本机关不掌握", 775.0)], {}, model)
    fig = pdf_source.Word("3", 318.0, 55.0, 323.0, 65.0, 10.0)
    head = Band(3, 50.0, 80.0, [label("相关政府信息", 55.0)], {0: [fig]}, model)
    head.continues = True
    (joined,) = join_breaks([foot, head])
    assert isinstance(joined, Band)
    assert joined.label_text == "1.本机关不掌握相关政府信息"
    assert joined.values == {0: [fig]}
    assert foot.labels[0].text == "1.本机关不掌握"  # the page's own band is left as it was


def test_figures_from_two_ruled_cells_under_one_column_are_not_joined() -> None:
    from gxparse.readers.pdf_grid import Grid, grid_bands
    from gxparse.readers.pdf_table import Model, State, band_row

    def word(text: str, x0: float) -> pdf_source.Word:
        width = 10.0 * len(text) if text[0] > "~" else 5.0 * len(text)
        return pdf_source.Word(text, x0, 12.0, x0 + width, 22.0, 10.0)

    hs = [pdf_source.Rule(0.0, y, 300.0, y) for y in (5.0, 30.0)]
    vs = [pdf_source.Rule(x, 5.0, x, 30.0) for x in (0.0, 100.0, 150.0, 200.0, 300.0)]
    grid = Grid(0.0, 5.0, 300.0, 30.0, hs, vs)
    state = State()
    # a header model whose first column spans two ruled cells (a rule it never saw)
    state.model = Model("applications", [(100.0, 200.0, 0), (200.0, 300.0, 6)])
    words = [word("（一）予以公开", 5.0), word("65", 120.0), word("18", 170.0), word("83", 240.0)]
    page = pdf_source.Page(1, 300.0, 400.0, tuple(words), tuple(hs), tuple(vs))
    (band,) = grid_bands(page, grid, words, state)
    row = band_row(band, [])
    cell = next(c for c in row.cells if c.column == 0)
    assert cell.text == "65 / 18"
    from gxparse.numbers import Kind, parse_count

    assert parse_count(cell.text).kind is Kind.TEXT  # null with not_a_number, never 6518


def _unruled(path: Path, backend: str) -> gxparse.Report:
    import attrs

    doc = pdf_source.load(path.read_bytes(), path=str(path), backend=backend)
    pages = tuple(attrs.evolve(p, hrules=(), vrules=()) for p in doc.page_list)
    return pipeline.run(attrs.evolve(doc, page_list=pages))


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_unruled_fallback_is_never_silent(case: Path) -> None:
    """With the rules stripped, every wrong or missing cell comes with a warning on its row."""
    from gxparse.score import score

    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    report = _unruled(case / "source.pdf", BACKENDS[0])
    got = report.to_dict()
    result = score(got, expected, doc_id=case.name)
    assert result.silent == 0, [e.key for e in result.errors if e.silent]
    unruled = {w.where for w in report.warnings if w.code == "unruled_alignment"}
    assert any(w.startswith("applications.") for w in unruled)


def test_unruled_hongze_penalty_is_read_or_flagged() -> None:
    """It used to come back as a silent 0."""
    report = _unruled(HONGZE / "source.pdf", BACKENDS[0])
    value = report.get("active_disclosure", "penalty", "decisions")
    flagged = [w for w in report.warnings if w.where.startswith("active_disclosure.penalty")]
    assert value == 2776 or (value is None and flagged)


# -- backend choice ---------------------------------------------------------------------


def test_pymupdf_absent_falls_back_to_pdfplumber(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(pdf_source.ENV_BACKEND, raising=False)
    for name in ("pymupdf", "fitz", "gxparse.sources.pdf_mupdf"):
        monkeypatch.setitem(sys.modules, name, None)  # import raises ImportError
    assert pdf_source.available_backends() == ("pdfplumber",)
    assert pdf_source.choose_backend() == "pdfplumber"
    report = gxparse.parse(HONGZE / "source.pdf")
    expected = json.loads((HONGZE / "expected.json").read_text(encoding="utf-8"))
    assert _cells(report.to_dict()) == _cells(expected)
    with pytest.raises(ImportError):
        pdf_source.choose_backend("pymupdf")


@pytest.mark.parametrize("backend", BACKENDS)
def test_env_var_forces_the_backend(monkeypatch: pytest.MonkeyPatch, backend: str) -> None:
    monkeypatch.setenv(pdf_source.ENV_BACKEND, backend)
    doc = pdf_source.load((HONGZE / "source.pdf").read_bytes(), path="x.pdf")
    assert doc.backend == backend
    assert pdf_source.choose_backend("pdfplumber") == "pdfplumber"  # the argument wins


def test_unknown_backend_is_refused() -> None:
    with pytest.raises(ValueError, match="pdfplumber"):
        pdf_source.choose_backend("ghostscript")


# -- bad input ---------------------------------------------------------------------------

BAD_CASES = [
    ("encrypted_user_password.pdf", EncryptedSourceError),
    ("truncated.pdf", CorruptSourceError),
    ("corrupt.pdf", CorruptSourceError),
    ("zero_pages.pdf", EmptySourceError),
    ("not_a_pdf.pdf", BinarySourceError),
    ("scanned.pdf", ScannedDocumentError),
    ("garbled.pdf", GarbledTextError),
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("name", "error"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_input_raises_a_specific_error_naming_the_file(
    monkeypatch: pytest.MonkeyPatch, name: str, error: type[SourceError], backend: str
) -> None:
    monkeypatch.setenv(pdf_source.ENV_BACKEND, backend)
    path = BAD / name
    with pytest.raises(error) as info:
        gxparse.parse(path)
    assert str(info.value).startswith(str(path))
    if error is ScannedDocumentError:
        assert "OCR" in str(info.value)


@pytest.mark.parametrize("backend", BACKENDS)
def test_empty_user_password_opens_and_parses(
    monkeypatch: pytest.MonkeyPatch, backend: str
) -> None:
    monkeypatch.setenv(pdf_source.ENV_BACKEND, backend)
    report = gxparse.parse(BAD / "encrypted_empty_user_password.pdf")
    expected = json.loads((HONGZE / "expected.json").read_text(encoding="utf-8"))
    assert _cells(report.to_dict()) == _cells(expected)


def test_detect_declines_what_is_not_a_pdf() -> None:
    reader = PdfGridReader()
    doc = load_text("二、主动公开政府信息情况\n规章 0 0 0\n".encode(), path="x.txt")
    assert reader.detect(doc).score == 0
    pdf_doc = pdf_source.load((HONGZE / "source.pdf").read_bytes(), path="h.pdf")
    assert reader.detect(pdf_doc).score > 0.5


@pytest.mark.parametrize(
    ("text", "is_number"),
    [
        ("-4-", True),
        ("- 4 -", True),
        ("— 4 —", True),
        ("第4页", True),
        ("12", True),
        ("4.无正当理由大量反复申请", False),
        ("95", True),
        ("2024年", False),
    ],
)
def test_page_number_pattern(text: str, is_number: bool) -> None:
    assert bool(_PAGE_NUMBER.match(text)) is is_number


# -- words and rules ----------------------------------------------------------------------


def test_words_split_at_rules_and_wide_gaps_and_drop_fake_bold() -> None:
    from gxparse.sources.pdf_backends import make_char

    chars = [make_char(t, x, 100.0, 10.0) for t, x in (("9", 10), ("5", 15), ("0", 40))]
    chars.append(make_char("0", 40.1, 100.0, 10.0))  # the same glyph again: fake bold
    words = pdf_source.build_words(chars)
    assert [w.text for w in words] == ["95", "0"]
    rule = pdf_source.Rule(15.0, 80.0, 15.0, 120.0)
    words = pdf_source.build_words(chars[:2], (rule,))
    assert [w.text for w in words] == ["9", "5"]


# -- long documents -------------------------------------------------------------------------


@pytest.mark.slow
def test_300_page_document_with_the_tables_at_the_end(tmp_path: Path) -> None:
    """A long report reads right; its time and memory are measured by benchmarks/bench_long.py."""
    sys.path.insert(0, str(BAD))
    try:
        import make  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    path = tmp_path / "big_300.pdf"
    path.write_bytes(make.big_report(300))
    report = gxparse.parse(path)
    short = gxparse.parse(FIXTURES / "hongze_2024" / "source.pdf")
    assert report.source.pages == 300
    assert report.ok
    for table in ("active_disclosure", "applications", "review_litigation"):
        assert report.to_dict()[table] == short.to_dict()[table]
    # the figures keep their own pages: the tables sit on the last four
    prov = report.provenance["applications.received.new.total"]
    assert prov.page is not None and prov.page > 296
