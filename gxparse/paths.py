"""Which files a batch reads: files, directories (``-r`` for their subfolders), globs, stdin.

A file named on the command line or matched by a glob is always taken (it
becomes a record or an error record). In a folder, a file is taken when its name
ends in a report format's extension (Markdown aside) or, whatever its name, when its first bytes show a PDF, a
Word package, a legacy Word/WPS file or a web page -- crawlers save pages as
``index``, ``123.jsp`` or ``download?id=9``. Images (PNG, JPEG, TIFF) are taken when
the OCR extra is installed, which reads them as scans. Hidden files and gxparse's own
outputs are left out. Paths come out sorted, once each.
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

# Markdown is read when named (or globbed), not picked out of a folder: a folder of
# reports often holds a README.md or NOTE.md about them
EXTENSIONS = frozenset(
    (".pdf", ".docx", ".doc", ".wps", ".html", ".htm", ".shtml", ".xhtml", ".txt")
)
# names that say what a file is, and it is no report: not sniffed (a script that writes
# PDFs holds "%PDF-" in its first lines)
_OTHER = frozenset(
    (".py", ".json", ".jsonl", ".csv", ".tsv", ".js", ".css", ".xml", ".yml", ".yaml", ".toml",
     ".ini", ".cfg", ".md", ".rst", ".log", ".sh", ".png", ".jpg", ".jpeg", ".gif", ".svg",
     ".xlsx", ".xls", ".pptx", ".ppt", ".zip", ".gz", ".tar", ".7z", ".rar", ".parquet")
)  # fmt: skip
_MAGIC = (b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
_HTML = (b"<!doctype html", b"<html", b"<?xml", b"<head", b"<meta", b"<body", b"<table")
IMAGES = frozenset((".png", ".jpg", ".jpeg", ".tif", ".tiff"))
_OWN = (".gxparse.jsonl", ".manifest.jsonl", ".lock", ".partial")


def looks_like_report(path: Path) -> bool:
    """Whether a file found in a folder is worth parsing: its extension or first bytes."""
    name = path.name
    if name.startswith(".") or name.endswith(_OWN):
        return False
    suffix = path.suffix.lower()
    if suffix in EXTENSIONS:
        return True
    if suffix in IMAGES:  # scans are reports when they can be read (the ocr extra)
        return _can_ocr()
    if suffix in _OTHER:
        return False
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError:
        return False
    if head.startswith(_MAGIC) or b"%PDF-" in head:
        return True
    lowered = head.lstrip().lower()
    return lowered.startswith(_HTML)


def _can_ocr() -> bool:
    from gxparse.sources import ocr_engine

    return ocr_engine.available()


def _walk(folder: Path, recursive: bool) -> Iterator[Path]:
    if recursive:
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                yield Path(root, name)
    else:
        yield from sorted(folder.iterdir())


def expand(
    args: Iterable[str], *, recursive: bool = False, stdin: Iterable[str] | None = None
) -> list[str]:
    """The files ``args`` name, in order of first mention, each once.

    ``-`` reads one path a line from ``stdin``; a folder gives the report files in it
    (in its subfolders too with ``recursive``); a pattern with ``*``, ``?`` or ``[``
    is a glob (``**`` with ``recursive``). A name that matches nothing is kept as
    it is, so that it becomes an error record ("no such file").
    """
    out: list[str] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        if path not in seen:
            seen.add(path)
            out.append(path)

    for arg in args:
        if arg == "-":
            for line in stdin or ():
                line = line.rstrip("\r\n")
                if line.strip():
                    add(line)
            continue
        try:
            mode = os.stat(arg).st_mode
        except OSError:
            mode = 0
        if stat.S_ISDIR(mode):
            for path in _walk(Path(arg), recursive):
                if path.is_file() and looks_like_report(path):
                    add(str(path))
        elif mode == 0 and glob.has_magic(arg):
            matches = sorted(glob.glob(arg, recursive=recursive))
            for m in matches:
                p = Path(m)
                if p.is_dir():
                    for path in _walk(p, recursive):
                        if path.is_file() and looks_like_report(path):
                            add(str(path))
                elif p.is_file():
                    add(m)
            if not matches:
                add(arg)
        else:
            add(arg)
    return out
