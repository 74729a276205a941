"""One agency across years: its printed names grouped by normalisation plus closeness.

Agencies print their own name a little differently from one year to the next: spaces
inside it (``青岛市 市南区 教育局``), full- or half-width brackets, Traditional
characters on a mirror site (``青島市市南區教育局``), ``人民政府`` one year and
``政府`` the next, a word in brackets after the name (``…人民政府（本级）``). Two names
are the same agency when

- their keys are equal: the name in NFKC, simplified (OpenCC), with everything but Han
  characters, Latin letters and digits taken out (``key``); or their keys once the
  bracketed words are taken out (``bare_key``) are equal;
- or they are *close*: one key is the other with at most ``MAX_DROPPED`` characters left
  out (and no more than a fifth of it), none of them at either end -- ``人民政府`` /
  ``政府``, ``委员会`` / ``委``. A character *replaced* is never close (``市南区`` and
  ``市北区`` are two districts), and neither is a name cut at its start (a place left
  out: ``洪泽区…`` and ``淮安市洪泽区…`` may be two) or at its end (``…政府`` and
  ``…政府办公室`` are two organs).

Names matched only by closeness are reported (``Grouping.merged``), never silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import regex
from attrs import frozen

from gxparse.labels import bare, nfkc, simplified

MAX_DROPPED = 2  # characters one spelling may leave out of another
MAX_DROPPED_SHARE = 0.2  # ... and no more than this share of the longer key

_NOT_NAME = regex.compile(r"[^\p{Han}A-Za-z0-9]+")


def key(name: str) -> str:
    """The comparable form of an agency's name: NFKC, simplified, Han/Latin/digits only."""
    return _NOT_NAME.sub("", simplified(nfkc(name)))


def bare_key(name: str) -> str:
    """``key`` with the words the name carries in brackets taken out."""
    return key(bare(nfkc(name)))


def close(a: str, b: str) -> bool:
    """Whether keys ``a`` and ``b`` name one agency: one is the other with a few characters
    left out inside it (see the module)."""
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    dropped = len(long_) - len(short)
    if not short or dropped > MAX_DROPPED or dropped > MAX_DROPPED_SHARE * len(long_):
        return False
    if short[0] != long_[0] or short[-1] != long_[-1]:
        return False
    return _subsequence(short, long_)


def _subsequence(short: str, long_: str) -> bool:
    chars = iter(long_)
    return all(ch in chars for ch in short)


@frozen
class Grouping:
    """Printed names grouped into agencies.

    ``of[name]`` is the agency's id (its most used spelling, the latest on a tie, as
    ``canonical`` chose it); ``spellings[id]`` every name printed for it; ``merged`` the
    pairs of keys joined by closeness rather than equality, for the user to see; ``near``
    the pairs of agencies kept apart whose names differ in one character and whose years
    do not overlap -- a misprint that may have split one agency (``市南区`` printed
    ``市男区`` one year), or two agencies: for the user to decide.
    """

    of: dict[str, str]
    spellings: dict[str, tuple[str, ...]]
    merged: tuple[tuple[str, str], ...]
    near: tuple[tuple[str, str], ...] = ()


def group(names: Sequence[tuple[str, int]]) -> Grouping:
    """Group printed agency names; ``names`` are ``(name, year)`` pairs, one per document
    (the counts and years pick each agency's canonical spelling)."""
    parent: dict[str, str] = {}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    keys = {name: key(name) for name, _ in names}
    for k in keys.values():
        parent.setdefault(k, k)
    for name, k in keys.items():  # a bracketed word only: the same name
        b = bare_key(name)
        if b and b != k:
            parent.setdefault(b, b)
            union(k, b)
    merged = []
    distinct = sorted(parent)
    ends: dict[tuple[int, str, str], list[str]] = {}  # close keys share both ends
    for k in distinct:
        if k:
            ends.setdefault((len(k), k[0], k[-1]), []).append(k)
    for k in distinct:
        for extra in range(1, MAX_DROPPED + 1):
            for other in ends.get((len(k) + extra, k[:1], k[-1:]), ()):
                if find(k) != find(other) and close(k, other):
                    union(k, other)
                    merged.append((k, other))
    members: dict[str, list[tuple[str, int]]] = {}
    for name, year in names:
        members.setdefault(find(keys[name]), []).append((name, year))
    of: dict[str, str] = {}
    spellings: dict[str, tuple[str, ...]] = {}
    chosen_of: dict[str, str] = {}
    for root, printed in members.items():
        chosen = chosen_of[root] = canonical(printed)
        spellings[chosen] = tuple(sorted({n for n, _ in printed}))
        for n, _ in printed:
            of[n] = chosen
    years = {root: {y for _, y in printed} for root, printed in members.items()}
    near = _near({k: find(k) for k in distinct if find(k) in members}, years)
    shown = tuple((chosen_of[a], chosen_of[b]) for a, b in near)
    return Grouping(of, spellings, tuple(merged), shown)


def _near(root_of: dict[str, str], years: dict[str, set[int]]) -> list[tuple[str, str]]:
    """Pairs of groups (roots) with keys of one length that differ in one character, and
    no year in common."""
    masked: dict[str, set[str]] = {}
    for k, root in root_of.items():
        if len(k) >= 4:
            for i in range(len(k)):
                masked.setdefault(k[:i] + "\0" + k[i + 1 :], set()).add(root)
    pairs = set()
    for roots in masked.values():
        if len(roots) > 1:
            ordered = sorted(roots)
            for i, a in enumerate(ordered):
                for b in ordered[i + 1 :]:
                    if not years[a] & years[b]:
                        pairs.add((a, b))
    return sorted(pairs)


def canonical(printed: Iterable[tuple[str, int]]) -> str:
    """The spelling an agency is shown by: the most used, then the latest, then the first
    in sort order."""
    count: dict[str, int] = {}
    latest: dict[str, int] = {}
    for name, year in printed:
        count[name] = count.get(name, 0) + 1
        latest[name] = max(latest.get(name, year), year)
    return min(count, key=lambda n: (-count[n], -latest[n], n))


__all__ = ["Grouping", "bare_key", "canonical", "close", "group", "key"]
