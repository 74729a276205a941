"""The wheel builds, passes twine check, installs into a fresh venv and runs (slow: not in CI)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES, ROOT

pytestmark = pytest.mark.slow


def _run(*cmd: str, cwd: Path | None = None) -> str:
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_wheel_installs_and_runs(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    _run(sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT))
    _run(sys.executable, "-m", "twine", "check", *map(str, dist.iterdir()))
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", str(venv))
    wheel = next(dist.glob("*.whl"))
    _run(str(venv / "bin" / "pip"), "install", "--quiet", str(wheel))
    out = _run(
        str(venv / "bin" / "gxparse"),
        "parse",
        str(FIXTURES / "seed_000_cells" / "source.txt"),
        cwd=tmp_path,
    )
    assert '"schema": "gxparse/record@1"' in out
