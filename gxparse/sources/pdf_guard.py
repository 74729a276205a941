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
- the drawing and text operators in large streams other than fonts, and the tokens
  of large object streams (``Limits.max_operators``), where the time goes when a
  backend interprets a page or looks up an object;
- the drawing of each page as the backends would expand it: its content streams as
  often as ``/Contents`` lists them, each form XObject as often as it is drawn, forms
  within forms (``Limits.max_pdf_stream_bytes``; a 2 KB file can draw a rule 2**30
  times), and forms that draw themselves (refused as corrupt).

A stream under other filters (LZW, run-length: rare since PDF 1.2) is not inflated
here; such bombs are left to the batch runner's per-document memory cap. The page
count is checked by the backends (``Limits.max_pages``) once the page tree is open.
"""

from __future__ import annotations

import re
import zlib

from gxparse import limits
from gxparse.errors import CorruptSourceError

_STREAM = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
_FILTER = re.compile(rb"/Filter\s*\[?\s*/(\w+)")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_FONT = re.compile(rb"/Length[123]\b|/Subtype\s*/(?:Type1C|CIDFontType0C|OpenType)\b")
_NOT_DRAWN = re.compile(rb"/Type\s*/(?:ObjStm|XRef|Metadata|EmbeddedFile)\b")
_OBJSTM = re.compile(rb"/Type\s*/ObjStm\b")
_HEADER = re.compile(rb"(\d+)\s+\d+\s+obj\b")
_XOBJECTS = re.compile(rb"/XObject\s*(<<(?:[^<>]|<<[^<>]*>>)*>>|\d+\s+\d+\s+R)")
_NAMED_REF = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*(\d+)\s+\d+\s+R")
_CONTENTS = re.compile(rb"/Contents\s*(\[[^\]]*\]|\d+\s+\d+\s+R)")
_REF = re.compile(rb"(\d+)\s+\d+\s+R")
_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do\b")
# An operator: a short run of letters (``re``, ``Tj``, ``BT``, ``f*``) or a quote,
# standing alone between delimiters. Names (``/F1``) and numbers are not counted.
_OPERATOR = re.compile(rb"(?<![^\s\]\)>])(?:[A-Za-z][A-Za-z0-9*]{0,2}|['\"])(?=[\s\[\(</]|\Z)")
_COUNT_FROM = 256 * 1024  # decoded streams smaller than this are not tokenised
_CHUNK = 1 << 16
_FLATE = (b"FlateDecode", b"Fl")
_MAX_DICT = 1 << 16  # how far back a stream's dictionary is looked for


class _Scan:
    """What the scan keeps of a PDF for the drawing's expansion: each drawn stream's
    decoded size and the XObjects it draws (``Do``), and every object's text."""

    def __init__(self) -> None:
        self.size: dict[int, int] = {}  # drawn stream object -> decoded bytes
        self.draws: dict[int, dict[bytes, int]] = {}  # drawn stream -> XObject name -> times
        self.texts: list[bytes] = []  # dictionaries and objects that may map names/contents
        self.local: dict[int, dict[bytes, set[int]]] = {}  # a form's own XObject names
        self.nested = False  # a stream draws an XObject more than once, or a form draws one


def check(data: bytes, *, path: str | None = None) -> None:
    """Raise ``InputTooLargeError`` when the PDF's streams decode beyond the limits, or
    when one page's drawing does, counting each stream as often as it is drawn."""
    lim = limits.current()
    total = operators = 0
    scan = _Scan()
    for m in _STREAM.finditer(data):
        head = _dictionary(data, m.start())
        if _IMAGE.search(head):
            continue
        end = data.find(b"endstream", m.end())
        raw = data[m.end() : end if end >= 0 else len(data)]
        f = _FILTER.search(head)
        font = _FONT.search(head) is not None
        name = "max_stream_bytes" if font else "max_content_bytes"
        if f is None:
            decoded: bytes | None = raw
        elif f.group(1) in _FLATE:
            decoded = _inflate(raw, getattr(lim, name) + 1)
        else:
            decoded = None
        if decoded is None:
            continue  # another filter, or not Flate after all: the backend decides
        size = len(decoded)
        if size > getattr(lim, name):  # inflated only this far: its whole size is not known
            what = (
                "a font program of the PDF, decoded," if font else "a stream of the PDF, decoded,"
            )
            raise limits.refuse(what, None, name, path=path)
        total += size
        limits.check("the PDF's streams decoded", total, "max_pdf_stream_bytes", path=path)
        if font:
            continue
        if _OBJSTM.search(head):
            scan.texts.append(decoded)  # the objects it holds may map names and contents
            if size >= _COUNT_FROM:  # pdfminer lexes it whole to reach any object in it
                operators += len(decoded.split())
                limits.check(
                    "the PDF's drawing operators and object-stream tokens", operators,
                    "max_operators", path=path,
                )  # fmt: skip
            continue
        if _NOT_DRAWN.search(head):
            continue
        _keep(scan, head, decoded)
        if size >= _COUNT_FROM:
            operators += len(_OPERATOR.findall(decoded))
            limits.check("the PDF's drawing operators", operators, "max_operators", path=path)
    if scan.nested or _many_contents([data, *scan.texts]):
        _expansion(scan, data, path)


