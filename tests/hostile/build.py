"""Hostile and broken inputs, built on demand: the battery of issue 11.

Every input is a function returning the file's bytes, or, for what is not a
regular file (a FIFO, a device, a directory, a symlink loop, an odd path), a
function making that path in a given directory. ``CASES`` is the one table:
name, one-line description, fast or slow, the kind of input and its builder.
*Fast* inputs build in well under a second, stay small on disk and must be
refused or read in seconds: CI runs them (``tests/test_hostile.py``). *Slow*
ones (hundreds of megabytes, thousands of pages) run in
``benchmarks/hostile.py``.

Bombs are built without doing the work they ask for: ``deflate_repeated``
compresses one chunk once and repeats the compressed block (each block ends in
a full flush, so it decodes the same wherever it stands), so a gigabyte of XML
costs a fraction of a second. PDFs are written by hand (``pdf``,
``pdf_xref_stream``), so their lies -- loops, counts, offsets -- are exactly
the ones asked for. DOCX packages start from a fixture and change one part.

``python -m tests.hostile.build DIR`` writes every input to DIR and lists them.
"""

from __future__ import annotations

import os
import random
import re
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Literal

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
DOCX_BASE = FIXTURES / "docx_2021_numbered_notes" / "source.docx"
HTML_BASE = FIXTURES / "html_2019_cms" / "source.html"
HTML_GBK = FIXTURES / "html_2021_word_gbk_undeclared" / "source.html"
TEXT_WRAPPED = FIXTURES / "generated" / "text_wrapped_2021" / "source.wrapped.txt"
TEXT_PIPED = FIXTURES / "real_longgang_2024" / "source.txt"
PDF_BASE = FIXTURES / "generated" / "pdf_2021_partial_frame" / "source.pdf"

MiB = 1 << 20
GiB = 1 << 30

Kind = Literal["pdf", "docx", "html", "text", "binary", "path"]
Cell = tuple[str, str, str]  # (table, row, column) as in Report.cells()
SUFFIX: dict[str, str] = {
    "pdf": ".pdf",
    "docx": ".docx",
    "html": ".html",
    "text": ".txt",
    "binary": ".bin",
}


@dataclass(frozen=True)
class Case:
    """One hostile input and what a correct outcome must also satisfy.

    ``baseline`` names the fixture the input was made from: if the input is read,
    every cell but ``changed`` must come out as the fixture's own record has it
    (a junk cell may not shift or blank its neighbours). ``expect="record"``
    says the input is a good report in disguise and must be read. ``forbidden``
    is text that must never reach a record (a file an external entity points at).
    """

    name: str
    description: str
    fast: bool
    kind: Kind
    build: Callable[[], bytes] | None = None
    make_path: Callable[[Path], Path] | None = None
    baseline: Path | None = None
    changed: Cell | None = None
    expect: Literal["any", "record"] = "any"
    forbidden: str | None = None

    @property
    def is_pdf(self) -> bool:
        return self.kind == "pdf"

    def materialize(self, directory: Path) -> Path:
        """The input as a path under ``directory`` (built once; later calls reuse it)."""
        if self.make_path is not None:
            return self.make_path(directory)
        assert self.build is not None
        path = directory / f"{self.name}{SUFFIX[self.kind]}"
        if not path.exists():
            tmp = path.with_name(path.name + ".part")
            tmp.write_bytes(self.build())
            tmp.replace(path)
        return path


# -- compression ------------------------------------------------------------------------


@dataclass(frozen=True)
class Deflated:
    """Raw deflate data with the size and checksums of what it inflates to."""

    data: bytes
    size: int
    crc32: int
    adler32: int

    def zlib(self) -> bytes:
        """The data as a zlib stream (a PDF's FlateDecode)."""
        return b"\x78\xda" + self.data + self.adler32.to_bytes(4, "big")


def deflate_repeated(chunk: bytes, times: int, *, head: bytes = b"", tail: bytes = b"") -> Deflated:
    """Deflate ``head + chunk * times + tail`` compressing ``chunk`` only once.

    A full flush after the head and after the chunk resets the compressor, so
    the chunk's compressed block is self-contained and can be repeated as is.
    """
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = comp.compress(head) + comp.flush(zlib.Z_FULL_FLUSH)
    block = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    last = comp.compress(tail) + comp.flush()
    crc, adler = zlib.crc32(head), zlib.adler32(head)
    for _ in range(times):  # ~0.3 s a gigabyte
        crc = zlib.crc32(chunk, crc)
        adler = zlib.adler32(chunk, adler)
    crc, adler = zlib.crc32(tail, crc), zlib.adler32(tail, adler)
    size = len(head) + len(chunk) * times + len(tail)
    return Deflated(first + block * times + last, size, crc, adler)


def repeat_to(pattern: bytes, size: int) -> bytes:
    """``pattern`` repeated to at most ``size`` bytes (whole copies only)."""
    return pattern * max(1, size // len(pattern))


def deflate(data: bytes) -> Deflated:
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    return Deflated(
        comp.compress(data) + comp.flush(), len(data), zlib.crc32(data), zlib.adler32(data)
    )


# -- zip --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    """A zip member as written: its stored bytes and what the headers say about them."""

    name: str
    stored: bytes
    size: int
    crc: int
    method: int = 8
    flags: int = 0
    declared_size: int | None = None  # a lie about the uncompressed size, if any

    @classmethod
    def of(cls, name: str, data: bytes | Deflated) -> Member:
        d = deflate(data) if isinstance(data, bytes) else data
        return cls(name, d.data, d.size, d.crc32)


def zip_file(members: Sequence[Member]) -> bytes:
    """A zip archive written by hand, so sizes, flags and methods can lie."""
    out = bytearray()
    central = bytearray()
    for m in members:
        name = m.name.encode("utf-8")
        size = m.size if m.declared_size is None else m.declared_size
        offset = len(out)
        fields = (m.flags, m.method, 0, 0x21, m.crc, len(m.stored), size, len(name))
        out += struct.pack("<4sH2H2H3I2H", b"PK\x03\x04", 20, *fields, 0) + name + m.stored
        central += struct.pack(
            "<4s2H2H2H3I5H2I", b"PK\x01\x02", 20, 20, *fields, 0, 0, 0, 0, 0, offset
        )
        central += name
    count = len(members)
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, count, count, len(central), len(out), 0)
    return bytes(out + central + end)


