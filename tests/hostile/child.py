"""The child side of ``run``: parse one path and write how it ended as JSON.

    python -m tests.hostile.child PATH RESULT_JSON SPEC_JSON

SPEC_JSON holds ``baseline`` (a fixture path or null), ``changed`` (the one cell
the input altered) and ``forbidden`` (text that must not reach the record).
The process leaves with ``os._exit`` so a huge half-built object graph is not
torn down piece by piece.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if f"{os.sep}gxparse{os.sep}" in f.filename] or frames
    if not ours:
        return ""
    f = ours[-1]
    name = f.filename
    cut = name.rfind(f"{os.sep}gxparse{os.sep}")
    if cut >= 0:
        name = name[cut + 1 :]
    return f"{name}:{f.lineno} in {f.name}"


def _cells(report: Any) -> dict[tuple[str, str, str], object]:
    return {(t, r, c): v.value for t, r, c, v in report.cells()}


def _compare(report: Any, spec: dict[str, Any], result: dict[str, Any]) -> None:
    import gxparse

    if spec.get("forbidden") and spec["forbidden"] in report.to_json():
        result["outcome"] = "wrong"
        result["leak"] = True
        result["message"] = f"the record holds {spec['forbidden']!r} (an external entity was read)"
    if not spec.get("baseline"):
        return
    want = _cells(gxparse.parse(spec["baseline"]))
    got = _cells(report)
    changed = tuple(spec["changed"]) if spec.get("changed") else None
    wrong: list[str] = []
    lost: list[str] = []
    for key in sorted(want.keys() | got.keys()):
        if key == changed or want.get(key) == got.get(key):
            continue
        (lost if got.get(key) is None else wrong).append(
            f"{'/'.join(key)}: {want.get(key)!r} -> {got.get(key)!r}"
        )
    result["wrong"], result["lost"] = wrong, lost
    if wrong:
        result["outcome"] = "wrong"
        result["message"] = f"{len(wrong)} cells silently wrong: {'; '.join(wrong[:3])}"


def main(path: str, result_file: str, spec_json: str) -> None:
    spec = json.loads(spec_json)
    result: dict[str, Any]
    started = time.perf_counter()
    try:
        import gxparse
        from gxparse.errors import GxparseError, SourceError

        try:
            report = gxparse.parse(Path(path))  # a path (a str holding a newline is text)
        except GxparseError as exc:
            message = str(exc)
            internal = type(exc).__name__ == "InternalError"  # a bug, wrapped: not an answer
            result = {
                "outcome": "internal" if internal else "error",
                "type": type(exc).__name__,
                "message": message[:500],
                "source_error": isinstance(exc, SourceError),
                "names_path": message.startswith(path),
            }
        else:
            result = {
                "outcome": "record",
                "cells": sum(1 for _ in report.cells()),
                "warnings": len(report.warnings),
            }
            result["seconds"] = time.perf_counter() - started
            _compare(report, spec, result)
    except BaseException as exc:  # the point: anything that is not a GxparseError
        result = {
            "outcome": "crash",
            "type": type(exc).__name__,
            "message": str(exc)[:500],
            "where": _where(exc),
        }
        del exc
    result.setdefault("seconds", time.perf_counter() - started)
    with open(result_file, "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main(*sys.argv[1:4])
