"""``gxparse show``: boxes where the values were read, coloured by status, as HTML and PNG.

The pictures are checked for what they claim: one box per value with a box, on
ink (the figure) in every rotation a PDF page can come in, each coloured by the
status its checks and warnings give it, every untrusted text escaped, nothing
fetched; and, when Chromium is installed, laid out by a real browser where the
record says the values are.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from attrs import evolve
from PIL import Image

import gxparse
from gxparse import cli
from gxparse.record import Check, Report, ReportWarning, Value
from gxparse.show import FAILED, FLAGGED, MISSING, OK, Picture, ShowError, marks, show
from gxparse.show_html import hover
from gxparse.show_pdf import COLOURS, pixel_box
from gxparse.sources import pdf

from .conftest import FIXTURES

BROKEN_PDF = FIXTURES / "generated" / "pdf_2021_broken_r3" / "source.pdf"  # R2 and R3 fail
TWO_READINGS = FIXTURES / "generated" / "pdf_2021_partial_two_readings" / "source.pdf"
BROKEN_DOCX = FIXTURES / "docx_broken_rule" / "source.docx"
ROTATED = FIXTURES / "pdf_rotated"
PDFS = [
    BROKEN_PDF,
    TWO_READINGS,
    FIXTURES / "hongze_2024" / "source.pdf",
    ROTATED / "shown_rotated.pdf",  # /Rotate on upright content: boxes in the page as drawn
    ROTATED / "printed_sideways.pdf",  # turned content, /Rotate shows it upright
    ROTATED / "drawn_sideways.pdf",  # turned content, no /Rotate
]


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


@pytest.fixture(scope="module")
def broken() -> Picture:
    return show(BROKEN_PDF)


class _Elements(HTMLParser):
    """Every start tag's attributes, unescaped as a browser reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _elements(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def _cells(html: str) -> dict[str, dict[str, str | None]]:
    """The elements that stand for a cell (a box or a table cell), by key."""
    return {a["data-key"] or "": a for _, a in _elements(html).tags if a.get("data-key")}


# -- what is drawn ----------------------------------------------------------------------


@pytest.mark.parametrize("path", PDFS, ids=_id)
def test_one_box_per_value_with_a_box_and_each_on_its_figure(path: Path) -> None:
    picture = show(path)
    report = picture.report
    with_box = {k for k, p in report.provenance.items() if p.page and p.bbox}
    assert with_box
    assert {m.key for m in picture.boxes} == with_box
    html = picture.html()
    boxes = [
        a
        for tag, a in _elements(html).tags
        if tag == "a" and "box" in (a.get("class") or "").split()
    ]
    assert len(boxes) == len(with_box)
    assert {a["data-key"] for a in boxes} == with_box
    # the pages drawn are those holding values, each in its provenance frame
    assert [p.number for p in picture.pages] == sorted(
        {report.provenance[k].page for k in with_box}
    )
    frames = {p.number: p for p in pdf.load(path.read_bytes()).page_list}
    for page in picture.pages:
        frame = frames[page.number]
        assert page.image.size == pytest.approx((frame.width * 1.5, frame.height * 1.5), abs=1.5)
        # every box holds ink: the figure it was read from is under it, whatever the rotation
        grey = page.image.convert("L")
        for mark in picture.boxes:
            if mark.prov and mark.prov.page == page.number:
                x0, y0, x1, y1 = pixel_box(page, mark)
                assert 0 <= x0 < x1 <= grey.width and 0 <= y0 < y1 <= grey.height, mark.key
                darkest = grey.crop((x0, y0, x1, y1)).getextrema()[0]
                assert darkest < 110, f"{mark.key} (raw {mark.prov.raw!r}) boxes no ink"


def test_statuses_follow_the_failed_checks(broken: Picture) -> None:
    report = broken.report
    assert report.failed_checks  # the fixture prints one figure off
    in_failed = {k for c in report.failed_checks for k in c.cells}
    by_status = {m.key: m.status for m in broken.marks}
    assert {k for k, s in by_status.items() if s == FAILED} == in_failed
    assert set(by_status.values()) == {OK, FAILED}  # the rest is read plainly
    # the HTML and the PNG say the same
    cells = _cells(broken.html())
    assert {k: a["data-status"] for k, a in cells.items()} == by_status
    for key, attrs in cells.items():
        assert by_status[key] in (attrs["class"] or "").split()
    image = broken.png(2).convert("RGB")
    page = broken.pages[1]
    seen = set()
    for mark in broken.boxes:
        if mark.prov and mark.prov.page == 2:
            x0, y0, _, _ = pixel_box(page, mark)
            assert image.getpixel((x0, y0)) == COLOURS[mark.status], mark.key
            seen.add(mark.status)
    assert seen == {OK, FAILED}
    # a failed cell's hover text names the check that failed
    failed = next(m for m in broken.marks if m.status == FAILED)
    title = cells[failed.key]["title"] or ""
    assert f"status: {FAILED}" in title
    assert any(f"{c.rule} {c.scope} failed" in title for c in report.failed_checks)