def _docx_members(base: Path = DOCX_BASE) -> dict[str, bytes]:
    with zipfile.ZipFile(base) as z:
        return {name: z.read(name) for name in z.namelist()}


def _docx(**parts: bytes | Deflated) -> bytes:
    """The fixture package with some parts replaced (keys: "document", "numbering", "styles")."""
    members: dict[str, bytes | Deflated] = dict(_docx_members())
    for key, data in parts.items():
        members[f"word/{key}.xml"] = data
    return zip_file([Member.of(name, data) for name, data in members.items()])


def _part(name: str, base: Path = DOCX_BASE) -> bytes:
    return _docx_members(base)[f"word/{name}.xml"]


def _sub(data: bytes, old: bytes, new: bytes, count: int = 0) -> bytes:
    """``data`` with ``old`` (a regex) replaced; the pattern must occur."""
    out, n = re.subn(old, new, data, count=count)
    assert n, f"pattern {old!r} not found"
    return out


def _body_split(document: bytes) -> tuple[bytes, bytes]:
    """The document part cut before ``</w:body>``: (everything before, the closing tags)."""
    cut = document.rindex(b"</w:body>")
    return document[:cut], document[cut:]


# -- DOCX cases -------------------------------------------------------------------------

_NUMBERING = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b'<w:abstractNum w:abstractNumId="7">%s</w:abstractNum>'
    b'<w:num w:numId="3"><w:abstractNumId w:val="7"/>%s</w:num></w:numbering>'
)


def _lvl(ilvl: str, start: str, fmt: str) -> bytes:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        '<w:lvlText w:val="%1、"/></w:lvl>'
    ).encode()


def numbering(levels: Sequence[tuple[str, str, str]], override: bytes = b"") -> bytes:
    """A numbering part for the fixture's list (numId 3): (ilvl, start, format) per level."""
    return _NUMBERING % (b"".join(_lvl(*lv) for lv in levels), override)


def docx_grid_before(value: str) -> bytes:
    """The first table row starts after ``value`` grid columns (w:gridBefore)."""
    doc = _sub(
        _part("document"), b"<w:trPr>", b'<w:trPr><w:gridBefore w:val="%s"/>' % value.encode(), 1
    )
    return _docx(document=doc)


def docx_grid_span(value: str) -> bytes:
    """Every merged cell spans ``value`` grid columns (w:gridSpan)."""
    doc = _sub(
        _part("document"),
        rb'<w:gridSpan w:val="\d+"/>',
        b'<w:gridSpan w:val="%s"/>' % value.encode(),
    )
    return _docx(document=doc)


def docx_ilvl(value: str, *, level_defined: bool) -> bytes:
    """Numbered headings at list level ``value``; the numbering defines that level or not."""
    doc = _sub(_part("document"), rb'<w:ilvl w:val="0"/>', b'<w:ilvl w:val="%s"/>' % value.encode())
    if not level_defined:
        return _docx(document=doc)
    num = numbering([("0", "1", "chineseCounting"), (value, "1", "decimal")])
    return _docx(document=doc, numbering=num)


def docx_numbering(start: str, fmt: str, *, ilvl: str = "0", override: str | None = None) -> bytes:
    """The headings' list starts at ``start`` in format ``fmt`` (or a startOverride does)."""
    over = b""
    if override is not None:
        over = b'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="%s"/></w:lvlOverride>' % (
            override.encode()
        )
    return _docx(numbering=numbering([(ilvl, start, fmt)], over))


def docx_styles_cycle() -> bytes:
    """Two paragraph styles based on each other, one numbered, used by a heading."""
    loop = (
        b'<w:style w:type="paragraph" w:styleId="LoopA"><w:name w:val="Loop A"/>'
        b'<w:basedOn w:val="LoopB"/></w:style>'
        b'<w:style w:type="paragraph" w:styleId="LoopB"><w:name w:val="Loop B"/>'
        b'<w:basedOn w:val="LoopA"/><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/>'
        b"</w:numPr></w:pPr></w:style></w:styles>"
    )
    styles = _sub(_part("styles"), b"</w:styles>", loop)
    doc = _sub(_part("document"), b"<w:p>", b'<w:p><w:pPr><w:pStyle w:val="LoopA"/></w:pPr>', 1)
    return _docx(document=doc, styles=styles)


_LAUGHS = b"".join(
    [b'<!ENTITY lol0 "lollollollollollollollollollol">']
    + [
        b'<!ENTITY lol%d "%s">' % (i, b"".join(b"&lol%d;" % (i - 1) for _ in range(10)))
        for i in range(1, 10)
    ]
)
_XXE = b'<!ENTITY xxe SYSTEM "file:///etc/passwd">'


def _with_doctype(xml: bytes, root: bytes, subset: bytes) -> bytes:
    head, sep, rest = xml.partition(b"?>")
    assert sep
    return head + sep + b"\n<!DOCTYPE %s [%s]>" % (root, subset) + rest


def docx_entities(subset: bytes, ref: bytes, part: str = "document") -> bytes:
    """An internal DTD subset in a part, and ``ref`` in the first run of text."""
    xml = _with_doctype(
        _part(part), b"w:document" if part == "document" else b"w:" + part.encode(), subset
    )
    if part == "document":
        xml = _sub(xml, b"<w:t>", b"<w:t>" + ref, 1)
    else:
        xml = _sub(xml, b'<w:lvlText w:val="%1', b'<w:lvlText w:val="' + ref + b"%1", 1)
    return _docx(**{part: xml})


def docx_deep(depth: int, opening: bytes, closing: bytes) -> bytes:
    """The body ends in ``depth`` nested elements (content controls, tables...)."""
    head, tail = _body_split(_part("document"))
    middle = opening * depth + b"<w:p><w:r><w:t>deep</w:t></w:r></w:p>" + closing * depth
    return _docx(document=head + middle + tail)


