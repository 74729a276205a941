"""Tables pasted as pictures into text pages (a Word-made PDF): the pictures OCR'd, the prose not.

The committed pictured PDFs (``fixtures/scans/*.pictured.pdf``, made by
``benchmarks/pictured.py`` from our born-digital PDFs) are judged against their
sources' gold records. Reading them needs the ``ocr`` extra; under CI it is
installed, and these tests raise rather than skip without it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

import gxparse
from gxparse import pipeline
from gxparse.errors import ScannedDocumentError
from gxparse.record import Report
from gxparse.score import score
from gxparse.sources import ocr_engine, ocr_pictures
from gxparse.sources import pdf as pdf_source

ROOT = Path(__file__).resolve().parent.parent
SCANS = ROOT / "fixtures" / "scans"
MANIFEST = {r["scan"]: r for r in json.loads((SCANS / "manifest.json").read_text("utf-8"))}
PICTURED = [name for name, r in MANIFEST.items() if r["profile"] == "pictured"]
BASIC = "pdf_2019_basic.pictured.pdf"

HAS_OCR = ocr_engine.available()
if not HAS_OCR and os.environ.get("CI"):  # .ci/run installs the extra: never skip there
    raise RuntimeError("CI: the ocr extra is not installed; .ci/run should have installed it")
needs_ocr = pytest.mark.skipif(not HAS_OCR, reason="the ocr extra is not installed")


def _gold(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / MANIFEST[name]["gold"]).read_text("utf-8"))
    return data


def _source(name: str) -> Path:
    return ROOT / MANIFEST[name]["source"]


def _plain(report: Report) -> dict[str, Any]:
    """The record without what names the file."""
    out = report.to_dict()
    out["source"].pop("path", None)
    out["source"].pop("sha256", None)
    return out


# -- no engine needed ----------------------------------------------------------------------


def test_the_pictured_fixtures_are_text_pages_with_table_pictures() -> None:
    assert len(PICTURED) >= 2
    for name in PICTURED:
        doc = pdf_source.load((SCANS / name).read_bytes(), path=name)
        found = ocr_pictures.regions(doc)
        assert found and all(p.words for p in doc.page_list[:1])  # the prose is text
        for region in found:
            x0, top, x1, bottom = region.box
            assert x1 - x0 > 400 and region.dpi == pytest.approx(150, abs=5)
            page = doc.page_list[region.page - 1]
            assert not [w for w in page.words if x0 < w.cx < x1 and top < w.cy < bottom]


def test_pages_read_whole_by_ocr_are_not_looked_at_again() -> None:
    from gxparse.sources.ocr import OcrDocument

    path = SCANS / BASIC
    text = pdf_source.load(path.read_bytes(), path=str(path))
    fields = {f: getattr(text, f) for f in ("path", "data", "format", "backend", "page_count")}
    mixed = OcrDocument(**fields, page_list=text.page_list, ocr_pages=(2,))  # page 2 a scan
    assert {r.page for r in ocr_pictures.regions(mixed)} == {1, 3}
    image = OcrDocument(**{**fields, "data": b"\x89PNG\r\n\x1a\n"}, page_list=text.page_list)
    assert ocr_pictures.regions(image) == []  # an image file: no PDF to look in


def test_a_born_digital_pdf_with_all_its_tables_never_looks_for_pictures(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def looked(doc: object) -> list[ocr_pictures.Region]:
        raise AssertionError("picture regions looked for on a complete record")

    monkeypatch.setattr(ocr_pictures, "regions", looked)
    report = gxparse.parse(_source(BASIC))
    assert report.source.reader == "pdf-grid"


def test_a_photo_that_is_no_table_keeps_the_record(tmp_path: Path) -> None:
    pymupdf = pytest.importorskip("pymupdf")
    import numpy as np

    source = _source(BASIC)
    doc = pymupdf.open(source)
    rng = np.random.default_rng(0)
    photo = rng.integers(0, 255, (300, 400, 3), dtype=np.uint8)
    pix = pymupdf.Pixmap(pymupdf.csRGB, 400, 300, photo.tobytes(), False)
    last = doc[-1]
    last.insert_image(pymupdf.Rect(100, 520, 500, 820), stream=pix.tobytes("jpeg"))
    out = tmp_path / "with_photo.pdf"
    doc.save(out)
    loaded = pdf_source.load(out.read_bytes(), path=str(out))
    assert ocr_pictures.regions(loaded)  # a picture with no text over it ...
    # ... but the record lacks nothing: it is read as before, the photo never OCR'd
    assert _plain(gxparse.parse(out)) == _plain(gxparse.parse(source))


def test_without_the_engine_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr_engine, "available", lambda: False)
    path = SCANS / BASIC
    with pytest.raises(ScannedDocumentError) as info:
        gxparse.parse(path)
    message = str(info.value)
    assert message.startswith(str(path))
    assert "gxparse[ocr]" in message and "picture" in message and "page(s) 1, 2, 3" in message


def test_without_the_engine_a_record_missing_a_pictured_table_says_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pytest.importorskip("pymupdf")
    from benchmarks.pictured import picture_tables

    out = tmp_path / "t4_pictured.pdf"
    assert picture_tables(_source(BASIC), out, pages=(3,))  # only 表四's figures
    monkeypatch.setattr(ocr_engine, "available", lambda: False)
    report = gxparse.parse(out)
    codes = {w.code: w for w in report.warnings}
    assert codes["table_missing"].where == "review_litigation"
    warning = codes[ocr_pictures.CODE]
    assert "gxparse[ocr]" in warning.message and "page(s) 3" in warning.message
    assert report.get("applications", "received.new", "total") is not None  # text tables read


# -- with the engine ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def basic() -> tuple[Report, ocr_pictures.PicturedDocument]:
    path = SCANS / BASIC
    doc = pdf_source.load(path.read_bytes(), path=str(path))
    found = ocr_pictures.regions(doc)
    pictured = ocr_pictures.with_pictures(doc, found)
    return pipeline.run(pictured), pictured


@needs_ocr
def test_a_pictured_pdf_reads_every_cell_of_its_source(
    basic: tuple[Report, ocr_pictures.PicturedDocument],
) -> None:
    report, _doc = basic
    result = score(report, _gold(BASIC))
    assert (result.cells.wrong, result.cells.missing) == (0, 0)
    assert result.cells.right == 198
    assert not [w for w in report.warnings if w.code in ("table_missing", "row_missing")]
    assert report.ok
    figures = [v.prov for _, _, _, v in report.cells() if v.prov and v.prov.raw.strip()]
    assert figures and all(p.confidence is not None for p in figures)  # read by OCR


@needs_ocr
def test_the_prose_stays_text_and_only_the_pictures_are_ocrd(
    basic: tuple[Report, ocr_pictures.PicturedDocument],
) -> None:
    _report, doc = basic
    text = pdf_source.load((SCANS / BASIC).read_bytes())
    assert doc.backend == f"{text.backend}+ocr" and doc.ocr_pages == ()
    assert {r.page for r in doc.ocr_regions} == {1, 2, 3} and len(doc.ocr_regions) == 5

    def inside(box: tuple[float, float, float, float], page: int) -> bool:
        cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        return any(
            r.page == page and r.box[0] <= cx <= r.box[2] and r.box[1] <= cy <= r.box[3]
            for r in doc.ocr_regions
        )

    assert doc.readings and all(inside(r.box, r.page) for r in doc.readings)
    for before, after in zip(text.page_list, doc.page_list, strict=True):
        outside = [w for w in after.words if not inside(w[1:5], after.number)]
        assert sorted(outside) == sorted(before.words)  # every text word, unchanged


@needs_ocr
@pytest.mark.slow
def test_parse_reads_the_pictures_when_tables_are_missing() -> None:
    report = gxparse.parse(SCANS / "pdf_2021_serif_14pt_break.pictured.pdf")
    result = score(report, _gold("pdf_2021_serif_14pt_break.pictured.pdf"))
    assert (result.cells.wrong, result.cells.missing) == (0, 0)
    assert not [w for w in report.warnings if w.code.startswith(("table_missing", "row_missing"))]
