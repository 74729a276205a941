"""Label normalisation and matching.

Real reports print the same label in many ways: full- or half-width brackets
（一）/(一), numbering 1./1、/1．, spaces inside words (结 果 维 持), line breaks,
quotes or none around 三安全一稳定. ``core`` reduces a label to its Han
characters (and Latin letters) with the numbering taken out, so that all of
these compare equal; ``match`` scores a cell's text against catalog labels.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

import regex

from gxparse.memo import memo

_NOISE = regex.compile(r"\[(?:bookmark|image|anchor)[^\]]*\]", regex.IGNORECASE)
_NUMBERING = regex.compile(
    r"""
    [(（]\s*[一二三四五六七八九十]{1,3}\s*[)）]   # （一） (一)
    | (?<![\p{Han}])[一二三四五六七八九十]{1,3}\s*[、.．]   # 一、  (not inside a word)
    | (?<![\d.])\d{1,2}\s*[.、．](?!\d)           # 1. 1、 1．
    | [(（]\s*\d{1,2}\s*[)）]                     # (1)
    """,
    regex.VERBOSE,
)
_NUMBERING_MARK = re.compile("[(（、.．]")  # every kind of numbering holds one of these
_NOT_WORD = regex.compile(r"[^\p{Han}A-Za-z]+")


def clean(text: str) -> str:
    """Printed text with export noise removed and whitespace collapsed."""
    return " ".join(_denoise(text).split())


def _denoise(text: str) -> str:
    """``text`` without export noise (``[bookmark…]``): markers all begin with ``[``."""
    return _NOISE.sub("", text) if "[" in text else text


def nfkc(text: str) -> str:
    """``text`` in NFKC.

    Worked out as NFC of NFKD, which is what NFKC is by definition (UAX #15) and
    gives the same string; CPython's own NFKC is many times slower on CJK text with
    full-width punctuation.
    """
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFC", unicodedata.normalize("NFKD", text))


_CACHED_LENGTH = 80  # labels are short; body text is not worth keeping in the caches


def core(text: str) -> str:
    """The comparable core of a label: numbering, spaces and punctuation removed."""
    return _core(text) if len(text) <= _CACHED_LENGTH else _core_of(text)


# Unified ideographs (U+4E00-U+9FFF) are letters of the Han script with no NFKC mapping,
# and numbering needs other characters too: a text of nothing else is its own core.
# ``str.isalpha`` leaves out code points this Python does not know; the regex module,
# which ``_NOT_WORD`` uses, must know them all as Han (true unless it is older than Python).
_UNIFIED = re.compile("[\u4e00-\u9fff]+")
_HAN_AGREES = bool(
    regex.fullmatch(r"\p{Han}*", "".join(c for c in map(chr, range(0x9FC0, 0xA000)) if c.isalpha()))
)


def han_only(text: str) -> bool:
    """Whether ``text`` is all unified ideographs: NFKC leaves it as it is, and it holds
    no digit, space or punctuation."""
    return (
        _UNIFIED.fullmatch(text) is not None
        and text.isalpha()
        and (_HAN_AGREES or regex.fullmatch(r"\p{Han}+", text) is not None)
    )


def _core_of(text: str) -> str:
    if han_only(text):
        return text  # nothing to normalise or take out
    text = nfkc(_denoise(text))
    if _NUMBERING_MARK.search(text):
        text = _NUMBERING.sub("", text)
    return _NOT_WORD.sub("", text)


_core = memo(65536)(_core_of)


def compact(text: str) -> str:
    """NFKC text with all whitespace removed (numbering and punctuation kept)."""
    return "".join(nfkc(_denoise(text)).split())


def contains(text: str, needle: str) -> bool:
    """Whether ``needle``'s core occurs in ``text``'s core."""
    n = core(needle)
    return bool(n) and n in core(text)


EXACT = 1.0
SUFFIX = 0.9
PREFIX = 0.8
TRUNCATED = 0.6
FUZZY = 0.5


@memo(262144)
def score(text: str, label: str) -> float:
    """How well a cell's text names ``label`` (0 = not at all)."""
    return _score(core(text), core(label))


def _score(t: str, lab: str) -> float:
    """``score`` on the two texts' cores."""
    if not t or not lab:
        return 0.0
    if t == lab:
        return EXACT
    if t.endswith(lab):
        return SUFFIX
    if len(lab) >= 2 and t.startswith(lab):
        return PREFIX
    if len(t) >= 4 and lab.startswith(t):
        return TRUNCATED
    n = len(t) + len(lab)
    if len(lab) >= 6 and 2 * min(len(t), len(lab)) >= 0.85 * n:
        # difflib's quick_ratio (shared characters as multisets) first: it is an upper
        # bound of the ratio, and counting needs no matcher
        shared = sum(min(t.count(ch), lab.count(ch)) for ch in set(t))
        if 2.0 * shared / n >= 0.85 and difflib.SequenceMatcher(None, t, lab).ratio() >= 0.85:
            return FUZZY
    return 0.0


class Candidates(tuple[tuple[str, tuple[str, ...]], ...]):
    """``(key, labels)`` pairs to match text against, with their labels' cores worked
    out once: build the catalog's sets once, at import, and pass them to ``best``."""

    exact: dict[str, str]  # core(label) -> key, for labels that name one key only
    cores: tuple[tuple[str, str], ...]  # (key, core(label)) for every label, in order
    _hash: int

    def __new__(cls, candidates: Iterable[tuple[str, Iterable[str]]]) -> Candidates:
        self = super().__new__(cls, ((key, tuple(labels)) for key, labels in candidates))
        seen: dict[str, set[str]] = {}
        for key, labels in self:
            for label in labels:
                seen.setdefault(core(label), set()).add(key)
        self.exact = {c: next(iter(keys)) for c, keys in seen.items() if len(keys) == 1 and c}
        self.cores = tuple((key, core(label)) for key, labels in self for label in labels)
        self._hash = tuple.__hash__(self)
        return self

    def __hash__(self) -> int:  # a cache key on every ``best`` call: hash it once
        return self._hash


def best(text: str, candidates: Iterable[tuple[str, Iterable[str]]]) -> tuple[str | None, float]:
    """The candidate key whose labels match ``text`` best, with its score.

    Ties go to the longer label (``3.其他`` loses to a longer label that also
    matches). ``candidates`` are ``(key, labels)`` pairs, best given as
    ``Candidates``.
    """
    if not isinstance(candidates, Candidates):
        candidates = Candidates(candidates)
    if len(text) > _CACHED_LENGTH:
        return _best_of(text, candidates)
    return _best(text, candidates)


def _best_of(text: str, candidates: Candidates) -> tuple[str | None, float]:
    t = core(text)
    exact = candidates.exact.get(t)
    if exact is not None:
        return exact, EXACT
    found: str | None = None
    top = (0.0, 0)
    for key, lab in candidates.cores:
        s = _score(t, lab)
        rank = (s, len(lab))
        if s > 0 and rank > top:
            found, top = key, rank
    return found, top[0]


_best = memo(65536)(_best_of)
