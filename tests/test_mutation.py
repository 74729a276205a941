"""Mutated fixtures (issue 11): whatever is done to a good file, ``parse`` returns a Report or
raises a GxparseError -- never another exception, and never an ``InternalError``.

Hypothesis takes the fixtures' sources (PDF, DOCX, HTML, text) and flips bytes,
truncates, splices two files together, or rewrites XML attribute values inside
a DOCX (``gridSpan``, ``ilvl``, ``start``... set to ``x``, ``-1``, ``1e9``,
``99999999999``) and rezips it. Parsing is in-process, each example under a
10 s alarm and an address-space cap (so a mutant that hangs or balloons fails
the test instead of the machine).

The default (``ci`` profile) is a fixed, derandomized handful per test, a few
seconds in all; ``HYPOTHESIS_PROFILE=dev``/``thorough`` or
``GXPARSE_MUTATION_EXAMPLES=N`` enlarge it.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import resource
import signal
import zipfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import FrameType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gxparse
from gxparse.errors import GxparseError

from .conftest import FIXTURES

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
EXAMPLES = int(os.environ.get("GXPARSE_MUTATION_EXAMPLES", "0")) or (
    12 if PROFILE == "ci" else settings().max_examples
)
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=PROFILE == "ci",
    suppress_health_check=[HealthCheck.too_slow],
)
SECONDS = 10.0  # one parse may take this long
MEMORY = 2 << 30  # ... and grow the address space by this much

SOURCES = sorted(
    p
    for p in FIXTURES.rglob("source*")
    if p.suffix in {".pdf", ".docx", ".html", ".txt"} and p.is_file()
)
DOCX = [p for p in SOURCES if p.suffix == ".docx"]
JUNK = ["x", "-1", "1e9", "99999999999", "", "0", "1.5", "NaN", "-99999999999", "１２", "9" * 5000]
# attributes whose values gxparse turns into numbers or looks up
_KEYED = re.compile(
    rb"<w:(?:gridSpan|gridBefore|gridAfter|ilvl|numId|start|startOverride|vMerge|hMerge|"
    rb'abstractNumId|numFmt|lvlText|tblGrid|gridCol|tcW)\b[^>]*?w:val="[^"]*"'
)
_ANY = re.compile(rb'\bw:[A-Za-z]+="[^"]*"')
_VALUE = re.compile(rb'="[^"]*"$')


class Mutant:
    """Mutated bytes and how they were made (the bytes stay out of the repr: a plain
    class, as hypothesis prints every field of a dataclass)."""

    __slots__ = ("data", "how")

    def __init__(self, how: str, data: bytes) -> None:
        self.how = how
        self.data = data

    def __repr__(self) -> str:
        return f"Mutant({self.how!r}, <{len(self.data)} bytes>)"


@cache
def _read(path: Path) -> bytes:
    return path.read_bytes()


def _name(path: Path) -> str:
    return str(path.relative_to(FIXTURES))


sources = st.sampled_from(SOURCES)


@st.composite
def flipped(draw: st.DrawFn) -> Mutant:
    """1-64 bytes XORed anywhere, or only in the first or last 4 KB (headers, xref, trailer)."""
    src = draw(sources)
    data = bytearray(_read(src))
    region = draw(st.sampled_from(["anywhere", "head", "tail"]))
    lo, hi = {"anywhere": (0, len(data)), "head": (0, 4096), "tail": (len(data) - 4096, len(data))}[
        region
    ]
    lo, hi = max(0, lo), min(len(data), hi)
    count = draw(st.integers(1, 64))
    for _ in range(count):
        i = draw(st.integers(lo, hi - 1))
        data[i] ^= draw(st.integers(1, 255))
    return Mutant(f"{_name(src)}: {count} bytes flipped ({region})", bytes(data))


@st.composite
def truncated(draw: st.DrawFn) -> Mutant:
    src = draw(sources)
    data = _read(src)
    cut = draw(st.integers(0, len(data) - 1))
    return Mutant(f"{_name(src)}: cut at {cut} of {len(data)}", data[:cut])


@st.composite
def spliced(draw: st.DrawFn) -> Mutant:
    """The head of one fixture followed by the tail of another."""
    a, b = draw(sources), draw(sources)
    da, db = _read(a), _read(b)
    i, j = draw(st.integers(0, len(da))), draw(st.integers(0, len(db)))
    return Mutant(f"{_name(a)}[:{i}] + {_name(b)}[{j}:]", da[:i] + db[j:])


@st.composite
def docx_attributes(draw: st.DrawFn) -> Mutant:
    """A DOCX with 1-5 attribute values of one XML part set to junk, rezipped."""
    src = draw(st.sampled_from(DOCX))
    with zipfile.ZipFile(io.BytesIO(_read(src))) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    candidates = [
        n for n in ("word/document.xml", "word/numbering.xml", "word/styles.xml") if n in parts
    ]
    part = draw(st.sampled_from(candidates))
    xml = parts[part]
    keyed = draw(st.booleans())
    matches = list((_KEYED if keyed else _ANY).finditer(xml)) or list(_ANY.finditer(xml))
    chosen = sorted(
        set(draw(st.lists(st.integers(0, len(matches) - 1), min_size=1, max_size=5))), reverse=True
    )
    changes = []
    for k in chosen:
        m = matches[k]
        junk = draw(st.sampled_from(JUNK))
        new = _VALUE.sub(b'="' + junk.encode() + b'"', m.group(0))
        xml = xml[: m.start()] + new + xml[m.end() :]
        changes.append(f"{m.group(0)[:40].decode(errors='replace')}... -> {junk[:12]!r}")
    parts[part] = xml
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return Mutant(f"{_name(src)} {part}: {'; '.join(changes)}", out.getvalue())


class Hang(BaseException):
    """A parse ran past its alarm (a BaseException, so no ``except Exception`` eats it)."""


def _vm_bytes() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


@contextlib.contextmanager
def bounded(seconds: float = SECONDS, memory: int = MEMORY) -> Iterator[None]:
    """Raise ``Hang`` after ``seconds``; cap the address space at its size now + ``memory``."""

    def alarm(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"still parsing after {seconds:.0f}s")

    previous = signal.signal(signal.SIGALRM, alarm)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    vm = _vm_bytes() if os.path.exists("/proc/self/status") else 0
    if vm:
        cap = vm + memory
        resource.setrlimit(resource.RLIMIT_AS, (cap if hard < 0 else min(cap, hard), hard))
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def check(mutant: Mutant) -> None:
    """A Report or a GxparseError that is not gxparse owning up to a bug."""
    try:
        with bounded():
            report = gxparse.parse(mutant.data)
    except GxparseError as exc:
        assert type(exc).__name__ != "InternalError", f"{mutant.how}: {exc}"
    except Hang as exc:
        pytest.fail(f"{mutant.how}: {exc}")
    else:
        assert isinstance(report, gxparse.Report)


@SETTINGS
@given(flipped())
def test_flipped_bytes(mutant: Mutant) -> None:
    check(mutant)


@SETTINGS
@given(truncated())
def test_truncated(mutant: Mutant) -> None:
    check(mutant)


@SETTINGS
@given(spliced())
def test_spliced(mutant: Mutant) -> None:
    check(mutant)


@SETTINGS
@given(docx_attributes())
def test_docx_attributes(mutant: Mutant) -> None:
    check(mutant)


def test_there_are_fixtures_of_every_format() -> None:
    assert {p.suffix for p in SOURCES} == {".pdf", ".docx", ".html", ".txt"}
    assert any(b"word/numbering.xml" in _read(p) for p in DOCX)
