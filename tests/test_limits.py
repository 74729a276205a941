"""Limits: what gxparse refuses to read before expanding it, and what it survives.

Every case here is one of the hostile inputs of the issue, made small: the limit is
lowered (``gxparse.Limits``) so that the mechanism is shown on a file of a few
kilobytes. ``tests/test_hostile.py`` runs the full-size files in a child process
under a time and memory cap.
"""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
import zlib
from pathlib import Path

import pytest

import gxparse
from gxparse import errors, limits
from gxparse.cli import main

from .conftest import FIXTURES

SEED = FIXTURES / "seed_001_tabbed" / "source.txt"
DOCX = FIXTURES / "docx_2021_numbered_notes" / "source.docx"
DOCX_PLAIN = FIXTURES / "docx_2021_plain" / "source.docx"
HTML = FIXTURES / "html_2019_cms" / "source.html"
PDF = FIXTURES / "hongze_2024" / "source.pdf"


def _too_large(exc: pytest.ExceptionInfo[errors.InputTooLargeError], name: str) -> None:
    assert exc.value.limit == name
    assert f"gxparse.Limits.{name}" in str(exc.value)


# -- only regular files ------------------------------------------------------------------


def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "report.pdf"
    os.mkfifo(fifo)
    with pytest.raises(errors.NotAFileError, match=r"named pipe \(FIFO\)") as exc:
        gxparse.parse(fifo)  # would block forever if it were opened
    assert str(exc.value).startswith(str(fifo))


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_is_refused(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"{device} is absent")
    with pytest.raises(errors.NotAFileError, match="a device"):
        gxparse.parse(device)


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(errors.NotAFileError, match="a directory"):
        gxparse.parse(tmp_path)


def test_a_symlink_loop_is_a_named_error(tmp_path: Path) -> None:
    loop = tmp_path / "loop.pdf"
    loop.symlink_to(loop)
    with pytest.raises(errors.SourceError) as exc:
        gxparse.parse(loop)
    assert str(exc.value).startswith(str(loop))


# -- sizes, checked before reading --------------------------------------------------------


def test_file_size_is_checked_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:  # a sparse file: 1 GiB of nothing, nothing on disk
        fh.truncate(1 << 30)
    with pytest.raises(errors.InputTooLargeError) as exc:
        gxparse.parse(big, limits=gxparse.Limits(max_input_bytes=1 << 20))
    _too_large(exc, "max_input_bytes")
    assert str(exc.value).startswith(str(big))


def test_bytes_and_text_are_checked_too() -> None:
    small = gxparse.Limits(max_input_bytes=100)
    with pytest.raises(errors.InputTooLargeError):
        gxparse.parse(b"x" * 200, limits=small)
    with pytest.raises(errors.InputTooLargeError):
        gxparse.parse("x\n" * 200, limits=small)


def test_text_and_markup_size() -> None:
    text = SEED.read_text("utf-8")
    with pytest.raises(errors.InputTooLargeError) as exc:
        gxparse.parse(text, limits=gxparse.Limits(max_markup_bytes=1000))
    _too_large(exc, "max_markup_bytes")
    with pytest.raises(errors.InputTooLargeError) as exc:
        gxparse.parse(HTML, limits=gxparse.Limits(max_markup_bytes=1000))
    _too_large(exc, "max_markup_bytes")


def test_limits_apply_to_a_block_and_nest() -> None:
    assert limits.current() == limits.DEFAULT
    with limits.using(max_pages=3) as outer:
        assert limits.current().max_pages == 3
        with limits.using(max_cells=10):
            assert limits.current() == outer.replace(max_cells=10)
        with pytest.raises(errors.InputTooLargeError) as exc:
            gxparse.parse(PDF)  # 4 pages
        _too_large(exc, "max_pages")
    assert limits.current() == limits.DEFAULT
    assert gxparse.parse(PDF).status.null == 0  # the default again: read whole
    with pytest.raises(TypeError):
        limits.DEFAULT.replace(max_pixels=1)


# -- DOCX: zip bombs and broken attributes -------------------------------------------------


def _rezip(
    src: Path, edit: dict[str, bytes | None], *, extra: dict[str, bytes] | None = None
) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            new = edit.get(info.filename, data)
            if new is not None:
                zout.writestr(info.filename, new)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return out.getvalue()


