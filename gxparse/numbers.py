"""Cell text -> number, with the printed text kept beside it.

A cell is *blank* (the template's way of writing zero) when it is empty or
holds one of ``—``, ``－``, ``-``, ``/``, ``无``. A count is a whole number,
possibly with thousands separators or a trailing note (``22（其中修订16件）``).
Money keeps the source's decimal digits exactly, as ``Decimal``. Anything
else is *not a number*: the caller decides what that means in its context.
"""

from __future__ import annotations

import enum
from decimal import Decimal

import regex
from attrs import frozen

from gxparse.labels import nfkc, simplified
from gxparse.limits import current as current_limits
from gxparse.memo import memo

_BLANKS = frozenset({"", "0", "-", "—", "——", "－", "--", "/", "无", "－－", "–", "―", "\\"})
_COUNT = regex.compile(r"^(?P<sign>[+-]?)(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<rest>.*)$")
MONEY_UNITS = ("万元", "元", "万")  # the units an amount is printed with, longest first
_UNIT = "|".join(MONEY_UNITS)
_MONEY = regex.compile(
    r"^(?P<sign>[+-]?)(?P<digits>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(?P<unit>"
    + _UNIT
    + r")?(?P<rest>.*)$"
)
_UNIT_SUFFIX = regex.compile(f"(?:{_UNIT})$")
_NOTE = regex.compile(r"^\s*[(（][^)）]*[)）]?\s*$|^\s*(?:件|个|项|条|人次|次)\s*$")


class Kind(enum.Enum):
    BLANK = "blank"
    NUMBER = "number"
    TEXT = "text"


@frozen
class Parsed:
    kind: Kind
    value: int | Decimal | None
    raw: str
    unit: str | None = None
    note: str | None = None


_SPLIT_DIGITS = regex.compile(r"\d\s+\d")


@memo(65536)
def _prepare(raw: str) -> str:
    """NFKC text without spaces; digits separated by a space stay apart ("1 0" is not 10)."""
    text = simplified(nfkc(raw))  # 萬元 is 万元
    text = text.replace("−", "-").replace("－", "-")
    if _SPLIT_DIGITS.search(text):
        return text.strip()
    return "".join(text.split())


def _plain_digits(raw: str) -> bool:
    """Whether ``raw`` is ASCII digits only, the usual cell: no normalising needed."""
    return raw.isdigit() and raw.isascii()


def starts_as_word(raw: str) -> bool:
    """Whether ``raw`` begins with a unified ideograph or an opening bracket: normalising
    keeps that first character, so ``raw`` is no figure -- text, or else ``word_blank``."""
    first = raw[:1]
    return "\u4e00" <= first <= "\u9fff" or first in ("(", "（")


def word_blank(raw: str) -> bool:
    """Whether a text that ``starts_as_word`` is the blank marker 无 (spaces aside; 無 in
    traditional characters)."""
    text = "".join(raw.split())
    return len(text) == 1 and simplified(text) == "无"


def is_blank(raw: str) -> bool:
    return _prepare(raw) in _BLANKS or raw.strip() in _BLANKS


_DIGIT_RUN = regex.compile(r"[\d,.\s]+")


def too_long(raw: str) -> bool:
    """Whether ``raw`` prints more digits in one run (separators and spaces within it
    aside) than ``Limits.max_number_chars``: no count or amount a report prints, and not
    read as one (a 5,000-digit "number" is junk, and past 4,300 digits Python refuses to
    convert it)."""
    if len(raw) <= 16:  # no limit is set this low (hot path: most cells are short)
        return False
    cap = current_limits().max_number_chars
    if len(raw) <= cap:
        return False
    return any(sum(ch.isdigit() for ch in run) > cap for run in _DIGIT_RUN.findall(raw))


def parse_count(raw: str, *, signed: bool = False) -> Parsed:
    """Parse a whole-number cell."""
    if too_long(raw):
        return Parsed(Kind.TEXT, None, raw)
    return _parse_count(raw, signed=signed)


def parse_money(raw: str) -> Parsed:
    """Parse an amount; the decimal digits are kept exactly."""
    if too_long(raw):
        return Parsed(Kind.TEXT, None, raw)
    return _parse_money(raw)