def _keep(scan: _Scan, head: bytes, decoded: bytes) -> None:
    header = _HEADER.search(head, 0, 64)
    if header is None:
        return
    number = int(header.group(1))
    scan.size[number] = len(decoded)
    scan.texts.append(head)
    if b"Do" not in decoded:
        return
    draws: dict[bytes, int] = {}
    for name in _DO.findall(decoded):
        draws[name] = draws.get(name, 0) + 1
    if draws:
        scan.draws[number] = draws
        own = _mapping(head, [])
        if own:
            scan.local[number] = own
        if max(draws.values()) > 1 or b"/Form" in head:
            scan.nested = True


def _many_contents(texts: list[bytes]) -> bool:
    """Whether a page lists more content streams than a real report does (or one twice)."""
    for text in texts:
        for m in _CONTENTS.finditer(text):
            refs = _REF.findall(m.group(1))
            if len(refs) > 64 or len(set(refs)) < len(refs):
                return True
    return False


def _expansion(scan: _Scan, data: bytes, path: str | None) -> None:
    """Refuse a page whose drawing -- its content streams as often as listed, each form
    XObject as often as drawn, forms within forms -- decodes beyond
    ``Limits.max_pdf_stream_bytes`` (a 2 KB file can draw a rule 2**30 times), and
    forms that draw themselves (a ``CorruptSourceError``)."""
    cap = limits.current().max_pdf_stream_bytes
    texts = [data, *scan.texts]
    names: dict[bytes, set[int]] = {}  # XObject name -> the objects it names anywhere
    for text in texts:
        for name, numbers in _mapping(text, texts).items():
            names.setdefault(name, set()).update(numbers)
    for text in texts:  # a page's content streams draw the names its dictionary maps
        for m in _CONTENTS.finditer(text):
            page = _mapping(_enclosing(text, m.start()), texts)
            for n in _REF.findall(m.group(1)):
                if page:
                    scan.local.setdefault(int(n), page)
    weight: dict[int, int] = {}
    on_stack: set[int] = set()

    def drawn(number: int) -> int:
        """Decoded bytes drawn when stream ``number`` is drawn once, forms expanded."""
        if number in weight:
            return weight[number]
        if number in on_stack:
            raise CorruptSourceError(
                "the PDF's form XObjects draw themselves, in a loop that never ends", path=path
            )
        on_stack.add(number)
        total = scan.size.get(number, 0)
        local = scan.local.get(number, {})
        for name, times in scan.draws.get(number, {}).items():
            # named by its own resources, a loop is a loop; named elsewhere, any object of
            # that name but one being drawn
            candidates = local[name] if name in local else names.get(name, set()) - on_stack
            total += times * max((drawn(n) for n in candidates), default=0)
            if total > cap:
                break
        on_stack.discard(number)
        weight[number] = total
        return total

    for number in scan.draws:
        if drawn(number) > cap:
            raise limits.refuse(
                "the drawing of a form XObject, forms within it expanded,", None,
                "max_pdf_stream_bytes", path=path,
            )  # fmt: skip
    for text in texts:
        for m in _CONTENTS.finditer(text):
            drawing = sum(drawn(int(n)) for n in _REF.findall(m.group(1)))
            if drawing > cap:
                raise limits.refuse(
                    "the drawing of one page (its content streams as listed, forms expanded)",
                    None, "max_pdf_stream_bytes", path=path,
                )  # fmt: skip


def _mapping(text: bytes, texts: list[bytes]) -> dict[bytes, set[int]]:
    """The XObject names ``text`` maps (inline ``/XObject << /X 6 0 R >>``, or through
    an indirect dictionary found in ``texts``)."""
    out: dict[bytes, set[int]] = {}
    for m in _XOBJECTS.finditer(text):
        body = m.group(1)
        if not body.startswith(b"<<"):
            ref = _REF.match(body)
            body = _object_text(texts, int(ref.group(1))) if ref and texts else b""
        for name, number in _NAMED_REF.findall(body):
            out.setdefault(name, set()).add(int(number))
    return out


def _enclosing(text: bytes, at: int) -> bytes:
    """The object around offset ``at``: from the ``obj`` before it to the ``endobj`` after."""
    start = text.rfind(b"obj", max(0, at - _MAX_DICT), at)
    end = text.find(b"endobj", at, at + _MAX_DICT)
    return text[max(start, 0) : end if end >= 0 else at + 4096]


def _object_text(texts: list[bytes], number: int) -> bytes:
    """The text of object ``number`` in the file (or an object stream), up to 4 KB."""
    pattern = re.compile(rb"(?<!\d)%d\s+\d+\s+obj\b" % number)
    for text in texts:
        m = pattern.search(text)
        if m is not None:
            return text[m.end() : m.end() + 4096]
    return b""


def _dictionary(data: bytes, end: int) -> bytes:
    """The stream's header and dictionary: from the ``N G obj`` before ``end`` (its
    ``>>``) up to it."""
    start = data.rfind(b"obj", max(0, end - _MAX_DICT), end)
    if start < 0:
        return data[max(0, end - 4096) : end]
    line = max(data.rfind(b"\n", 0, start), data.rfind(b"\r", 0, start), start - 32)
    return data[line + 1 : end]


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