def test_statuses_in_the_tables_of_a_docx() -> None:
    picture = show(BROKEN_DOCX)
    assert not picture.pages
    in_failed = {k for c in picture.report.failed_checks for k in c.cells}
    assert in_failed
    cells = _cells(picture.html())
    assert len(cells) == len(list(picture.report.cells()))
    assert {k for k, a in cells.items() if a["data-status"] == FAILED} == in_failed
    with pytest.raises(ShowError, match="PNG needs a PDF page"):
        picture.png()


def test_a_value_decided_by_a_rule_is_flagged() -> None:
    picture = show(TWO_READINGS)
    named = {w.where for w in picture.report.warnings if w.code == "reading_by_rule"}
    assert named
    status = {m.key: m for m in picture.marks}
    for key in named:
        assert status[key].status == FLAGGED
        assert any(r.startswith("reading_by_rule:") for r in status[key].reasons)


def _cell(report: Report, key: str) -> Value:
    table, rest = key.split(".", 1)
    row, col = rest.rsplit(".", 1)
    return report.table(table)[row][col]


def _with_cell(report: Report, key: str, value: Value) -> Report:
    table, rest = key.split(".", 1)
    row, col = rest.rsplit(".", 1)
    rows = {r: dict(cols) for r, cols in report.table(table).items()}
    rows[row][col] = value
    return evolve(report, **{table: rows})


def test_flag_warning_null_and_failed_check_each_mark_their_cell(broken: Picture) -> None:
    report = broken.report
    flag_key = "active_disclosure.regulations.issued"
    warned_key = "applications.received.new.research"
    null_key = "review_litigation.review.other"
    old = _cell(report, flag_key)
    assert old.prov is not None
    report = _with_cell(report, flag_key, evolve(old, prov=evolve(old.prov, flag="ocr_unsure")))
    report = _with_cell(report, null_key, Value(None, None))
    report = evolve(
        report,
        warnings=(
            ReportWarning("alignment_uncertain", "placed like its neighbours", warned_key),
            ReportWarning("row_by_position", "known by position", "active_disclosure.licensing"),
            ReportWarning("value_missing", "the value is null", null_key),
        ),
    )
    status = {m.key: m.status for m in marks(report)}
    assert status[flag_key] == FLAGGED
    assert status[warned_key] == FLAGGED
    assert status["active_disclosure.licensing.decisions"] == FLAGGED  # its row is named
    assert status[null_key] == MISSING
    assert status["active_disclosure.penalty.decisions"] == OK
    # a failed check outranks a warning on the same cell
    failed_key = next(iter(report.failed_checks[0].cells))
    report = evolve(report, warnings=(ReportWarning("x", "y", failed_key),))
    assert {m.key: m.status for m in marks(report)}[failed_key] == FAILED


def test_a_null_is_an_empty_marked_cell_and_listed() -> None:
    picture = show(FIXTURES / "real_tongjiju_2023" / "source.txt")
    nulls = {m.key for m in picture.marks if m.value is None}
    assert nulls
    html = picture.html()
    cells = _cells(html)
    assert {k for k, a in cells.items() if a["data-status"] == MISSING} == nulls
    for key in nulls:  # empty, with a hover that says why
        assert re.search(rf'data-key="{re.escape(key)}"[^>]*></td>', html), key
        assert "null (not read)" in (cells[key]["title"] or "")
    side = html.split("<aside>", 1)[1]
    rows = {k.rsplit(".", 1)[0] for k in nulls}
    assert all(f"<code>{row}</code>" in side for row in rows)
    assert f"Not read ({len(nulls)})" in side


# -- escaping and self-containment ------------------------------------------------------

HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>&amp;{x}'


def _hostile(report: Report) -> Report:
    key = "applications.received.new.total"
    old = _cell(report, key)
    assert old.prov is not None
    report = _with_cell(report, key, evolve(old, prov=evolve(old.prov, raw=HOSTILE)))
    return evolve(
        report,
        meta=evolve(report.meta, agency=HOSTILE),
        source=evolve(report.source, path=f"/tmp/{HOSTILE}.pdf"),
        warnings=(ReportWarning("x<y", HOSTILE, key),),
        checks=(
            *report.checks,
            Check("R1", HOSTILE, False, 1, 2, HOSTILE, (key,)),
        ),
    )