@memo(65536)
def _parse_count(raw: str, *, signed: bool = False) -> Parsed:
    if _plain_digits(raw):
        return Parsed(Kind.BLANK, 0, raw) if raw == "0" else Parsed(Kind.NUMBER, int(raw), raw)
    if starts_as_word(raw):  # the usual label
        return Parsed(Kind.BLANK, 0, raw) if word_blank(raw) else Parsed(Kind.TEXT, None, raw)
    if is_blank(raw):
        return Parsed(Kind.BLANK, 0, raw)
    text = _prepare(raw)
    m = _COUNT.match(text)
    if not m or (m["sign"] and not signed and m["sign"] == "-"):
        return Parsed(Kind.TEXT, None, raw)
    rest = m["rest"]
    if rest and not _NOTE.match(rest):
        return Parsed(Kind.TEXT, None, raw)
    value = int(m["digits"].replace(",", ""))
    if m["sign"] == "-":
        value = -value
    return Parsed(Kind.NUMBER, value, raw, note=rest or None)


def _no_unit(raw: str) -> bool:
    """Whether ``raw`` names no unit of money (元, 万), however it is written."""
    text = simplified(nfkc(raw))
    return "元" not in text and "万" not in text


@memo(65536)
def _parse_money(raw: str) -> Parsed:
    if _plain_digits(raw):
        return (
            Parsed(Kind.BLANK, Decimal(0), raw)
            if raw == "0"
            else Parsed(Kind.NUMBER, Decimal(raw), raw)
        )
    if starts_as_word(raw) and _no_unit(raw):  # a label
        return (
            Parsed(Kind.BLANK, Decimal(0), raw) if word_blank(raw) else Parsed(Kind.TEXT, None, raw)
        )
    if is_blank(raw):
        return Parsed(Kind.BLANK, Decimal(0), raw)
    text = _prepare(raw)
    unit = _UNIT_SUFFIX.search(text)
    if unit and text[: unit.start()] in _BLANKS - {""}:
        return Parsed(Kind.BLANK, Decimal(0), raw, unit=unit.group())
    m = _MONEY.match(text)
    if not m:
        return Parsed(Kind.TEXT, None, raw)
    rest = m["rest"]
    if rest and not _NOTE.match(rest):
        return Parsed(Kind.TEXT, None, raw)
    digits = m["digits"].replace(",", "")
    return Parsed(Kind.NUMBER, Decimal(m["sign"] + digits), raw, unit=m["unit"], note=rest or None)


def cell_kind(raw: str) -> Kind:
    """What a cell prints: a figure (count or amount), a blank marker, or text (see
    ``_cell_kind``)."""
    return Kind.TEXT if too_long(raw) else _cell_kind(raw)


@memo(65536)
def _cell_kind(raw: str) -> Kind:
    """What a cell prints: a figure (count or amount), a blank marker, or text.

    The kind of ``parse_money``, or of a signed ``parse_count`` where that is text;
    the usual figure and the usual label are told apart as those two tell them,
    without building their ``Parsed`` results.
    """
    if _plain_digits(raw):
        return Kind.BLANK if raw == "0" else Kind.NUMBER
    if starts_as_word(raw) and _no_unit(raw):
        return Kind.BLANK if word_blank(raw) else Kind.TEXT
    money = parse_money(raw)
    if money.kind is not Kind.TEXT:
        return money.kind
    return parse_count(raw, signed=True).kind


def looks_numeric(raw: str) -> bool:
    """Whether a cell holds a figure or a blank marker (not a label)."""
    return (
        parse_money(raw).kind is not Kind.TEXT
        or parse_count(raw, signed=True).kind is not Kind.TEXT
    )


_TOKEN = regex.compile(r"[+\-－]?\d+(?:\.\d+)?")
_BLANK_TOKENS = _BLANKS - {"", "无", "\\"}


def is_number_token(token: str) -> bool:
    """Whether a whitespace-separated token is a figure or a blank marker (``/``, ``—``)."""
    if too_long(token):
        return False
    text = nfkc(token)
    return text in _BLANK_TOKENS or bool(_TOKEN.fullmatch(text))
