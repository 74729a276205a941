"""The README example runs and prints what the README says it prints."""

from __future__ import annotations

import contextlib
import io
import os
import re

from .conftest import ROOT


def test_readme_example_output() -> None:
    text = (ROOT / "README.md").read_text("utf-8")
    m = re.search(r"```python\n(.*?)```\n\nprints\n\n```text\n(.*?)```", text, flags=re.S)
    assert m, "README lost its example"
    code, shown = m.group(1), m.group(2)
    out = io.StringIO()
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    assert out.getvalue() == shown