def docx_bomb(size: int) -> bytes:
    """The report followed by empty paragraphs up to ``size`` bytes of document.xml."""
    head, tail = _body_split(_part("document"))
    chunk = repeat_to(b"<w:p><w:r><w:t>0</w:t></w:r></w:p>", MiB)
    return _docx(document=deflate_repeated(chunk, size // len(chunk), head=head, tail=tail))


def docx_table_cells(rows: int, cols: int) -> bytes:
    """The report followed by a table of ``rows`` x ``cols`` cells holding numbers."""
    head, tail = _body_split(_part("document"))
    row = b"<w:tr>" + b"<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>" * cols + b"</w:tr>"
    per_chunk = max(1, MiB // len(row))
    tbl = deflate_repeated(
        row * per_chunk, rows // per_chunk, head=head + b"<w:tbl>", tail=b"</w:tbl>" + tail
    )
    return _docx(document=tbl)


def docx_many_members(count: int) -> bytes:
    """The package plus ``count`` empty members."""
    members = [Member.of(n, d) for n, d in _docx_members().items()]
    empty = Member.of("x", b"")
    members += [Member(f"m/{i}", empty.stored, 0, empty.crc) for i in range(count)]
    return zip_file(members)


def docx_members_total(count: int, each: int) -> bytes:
    """The package plus ``count`` members of ``each`` zero bytes (a bomb in many small parts)."""
    members = [Member.of(n, d) for n, d in _docx_members().items()]
    chunk = bytes(MiB)
    block = deflate_repeated(chunk, each // MiB)
    members += [
        Member(f"word/media/image{i}.bin", block.data, block.size, block.crc32)
        for i in range(count)
    ]
    return zip_file(members)


def docx_size_lie(*, real: int | None, declared: int) -> bytes:
    """document.xml declares ``declared`` bytes; it inflates to the report (+ ``real`` bytes)."""
    document = _part("document")
    if real is None:
        data = deflate(document)
    else:
        head, tail = _body_split(document)
        chunk = repeat_to(b"<w:p/>", MiB)
        data = deflate_repeated(chunk, real // MiB, head=head, tail=tail)
    members = []
    for name, part in _docx_members().items():
        if name == "word/document.xml":
            members.append(Member(name, data.data, data.size, data.crc32, declared_size=declared))
        else:
            members.append(Member.of(name, part))
    return zip_file(members)


def docx_member_header(*, flags: int = 0, method: int = 8) -> bytes:
    """document.xml with other general-purpose flags or compression method in its headers."""
    out = []
    for name, part in _docx_members().items():
        m = Member.of(name, part)
        if name == "word/document.xml":
            m = Member(m.name, m.stored, m.size, m.crc, method=method, flags=flags)
        out.append(m)
    return zip_file(out)


def zip_magic_junk() -> bytes:
    """A zip signature followed by junk."""
    return b"PK\x03\x04" + random.Random(3).randbytes(64 * 1024)


def ole_junk() -> bytes:
    """An OLE compound-file signature naming a WordDocument stream, then junk."""
    rnd = random.Random(4)
    return (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + rnd.randbytes(1024)
        + "WordDocument".encode("utf-16-le")
        + rnd.randbytes(16 * 1024)
    )


# -- HTML cases -------------------------------------------------------------------------


def _html(base: Path = HTML_BASE) -> bytes:
    return base.read_bytes()


def html_charset(charset: str) -> bytes:
    """The UTF-8 report page declaring ``charset``."""
    return _sub(_html(), b'charset="utf-8"', b'charset="%s"' % charset.encode(), 1)


def html_gbk_charset(charset: str) -> bytes:
    """The undeclared GBK report page with a meta tag declaring ``charset``."""
    return _sub(_html(HTML_GBK), b"<head>", b'<head><meta charset="%s">' % charset.encode(), 1)


def xhtml_encoding(encoding: str) -> bytes:
    """The report page behind an XML declaration naming ``encoding``."""
    return b'<?xml version="1.0" encoding="%s"?>\n' % encoding.encode() + _html()


def html_bom_invalid() -> bytes:
    """A UTF-8 byte-order mark, then bytes that are not UTF-8."""
    return b"\xef\xbb\xbf" + _sub(_html(), b"<td>", b"<td>\xff\xfe\xc0\xaf", 3)


def html_nul_bytes() -> bytes:
    """The report page with NUL bytes in its table cells (past the first 4 KB too)."""
    return _sub(_html(), b"<td>", b"<td>\x00")


def html_entities(subset: bytes, ref: bytes) -> bytes:
    """An internal DTD subset in the page's doctype, and ``ref`` in the first cell."""
    page = _sub(_html(), b"<!DOCTYPE html>", b"<!DOCTYPE html [%s]>" % subset, 1)
    return _sub(page, b"<td>", b"<td>" + ref, 1)


def html_deep(depth: int, opening: bytes, closing: bytes) -> bytes:
    """The report page with ``depth`` nested elements inside its body."""
    middle = opening * depth + b"deep" + closing * depth
    return _sub(_html(), b"</body>", middle + b"</body>", 1)


def html_table(rows: int, cols: int) -> bytes:
    """A page holding one table of ``rows`` x ``cols`` numeric cells."""
    row = b"<tr>" + b"".join(b"<td>%d</td>" % (c % 10) for c in range(cols)) + b"</tr>\n"
    return (
        b'<html><head><meta charset="utf-8"></head><body><table>\n'
        + row * rows
        + b"</table></body></html>\n"
    )


def html_spans(colspan: str, rowspan: str) -> bytes:
    """The report page whose plain cells all carry these colspan and rowspan values."""
    attrs = b'<td colspan="%s" rowspan="%s">' % (colspan.encode(), rowspan.encode())
    return _sub(_html(), b"<td>", attrs, 40)


def html_big(size: int) -> bytes:
    """A page of ``size`` bytes of paragraphs."""
    para = (
        "<p>本机关坚持以公开为常态、不公开为例外，全面推进决策、执行、管理、服务、结果公开。</p>\n"
    )
    return (
        b'<html><head><meta charset="utf-8"></head><body>\n'
        + repeat_to(para.encode(), size)
        + b"</body></html>\n"
    )


# -- text cases -------------------------------------------------------------------------

_WRAPPED_ROW = b"3605 886 235 0 0 0 4726"
_PIPED_ROW = b"| 58 | 7 | 0 |"
COMMERCIAL: Cell = ("applications", "received.new", "commercial")


def text_cell(token: str, *, piped: bool = False) -> bytes:
    """A text report whose 本年新收 row holds ``token`` where the second figure was."""
    if piped:
        return _sub(
            TEXT_PIPED.read_bytes(), re.escape(_PIPED_ROW), b"| 58 | %s | 0 |" % token.encode(), 1
        )
    return _sub(
        TEXT_WRAPPED.read_bytes(), _WRAPPED_ROW, b"3605 %s 235 0 0 0 4726" % token.encode(), 1
    )


def text_utf16_odd() -> bytes:
    """A UTF-16 byte-order mark and text, cut one byte into a character."""
    return b"\xff\xfe" + TEXT_WRAPPED.read_text("utf-8").encode("utf-16-le") + b"\x41"


def text_long_line(size: int) -> bytes:
    """One line of ``size`` bytes of tab-separated numbers."""
    return repeat_to(b"1\t", size) + b"\n"


def text_many_lines(count: int) -> bytes:
    """``count`` lines each holding one number."""
    return b"1\n" * count


def text_big(size: int) -> bytes:
    """``size`` bytes of report-like prose lines."""
    line = "本机关坚持以公开为常态、不公开为例外，全面推进决策、执行、管理、服务、结果公开。\n"
    return repeat_to(line.encode(), size)


def nul_bytes(size: int) -> bytes:
    return bytes(size)


def random_bytes(size: int) -> bytes:
    return random.Random(11).randbytes(size)


# -- PDF --------------------------------------------------------------------------------

_PDF_HEAD = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
TEXT = b"BT /F1 14 Tf 72 770 Td (Government information disclosure annual report) Tj ET\n"


def stream(data: bytes, entries: bytes = b"", *, flate: bool = False) -> bytes:
    """A stream object's body; with ``flate`` the data is compressed here."""
    if flate:
        data = zlib.compress(data, 9)
        entries += b" /Filter /FlateDecode"
    return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), entries, data)


def flate_stream(zdata: bytes, entries: bytes = b"") -> bytes:
    """A stream object's body around data already in zlib form."""
    return stream(zdata, entries + b" /Filter /FlateDecode")


def pdf(
    objects: Mapping[int, bytes],
    *,
    root: int = 1,
    trailer: Callable[[int], bytes] = lambda xref: b"",
    startxref: int | None = None,
) -> bytes:
    """A PDF with a classic xref table; ``objects`` maps object numbers to bodies.

    ``trailer`` adds entries to the trailer given the xref's offset (a /Prev
    loop); ``startxref`` replaces the true offset of the xref.
    """
    out = bytearray(_PDF_HEAD)
    offsets: dict[int, int] = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, objects[num])
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n" % size
    for num in range(size):
        out += b"%010d 00000 n \n" % offsets[num] if num in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\n" % (size, root, trailer(xref))
    out += b"startxref\n%d\n%%%%EOF\n" % (xref if startxref is None else startxref)
    return bytes(out)


def pdf_xref_stream(
    direct: Mapping[int, bytes], packed: Mapping[int, tuple[int, int]], *, root: int = 1
) -> bytes:
    """A PDF 1.5 with a cross-reference stream.

    ``direct`` objects are written in the body; ``packed`` maps object numbers
    to (object stream, index) as the xref stream declares them, true or not
    (a packed entry wins over a direct one).
    """
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for num in sorted(direct):
        offsets[num] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, direct[num])
    xnum = max([*direct, *packed]) + 1
    offsets[xnum] = len(out)
    rows = bytearray()
    for num in range(xnum + 1):
        if num in packed:
            rows += struct.pack(">BIH", 2, *packed[num])
        elif num in offsets:
            rows += struct.pack(">BIH", 1, offsets[num], 0)
        else:
            rows += struct.pack(">BIH", 0, 0, 0xFFFF)
    entries = b"/Type /XRef /Size %d /W [1 4 2] /Root %d 0 R" % (xnum + 1, root)
    out += b"%d 0 obj\n%s\nendobj\n" % (xnum, stream(bytes(rows), entries, flate=True))
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[xnum]
    return bytes(out)


def objstm_index(objects: Sequence[tuple[int, bytes]]) -> tuple[bytes, bytes]:
    """An object stream's (header, body) for ``objects`` (number, text) in order."""
    offsets, body = [], bytearray()
    for num, text in objects:
        offsets.append(b"%d %d" % (num, len(body)))
        body += text + b"\n"
    return b" ".join(offsets) + b"\n", bytes(body)


def objstm(objects: Sequence[tuple[int, bytes]]) -> bytes:
    """An object stream holding ``objects``."""
    header, body = objstm_index(objects)
    entries = b"/Type /ObjStm /N %d /First %d" % (len(objects), len(header))
    return stream(header + body, entries, flate=True)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"


def page(resources: bytes = b"", contents: bytes = b"5 0 R", extra: bytes = b"") -> bytes:
    return (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> %s >> /Contents %s %s>>"
        % (resources, contents, extra)
    )


def one_page(
    content: bytes,
    *,
    resources: bytes = b"",
    pages: bytes = PAGES,
    extra: Mapping[int, bytes] | None = None,
    page_extra: bytes = b"",
    **kwargs: object,
) -> bytes:
    """A one-page PDF: catalog 1, pages 2, page 3, font 4, content 5 (a stream body), then ``extra``."""
    objects = {1: CATALOG, 2: pages, 3: page(resources, extra=page_extra), 4: FONT, 5: content}
    objects.update(extra or {})
    return pdf(objects, **kwargs)  # type: ignore[arg-type]


def pdf_content_bomb(pattern: bytes, size: int) -> bytes:
    """One page whose content stream inflates to ``size`` bytes of ``pattern`` repeated."""
    chunk = repeat_to(pattern, MiB)
    d = deflate_repeated(chunk, max(1, size // len(chunk)), head=TEXT)
    return one_page(flate_stream(d.zlib()))


def _rules_chunk() -> bytes:
    """About a megabyte of ruling lines: a grid of 600 distinct rules (12 KB, so
    it repeats within deflate's window and compresses ~500:1) over and over."""
    lines = []
    for i in range(300):
        y = 40 + i * 2.5
        lines.append(b"72 %.1f m 540 %.1f l S\n" % (y, y))
        x = 72 + i * 1.5
        lines.append(b"%.1f 40 m %.1f 800 l S\n" % (x, x))
    return repeat_to(b"".join(lines), MiB)


def pdf_rules(size: int) -> bytes:
    """One page whose content inflates to ``size`` bytes of horizontal and vertical rules."""
    chunk = _rules_chunk()
    d = deflate_repeated(chunk, max(1, size // len(chunk)), head=TEXT + b"0.5 w\n")
    return one_page(flate_stream(d.zlib()))


def pdf_text_ops(size: int) -> bytes:
    """One page whose content inflates to ``size`` bytes of text-showing operators."""
    parts = [
        b"BT /F1 9 Tf 1 0 0 1 %d %d Tm (%d) Tj ET\n" % (40 + (i * 37) % 500, 40 + (i * 13) % 760, i)
        for i in range(500)
    ]
    chunk = repeat_to(b"".join(parts), MiB)
    d = deflate_repeated(chunk, max(1, size // len(chunk)), head=TEXT)
    return one_page(flate_stream(d.zlib()))


def pdf_text() -> bytes:
    """The plain one-page document the structural cases start from."""
    return one_page(stream(TEXT))


def pdf_pages_tree(pages: bytes, extra: Mapping[int, bytes] | None = None) -> bytes:
    """A one-page document whose page tree root is ``pages``."""
    return one_page(stream(TEXT), pages=pages, extra=extra)


def pdf_xref_prev_loop() -> bytes:
    """The trailer's /Prev points back at its own xref table."""
    return one_page(stream(TEXT), trailer=lambda xref: b"/Prev %d " % xref)


def pdf_startxref(offset: int) -> bytes:
    """startxref names an offset far past the end of the file."""
    return one_page(stream(TEXT), startxref=offset)


def pdf_objstm_loop(*, cycle: bool) -> bytes:
    """Catalog, pages and page live in object stream 6; the xref says 6 is inside 6
    (or inside 7, which it says is inside 6)."""
    stm = objstm([(1, CATALOG), (2, PAGES), (3, page())])
    direct = {4: FONT, 5: stream(TEXT), 6: stm}
    packed = {1: (6, 0), 2: (6, 1), 3: (6, 2)}
    if cycle:
        direct[7] = objstm([(8, b"<< >>")])
        packed.update({6: (7, 0), 7: (6, 3)})
    else:
        packed[6] = (6, 3)
    return pdf_xref_stream(direct, packed)


def pdf_objstm_bomb(size: int) -> bytes:
    """An object stream holding the catalog, pages and page, then ``size`` bytes of numbers."""
    header, body = objstm_index([(1, CATALOG), (2, PAGES), (3, page())])
    chunk = repeat_to(b"0 ", MiB)
    d = deflate_repeated(chunk, size // len(chunk), head=header + body)
    entries = b"/Type /ObjStm /N 3 /First %d" % len(header)
    direct = {4: FONT, 5: stream(TEXT), 6: flate_stream(d.zlib(), entries)}
    return pdf_xref_stream(direct, {1: (6, 0), 2: (6, 1), 3: (6, 2)})


def pdf_kids_repeated(count: int) -> bytes:
    """A page tree whose /Kids names the same page ``count`` times (packed, so the file is small)."""
    catalog = CATALOG + b"\n"
    ref = b"3 0 R "
    per_chunk = 50_000
    times = max(1, count // per_chunk)
    pages_head = b"<< /Type /Pages /Count %d /Kids [" % (per_chunk * times)
    kids_len = len(ref) * per_chunk * times
    pages_tail = b"] >>\n"
    page_text = page() + b"\n"
    off2 = len(catalog)
    off3 = off2 + len(pages_head) + kids_len + len(pages_tail)
    header = b"1 0 2 %d 3 %d\n" % (off2, off3)
    d = deflate_repeated(
        ref * per_chunk,
        times,
        head=header + catalog + pages_head,
        tail=pages_tail + page_text,
    )
    entries = b"/Type /ObjStm /N 3 /First %d" % len(header)
    direct = {4: FONT, 5: stream(TEXT), 6: flate_stream(d.zlib(), entries)}
    return pdf_xref_stream(direct, {1: (6, 0), 2: (6, 1), 3: (6, 2)})


def pdf_contents_repeated(count: int) -> bytes:
    """A page whose /Contents array lists the same ruled content stream ``count`` times."""
    contents = b"[" + b"5 0 R " * count + b"]"
    objects = {
        1: CATALOG,
        2: PAGES,
        3: page(contents=contents),
        4: FONT,
        5: stream(_rules_chunk()[: 16 * 1024].rpartition(b"\n")[0] + b"\n", flate=True),
    }
    return pdf(objects)


_FORM = b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << %s >> >>"


def pdf_form_loop(*, cycle: bool) -> bytes:
    """The page draws form 6, which draws itself (or form 7, which draws 6)."""
    draw = b"0 0 m 100 0 l S /X Do\n"
    if cycle:
        extra = {
            6: stream(draw, _FORM % b"/X 7 0 R"),
            7: stream(draw, _FORM % b"/X 6 0 R"),
        }
    else:
        extra = {6: stream(draw, _FORM % b"/X 6 0 R")}
    return one_page(stream(TEXT + b"/X Do\n"), resources=b"/XObject << /X 6 0 R >>", extra=extra)


def pdf_form_fanout(levels: int) -> bytes:
    """Forms nested ``levels`` deep, each drawing the next twice: 2**levels rules drawn."""
    first = 6
    extra = {}
    for i in range(levels):
        num = first + i
        if i == levels - 1:
            extra[num] = stream(b"72 100 m 540 100 l S\n", _FORM % b"")
        else:
            extra[num] = stream(b"/X Do /X Do\n", _FORM % (b"/X %d 0 R" % (num + 1)))
    return one_page(
        stream(TEXT + b"/X Do\n"), resources=b"/XObject << /X %d 0 R >>" % first, extra=extra
    )


def pdf_deep_array(depth: int) -> bytes:
    """A page dictionary holding an array nested ``depth`` deep."""
    return one_page(stream(TEXT), page_extra=b"/Junk " + b"[" * depth + b"]" * depth + b" ")


def pdf_long_number(digits: int) -> bytes:
    """A content stream with a ``digits``-digit coordinate."""
    return one_page(stream(TEXT + b"9" * digits + b" 100 m 540 100 l S\n"))


def pdf_image_huge() -> bytes:
    """A page drawing an image that claims to be a million pixels square."""
    image = stream(
        bytes(64),
        b"/Type /XObject /Subtype /Image /Width 1000000 /Height 1000000 "
        b"/ColorSpace /DeviceGray /BitsPerComponent 8",
        flate=True,
    )
    return one_page(
        stream(TEXT + b"q 500 0 0 700 50 50 cm /Im Do Q\n"),
        resources=b"/XObject << /Im 6 0 R >>",
        extra={6: image},
    )


def pdf_mediabox_huge() -> bytes:
    """A page 10**30 points square with text at its far corner."""
    big = b"1" + b"0" * 30
    content = b"BT /F1 12 Tf %s %s Td (far) Tj ET\n" % (big, big) + TEXT
    return one_page(stream(content), page_extra=b"/MediaBox [0 0 %s %s] " % (big, big))


def pdf_truncated() -> bytes:
    data = PDF_BASE.read_bytes()
    return data[: len(data) // 2]


def pdf_pages(count: int) -> bytes:
    """``count`` pages of one line of text each."""
    objects: dict[int, bytes] = {1: CATALOG, 4: FONT}
    kids = []
    for i in range(count):
        num = 10 + 2 * i
        kids.append(b"%d 0 R" % num)
        objects[num] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents %d 0 R >>" % (num + 1)
        )
        objects[num + 1] = stream(
            b"BT /F1 12 Tf 72 770 Td (Annex page %d of a long report) Tj ET" % i
        )
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), count)
    return pdf(objects)


# -- paths ------------------------------------------------------------------------------


def fifo(directory: Path) -> Path:
    path = directory / "fifo.pdf"
    if not path.exists():
        os.mkfifo(path)
    return path


def device(name: str, directory: Path) -> Path:
    return Path("/dev") / name


def a_directory(directory: Path) -> Path:
    path = directory / "a_directory.pdf"
    path.mkdir(exist_ok=True)
    return path


def symlink_loop(directory: Path) -> Path:
    a, b = directory / "loop_a.pdf", directory / "loop_b.pdf"
    if not a.is_symlink():
        a.symlink_to(b)
        b.symlink_to(a)
    return a


def symlink_dangling(directory: Path) -> Path:
    path = directory / "dangling.pdf"
    if not path.is_symlink():
        path.symlink_to(directory / "no_such_target.pdf")
    return path


def newline_name(directory: Path) -> Path:
    """A good text report whose file name holds a newline."""
    path = directory / "report\n2021.txt"
    path.write_bytes(TEXT_WRAPPED.read_bytes())
    return path


def long_path(directory: Path) -> Path:
    """A good text report at a path over 1,100 characters long (each name under 255)."""
    deep = directory.joinpath(*(["d" * 200] * 6))
    deep.mkdir(parents=True, exist_ok=True)
    path = deep / "report.txt"
    path.write_bytes(TEXT_WRAPPED.read_bytes())
    return path


# -- the table --------------------------------------------------------------------------

FAST, SLOW = True, False


def _c(
    name: str, description: str, fast: bool, kind: Kind, fn: Callable[..., object], **kw: object
) -> Case:
    if kind == "path":
        return Case(name, description, fast, kind, make_path=fn, **kw)  # type: ignore[arg-type]
    return Case(name, description, fast, kind, build=fn, **kw)  # type: ignore[arg-type]


# fmt: off
_DOCX_NUMBERING = [
    ("docx_numbering_start_1e18_roman", "list numbering starting at 10**18 in upper roman", "1" + "0" * 18, "upperRoman"),
    ("docx_numbering_start_1e18_lower_roman", "list numbering starting at 10**18 in lower roman", "1" + "0" * 18, "lowerRoman"),
    ("docx_numbering_start_1e13_letters", "list numbering starting at 10**13 in lower letters", "1" + "0" * 13, "lowerLetter"),
    ("docx_numbering_start_1e100_decimal", "list numbering starting at 10**100 in decimal", "1" + "0" * 100, "decimal"),
    ("docx_numbering_start_5000_digits", "list numbering starting at a 5,000-digit number", "9" * 5000, "decimal"),
    ("docx_numbering_start_1e18_chinese", "list numbering starting at 10**18 in Chinese counting", "1" + "0" * 18, "chineseCounting"),
    ("docx_numbering_start_negative", "list numbering starting at -5 in upper letters", "-5", "upperLetter"),
    ("docx_numbering_start_junk", "list numbering starting at 'abc'", "abc", "decimal"),
]

CASES: tuple[Case, ...] = (
    # DOCX: tables and numbering
    _c("docx_grid_before_1e9", "a table row starting after 10**9 grid columns (w:gridBefore)", FAST, "docx", partial(docx_grid_before, "1000000000")),
    _c("docx_grid_before_junk", "w:gridBefore = 'x'", FAST, "docx", partial(docx_grid_before, "x")),
    _c("docx_grid_span_abc", "w:gridSpan = 'abc'", FAST, "docx", partial(docx_grid_span, "abc")),
    _c("docx_grid_span_1_5", "w:gridSpan = '1.5'", FAST, "docx", partial(docx_grid_span, "1.5")),
    _c("docx_grid_span_negative", "w:gridSpan = '-3'", FAST, "docx", partial(docx_grid_span, "-3")),
    _c("docx_grid_span_1e9", "w:gridSpan = 10**9", FAST, "docx", partial(docx_grid_span, "1000000000")),
    _c("docx_ilvl_abc", "numbered headings at w:ilvl 'abc'", FAST, "docx", partial(docx_ilvl, "abc", level_defined=False)),
    _c("docx_ilvl_1_5", "numbered headings at w:ilvl '1.5'", FAST, "docx", partial(docx_ilvl, "1.5", level_defined=False)),
    _c("docx_ilvl_12", "numbered headings at list level 12, which the numbering defines", FAST, "docx", partial(docx_ilvl, "12", level_defined=True)),
    _c("docx_ilvl_negative", "numbered headings at list level -1, which the numbering defines", FAST, "docx", partial(docx_ilvl, "-1", level_defined=True)),
    _c("docx_numbering_lvl_ilvl_abc", "numbering.xml defines a level w:ilvl='abc'", FAST, "docx", partial(docx_numbering, "1", "decimal", ilvl="abc")),
    *(
        _c(name, desc, FAST, "docx", partial(docx_numbering, start, fmt))
        for name, desc, start, fmt in _DOCX_NUMBERING
    ),
    _c("docx_start_override_1e18_roman", "a w:startOverride of 10**18 on an upper-roman list", FAST, "docx", partial(docx_numbering, "1", "upperRoman", override="1" + "0" * 18)),
    _c("docx_styles_based_on_cycle", "two numbered paragraph styles based on each other", FAST, "docx", docx_styles_cycle),
    # DOCX: XML
    _c("docx_billion_laughs", "document.xml expanding nested entities to 3 GB (billion laughs)", FAST, "docx", partial(docx_entities, _LAUGHS, b"&lol9;")),
    _c("docx_xxe", "document.xml with an external entity reading /etc/passwd", FAST, "docx", partial(docx_entities, _XXE, b"&xxe;"), forbidden="root:"),
    _c("docx_xxe_numbering", "numbering.xml with an external entity reading /etc/passwd", FAST, "docx", partial(docx_entities, _XXE, b"&xxe;", "numbering"), forbidden="root:"),
    _c("docx_deep_sdt_100k", "content controls nested 100,000 deep", FAST, "docx", partial(docx_deep, 100_000, b"<w:sdt><w:sdtContent>", b"</w:sdtContent></w:sdt>")),
    _c("docx_deep_tables_10k", "tables nested 10,000 deep", FAST, "docx", partial(docx_deep, 10_000, b"<w:tbl><w:tr><w:tc>", b"<w:p/></w:tc></w:tr></w:tbl>")),
    _c("docx_table_1m_cells", "a table of 10,000 x 100 cells after the report", FAST, "docx", partial(docx_table_cells, 10_000, 100)),
    # DOCX: zip
    _c("docx_zip_bomb_64mb", "document.xml inflating to 64 MB of paragraphs (ratio ~500)", FAST, "docx", partial(docx_bomb, 64 * MiB)),
    _c("docx_zip_bomb_1gb", "document.xml inflating to 1 GB of paragraphs (a 2 MB file)", SLOW, "docx", partial(docx_bomb, GiB)),
    _c("docx_members_65k", "a package of 65,000 members", FAST, "docx", partial(docx_many_members, 65_000)),
    _c("docx_members_1gb_total", "1,024 extra members of 1 MB of zeros each (1 GB in all)", FAST, "docx", partial(docx_members_total, 1024, MiB)),
    _c("docx_size_lie_small", "document.xml declared as 250 KB, inflating to 64 MB", FAST, "docx", partial(docx_size_lie, real=64 * MiB, declared=250_000)),
    _c("docx_size_lie_huge", "document.xml declared as 4 GB, inflating to 250 KB", FAST, "docx", partial(docx_size_lie, real=None, declared=0xFFFFFFF0)),
    _c("docx_member_encrypted", "document.xml flagged as encrypted in its zip headers", FAST, "docx", partial(docx_member_header, flags=1)),
    _c("docx_member_method_99", "document.xml compressed with method 99 (AES)", FAST, "docx", partial(docx_member_header, method=99)),
    _c("zip_magic_junk", "a zip signature followed by 64 KB of junk", FAST, "docx", zip_magic_junk),
    _c("ole_junk", "an OLE (.doc) signature naming WordDocument, then junk", FAST, "docx", ole_junk),
    # HTML
    *(
        _c(f"html_charset_{cs.replace('-', '_')}", f"a UTF-8 report page declaring charset={cs}", FAST, "html", partial(html_charset, cs))
        for cs in ("undefined", "utf-32", "utf-16", "base64", "rot13", "zlib", "idna")
    ),
    _c("html_gbk_charset_undefined", "a GBK report page declaring charset=undefined", FAST, "html", partial(html_gbk_charset, "undefined")),
    _c("xhtml_encoding_undefined", "the report page behind <?xml encoding=\"undefined\"?>", FAST, "html", partial(xhtml_encoding, "undefined")),
    _c("html_bom_invalid_utf8", "a UTF-8 BOM, then bytes that are not UTF-8", FAST, "html", html_bom_invalid),
    _c("html_nul_bytes", "the report page with NUL bytes in its cells", FAST, "html", html_nul_bytes),
    _c("html_billion_laughs", "nested entities in the page's doctype (billion laughs)", FAST, "html", partial(html_entities, _LAUGHS, b"&lol9;")),
    _c("html_xxe", "an external entity reading /etc/passwd in the page's doctype", FAST, "html", partial(html_entities, _XXE, b"&xxe;"), forbidden="root:"),
    _c("html_deep_div_100k", "divs nested 100,000 deep", FAST, "html", partial(html_deep, 100_000, b"<div>", b"</div>")),
    _c("html_deep_span_100k", "inline spans nested 100,000 deep", FAST, "html", partial(html_deep, 100_000, b"<span>", b"</span>")),
    _c("html_deep_tables_10k", "tables nested 10,000 deep", FAST, "html", partial(html_deep, 10_000, b"<table><tr><td>", b"</td></tr></table>")),
    _c("html_table_10k_x_100", "one table of 10,000 x 100 cells", FAST, "html", partial(html_table, 10_000, 100)),
    _c("html_spans_1e9", "cells with colspan and rowspan of 10**9", FAST, "html", partial(html_spans, "1000000000", "1000000000")),
    _c("html_spans_junk", "cells with colspan='abc' and rowspan='1e9'", FAST, "html", partial(html_spans, "abc", "1e9")),
    _c("html_50mb", "a 50 MB page of paragraphs", SLOW, "html", partial(html_big, 50 * MiB)),
    # text
    _c("text_5000_digit_number", "a 5,000-digit figure in a wrapped text report's row", FAST, "text", partial(text_cell, "9" * 5000), baseline=TEXT_WRAPPED, changed=COMMERCIAL),
    _c("text_5000_digit_number_piped", "a 5,000-digit figure in a piped text report's row", FAST, "text", partial(text_cell, "9" * 5000, piped=True), baseline=TEXT_PIPED, changed=COMMERCIAL),
    *(
        _c(f"text_cell_{slug}", f"a text report's row holding {token!r} for a figure", FAST, "text", partial(text_cell, token), baseline=TEXT_WRAPPED, changed=COMMERCIAL)
        for slug, token in (("nan", "NaN"), ("1e5", "1e5"), ("abc", "abc"), ("tilde", "~"))
    ),
    _c("text_cell_question_piped", "a piped text report's row holding '？' for a figure", FAST, "text", partial(text_cell, "？", piped=True), baseline=TEXT_PIPED, changed=COMMERCIAL),
    _c("text_utf16_odd_length", "UTF-16 text with a BOM, cut one byte into a character", FAST, "text", text_utf16_odd),
    _c("text_long_line_10mb", "one 10 MB line of tab-separated numbers", FAST, "text", partial(text_long_line, 10 * MiB)),
    _c("text_2m_lines", "two million lines of one number each", FAST, "text", partial(text_many_lines, 2_000_000)),
    _c("text_200mb", "200 MB of report-like prose", SLOW, "text", partial(text_big, 200 * MiB)),
    _c("nul_bytes_1mb", "a file of 1 MB of NUL bytes", FAST, "binary", partial(nul_bytes, MiB)),
    _c("random_bytes_1mb", "1 MB of (seeded) random bytes", FAST, "binary", partial(random_bytes, MiB)),
    # PDF
    _c("pdf_flate_bomb_128mb", "a content stream inflating to 128 MB of diagonal lines", FAST, "pdf", partial(pdf_content_bomb, b"0 0 m 1 1 l S\n", 128 * MiB)),
    _c("pdf_rules_64mb", "a content stream inflating to 64 MB of ruling lines", FAST, "pdf", partial(pdf_rules, 64 * MiB)),
    _c("pdf_rules_16mb", "a small PDF holding 16 MB of ruling lines", FAST, "pdf", partial(pdf_rules, 16 * MiB)),
    _c("pdf_text_ops_16mb", "a small PDF holding 16 MB of text-showing operators", FAST, "pdf", partial(pdf_text_ops, 16 * MiB)),
    _c("pdf_contents_50k", "a page listing one 16 KB ruled content stream 50,000 times", FAST, "pdf", partial(pdf_contents_repeated, 50_000)),
    _c("pdf_objstm_bomb_128mb", "an object stream inflating to 128 MB", FAST, "pdf", partial(pdf_objstm_bomb, 128 * MiB)),
    _c("pdf_objstm_self", "an object stream the xref says lies inside itself", FAST, "pdf", partial(pdf_objstm_loop, cycle=False)),
    _c("pdf_objstm_cycle", "two object streams each said to lie inside the other", FAST, "pdf", partial(pdf_objstm_loop, cycle=True)),
    _c("pdf_xref_prev_loop", "a trailer whose /Prev points at its own xref", FAST, "pdf", pdf_xref_prev_loop),
    _c("pdf_startxref_far", "startxref pointing 10**11 bytes past the end", FAST, "pdf", partial(pdf_startxref, 10**11)),
    _c("pdf_page_tree_self", "a page-tree node whose /Kids holds itself", FAST, "pdf", partial(pdf_pages_tree, b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>")),
    _c("pdf_page_tree_cycle", "two page-tree nodes each the other's kid", FAST, "pdf", partial(pdf_pages_tree, b"<< /Type /Pages /Kids [6 0 R] /Count 1 >>", {6: b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 1 >>"})),
    _c("pdf_count_huge", "a one-page document whose /Count is 2**31 - 1", FAST, "pdf", partial(pdf_pages_tree, b"<< /Type /Pages /Kids [3 0 R] /Count 2147483647 >>")),
    _c("pdf_count_negative", "a one-page document whose /Count is -1", FAST, "pdf", partial(pdf_pages_tree, b"<< /Type /Pages /Kids [3 0 R] /Count -1 >>")),
    _c("pdf_kids_1m", "/Kids naming one page 1,000,000 times (a 10 KB file)", FAST, "pdf", partial(pdf_kids_repeated, 1_000_000)),
    _c("pdf_form_self", "a form XObject that draws itself", FAST, "pdf", partial(pdf_form_loop, cycle=False)),
    _c("pdf_form_cycle", "two form XObjects drawing each other", FAST, "pdf", partial(pdf_form_loop, cycle=True)),
    _c("pdf_form_fanout_2e30", "forms nested 30 deep, each drawing the next twice (2**30 rules)", FAST, "pdf", partial(pdf_form_fanout, 30)),
    _c("pdf_deep_array_100k", "a page dictionary holding an array nested 100,000 deep", FAST, "pdf", partial(pdf_deep_array, 100_000)),
    _c("pdf_5000_digit_number", "a content stream with a 5,000-digit coordinate", FAST, "pdf", partial(pdf_long_number, 5000)),
    _c("pdf_image_1m_square", "an image claiming to be 10**6 x 10**6 pixels", FAST, "pdf", pdf_image_huge),
    _c("pdf_mediabox_1e30", "a page 10**30 points square", FAST, "pdf", pdf_mediabox_huge),
    _c("pdf_truncated", "a generated report PDF cut in half", FAST, "pdf", pdf_truncated),
    _c("pdf_header_only", "nothing but %PDF-1.7", FAST, "pdf", lambda: b"%PDF-1.7\n"),
    _c("pdf_header_then_zeros", "%PDF-1.7 and 1 MB of NUL bytes", FAST, "pdf", lambda: b"%PDF-1.7\n" + bytes(MiB)),
    _c("pdf_pages_5000", "5,000 pages of one line of text", SLOW, "pdf", partial(pdf_pages, 5000)),
    # paths that are not regular files, or are named oddly
    _c("fifo", "a FIFO with no writer", FAST, "path", fifo),
    _c("dev_zero", "/dev/zero", FAST, "path", partial(device, "zero")),
    _c("dev_urandom", "/dev/urandom", FAST, "path", partial(device, "urandom")),
    _c("dev_null", "/dev/null", FAST, "path", partial(device, "null")),
    _c("directory", "a directory named like a PDF", FAST, "path", a_directory),
    _c("symlink_loop", "two symlinks pointing at each other", FAST, "path", symlink_loop),
    _c("symlink_dangling", "a symlink to nothing", FAST, "path", symlink_dangling),
    _c("path_with_newline", "a good text report whose file name holds a newline", FAST, "path", newline_name, baseline=TEXT_WRAPPED, expect="record"),
    _c("path_over_1024_chars", "a good text report at a path over 1,100 characters long", FAST, "path", long_path, baseline=TEXT_WRAPPED, expect="record"),
)

# fmt: on

BY_NAME: dict[str, Case] = {c.name: c for c in CASES}
assert len(BY_NAME) == len(CASES), "case names must be unique"


def main(argv: Sequence[str] | None = None) -> int:
    """Write every input (or those named) to a directory and list them."""
    import time

    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print("usage: python -m tests.hostile.build DIR [NAME...]", file=sys.stderr)
        return 2
    directory = Path(args[0])
    directory.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        if args[1:] and case.name not in args[1:]:
            continue
        t0 = time.perf_counter()
        path = case.materialize(directory)
        size = path.stat().st_size if path.is_file() and not path.is_symlink() else 0
        speed = "fast" if case.fast else "slow"
        print(
            f"{case.name:36} {speed} {time.perf_counter() - t0:6.2f}s {size / MiB:8.2f} MiB  {case.description}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["BY_NAME", "CASES", "Case", "deflate_repeated"]
