"""Packaging facts: one version, a changelog entry for it, README's commands in CI."""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version

import gxparse

from .conftest import ROOT


def test_version_is_single_sourced() -> None:
    try:
        installed = version("gxparse")
    except PackageNotFoundError as exc:  # pragma: no cover - README's test command installs it
        raise AssertionError("gxparse is not installed: run README's test command") from exc
    assert installed == gxparse.__version__


def test_changelog_has_the_version() -> None:
    text = (ROOT / "CHANGELOG.md").read_text("utf-8")
    assert f"## [{gxparse.__version__}]" in text


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    return re.findall(r"```(?:bash|sh|console)\n(.*?)```", text, flags=re.S)


def test_ci_runs_readme_test_command() -> None:
    blocks = _readme_commands()
    test_cmd = next(b.strip() for b in blocks if "pytest" in b)
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert test_cmd in ci


def test_public_api() -> None:
    assert callable(gxparse.parse)
    for name in gxparse.__all__:
        assert hasattr(gxparse, name), name
