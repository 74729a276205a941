"""The variant fuzzer (issue #10): damaged reports never parse to a silent wrong value.

A consistent report (``tests.strategies.reports``) is printed as the template prints it
(``tests/variants/build.py``), damaged the ways real reports are printed
(``tests/variants/damage.py``: one family per test, then several at once), rendered in a
form gxparse reads (``tests/variants/render.py``) and parsed. The property is the
scorer's: every cell is right, or the record flags it -- a failed check or a warning
naming its row -- and a cell the damage made unknowable is null or flagged. Accuracy is
not asserted here; ``benchmarks/variants.py`` measures it per family and form.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import Phase, given, note, settings
from hypothesis import strategies as st

from .make_docx_html_fixtures import make_record
from .strategies import reports
from .variants.damage import FAMILIES, Case, cases, damage, undamaged
from .variants.judge import Verdict, parse_and_judge
from .variants.render import RENDERERS, render

FORMS = sorted(RENDERERS)  # the text forms and html; docx/pdf are benchmarks/variants.py's

# The loaded profile (``ci`` by default), without shrinking: every example parses six
# forms and its damages hang on one seeded ``Random``, so shrinking takes minutes and
# gains little; the failing example is printed whole instead.
no_shrink = settings(phases=[p for p in Phase if p != Phase.shrink])


def _explain(case: Case, form: str, verdict: Verdict, source: str | bytes) -> str:
    lines = [f"form={form} variants={case.variants} error={verdict.error or '-'}"]
    lines += [
        f"  silent {s.kind} {s.key}: truth {s.expected!r}, parsed {s.found!r}"
        for s in verdict.silent[:10]
    ]
    text = source.decode("utf-8", "replace") if isinstance(source, bytes) else source
    lines.append(text[:6000])
    return "\n".join(lines)


def _no_silent_error(case: Case) -> None:
    """Render ``case`` in every form; no parse may hold a silent wrong value."""
    failures = []
    for form in FORMS:
        verdict, source = parse_and_judge(case, form)
        if verdict.silent:
            note(_explain(case, form, verdict, source))
            failures.append((form, [(s.kind, s.key, s.expected, s.found) for s in verdict.silent]))
    assert not failures, failures


@pytest.mark.parametrize("family", list(FAMILIES))
@no_shrink
@given(data=st.data())
def test_one_family_never_gives_a_silent_wrong_value(family: str, data: st.DataObject) -> None:
    _no_silent_error(data.draw(cases([family]), label="case"))


@no_shrink
@given(case=cases())
def test_several_families_never_give_a_silent_wrong_value(case: Case) -> None:
    _no_silent_error(case)


@pytest.mark.parametrize("form", FORMS)
@given(record=reports())
def test_the_template_print_parses_exactly(form: str, record: dict) -> None:
    """The undamaged print is read exactly in each form with a reader (the baseline the
    families are measured against)."""
    verdict, source = parse_and_judge(undamaged(record), form)
    assert not verdict.error, verdict.error
    assert verdict.right == verdict.total and not verdict.silent, _explain(
        undamaged(record), form, verdict, source
    )


def test_families_are_deterministic_given_a_seed() -> None:
    record = make_record(3, template="2019")
    for family in FAMILIES:
        a = damage(record, [family], random.Random(7))
        b = damage(record, [family], random.Random(7))
        assert a.doc == b.doc and a.variants == b.variants and a.unknowable == b.unknowable
        for form in FORMS:
            assert render(form, a) == render(form, b)