@pytest.mark.parametrize("path", [BROKEN_PDF, BROKEN_DOCX], ids=_id)
def test_untrusted_text_is_escaped(path: Path) -> None:
    report = _hostile(gxparse.parse(path))
    html = show(report, source=path.read_bytes()).html()
    assert "<script" not in html.lower()
    assert "<img src=x" not in html
    parsed = _elements(html)
    assert [t for t, _ in parsed.tags if t in ("script", "iframe", "object", "embed")] == []
    # the text comes back exactly as it was, once a browser unescapes it
    assert any(HOSTILE in chunk for chunk in parsed.text)  # the heading
    key = "applications.received.new.total"
    mark = next(m for m in marks(report) if m.key == key)
    assert _cells(html)[key]["title"] == hover(report, mark)
    assert repr(HOSTILE) in hover(report, mark)


@pytest.mark.parametrize("path", [BROKEN_PDF, BROKEN_DOCX], ids=_id)
def test_the_html_fetches_nothing(path: Path) -> None:
    html = show(path).html()
    for tag, attrs in _elements(html).tags:
        assert tag not in ("script", "link", "iframe")
        for name in ("src", "href"):
            value = attrs.get(name)
            if value is not None:
                assert value.startswith(("data:image/png;base64,", "#")), (tag, value[:40])
    assert "http://" not in html and "https://" not in html
    assert "default-src 'none'" in html  # and the page says so to the browser
    assert len(html) < 400_000


# -- pages and files --------------------------------------------------------------------


def test_page_selection(broken: Picture) -> None:
    assert [p.number for p in broken.pages] == [1, 2]  # page 3 holds no value
    only = show(BROKEN_PDF, page=2)
    assert [p.number for p in only.pages] == [2]
    assert only.boxes and {m.prov.page for m in only.boxes if m.prov} == {2}
    assert len(_elements(only.html()).tags) < len(_elements(broken.html()).tags)
    empty = show(BROKEN_PDF, page=3)  # a page asked for is drawn even with no value on it
    assert [p.number for p in empty.pages] == [3] and not empty.boxes
    with pytest.raises(ShowError, match=r"source\.pdf: no page 9: the PDF has 3 page\(s\)"):
        show(BROKEN_PDF, page=9)
    with pytest.raises(ShowError, match="--page needs a PDF"):
        show(BROKEN_DOCX, page=1)


def test_the_pdf_must_be_the_one_read(broken: Picture) -> None:
    other = FIXTURES / "hongze_2024" / "source.pdf"
    with pytest.raises(ShowError, match="not the file the record was read from"):
        show(broken.report, source=other)
    record = evolve(broken.report, source=evolve(broken.report.source, path="/nowhere/x.pdf"))
    with pytest.raises(ShowError, match="pass source="):
        show(record)
    assert show(record, source=BROKEN_PDF.read_bytes(), page=1).boxes
    assert broken.report.show(page=1).boxes == show(BROKEN_PDF, page=1).boxes  # Report.show


def test_cli_png_is_the_page_with_its_boxes(tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "page.png"
    assert cli.main(["show", str(BROKEN_PDF), "--page", "2", "-o", str(out)]) == 0
    frame = pdf.load(BROKEN_PDF.read_bytes()).page_list[1]
    with Image.open(out) as image:
        image.load()
        assert image.format == "PNG"
        assert image.size == pytest.approx((frame.width * 1.5, frame.height * 1.5), abs=1.5)
        colours = {c for _, c in image.convert("RGB").getcolors(1 << 20) or ()}
    assert COLOURS[FAILED] in colours and COLOURS[OK] in colours
    assert "wrote" in capsys.readouterr().err
    # several pages: one PNG each
    assert cli.main(["show", str(BROKEN_PDF), "-o", str(tmp_path / "all.png")]) == 0
    assert sorted(p.name for p in tmp_path.glob("all-p*.png")) == ["all-p1.png", "all-p2.png"]


def test_cli_html_and_errors(tmp_path: Path, capsys: Any) -> None:
    assert cli.main(["show", str(BROKEN_DOCX)]) == 0
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")
    record = tmp_path / "record.json"
    gxparse.parse(BROKEN_PDF).save(record)  # a record whose source.path is the PDF
    out = tmp_path / "from_record.html"
    assert cli.main(["show", str(record), "--page", "2", "-o", str(out)]) == 0
    assert 'data-page="2"' in out.read_text(encoding="utf-8")
    data = json.loads(record.read_text(encoding="utf-8"))
    data["source"]["path"] = "/elsewhere/source.pdf"  # read on another machine
    record.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert cli.main(["show", str(record), "--page", "2", "-o", str(out)]) == 2
    assert "pass source=" in capsys.readouterr().err
    args = ["show", str(record), "--source", str(BROKEN_PDF), "--page", "2", "-o", str(out)]
    assert cli.main(args) == 0
    assert out.read_text(encoding="utf-8").count('class="box ') == len(
        show(BROKEN_PDF, page=2).boxes
    )
    capsys.readouterr()
    assert cli.main(["show", str(BROKEN_DOCX), "-o", str(tmp_path / "x.png")]) == 2
    assert "source.docx: a PNG needs a PDF page" in capsys.readouterr().err
    assert cli.main(["show", str(BROKEN_PDF), "-o", str(tmp_path / "x.svg")]) == 2
    assert "write .html or .png" in capsys.readouterr().err
    assert cli.main(["show", str(tmp_path / "missing.pdf")]) == 2
    assert "missing.pdf" in capsys.readouterr().err


# -- in a real browser --------------------------------------------------------------------

CHROMIUM = next(
    (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)),
    None,
)
if CHROMIUM is None and os.environ.get("CI"):  # .ci/run installs it: never skip there
    raise RuntimeError("CI: no Chromium on PATH; .ci/run should have installed it")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium on PATH (apt-get install chromium fonts-wqy-microhei): the HTML is "
    "not laid out by a browser here",
)

