"""Label normalisation and matching.

Real reports print the same label in many ways: full- or half-width brackets
（一）/(一), numbering 1./1、/1．, spaces inside words (结 果 维 持), line breaks,
quotes or none around 三安全一稳定, and traditional characters (規章, 總計) in
copies made on mirror sites. ``core`` reduces a label to its Han characters
(in simplified form, by OpenCC) and Latin letters with the numbering taken
out, so that all of these compare equal; ``best`` scores a cell's text
against catalog labels, and ``bare`` takes out what a label carries in
brackets (fill-in instructions left in by the agency) for a second look.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable
from typing import Any

import regex

from gxparse.memo import memo

_converter: Any = None
_traditional: re.Pattern[str] | None = None


def simplified(text: str) -> str:
    """``text`` in simplified characters (OpenCC ``t2s``).

    Text with no character that OpenCC changes is returned as it is, without a call: the
    characters it changes are asked of OpenCC itself, once, on first use (a few ms)."""
    global _converter, _traditional
    if text.isascii():
        return text
    if _traditional is None:
        import opencc  # loaded on the first text that needs it

        _converter = opencc.OpenCC("t2s")
        chars = [chr(x) for x in range(0x3400, 0xA000)]  # CJK ideographs and extension A
        out = _converter.convert("\n".join(chars)).split("\n")
        if len(out) == len(chars):
            changed = "".join(a for a, b in zip(chars, out, strict=True) if a != b)
            _traditional = re.compile(f"[{re.escape(changed)}]")
        else:  # a conversion that does not keep one character a line: convert everything
            _traditional = re.compile(r"[^\x00-\x7f]")
    if _traditional.search(text) is None:
        return text
    converted: str = _converter.convert(text)
    return converted


_NOISE = regex.compile(r"\[(?:bookmark|image|anchor)[^\]]*\]", regex.IGNORECASE)
# Numbering written with Han numerals: （一） (一) and 一、 (not inside a word). Numbering in
# digits -- 1. 1、 1． (1) -- needs no pattern of its own: it is digits, spaces and
# punctuation, which ``_NOT_WORD`` takes out anyway, and no Han numbering can begin
# inside it, so leaving it to ``_NOT_WORD`` removes exactly the same characters.
_NUMBERING = regex.compile(
    r"""
    [(（]\s*[一二三四五六七八九十]{1,3}\s*[)）]   # （一） (一)
    | (?<![\p{Han}])[一二三四五六七八九十]{1,3}\s*[、.．]   # 一、  (not inside a word)
    """,
    regex.VERBOSE,
)
_NUMBERING_MARK = re.compile("[(（、.．]")  # every kind of numbering holds one of these
_NOT_WORD = regex.compile(r"[^\p{Han}A-Za-z]+")


def clean(text: str) -> str:
    """Printed text with export noise removed and whitespace collapsed."""
    return " ".join(_denoise(text).split())


# Romanisation a mirror site writes after characters: 規(guī)章, 數(shù)量 (a syllable with
# a tone mark, in brackets).
_PINYIN = regex.compile(
    r"[(（]\s*(?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ]{1,7}\s*[)）]"
)


def _denoise(text: str) -> str:
    """``text`` without export noise (``[bookmark…]``) or romanisation inserted after
    characters (``規(guī)章``)."""
    if "[" in text:
        text = _NOISE.sub("", text)
    if "(" in text or "（" in text:
        text = _PINYIN.sub("", text)
    return text


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
        return simplified(text)  # nothing else to normalise or take out
    text = simplified(nfkc(_denoise(text)))
    if _NUMBERING_MARK.search(text):
        text = _NUMBERING.sub("", text)
    return _NOT_WORD.sub("", text)


_core = memo(65536)(_core_of)


# Han numerals: a text of these alone (一二, 六十九) is a figure written out or damaged,
# never a label; in a label they stand beside other characters (三安全一稳定).
_NUMERALS = frozenset("〇零一二三四五六七八九十百千万亿两")
_BRACKETS = regex.compile(r"[\s()（）\[\]【】〔〕]+")


@memo(65536)
def has_word(text: str) -> bool:
    """Whether ``text`` holds a word: a Han character other than a numeral, numbering aside.

    Every label of the templates holds one. Latin letters, digits, punctuation or Han
    numerals alone (``NaN``, ``1e5``, ``#REF!``, ``N/A``, ``？``, ``~``, ``一二``) hold
    none: such a text names no row or column.
    """
    return any(ch not in _NUMERALS and not ch.isascii() for ch in core(text))


@memo(65536)
def label_text(text: str) -> bool:
    """Whether a cell's text can be a label or a piece of one: it holds a word
    (``has_word``), or it is numbering (``（一）``, ``一、``) or brackets alone (a label's
    bracket broken off onto a line of its own).

    Any other text is no label, wherever it stands: among a row's figures, or right
    after its label where the first figure belongs, it is a figure printed wrong --
    a cell of its column that reads as no number -- not the end of the label.
    """
    if has_word(text):
        return True
    t = nfkc(text).strip()
    return bool(t) and (_NUMBERING.fullmatch(t) is not None or _BRACKETS.fullmatch(t) is not None)


# What a label carries in brackets beyond numbering: fill-in instructions left in by the
# agency (规章（设区的市、自治州人民政府应提供相关数据）), a unit, a note.
_BRACKETED = regex.compile(r"[(（](?![一二三四五六七八九十\s]{1,3}[)）])[^()（）]{2,}[)）]")


def bare(text: str) -> str:
    """``text`` without what it carries in brackets (numbering such as （一） stays)."""
    return _BRACKETED.sub("", text) if ("(" in text or "（" in text) else text


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
    if len(lab) >= 2 and t.startswith(lab) and (len(lab) > 2 or len(t) <= 4):
        return PREFIX
    if len(t) >= 4 and lab.startswith(t):
        return TRUNCATED
    return FUZZY if _fuzzy(t, lab) else 0.0


def _fuzzy(t: str, lab: str) -> bool:
    """Whether two cores differ by a typo or two (a difflib ratio of 0.85 or more)."""
    n = len(t) + len(lab)
    if len(lab) >= 6 and 2 * min(len(t), len(lab)) >= 0.85 * n:
        # difflib's quick_ratio (shared characters as multisets) first: it is an upper
        # bound of the ratio, and counting needs no matcher
        shared = sum(min(t.count(ch), lab.count(ch)) for ch in set(t))
        return 2.0 * shared / n >= 0.85 and difflib.SequenceMatcher(None, t, lab).ratio() >= 0.85
    return False


class Candidates(tuple[tuple[str, tuple[str, ...]], ...]):
    """``(key, labels)`` pairs to match text against, with their labels' cores worked
    out once: build the catalog's sets once, at import, and pass them to ``best``."""

    first: dict[str, tuple[int, str]]  # core(label) -> (place, key) where it first comes
    ordered: list[str]  # the labels' cores, sorted (the ones a text begins share a range)
    lengths: tuple[int, ...]  # the lengths of the labels' cores, longest first
    # (length, ((key, core), ...)) of labels long enough to match fuzzily, longest first
    by_length: tuple[tuple[int, tuple[tuple[str, str], ...]], ...]
    bare: dict[str, str]  # core(bare(label)) -> key where it first comes
    _hash: int

    def __new__(cls, candidates: Iterable[tuple[str, Iterable[str]]]) -> Candidates:
        self = super().__new__(cls, ((key, tuple(labels)) for key, labels in candidates))
        cores = [(key, core(label)) for key, labels in self for label in labels]
        self.first = {}
        for n, (key, c) in enumerate(cores):
            if c:
                self.first.setdefault(c, (n, key))
        self.ordered = sorted(self.first)
        self.lengths = tuple(sorted({len(c) for c in self.first}, reverse=True))
        lengths = sorted({len(c) for _, c in cores if len(c) >= 6}, reverse=True)
        self.by_length = tuple(
            (size, tuple((key, c) for key, c in cores if len(c) == size)) for size in lengths
        )
        self.bare = {}
        for key, labels in self:
            for label in labels:
                c = core(bare(label))
                if c:
                    self.bare.setdefault(c, key)
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
        return _best_or_bare(text, candidates)
    return _best(text, candidates)


def _best_or_bare(text: str, candidates: Candidates) -> tuple[str | None, float]:
    """``_best_of``, and when that finds no label the text begins or ends with, the same
    with bracketed text taken out of both (an instruction left inside a label)."""
    key, s = _best_of(text, candidates)
    if s >= PREFIX:
        return key, s
    b = core(bare(text))
    if not b or b == core(text):
        return key, s
    hit = candidates.bare.get(b)
    if hit is not None:
        return hit, SUFFIX  # the label, once its instruction is taken out
    bkey, bs = _best_of(bare(text), candidates)
    return (bkey, bs) if bs > s else (key, s)


def _best_of(text: str, candidates: Candidates) -> tuple[str | None, float]:
    """``score`` against every label, the best kept (the longest label on a tie, then the
    first), worked out from the best kind of match down: the first kind any label
    reaches decides, so most texts need a few look-ups rather than every label."""
    t = core(text)
    if not t:
        return None, 0.0
    first = candidates.first
    hit = first.get(t)
    if hit is not None:
        return hit[1], EXACT
    n = len(t)
    for size in candidates.lengths:  # labels the text ends with, longest first
        if size < n:
            hit = first.get(t[n - size :])
            if hit is not None:
                return hit[1], SUFFIX
    for size in candidates.lengths:  # labels it begins with (a two-character one, only
        if 2 <= size < n and (size > 2 or n <= 4):  # nearly all of it: 其他 is no 其他需要…)
            hit = first.get(t[:size])
            if hit is not None:
                return hit[1], PREFIX
    if n >= 4:  # labels that begin with the text (cut by a line or page break)
        ordered = candidates.ordered
        top: tuple[tuple[int, int], str] | None = None  # ((length, -place), key)
        for k in range(bisect_left(ordered, t), len(ordered)):
            lab = ordered[k]
            if not lab.startswith(t):
                break
            place, key = first[lab]
            if top is None or (len(lab), -place) > top[0]:
                top = (len(lab), -place), key
        if top is not None:
            return top[1], TRUNCATED
    for size, labels in candidates.by_length:
        if 2 * min(n, size) >= 0.85 * (n + size):  # near enough in length to be a typo
            for key, lab in labels:
                if _fuzzy(t, lab):
                    return key, FUZZY
    return None, 0.0


_best = memo(65536)(_best_or_bare)
