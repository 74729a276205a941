"""Web pages: bytes -> decoded text -> paragraphs and table grids (lxml.html).

Portal pages are taken as they are. Decoding: a byte-order mark, else the
declared charset (``<meta charset>`` / ``http-equiv``, found by parsing the
page's head) when the bytes bear it out, else UTF-8, else GB18030 (a superset
of GBK and GB2312) — so a GBK page declaring UTF-8, or nothing, still reads.

The tree is walked in reading order. Scripts, styles, navigation, asides,
footers, forms, buttons and hidden elements are skipped. Tables holding
other tables are layout and are read through; every other table becomes a
``Grid`` with ``rowspan``/``colspan`` expanded. A cell's text is its inline
pieces joined as they are (Word's "save as web page" splits ``22`` over
``<span>``s), with a line break between paragraphs and at ``<br>``;
``&nbsp;`` and ``<o:p>`` come out as white space.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import Any

from attrs import frozen

from gxparse.errors import BinarySourceError, CorruptSourceError, EmptySourceError
from gxparse.sources.base import Document, decode_bom
from gxparse.sources.grid import MAX_SPAN, Block, CellBudget, GridBuilder, Paragraph

_SKIP = frozenset(
    ("script", "style", "noscript", "template", "nav", "aside", "footer", "form", "button",
     "select", "option", "textarea", "input", "iframe", "frame", "frameset", "object", "embed",
     "svg", "canvas", "audio", "video", "map", "area", "head")
)  # fmt: skip
_BLOCK = frozenset(
    ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
     "section", "article", "main", "header", "blockquote", "pre", "center", "address", "figure",
     "figcaption", "hr", "body", "html", "fieldset", "legend", "tr", "td", "th", "tbody",
     "thead", "tfoot", "caption", "table")
)  # fmt: skip
_SINGLE_BYTE = frozenset(
    codecs.lookup(name).name
    for name in ("ascii", "latin-1", "cp1252", "cp1250", "cp437", "mac-roman", "koi8-r")
)
_GB = frozenset(codecs.lookup(name).name for name in ("gb2312", "gbk", "gb18030", "hz"))


@frozen
class HtmlDocument(Document):
    """A web page: its decoded text, the encoding used, its <title> and its blocks."""

    text: str
    encoding: str
    title: str | None
    blocks: tuple[Block, ...]


# -- decoding ---------------------------------------------------------------------------


def _codec(name: str | None) -> str | None:
    """Python's codec name for a declared charset (GBK family -> gb18030), or None."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'").lower()).name
    except LookupError:
        return None
    return "gb18030" if codec in _GB else codec


def declared_charset(data: bytes) -> str | None:
    """The charset the page declares in its head (``<meta>`` or the XML declaration)."""
    import lxml.html

    head = data[:65536].decode("latin-1")
    if head.startswith("<?xml"):
        decl, _, _ = head.partition("?>")
        for part in decl.replace("'", '"').split():
            if part.lower().startswith("encoding="):
                return part.split("=", 1)[1].strip('"')
    try:
        root = lxml.html.document_fromstring(_strip_xml_decl(head))
    except Exception:  # an unparsable head declares nothing; decoding goes on by content
        return None
    for meta in root.iter("meta"):
        charset = meta.get("charset")
        if charset:
            return str(charset)
        if (meta.get("http-equiv") or "").lower() == "content-type":
            for part in (meta.get("content") or "").split(";"):
                key, _, value = part.strip().partition("=")
                if key.lower() == "charset" and value:
                    return value
    return None


def decode(data: bytes, *, path: str | None = None) -> tuple[str, str]:
    """The page's text and the encoding that produced it."""
    marked = decode_bom(data, path=path)
    if marked is not None:
        return marked
    if b"\x00" in data[:4096]:
        raise BinarySourceError(path=path)
    high = any(b >= 0x80 for b in data)
    utf8: str | None
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = None
    declared = _codec(declared_charset(data))
    # Trust a declaration the bytes bear out: it decodes strictly, a single-byte
    # charset is not claimed for a page of Chinese, and valid UTF-8 with non-ASCII
    # text (which GBK text practically never is) is not overruled.
    single_byte = declared in _SINGLE_BYTE or (declared or "").startswith("iso8859")
    plausible = not high or (not single_byte and utf8 is None)
    if declared is not None and declared != "utf-8" and plausible:
        try:  # UnicodeError: a codec that decodes nothing ("undefined")
            return data.decode(declared), declared
        except (UnicodeError, LookupError):
            pass
    if utf8 is not None:
        return utf8, "utf-8"
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    if text.count("\ufffd") > len(text) / 20:
        raise BinarySourceError("the page's bytes are in no encoding gxparse knows", path=path)
    return text, "utf-8"


def _strip_xml_decl(text: str) -> str:
    stripped = text.lstrip()
    if stripped.startswith("<?xml"):
        return stripped.partition("?>")[2]
    return text


