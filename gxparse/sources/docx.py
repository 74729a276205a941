"""Word documents: bytes -> paragraphs and table grids in reading order.

The package is opened with python-docx and its XML walked with lxml: Word's
``gridSpan`` (horizontal merge) and ``vMerge`` (vertical merge) are resolved
into a ``Grid``; runs, soft line breaks (``w:br``), tabs, hyperlinks, fields
and content controls are joined into a cell's text, deleted and hidden text
is skipped, and list numbering Word draws itself (the "2、" before a heading)
is rendered from ``numbering.xml`` so the text reads as printed.

Legacy ``.doc`` and WPS files (OLE compound files) are converted to DOCX with
LibreOffice when ``soffice`` is on PATH (private profile, temporary
directory, time limit); without it they are refused with an
``UnsupportedFormatError`` that says so. They are never read as text.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

from attrs import frozen

from gxparse.errors import CorruptSourceError, EncryptedSourceError, UnsupportedFormatError
from gxparse.sources.base import Document
from gxparse.sources.grid import MAX_COLUMN, MAX_SPAN, Block, CellBudget, GridBuilder, Paragraph

log = logging.getLogger("gxparse")

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
RT_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
RT_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CONVERT_TIMEOUT = 180.0


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _val(el: Any, attr: str = "val") -> str | None:
    if el is None:
        return None
    v = el.get(_w(attr))
    return None if v is None else str(v)


def _int(value: str | None, default: int, low: int = 0, high: int | None = None) -> int:
    """An integer attribute as Word writes it; ``default`` when it is missing or not an
    integer (``"abc"``, ``"1.5"``), and clamped into ``[low, high]``."""
    if value is None:
        return default
    text = value.strip()
    if not (1 <= len(text) <= 20) or not text.lstrip("+-").isdigit():
        return default
    n = int(text)
    if high is not None:
        n = min(n, high)
    return max(n, low)


_LEVELS = 9  # list levels Word numbers (ilvl 0-8)


@frozen
class DocxDocument(Document):
    """A Word document as blocks; ``converted_from`` names a legacy format read via LibreOffice."""

    blocks: tuple[Block, ...]
    converted_from: str | None = None


# -- list numbering ----------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _chinese(n: int) -> str:
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, sym in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out += sym
            n -= value
    return out


def format_number(n: int, fmt: str) -> str:
    """A list counter in one of Word's number formats."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
               "ideographDigital", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand"):  # fmt: skip
        return _chinese(n)
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter"):
        s = chr(ord("A") + (n - 1) % 26) * min((n - 1) // 26 + 1, 4)
        return s if fmt == "upperLetter" else s.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        if n >= 4000:  # past what roman numerals write
            return str(n)
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


class _Numbering:
    """Renders the list labels Word computes (``numbering.xml``) in document order."""

    def __init__(self, numbering: Any, styles: Any) -> None:
        from gxparse import limits

        top = limits.current().max_list_number
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        self.started: set[str] = set()
        if numbering is not None:
            for a in numbering.iter(_w("abstractNum")):
                levels: dict[int, tuple[int, str, str]] = {}
                for lvl in a.iter(_w("lvl")):
                    ilvl = _int(lvl.get(_w("ilvl")), 0)
                    if ilvl >= _LEVELS:
                        continue
                    start = _int(_val(lvl.find(_w("start"))), 1, 0, top)
                    fmt = _val(lvl.find(_w("numFmt"))) or "decimal"
                    text = _val(lvl.find(_w("lvlText"))) or ""
                    levels[ilvl] = (start, fmt, text)
                self.levels[a.get(_w("abstractNumId"), "")] = levels
            for num in numbering.iter(_w("num")):
                overrides = {}
                for o in num.iter(_w("lvlOverride")):
                    so = _val(o.find(_w("startOverride")))
                    level = _int(o.get(_w("ilvl")), 0)
                    if so is not None and level < _LEVELS:
                        overrides[level] = _int(so, 1, 0, top)
                abstract = _val(num.find(_w("abstractNumId"))) or ""
                self.nums[num.get(_w("numId"), "")] = (abstract, overrides)
        if styles is not None:
            based: dict[str, str] = {}
            direct: dict[str, tuple[str, int]] = {}
            for st in styles.iter(_w("style")):
                sid = st.get(_w("styleId"), "")
                parent = _val(st.find(_w("basedOn")))
                if parent:
                    based[sid] = parent
                numpr = st.find(f"{_w('pPr')}/{_w('numPr')}")
                if numpr is not None:
                    num_id = _val(numpr.find(_w("numId")))
                    if num_id:
                        direct[sid] = (num_id, _int(_val(numpr.find(_w("ilvl"))), 0))
            for sid in based.keys() | direct.keys():
                seen, cur = set(), sid
                while cur and cur not in direct and cur not in seen:
                    seen.add(cur)
                    cur = based.get(cur, "")
                if cur in direct:
                    self.style_num[sid] = direct[cur]

    def label(self, p: Any) -> str:
        """The list label Word prints before paragraph ``p`` ("" if none)."""
        ppr = p.find(_w("pPr"))
        numpr = None if ppr is None else ppr.find(_w("numPr"))
        num_id: str | None = None
        ilvl = 0
        if numpr is not None:
            num_id = _val(numpr.find(_w("numId")))
            ilvl = _int(_val(numpr.find(_w("ilvl"))), 0)
        if num_id is None and ppr is not None:
            style = _val(ppr.find(_w("pStyle")))
            if style in self.style_num:
                num_id, ilvl = self.style_num[style]
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        if ilvl not in levels:
            return ""
        counts = self.counters.setdefault(abstract, [0] * _LEVELS)
        if num_id not in self.started:
            self.started.add(num_id)
            for lv, start in overrides.items():
                counts[lv] = start - 1
        start, fmt, text = levels[ilvl]
        counts[ilvl] = max(counts[ilvl], start - 1) + 1
        for deeper in range(ilvl + 1, _LEVELS):
            counts[deeper] = 0
        out = text
        for lv in range(_LEVELS - 1, -1, -1):
            placeholder = f"%{lv + 1}"
            if placeholder in out:
                lv_start, lv_fmt, _ = levels.get(lv, (1, "decimal", ""))
                value = counts[lv] or lv_start
                out = out.replace(placeholder, format_number(value, lv_fmt))
        if fmt == "bullet":
            return ""
        return out


# -- text ---------------------------------------------------------------------------

_SKIP = {_w("del"), _w("moveFrom"), f"{{{MC}}}Fallback", _w("rPr"), _w("pPr")}


def _hidden(run: Any) -> bool:
    rpr = run.find(_w("rPr"))
    if rpr is None:
        return False
    vanish = rpr.find(_w("vanish"))
    return vanish is not None and _val(vanish) not in ("0", "false", "off")


def _pieces(el: Any) -> Iterator[str]:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _w("t"):
            yield child.text or ""
        elif tag == _w("tab"):
            yield "\t"
        elif tag in (_w("br"), _w("cr")):
            yield "\n"
        elif tag == _w("noBreakHyphen"):
            yield "-"
        elif tag == _w("r"):
            if not _hidden(child):
                yield from _pieces(child)
        elif tag == _w("p"):  # a paragraph inside a text box
            yield "\n"
            yield from _pieces(child)
        else:
            yield from _pieces(child)


def paragraph_text(p: Any, numbering: _Numbering) -> str:
    label = numbering.label(p)
    text = "".join(_pieces(p))
    return f"{label}{text}" if label else text


# -- blocks -------------------------------------------------------------------------


class _Walker:
    def __init__(self, numbering: _Numbering, budget: CellBudget) -> None:
        self.numbering = numbering
        self.budget = budget
        self.tables = 0

    def blocks(self, container: Any) -> Iterator[Block]:
        for el in container:
            tag = el.tag
            if tag == _w("p"):
                yield Paragraph(paragraph_text(el, self.numbering))
            elif tag == _w("tbl"):
                yield from self.table(el)
            elif tag in (_w("sdt"), _w("customXml")):
                content = el.find(_w("sdtContent")) if tag == _w("sdt") else el
                if content is not None:
                    yield from self.blocks(content)

    def _cell_text(self, tc: Any) -> str:
        parts = [
            paragraph_text(p, self.numbering)
            for p in tc.iter(_w("p"))
            if not any(a.tag == _w("txbxContent") for a in p.iterancestors())
        ]
        return "\n".join(t for t in parts if t.strip())

    def table(self, tbl: Any) -> Iterator[Block]:
        rows = [tr for tr in tbl if tr.tag == _w("tr")]
        nested = any(tc.find(_w("tbl")) is not None for tr in rows for tc in tr.iter(_w("tc")))
        if nested:  # a layout table: read what its cells hold, in order
            for tr in rows:
                for tc in tr.iter(_w("tc")):
                    if tc.getparent() is tr:
                        yield from self.blocks(tc)
            return
        builder = GridBuilder(self.tables, self.budget)
        self.tables += 1
        for tr in rows:
            builder.new_row()
            trpr = tr.find(_w("trPr"))
            col = _int(
                _val(None if trpr is None else trpr.find(_w("gridBefore"))), 0, 0, MAX_COLUMN
            )
            for tc in _row_cells(tr):
                tcpr = tc.find(_w("tcPr"))
                span = _int(
                    _val(None if tcpr is None else tcpr.find(_w("gridSpan"))), 1, 1, MAX_SPAN
                )
                vmerge = None if tcpr is None else tcpr.find(_w("vMerge"))
                continued = vmerge is not None and _val(vmerge) in (None, "continue")
                if continued and builder.extend_down(col, span):
                    col += span
                    continue
                builder.place(self._cell_text(tc), col, 1, span)
                col += span
        grid = builder.build()
        yield grid


def _row_cells(tr: Any) -> Iterator[Any]:
    for el in tr:
        if el.tag == _w("tc"):
            yield el
        elif el.tag in (_w("sdt"), _w("customXml")):
            content = el.find(_w("sdtContent")) if el.tag == _w("sdt") else el
            if content is not None:
                yield from (c for c in content if c.tag == _w("tc"))


def _related(part: Any, reltype: str) -> Any:
    for rel in part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            target = rel.target_part
            element = getattr(target, "element", None)
            if element is None:
                from lxml import etree

                element = etree.fromstring(target.blob)
            return element
    return None


_RATIO_FLOOR = 1 << 20  # members smaller than this unpacked are not judged by their ratio


def check_package(data: bytes, *, path: str | None = None) -> None:
    """Refuse a zip package whose members would unpack too large (a zip bomb), from
    the sizes its directory declares -- before anything is decompressed. (Python's
    zipfile never returns more than a member's declared size: a member that lies
    about it fails its CRC check instead.)"""
    import zipfile

    from gxparse import limits

    try:
        infos = zipfile.ZipFile(BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise CorruptSourceError(
            f"the Word package (a zip file) is truncated or corrupt ({exc})", path=path
        ) from None
    limits.check("the package's member count", len(infos), "max_zip_members", path=path)
    total = sum(max(0, info.file_size) for info in infos)
    limits.check("the package unpacked", total, "max_unpacked_bytes", path=path)
    for info in infos:
        if info.file_size > _RATIO_FLOOR:
            ratio = info.file_size / max(info.compress_size, 1)
            limits.check(
                f"the compression ratio of {info.filename}", ratio, "max_zip_ratio", path=path
            )


def read_blocks(data: bytes, *, path: str | None = None) -> tuple[Block, ...]:
    """Paragraphs and table grids of a DOCX package, in reading order."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    check_package(data, path=path)
    try:
        document = docx.Document(BytesIO(data))
        numbering = _Numbering(
            _related(document.part, RT_NUMBERING), _related(document.part, RT_STYLES)
        )
        body = document.element.body
    except PackageNotFoundError:
        raise CorruptSourceError("not a Word package (no main document part)", path=path) from None
    except ValueError as exc:  # python-docx: a package of another content type (.docm, .dotx)
        raise UnsupportedFormatError(f"not a Word document: {exc}", path=path) from None
    except Exception as exc:  # zip, XML and part errors of a damaged package
        raise CorruptSourceError(
            f"the Word package is damaged and cannot be opened ({type(exc).__name__}: {exc})",
            path=path,
        ) from None
    return tuple(_Walker(numbering, CellBudget(path)).blocks(body))


# -- legacy .doc / .wps ----------------------------------------------------------------


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def ole_kind(data: bytes) -> str:
    """What an OLE compound file holds, from its directory's stream names."""
    if _utf16("WordDocument") in data:
        return "word"
    if _utf16("EncryptedPackage") in data:
        return "encrypted"
    if _utf16("Workbook") in data or _utf16("Book") in data:
        return "excel"
    if _utf16("PowerPoint Document") in data:
        return "powerpoint"
    return "unknown"


def soffice() -> str | None:
    """LibreOffice's command line, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_legacy(
    data: bytes, *, path: str | None = None, timeout: float = CONVERT_TIMEOUT
) -> bytes:
    """A legacy Word/WPS file converted to DOCX bytes by LibreOffice."""
    exe = soffice()
    if exe is None:
        raise UnsupportedFormatError(
            "a legacy Word (.doc) or WPS document: reading it needs LibreOffice "
            "(`soffice` on PATH) to convert it to .docx; install LibreOffice or save it as .docx",
            path=path,
        )
    with tempfile.TemporaryDirectory(prefix="gxparse-lo-") as tmp:
        src = Path(tmp) / "input.doc"
        out = Path(tmp) / "out"
        src.write_bytes(data)
        cmd = [
            exe,
            f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--nologo",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(src),
        ]
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            cwd=tmp,
        )
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise CorruptSourceError(
                f"LibreOffice did not convert this legacy Word/WPS document within {timeout:.0f}s",
                path=path,
            ) from None
        result = out / "input.docx"
        if proc.returncode != 0 or not result.exists():
            detail = err.decode("utf-8", "replace").strip().splitlines()
            raise CorruptSourceError(
                "LibreOffice could not convert this legacy Word/WPS document"
                + (f": {detail[-1]}" if detail else ""),
                path=path,
            )
        log.info("converted %s to DOCX with LibreOffice", path or "<input>")
        return result.read_bytes()


def load(data: bytes, *, path: str | None = None) -> DocxDocument:
    """Load DOCX bytes (or a legacy .doc/.wps, through LibreOffice)."""
    converted_from = None
    package = data
    if data.startswith(OLE_MAGIC):
        kind = ole_kind(data)
        if kind == "encrypted":
            raise EncryptedSourceError(path=path)
        if kind in ("excel", "powerpoint"):
            raise UnsupportedFormatError(
                f"an OLE compound file holding a {kind} document, not a Word report", path=path
            )
        package = convert_legacy(data, path=path)
        converted_from = "doc"
    return DocxDocument(
        path=path,
        data=data,
        format="docx",
        blocks=read_blocks(package, path=path),
        converted_from=converted_from,
    )