def test_zip_bomb_is_refused_from_its_directory() -> None:
    # 64 MiB of zeros packed in 64 KiB: the ratio gives it away before it is inflated
    bomb = _rezip(DOCX_PLAIN, {}, extra={"word/media/pad.bin": bytes(64 << 20)})
    assert len(bomb) < 1 << 20
    with pytest.raises(errors.InputTooLargeError) as exc:
        gxparse.parse(bomb)
    _too_large(exc, "max_zip_ratio")
    with pytest.raises(errors.InputTooLargeError) as exc:
        gxparse.parse(bomb, limits=gxparse.Limits(max_zip_ratio=1e9, max_unpacked_bytes=32 << 20))
    _too_large(exc, "max_unpacked_bytes")


def test_zip_of_many_members_is_refused() -> None:
    many = _rezip(DOCX_PLAIN, {}, extra={f"customXml/item{i}.xml": b"<a/>" for i in range(60)})
    with pytest.raises(errors.InputTooLargeError) as exc:
        gxparse.parse(many, limits=gxparse.Limits(max_zip_members=50))
    _too_large(exc, "max_zip_members")


def _sub(src: Path, member: str, pattern: str, repl: str, count: int = 0) -> bytes:
    with zipfile.ZipFile(src) as z:
        xml = z.read(member).decode("utf-8")
    new, n = re.subn(pattern, repl, xml, count=count)
    assert n, f"{pattern!r} not in {member}"
    return _rezip(src, {member: new.encode("utf-8")})


@pytest.mark.parametrize(
    ("pattern", "repl"),
    [
        (r'<w:start w:val="\d+"/><w:numFmt w:val="\w+"/>',
         '<w:start w:val="1000000000000000000"/><w:numFmt w:val="upperRoman"/>'),
        (r'<w:start w:val="\d+"/><w:numFmt w:val="\w+"/>',
         '<w:start w:val="10000000000000"/><w:numFmt w:val="lowerLetter"/>'),
        (r'<w:start w:val="\d+"/>', '<w:start w:val="abc"/>'),
        (r'<w:lvl w:ilvl="0">', '<w:lvl w:ilvl="x">'),
        (r'<w:lvl w:ilvl="0">', '<w:lvl w:ilvl="12">'),
    ],
    ids=["start-1e18-roman", "start-1e13-letters", "start-abc", "ilvl-x", "ilvl-12"],
)  # fmt: skip
def test_broken_numbering_still_reads(pattern: str, repl: str) -> None:
    report = gxparse.parse(_sub(DOCX, "word/numbering.xml", pattern, repl))
    expected = gxparse.parse(DOCX)
    assert report.to_dict()["applications"] == expected.to_dict()["applications"]


@pytest.mark.parametrize(
    ("pattern", "repl"),
    [
        (r"<w:tr\b[^>]*>", '\\g<0><w:trPr><w:gridBefore w:val="1000000000"/></w:trPr>'),
        (r'<w:gridSpan w:val="\d+"/>', '<w:gridSpan w:val="abc"/>'),
        (r'<w:gridSpan w:val="\d+"/>', '<w:gridSpan w:val="1.5"/>'),
        (r'<w:gridSpan w:val="\d+"/>', '<w:gridSpan w:val="-3"/>'),
        (r'<w:gridSpan w:val="\d+"/>', '<w:gridSpan w:val="99999999999999999999999"/>'),
    ],
    ids=["gridBefore-1e9", "gridSpan-abc", "gridSpan-1.5", "gridSpan-minus", "gridSpan-huge"],
)  # fmt: skip
def test_broken_spans_end_in_a_record_or_a_named_error(pattern: str, repl: str) -> None:
    try:
        report = gxparse.parse(_sub(DOCX_PLAIN, "word/document.xml", pattern, repl, count=1))
    except errors.SourceError:
        return
    assert report.source.format == "docx"


def test_cells_are_capped() -> None:
    with pytest.raises(errors.InputTooLargeError) as exc:
        gxparse.parse(DOCX_PLAIN, limits=gxparse.Limits(max_cells=100))
    _too_large(exc, "max_cells")
    rows = "".join("<tr>" + "<td>1</td>" * 100 + "</tr>" for _ in range(3000))
    page = f"<html><body><table>{rows}</table></body></html>"
    with pytest.raises(errors.InputTooLargeError) as exc:
        gxparse.parse(text=page)  # 300,000 cells, refused before the grid is built
    _too_large(exc, "max_cells")