# -- walking ------------------------------------------------------------------------------


def _tag(el: Any) -> str | None:
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else None


def _hidden(el: Any) -> bool:
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true":
        return True
    style = "".join((el.get("style") or "").lower().split())
    return "display:none" in style or "visibility:hidden" in style


def _span(value: str | None) -> int:
    digits = "".join(ch for ch in (value or "").strip() if "0" <= ch <= "9")
    if not digits:
        return 1
    n = int(digits[:6])
    return MAX_SPAN if n == 0 else n  # rowspan="0": to the end of the table


def cell_text(el: Any) -> str:
    """A table cell's text: inline pieces joined, one line per paragraph or <br>."""
    lines: list[str] = [""]

    def walk(node: Any) -> None:
        if node.text:
            lines[-1] += node.text
        for child in node:
            tag = _tag(child)
            if tag is not None and (tag in _SKIP or _hidden(child)):
                pass
            elif tag == "br":
                lines.append("")
            elif tag in _BLOCK:
                lines.append("")
                walk(child)
                lines.append("")
            elif tag is not None:
                walk(child)
            if child.tail:
                lines[-1] += child.tail

    walk(el)
    return "\n".join(s for s in (" ".join(line.split()) for line in lines) if s)


class _Walker:
    def __init__(self, budget: CellBudget) -> None:
        self.budget = budget
        self.blocks: list[Block] = []
        self.pieces: list[tuple[str, bool]] = []
        self.links = 0
        self.tables = 0

    def flush(self) -> None:
        text = " ".join("".join(t for t, _ in self.pieces).split())
        if text:
            total = sum(len("".join(t.split())) for t, _ in self.pieces)
            linked = sum(len("".join(t.split())) for t, in_link in self.pieces if in_link)
            self.blocks.append(Paragraph(text, link=total > 0 and linked * 2 >= total))
        self.pieces = []

    def add(self, text: str | None) -> None:
        if text:
            self.pieces.append((text, self.links > 0))

    def walk(self, node: Any) -> None:
        self.add(node.text)
        for child in node:
            tag = _tag(child)
            if tag is None or tag in _SKIP or _hidden(child):
                pass
            elif tag == "br":
                self.flush()
            elif tag == "table":
                self.flush()
                self.table(child)
                self.flush()
            elif tag in _BLOCK:
                self.flush()
                self.walk(child)
                self.flush()
            else:
                if tag == "a":
                    self.links += 1
                self.walk(child)
                if tag == "a":
                    self.links -= 1
            self.add(child.tail)

    def table(self, table: Any) -> None:
        if any(True for _ in table.iterdescendants("table")):
            self.walk(table)  # a layout table: read what its cells hold
            return
        builder = GridBuilder(self.tables, self.budget)
        self.tables += 1
        for caption in table.iterchildren("caption"):
            self.add(caption.text_content())
            self.flush()
        for tr in _rows(table):
            if _hidden(tr):
                continue
            builder.new_row()
            for td in tr:
                if _tag(td) not in ("td", "th"):
                    continue
                builder.add(cell_text(td), _span(td.get("rowspan")), _span(td.get("colspan")))
        grid = builder.build()
        if grid.nrows:
            self.blocks.append(grid)


def _rows(table: Any) -> Iterator[Any]:
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            yield child
        elif tag in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in child if _tag(tr) == "tr")


def read_blocks(text: str, *, path: str | None = None) -> tuple[str | None, tuple[Block, ...]]:
    """The page's <title> and its blocks in reading order."""
    import lxml.html
    from lxml.etree import ParserError

    try:
        root = lxml.html.document_fromstring(_strip_xml_decl(text))
    except ParserError:
        raise EmptySourceError("the page holds no content", path=path) from None
    except ValueError as exc:
        raise CorruptSourceError(f"the page cannot be parsed as HTML: {exc}", path=path) from None
    title_el = root.find(".//title")
    title = None
    if title_el is not None:
        title = " ".join(title_el.text_content().split()) or None
    walker = _Walker(CellBudget(path))
    body = root.find("body")
    walker.walk(body if body is not None else root)
    walker.flush()
    return title, tuple(walker.blocks)


def load(data: bytes, *, path: str | None = None) -> HtmlDocument:
    from gxparse import limits

    limits.check("the web page", len(data), "max_markup_bytes", path=path)
    # every <td>/<th> is at least one slot: too many are refused before the page is parsed
    tags = sum(data.count(tag) for tag in (b"<td", b"<TD", b"<th", b"<TH", b"<Td", b"<Th"))
    if tags > limits.current().max_cells:
        raise limits.refuse("the number of table cells", tags, "max_cells", path=path)
    text, encoding = decode(data, path=path)
    if not text.strip():
        raise EmptySourceError(path=path)
    title, blocks = read_blocks(text, path=path)
    return HtmlDocument(
        path=path,
        data=data,
        format="html",
        text=text,
        encoding=encoding,
        title=title,
        blocks=blocks,
    )
