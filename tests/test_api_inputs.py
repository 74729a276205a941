"""What ``parse`` takes: paths, bytes of any kind, file objects, text=; and what it refuses."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import gxparse

from .conftest import FIXTURES

PDF = FIXTURES / "hongze_2024" / "source.pdf"
TEXT = FIXTURES / "seed_001_tabbed" / "source.txt"


def _cells(report: gxparse.Report) -> list[object]:
    return [v.value for _, _, _, v in report.cells()]


def test_every_form_of_the_same_bytes_gives_the_same_record() -> None:
    expected = _cells(gxparse.parse(PDF))
    data = PDF.read_bytes()
    for source in (str(PDF), data, bytearray(data), memoryview(data), io.BytesIO(data)):
        assert _cells(gxparse.parse(source)) == expected, type(source).__name__
    with PDF.open("rb") as fh:
        report = gxparse.parse(fh)
    assert report.source.path == str(PDF)  # a file object's name is kept
    assert _cells(report) == expected


def test_text_is_said_explicitly() -> None:
    text = TEXT.read_text("utf-8")
    assert _cells(gxparse.parse(text=text)) == _cells(gxparse.parse(TEXT))
    assert _cells(gxparse.parse(text)) == _cells(gxparse.parse(TEXT))  # a line break: text
    with pytest.raises(TypeError):
        gxparse.parse(TEXT, text=text)
    with pytest.raises(TypeError):
        gxparse.parse()


def test_a_long_str_is_a_path_not_text(tmp_path: Path) -> None:
    with pytest.raises(gxparse.SourceError):
        gxparse.parse("报告" * 800)  # no line break: a (too long) file name


@pytest.mark.parametrize("url", ["https://www.gov.cn/report.pdf", "http://x/y", "ftp://a/b"])
def test_a_url_says_download_it_first(url: str) -> None:
    with pytest.raises(gxparse.SourceError, match="download it first") as exc:
        gxparse.parse(url)
    assert str(exc.value).startswith(url)


def test_one_reader_name_is_enough() -> None:
    report = gxparse.parse(PDF, readers="pdf-grid")
    assert report.source.reader == "pdf-grid"
    with pytest.raises(gxparse.UnknownReaderError):
        gxparse.parse(PDF, readers="pdf")


def test_repr_is_one_line() -> None:
    report = gxparse.parse(PDF)
    text = repr(report)
    assert "\n" not in text and len(text) < 300
    assert text.startswith(f"<Report {PDF} (pdf, pdf-grid): 淮安市洪泽区人民政府 2024")
    assert "inconsistent: 186/186 values; 41 checks, 1 failed; 1 warnings" in text  # N1


def test_something_else_is_a_named_error() -> None:
    with pytest.raises(gxparse.SourceError, match="cannot read a int"):
        gxparse.parse(42)  # type: ignore[arg-type]