# -- HTML --------------------------------------------------------------------------------


@pytest.mark.parametrize("charset", ["undefined", "utf-32", "x-no-such-charset", "base64"])
def test_a_lying_charset_is_ignored(charset: str) -> None:
    page = HTML.read_bytes()
    page = re.sub(rb"charset=[\w-]+", f"charset={charset}".encode(), page, count=1)
    if b"charset=" not in page:
        page = f'<meta charset="{charset}">'.encode() + page
    report = gxparse.parse(page)
    assert report.to_dict()["applications"] == gxparse.parse(HTML).to_dict()["applications"]


# -- PDF: streams measured before a backend opens the file --------------------------------


def _pdf(content: bytes) -> bytes:
    stream = zlib.compress(content, 9)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


@pytest.mark.parametrize("backend", ["pymupdf", "pdfplumber"])
def test_flate_bomb_is_refused_before_the_backend(
    backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GXPARSE_PDF_BACKEND", backend)
    bomb = _pdf(b"0 0 m 1 1 l S\n" * ((64 << 20) // 14))  # 64 MiB of lines in ~100 KB
    assert len(bomb) < 200_000
    with pytest.raises(errors.InputTooLargeError) as exc:
        gxparse.parse(bomb)
    _too_large(exc, "max_content_bytes")
    ops = _pdf(b"0 0 m 1 1 l S\n" * 100_000)  # 1.4 MB, 300,000 operators
    with pytest.raises(errors.InputTooLargeError) as exc:
        gxparse.parse(ops, limits=gxparse.Limits(max_operators=200_000))
    _too_large(exc, "max_operators")
    with pytest.raises(errors.InputTooLargeError) as exc:
        gxparse.parse(ops, limits=gxparse.Limits(max_pdf_stream_bytes=1 << 20))
    _too_large(exc, "max_pdf_stream_bytes")


def _prose(path: Path) -> int:
    """The checks the source itself fails: hongze's prose states 17 applications, its 表三 95."""
    return int(path == PDF)


def test_real_reports_are_far_inside_the_limits() -> None:
    tight = gxparse.Limits(
        max_content_bytes=1 << 20,
        max_stream_bytes=2 << 20,
        max_pdf_stream_bytes=8 << 20,
        max_operators=1000,
        max_pages=20,
        max_cells=5000,
    )
    for path in (PDF, DOCX, DOCX_PLAIN, HTML, SEED):
        status = gxparse.parse(path, limits=tight).status
        assert status.null == status.flagged == status.failed - _prose(path) == 0, status


# -- nothing but GxparseError --------------------------------------------------------------


def test_a_bug_is_an_internal_error_naming_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    from gxparse import checks

    def broken(*args: object) -> object:
        raise KeyError("boom")

    monkeypatch.setattr(checks, "run", broken)
    with pytest.raises(errors.InternalError) as exc:
        gxparse.parse(SEED)
    text = str(exc.value)
    assert text.startswith(str(SEED)) and "KeyError" in text and "please report" in text
    assert isinstance(exc.value.__cause__, KeyError)


def test_running_out_of_memory_is_input_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    from gxparse import pipeline

    def exhausted(*args: object, **kwargs: object) -> object:
        raise MemoryError

    monkeypatch.setattr(pipeline, "run", exhausted)
    with pytest.raises(errors.InputTooLargeError, match="out of memory"):
        gxparse.parse(SEED)


def test_cli_prints_one_line_per_bad_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    big = tmp_path / "big.html"
    big.write_bytes(HTML.read_bytes())
    missing = tmp_path / "missing.pdf"
    code = main(["parse", "-q", str(fifo), str(SEED), "/dev/null", str(big), str(missing)])
    out, err = capsys.readouterr()
    assert code == 2
    lines = err.strip().splitlines()
    assert sorted(lines) == sorted(
        [
            f"error: {fifo}: is a named pipe (FIFO), not a document file",
            "error: /dev/null: is a device, not a document file",
            f"error: {missing}: no such file",
        ]
    )
    records = [json.loads(line) for line in out.splitlines()]
    assert sorted(r["schema"] for r in records) == ["gxparse/error@1"] * 3 + ["gxparse/record@1"] * 2