# Measures every box against the page image once laid out; a copy of the page without its
# Content-Security-Policy runs it (the page itself runs no script).
_PROBE = """<script>
const out = [];
for (const sheet of document.querySelectorAll('.sheet')) {
  const img = sheet.querySelector('img').getBoundingClientRect();
  for (const b of sheet.querySelectorAll('.box')) {
    const r = b.getBoundingClientRect(), cs = getComputedStyle(b);
    out.push({key: b.dataset.key, status: b.dataset.status, x: r.left - img.left,
              y: r.top - img.top, w: r.width, h: r.height, iw: img.width,
              colour: cs.borderTopColor, title: b.title});
  }
}
const pre = document.createElement('pre');
pre.id = 'probe';
pre.textContent = JSON.stringify(out);
document.body.appendChild(pre);
</script>"""


def _chromium(*args: str, cwd: Path) -> str:
    assert CHROMIUM is not None
    run = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         f"--user-data-dir={cwd / 'profile'}", "--window-size=1400,1000", *args],
        capture_output=True, text=True, timeout=120, check=False, cwd=cwd,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


@needs_chromium
def test_in_chromium_the_boxes_sit_on_their_values(tmp_path: Path) -> None:
    picture = show(BROKEN_PDF, page=2)
    html = picture.html()
    page = picture.pages[0]
    probe = tmp_path / "probe.html"
    probe.write_text(
        re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html).replace(
            "</body>", _PROBE + "</body>"
        ),
        encoding="utf-8",
    )
    dom = _chromium("--dump-dom", probe.as_uri(), cwd=tmp_path)
    probed = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert probed, dom[-500:]
    found = json.loads(unescape(probed.group(1)))
    by_key = {m.key: m for m in picture.boxes}
    assert len(found) == len(by_key) > 100
    css = {s: f"rgb({r}, {g}, {b})" for s, (r, g, b) in COLOURS.items()}
    for box in found:
        mark = by_key[box["key"]]
        assert mark.prov is not None and mark.prov.bbox is not None
        zoom = box["iw"] / page.image.width  # the page as the browser shows it
        x0, y0, x1, y1 = (v * page.scale * zoom for v in mark.prov.bbox)
        pad = 1.5 * page.scale * zoom
        assert box["x"] == pytest.approx(x0 - pad, abs=1.0), mark.key
        assert box["y"] == pytest.approx(y0 - pad, abs=1.0), mark.key
        assert box["w"] == pytest.approx(x1 - x0 + 2 * pad, abs=1.0), mark.key
        assert box["h"] == pytest.approx(y1 - y0 + 2 * pad, abs=1.0), mark.key
        assert box["status"] == mark.status and box["colour"] == css[mark.status]
        assert box["title"].startswith(f"{mark.key} = {mark.value}")
    # and the page as shipped, with its policy, renders: boxes of both colours on screen
    shot = tmp_path / "shot.png"
    page_file = tmp_path / "page.html"
    page_file.write_text(html, encoding="utf-8")
    _chromium(f"--screenshot={shot}", "--window-size=1400,2200", page_file.as_uri(), cwd=tmp_path)
    with Image.open(shot) as image:
        colours = {c for _, c in image.convert("RGB").getcolors(1 << 22) or ()}
    assert any(_near(c, (215, 30, 40)) for c in colours)  # a failed box's border
    assert any(_near(c, (22, 150, 70)) for c in colours)  # an ok box's border


def _near(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    return all(abs(x - y) <= 12 for x, y in zip(a, b, strict=True))
