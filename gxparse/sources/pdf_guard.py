"""Measure a PDF's streams before either backend opens it: a Flate bomb is refused.

A PDF of 100 KB can hold a content stream that inflates to hundreds of megabytes of
drawing operators; pdfminer and MuPDF would inflate it whole and then interpret it
for minutes, or die (a segfault in MuPDF, an abort in pdfminer). Neither library
can be bounded from inside, so the file's bytes are scanned first, without a PDF
parser: every stream is found by its ``stream`` keyword (streams never sit inside
object streams, so all of them are at the top level of the file), and each one
filtered with Flate -- what Word, WPS and every PDF library write -- is inflated
by at most one byte more than the limit allows, in pieces. What is measured:

- the decoded size of each stream -- page contents, forms and object streams
  (``Limits.max_content_bytes``), font programs, told by their dictionary
  (``Limits.max_stream_bytes``) -- and of all of them together
  (``Limits.max_pdf_stream_bytes``); images are left aside (they are not decoded to
  read text);
- the drawing and text operators in large streams other than fonts
  (``Limits.max_operators``), where the time goes when a backend interprets a page.

A stream under other filters (LZW, run-length: rare since PDF 1.2) is not inflated
here; such bombs are left to the batch runner's per-document memory cap. The page
count is checked by the backends (``Limits.max_pages``) once the page tree is open.
"""

from __future__ import annotations

import re
import zlib

from gxparse import limits

_STREAM = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
_FILTER = re.compile(rb"/Filter\s*\[?\s*/(\w+)")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_FONT = re.compile(rb"/Length[123]\b|/Subtype\s*/(?:Type1C|CIDFontType0C|OpenType)\b")
# An operator: a short run of letters (``re``, ``Tj``, ``BT``, ``f*``) or a quote,
# standing alone between delimiters. Names (``/F1``) and numbers are not counted.
_OPERATOR = re.compile(rb"(?<![^\s\]\)>])(?:[A-Za-z][A-Za-z0-9*]{0,2}|['\"])(?=[\s\[\(</]|\Z)")
_COUNT_FROM = 256 * 1024  # decoded streams smaller than this are not tokenised
_CHUNK = 1 << 16
_FLATE = (b"FlateDecode", b"Fl")
_MAX_DICT = 1 << 16  # how far back a stream's dictionary is looked for


def check(data: bytes, *, path: str | None = None) -> None:
    """Raise ``InputTooLargeError`` when the PDF's streams decode beyond the limits."""
    lim = limits.current()
    total = operators = 0
    for m in _STREAM.finditer(data):
        head = _dictionary(data, m.start())
        if _IMAGE.search(head):
            continue
        f = _FILTER.search(head)
        if f is None or f.group(1) not in _FLATE:
            continue
        end = data.find(b"endstream", m.end())
        raw = data[m.end() : end if end >= 0 else len(data)]
        font = _FONT.search(head) is not None
        name = "max_stream_bytes" if font else "max_content_bytes"
        decoded = _inflate(raw, getattr(lim, name) + 1)
        if decoded is None:
            continue  # not Flate after all (encrypted, damaged): the backend decides
        size = len(decoded)
        if size > getattr(lim, name):  # inflated only this far: its whole size is not known
            what = (
                "a font program of the PDF, decoded," if font else "a stream of the PDF, decoded,"
            )
            raise limits.refuse(what, None, name, path=path)
        total += size
        limits.check("the PDF's streams decoded", total, "max_pdf_stream_bytes", path=path)
        if size >= _COUNT_FROM and not font:
            operators += len(_OPERATOR.findall(decoded))
            limits.check("the PDF's drawing operators", operators, "max_operators", path=path)


def _dictionary(data: bytes, end: int) -> bytes:
    """The bytes from the ``obj`` keyword before ``end`` (a stream's ``>>``) up to it."""
    start = data.rfind(b"obj", max(0, end - _MAX_DICT), end)
    return data[start:end] if start >= 0 else data[max(0, end - 4096) : end]


def _inflate(raw: bytes, cap: int) -> bytes | None:
    """``raw`` inflated to at most ``cap`` bytes; None when it is not Flate data."""
    z = zlib.decompressobj()
    out = bytearray()
    tail = raw
    try:
        while tail and len(out) < cap:
            out += z.decompress(tail, min(_CHUNK * 16, cap - len(out)))
            tail = z.unconsumed_tail
            if z.eof:
                break
    except zlib.error:
        if not out:
            return None
    return bytes(out)
