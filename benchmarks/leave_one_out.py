"""Leave one variant family out: is each family's handling real, and is its test needed?

    python benchmarks/leave_one_out.py [--n 60] [--seed 0] [--forms tabbed,...|all]
                                       [--families a,b,...] [--jobs 2] [--out FILE.md]

For each family F of the variant fuzzer (``tests/variants/damage.py``) the library's handling
of F is switched off (``off(F)``: a context manager patching the functions that do it, run in
a fresh process so that no memo or import-time state carries over), and the fuzzer
(``benchmarks/variants.py``'s drawing and judging) is run on

* documents damaged by F alone: with the handling off they must read worse (fewer cells
  right, silent errors, or rule breaks the source did not commit) -- the handling is real;
* documents damaged by 1-4 of the other families, never F: with F's handling off they must
  read as well as with it on -- so the other families' tests would not have caught its
  removal, and F's own test is needed.

Four configurations a family (alone/others x on/off), each in a subprocess
(``--worker``) printing one JSON line; ``--jobs`` of them at a time. The same ``--n`` and
``--seed`` give the same documents on and off.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


# ---------------------------------------------------------------------- patching


@contextlib.contextmanager
def patched(*patches: tuple[Any, str, Any]) -> Iterator[None]:
    """Each ``(object, attribute, value)`` set for the duration, then put back; every
    memoised result forgotten on the way in and out (``gxparse.memo``)."""
    from gxparse import memo

    saved = [(obj, name, getattr(obj, name)) for obj, name, _ in patches]
    memo.clear()
    try:
        for obj, name, value in patches:
            setattr(obj, name, value)
        yield
    finally:
        for obj, name, value in reversed(saved):
            setattr(obj, name, value)
        memo.clear()


def _identity(text: str) -> str:
    return text


# ---------------------------------------------------------------------- the switches


def off_traditional() -> contextlib.AbstractContextManager[None]:
    """OpenCC t2s: identity wherever it is imported (labels' cores, numbers, titles)."""
    from gxparse import labels, meta, numbers
    from gxparse.readers import html_table

    return patched(*((m, "simplified", _identity) for m in (labels, numbers, meta, html_table)))


# 9ea77c4's gxparse/assemble.py (before issue #10): tables found by their headings.
def _old_is_heading(text: str, row: Any, headings: Sequence[str]) -> bool:
    from gxparse.numbers import Kind

    if not any(h in text and len(text) <= len(h) + 14 for h in headings):
        return False
    return not any(c.kind is Kind.NUMBER for c in row.cells)


def _old_find(rows: Sequence[Any], headings: Any, start: int, texts: Sequence[str]) -> int | None:
    import regex

    from gxparse.labels import core

    subheading = regex.compile(r"^\s*[(（]\s*[一二三四五六七八九十]{1,3}\s*[)）]")
    cores = [core(h) for h in headings]
    fallback = None
    for i in range(start, len(rows)):
        if _old_is_heading(texts[i], rows[i], cores):
            if not subheading.match(rows[i].text):
                return i
            fallback = i if fallback is None else fallback
    return fallback


def _old_regions(rows: Sequence[Any]) -> dict[str, range]:
    """Row ranges for each table: from its heading to the next one; a table whose heading
    was not found is searched for in the whole document (9ea77c4's ``regions``)."""
    from gxparse import catalog as cat
    from gxparse.labels import core

    texts = [core(r.text) for r in rows]
    starts = {t: _old_find(rows, cat.TABLE_HEADINGS[t], 0, texts) for t in cat.TABLES}
    found = sorted((i, t) for t, i in starts.items() if i is not None)
    last = found[-1][0] if found else 0
    end = _old_find(rows, cat.END_HEADINGS, last + 1, texts)
    stop = len(rows) if end is None else end
    out = {t: range(len(rows)) for t in cat.TABLES}
    for n, (i, t) in enumerate(found):
        nxt = found[n + 1][0] if n + 1 < len(found) else stop
        out[t] = range(i + 1, max(nxt, i + 1))
    return out


def off_headings() -> contextlib.AbstractContextManager[None]:
    """``assemble.locate`` gives 9ea77c4's heading regions (the row matches are still
    worked out by ``locate``, which the readers reuse). 9ea77c4's ``read_review`` looked
    for 表四's header inside its region; today's expects the region to begin at it, so
    the 表四 region is cut to begin at its first header line."""
    from gxparse import assemble, locate
    from gxparse import catalog as cat

    real = locate.locate

    def by_headings(rows: Sequence[Any]) -> Any:
        found = real(rows)
        spans = _old_regions(rows)
        review = spans[cat.REVIEW]
        head = next((i for i in review if locate.is_review_header(rows[i])), None)
        spans[cat.REVIEW] = range(head, review.stop) if head is not None else range(0)
        return locate.Located(spans, found.app_matches, found.active_matches)

    return patched((assemble, "locate", by_headings))


def off_zeros() -> contextlib.AbstractContextManager[None]:
    """Only an empty cell and 0 are blank: no /, -, —, －, 无."""
    from gxparse import numbers
    from gxparse.readers import pdf_table, text_lines, text_wrapped

    never = lambda raw: False  # noqa: E731
    return patched(
        (numbers, "_BLANKS", frozenset({"", "0"})),
        (numbers, "_BLANK_TOKENS", frozenset({"0"})),
        *((m, "word_blank", never) for m in (numbers, pdf_table, text_lines, text_wrapped)),
    )


def off_rows_by_position() -> contextlib.AbstractContextManager[None]:
    """Rows whose label names no template row are neither placed by position nor left out
    with a warning; bracketed instructions are not taken out of labels."""
    from gxparse import assemble, labels
    from gxparse.readers import column_labels

    return patched(
        (assemble, "by_position", lambda *a, **k: []),
        (labels, "bare", _identity),
        (column_labels, "bare", _identity),
    )


def off_only_total() -> contextlib.AbstractContextManager[None]:
    from gxparse import assemble

    return patched((assemble, "_only_total", lambda cells: False))


def off_split_table4() -> contextlib.AbstractContextManager[None]:
    """A second 表四 header (or a caption before one) ends 表四 instead of resuming it
    (``is_review_header`` is patched in ``assemble`` only, where ``read_review`` and
    ``_caption_before_header`` use it; ``locate`` keeps its own)."""
    from gxparse import assemble

    return patched(
        (assemble, "_caption_before_header", lambda *a: False),
        (assemble, "is_review_header", lambda row: False),
    )


def off_header_split() -> contextlib.AbstractContextManager[None]:
    """The template from 表二's damaged header and shape; 表四's header found from its
    two-character pieces or single characters; PDF header cells cut short or unnamed."""
    from gxparse import assemble, locate
    from gxparse.readers import pdf_table

    return patched(
        (assemble, "shape_evidence", lambda *a: Counter()),
        (locate, "_REVIEW_PIECES", frozenset()),
        (locate, "_REVIEW_CHARS", frozenset()),
        (pdf_table, "_names_active_column", lambda c: c in pdf_table.ACTIVE_LABELS),
        (pdf_table, "_place_unnamed", lambda *a: None),
    )


def off_template_year() -> contextlib.AbstractContextManager[None]:
    from gxparse import assemble

    return patched((assemble, "shape_evidence", lambda *a: Counter()))


def off_template_by_year() -> contextlib.AbstractContextManager[None]:
    """The template from the report's year, as a reader that trusts the year would: neither
    表二's column labels (``template_evidence``, older than issue #10) nor its shape."""
    from gxparse import assemble

    return patched(
        (assemble, "template_evidence", lambda *a: Counter()),
        (assemble, "shape_evidence", lambda *a: Counter()),
    )


def off_numbers() -> contextlib.AbstractContextManager[None]:
    """Cell text read as printed: no NFKC (full-width digits and signs), no thousands
    separators, no money unit inside the cell."""
    import regex

    from gxparse import numbers

    return patched(
        (numbers, "nfkc", _identity),
        (numbers, "_COUNT", regex.compile(r"^(?P<sign>[+-]?)(?P<digits>\d+)(?P<rest>.*)$")),
        (
            numbers,
            "_MONEY",
            regex.compile(r"^(?P<sign>[+-]?)(?P<digits>\d+(?:\.\d+)?)(?P<unit>)(?P<rest>.*)$"),
        ),
        (numbers, "_UNIT_SUFFIX", regex.compile(r"(?!)")),
    )


# family -> (what is switched off, the switch); ``family/name``: another switch for that family
SWITCHES: dict[str, tuple[str, Callable[[], contextlib.AbstractContextManager[None]]]] = {
    "template_year": ("template from 表二's shape when its header is damaged", off_template_year),
    "template_year/by_year": (
        "(not #10's) the template from 表二's column labels too: the year decides",
        off_template_by_year,
    ),
    "headings": ("tables found by content (locate) -> 9ea77c4's heading regions", off_headings),
    "split_table4": ("表四 read on past a second header or a caption", off_split_table4),
    "header_split": (
        "template from damaged headers; 表四 header pieces/characters; PDF cut/unnamed header cells",
        off_header_split,
    ),
    "label_damage": (
        "rows placed by position / left out; bracketed instructions",
        off_rows_by_position,
    ),
    "extra_rows": (
        "rows placed by position / left out; bracketed instructions",
        off_rows_by_position,
    ),
    "only_total": ("only_total rows left null (`_only_total` never true)", off_only_total),
    "zeros": ("blank marks other than empty and 0 (/, -, —, －, 无, 無)", off_zeros),
    "numbers": ("NFKC, thousands separators and money units in cells", off_numbers),
    "traditional": ("OpenCC t2s in labels, numbers, titles", off_traditional),
}


# ---------------------------------------------------------------------- one configuration


def worker(args: argparse.Namespace) -> None:
    sys.path[:0] = [str(ROOT), str(HERE)]
    import variants  # benchmarks/variants.py

    family = args.family.split("/")[0]

    ns = argparse.Namespace(
        families=[],
        leave_out=[family] if args.others else [],
        only=[] if args.others else [family],
        seed=args.seed,
        n=args.n,
        max_families=4,
        dump="",
    )
    from tests.variants.damage import Case

    gold = Case.gold
    # every drawn record is consistent (``tests.strategies.reports``): any failed check is a
    # rule break the source did not commit (the gold saying so lets gxparse.score count it)
    Case.gold = lambda self: {**gold(self), "expected_failed": []}  # type: ignore[method-assign]
    spurious: Counter[str] = Counter()
    judge = variants.parse_and_judge

    def counting(case: Any, form: str) -> Any:
        verdict, source = judge(case, form)
        for fam in variants.families_of(case):
            spurious[fam] += len(verdict.score.spurious_failures)
        spurious[""] += len(verdict.score.spurious_failures)
        return verdict, source

    variants.parse_and_judge = counting
    cases = variants.draw_cases(ns)  # drawn before the switch: the same documents on and off
    switch = SWITCHES[args.family][1]() if args.off else contextlib.nullcontext()
    with switch:
        result = variants.run(cases, args.forms.split(","), ns)

    def tally(t: Any, key: str) -> dict[str, int]:
        return {
            "docs": t.docs,
            "right": t.right,
            "total": t.total,
            "silent": t.silent,
            "exact": t.exact,
            "raised": t.raised,
            "false_breaks": spurious[key],
        }

    out = tally(result.overall, "")
    out["by_family"] = {f: tally(t, f) for f, t in result.by_family.items()}  # type: ignore[assignment]
    out["by_form"] = {f: tally(t, "") for f, t in result.by_form.items()}  # type: ignore[assignment]
    out["crashed"] = len(result.crashed)
    print(json.dumps(out))


def configuration(family: str, off: bool, others: bool, args: argparse.Namespace) -> dict[str, Any]:
    cmd = [
        sys.executable,
        __file__,
        "--worker",
        "--family",
        family,
        "--n",
        str(args.n),
        "--seed",
        str(args.seed),
        "--forms",
        args.forms,
        *(["--off"] if off else []),
        *(["--others"] if others else []),
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if out.returncode:
        raise RuntimeError(f"{' '.join(cmd[1:])} failed:\n{out.stderr}")
    data: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return data


KEYS = ("right", "silent", "false_breaks", "raised")


def _cell(d: dict[str, Any]) -> str:
    pct = 100 * d["right"] / d["total"] if d["total"] else 0.0
    text = f"{pct:.2f}% ({d['right']}/{d['total']}), {d['silent']} silent"
    if d["false_breaks"]:
        text += f", {d['false_breaks']} false rule breaks"
    if d["raised"]:
        text += f", {d['raised']} raised"
    return text


def worse(off: dict[str, Any], on: dict[str, Any]) -> bool:
    return (
        off["right"] < on["right"]
        or off["silent"] > on["silent"]
        or off["false_breaks"] > on["false_breaks"]
        or off["raised"] > on["raised"]
    )


def _hurt(on: dict[str, Any], off: dict[str, Any]) -> str:
    """The other families whose documents read differently with F's handling off."""
    out = []
    for fam, t_on in on["by_family"].items():
        t_off = off["by_family"].get(fam)
        if t_off and any(t_off[k] != t_on[k] for k in KEYS):
            d = t_off["right"] - t_on["right"]
            s = t_off["silent"] - t_on["silent"]
            out.append(f"{fam} ({d:+d} cells, {s:+d} silent)")
    return "; ".join(out) or "–"


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--n", type=int, default=60, help="documents per configuration")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--forms", default="all", help="comma-separated, or all (default)")
    ap.add_argument("--families", default=",".join(SWITCHES))
    ap.add_argument("--jobs", type=int, default=2, help="configurations run at once")
    ap.add_argument("--out", default="")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--family", help=argparse.SUPPRESS)
    ap.add_argument("--off", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--others", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.forms == "all":
        sys.path[:0] = [str(ROOT)]
        from tests.variants.render import all_renderers

        args.forms = ",".join(all_renderers())
    if args.worker:
        worker(args)
        return
    families = [f for f in args.families.split(",") if f]
    for f in families:
        if f not in SWITCHES:
            ap.error(f"unknown family {f!r}; known: {', '.join(SWITCHES)}")
    configs = [
        (f, off, others) for f in families for others in (False, True) for off in (False, True)
    ]
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        done = list(pool.map(lambda c: configuration(*c, args), configs))
    results = dict(zip(configs, done, strict=True))
    forms = args.forms.split(",")
    lines = [
        "# Leave one family out",
        "",
        f"`python benchmarks/leave_one_out.py --n {args.n} --seed {args.seed}` — "
        f"{args.n} documents a configuration × {len(forms)} forms ({', '.join(forms)}). "
        "Each cell: cells right, silent cells (wrong or missing, unflagged); false rule "
        "breaks (failed checks on a consistent report) and raised parses when there are any. "
        "*others*: documents damaged by 1–4 families drawn from all but F.",
        "",
        "| family | handling switched off | F alone, on | F alone, off | others, on "
        "| others, off | verdict | others' families that read differently off |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for family in families:
        alone_on = results[(family, False, False)]
        alone_off = results[(family, True, False)]
        others_on = results[(family, False, True)]
        others_off = results[(family, True, True)]
        needed = worse(alone_off, alone_on)
        blind = all(others_off[k] == others_on[k] for k in KEYS)
        if needed and blind:
            verdict = "yes"
        elif needed:
            verdict = "needed; other families' tests also see it"
        elif blind:
            verdict = "**no effect**"
        else:
            verdict = "**F's own documents blind; others' see it**"
        lines.append(
            f"| {family} | {SWITCHES[family][0]} | {_cell(alone_on)} | {_cell(alone_off)} | "
            f"{_cell(others_on)} | {_cell(others_off)} | {verdict} | "
            f"{_hurt(others_on, others_off)} |"
        )
    lines += [
        "",
        "*verdict*: **yes** — with the handling off, F's own documents read worse (fewer cells "
        "right, or more silent cells, false rule breaks or raised parses) and the other "
        "families' documents read exactly as with it on, so only F's test catches its removal. "
        "**no effect** — F's handling, switched off, changes nothing the fuzzer measures: F's "
        "test does not test it.",
        "",
        "F alone, off, per form (cells right %, silent cells):",
        "",
        "| family | " + " | ".join(forms) + " |",
        "|---|" + "---|" * len(forms),
    ]
    for family in families:
        on = results[(family, False, False)]["by_form"]
        off = results[(family, True, False)]["by_form"]
        cells = []
        for form in forms:
            a, b = on.get(form), off.get(form)
            if not a or not b:
                cells.append("–")
                continue
            pct = 100 * b["right"] / b["total"] if b["total"] else 0.0
            mark = "" if all(a[k] == b[k] for k in KEYS) else "**"
            cells.append(f"{mark}{pct:.1f} ({b['silent']}){mark}")
        lines.append(f"| {family} | " + " | ".join(cells) + " |")
    lines += ["", "(bold: differs from the handling on)"]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
