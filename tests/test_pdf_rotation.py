"""PDF pages that are turned: read in the frame their text runs in, on both backends.

Three ways a page comes turned (``fixtures/pdf_rotated/make.py`` builds one of each from
a PDF fixture, so the golden is that fixture's ``expected.json``):

* shown rotated -- upright content with a ``/Rotate`` (a landscape page shown sideways);
* printed sideways -- content drawn turned, and a ``/Rotate`` that shows it upright (a
  landscape page printed onto portrait paper);
* drawn sideways -- content drawn turned and no ``/Rotate``.

Each must read exactly as its original, identically on both backends. Text at a slant
(no quarter turn) is refused with an error that says so, not taken for a scan.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pdfplumber
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gxparse
from gxparse import pipeline
from gxparse.errors import SkewedTextError
from gxparse.sources import pdf as pdf_source
from gxparse.sources.pdf_backends import RawPage

from .conftest import FIXTURES
from .render_pdf import render
from .strategies import reports
from .test_pdf import _cells
from .test_roundtrip_pdf import _close_boxes, _parse, _without_boxes, looks

BACKENDS = pdf_source.available_backends()
ROTATED = FIXTURES / "pdf_rotated"
# each rotated fixture and the fixture it was made from (fixtures/pdf_rotated/make.py)
ORIGINALS = {
    "shown_rotated": FIXTURES / "generated" / "pdf_2021_notosans_11pt",
    "printed_sideways": FIXTURES / "hongze_2024",
    "drawn_sideways": FIXTURES / "generated" / "pdf_2021_serif_14pt_break",
}


def _load(path: Path, backend: str) -> pdf_source.PdfDocument:
    return pdf_source.load(path.read_bytes(), path=path.name, backend=backend)


def _record(path: Path, backend: str) -> dict[str, Any]:
    record = pipeline.run(_load(path, backend)).to_dict()
    del record["source"]
    return record


@pytest.mark.parametrize("name", ["shown_rotated", "printed_sideways", "drawn_sideways"])
def test_the_fixtures_are_turned_as_they_claim(name: str) -> None:
    """pdfplumber shows each page as displayed: sideways, or upright only through ``/Rotate``."""
    with pdfplumber.open(ROTATED / f"{name}.pdf") as pdf:
        for page in pdf.pages:
            m = page.chars[0]["matrix"]
            upright = m[1] == 0 and m[2] == 0 and m[0] > 0 and m[3] > 0
            if name == "shown_rotated":
                assert upright == (page.rotation == 0)
            elif name == "printed_sideways":
                assert page.rotation and upright
            else:
                assert not page.rotation and not upright


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", list(ORIGINALS))
def test_turned_pages_read_as_the_original(name: str, backend: str) -> None:
    original = ORIGINALS[name]
    expected = json.loads((original / "expected.json").read_text(encoding="utf-8"))
    got = _record(ROTATED / f"{name}.pdf", backend)
    assert got["meta"] == expected["meta"]
    assert _cells(got) == _cells(expected)
    # no warning but the source's own: hongze's prose states 17 applications, its 表三 95
    # (expected.json's failed_rules)
    assert all(w["code"] == "prose_disagrees" for w in got.get("warnings", ()))
    # the whole record, provenance boxes too: the frame is the one the original was drawn in
    assert got == _record(original / "source.pdf", backend)


@pytest.mark.parametrize("name", list(ORIGINALS))
def test_turned_pages_give_the_original_words_and_rules(name: str) -> None:
    """Word for word on each page, boxes in the original's frame; rules (rounded once by the
    backend, then again once turned) at most a rounding step off."""
    for backend in BACKENDS:
        turned, original = (
            _load(ROTATED / f"{name}.pdf", backend),
            _load(ORIGINALS[name] / "source.pdf", backend),
        )
        for a, b in zip(turned.page_list, original.page_list, strict=True):
            assert (a.width, a.height) == (b.width, b.height)
            assert [w.text for w in a.words] == [w.text for w in b.words], a.number
            assert all(_close_boxes(u[1:5], v[1:5]) for u, v in zip(a.words, b.words, strict=True))
            for mine, theirs in ((a.hrules, b.hrules), (a.vrules, b.vrules)):
                assert len(mine) == len(theirs), a.number
                assert all(_close_boxes(u, v) for u, v in zip(mine, theirs, strict=True)), a.number


@pytest.mark.parametrize("name", list(ORIGINALS))
def test_backends_give_identical_records(name: str) -> None:
    if len(BACKENDS) < 2:
        pytest.skip("PyMuPDF is not installed: only one backend to compare")
    path = ROTATED / f"{name}.pdf"
    assert _record(path, "pymupdf") == _record(path, "pdfplumber")


@pytest.mark.parametrize("backend", BACKENDS)
def test_slanted_text_is_refused_as_slanted_not_as_a_scan(
    monkeypatch: pytest.MonkeyPatch, backend: str
) -> None:
    monkeypatch.setenv(pdf_source.ENV_BACKEND, backend)
    path = ROTATED / "slanted.pdf"
    with pytest.raises(SkewedTextError) as info:
        gxparse.parse(path)
    message = str(info.value)
    assert message.startswith(str(path))
    assert "slant" in message and "640 character" in message  # both backends count the same
    assert "OCR" not in message and "scan" not in message


# -- the shared frame ----------------------------------------------------------------------


def _page(chars: int, turned: list[tuple[int, str, float, float, float]]) -> RawPage:
    upright = [("一", 100.0 + 12 * i, 112.0 + 12 * i, 200.0, 12.0) for i in range(chars)]
    return RawPage(1, 600.0, 800.0, upright, [(50.0, 60.0, 50.0, 700.0)], 0, turned)


def test_a_page_turns_to_where_most_of_its_text_reads() -> None:
    # four glyphs running downwards (a quarter turn) beat three upright ones
    down = [(1, "二", 300.0, 100.0 + 12 * i, 12.0) for i in range(4)]
    page = pdf_source.upright(_page(3, down))
    assert (page.width, page.height) == (800.0, 600.0)
    # turned back a quarter: x is the distance down the page, y from its right edge
    assert [c[:4] for c in page.chars] == [
        ("二", 100.0 + 12 * i, 112.0 + 12 * i, 300.0) for i in range(4)
    ]
    assert page.segments == [(60.0, 550.0, 700.0, 550.0)]  # the vertical rule, now across


def test_a_page_mostly_upright_drops_its_turned_text() -> None:
    stamp = [(3, "章", 20.0, 500.0 - 12 * i, 12.0) for i in range(3)]
    raw = _page(3, stamp)
    page = pdf_source.upright(raw)
    assert page.chars == raw.chars and page.segments == raw.segments  # a tie stays upright
    assert (page.width, page.height) == (600.0, 800.0) and not page.turned


def test_an_upright_page_is_handed_back_as_it_is() -> None:
    raw = _page(3, [])
    assert pdf_source.upright(raw) is raw


# -- the round trip, turned ----------------------------------------------------------------


def _comparable(report: gxparse.Report) -> dict[str, Any]:
    record = report.to_dict()
    del record["source"]  # the file's hash and size
    return record


@given(st.data())
def test_pdf_round_trip_turned(data: st.DataObject) -> None:
    """A drawn report with every page turned one of the three ways reads exactly as the same
    report drawn upright -- values, warnings, checks and provenance, boxes at most a rounding
    step apart -- on each backend, and the two backends agree.

    Against the upright drawing rather than the record: what is read right upright is the
    upright round trip's to test (``tests/test_roundtrip_pdf.py``); this one tests that turning
    the page changes nothing.
    """
    record = data.draw(reports())
    look = data.draw(looks(record))
    turned = attrs.evolve(
        look,
        turn=data.draw(st.sampled_from([90, 180, 270])),
        turned=data.draw(st.sampled_from(["shown", "printed", "drawn"])),
    )
    pdf, _ = render(record, turned)
    upright, _ = render(record, look)
    got = {}
    for backend in BACKENDS:
        a, b = _comparable(_parse(pdf, backend)), _comparable(_parse(upright, backend))
        assert _without_boxes(a) == _without_boxes(b), backend
        for key, prov in a["provenance"].items():
            assert _close_boxes(prov.get("bbox"), b["provenance"][key].get("bbox")), key
        got[backend] = a
    if len(got) == 2:
        a, b = got.values()
        assert _without_boxes(a) == _without_boxes(b)
        assert all(
            _close_boxes(p.get("bbox"), b["provenance"][k].get("bbox"))
            for k, p in a["provenance"].items()
        )


@pytest.mark.parametrize("degrees", [0, 90, 180, 270])
def test_a_cropbox_frames_the_page_alike_on_both_backends(degrees: int) -> None:
    """A CropBox smaller than the MediaBox (what a viewer shows): both backends measure
    from its corner, turned or not, so their records are identical and the figures are
    the original's; unturned, every box moves by the crop's left and top margins.
    (pdfplumber measured from the MediaBox: boxes 20 pt and 30 pt off MuPDF's.)"""
    if len(BACKENDS) < 2:
        pytest.skip("PyMuPDF is not installed: only one backend to compare")
    import pymupdf

    source = FIXTURES / "generated" / "pdf_2021_notosans_11pt"
    doc = pymupdf.open(source / "source.pdf")
    for page in doc:
        box = page.mediabox
        page.set_cropbox(pymupdf.Rect(box.x0 + 20, box.y0 + 30, box.x1 - 10, box.y1 - 15))
        page.set_rotation(degrees)
    data = doc.tobytes()
    original = _record(source / "source.pdf", BACKENDS[0])
    records = []
    for backend in BACKENDS:
        report = pipeline.run(pdf_source.load(data, path="cropped.pdf", backend=backend))
        assert not report.warnings, [w.code for w in report.warnings]
        records.append(report.to_dict())
        assert _cells(records[-1]) == _cells(original)
    assert records[0]["provenance"] == records[1]["provenance"]
    if degrees == 0:
        for key, prov in records[0]["provenance"].items():
            x0, top, x1, bottom = original["provenance"][key]["bbox"]
            shifted = [
                round(x0 - 20, 1),
                round(top - 30, 1),
                round(x1 - 20, 1),
                round(bottom - 30, 1),
            ]
            assert _close_boxes(prov["bbox"], shifted), key
