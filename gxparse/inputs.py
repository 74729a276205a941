"""Reports for commands that compare them: report files parsed, or records already made.

``gxparse panel`` and ``gxparse diff`` take report files (parsed here, in isolated
workers, as ``gxparse parse`` does) and the records an earlier run wrote
(``gxparse parse`` JSONL or JSON: one record, an array of records, or one a line), so
that a panel can be built from last week's batch without parsing again. A record file
is one named ``.json`` or ``.jsonl``; its error lines (``gxparse/error@1``) come back as
errors, as a file that fails to parse does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from attrs import frozen

from gxparse import isolate, paths
from gxparse.batch import ERROR_SCHEMA
from gxparse.errors import SourceError
from gxparse.record import Report
from gxparse.serialize import report_from_dict

RECORD_SUFFIXES = (".json", ".jsonl")


class RecordFileError(SourceError):
    """A ``.json``/``.jsonl`` file that holds no gxparse record."""

    message = "not a file of gxparse/record@1 records"


@frozen
class Failure:
    """A document that gave no report: its path and why."""

    path: str
    error: str
    message: str


def is_record_file(path: str | Path) -> bool:
    return Path(path).suffix.lower() in RECORD_SUFFIXES


def _records_in(path: str, data: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(data, dict):
        yield data
    elif isinstance(data, list):
        yield from data
    else:
        raise RecordFileError("it holds neither a record nor a list of records", path=path)


def read_records(path: str) -> tuple[list[Report], list[Failure]]:
    """The records of a ``.json``/``.jsonl`` file, and its error lines as failures.

    Raises ``RecordFileError`` (naming the file and the line) for text that is not JSON
    or a JSON object that is not a record, and ``SourceNotFoundError`` for no file."""
    from gxparse.sources import SourceNotFoundError

    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SourceNotFoundError(path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RecordFileError(f"cannot be read ({exc})", path=path) from None
    items: list[tuple[int | None, Any]] = []
    try:
        items = [(None, item) for item in _records_in(path, json.loads(text))]
    except json.JSONDecodeError:  # one record a line
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                items.append((n, json.loads(line)))
            except json.JSONDecodeError as exc:
                raise RecordFileError(f"line {n} is not JSON ({exc.msg})", path=path) from None
    reports, failures = [], []
    for number, item in items:
        where = f"line {number}" if number is not None else "the record"
        if not isinstance(item, dict):
            raise RecordFileError(f"{where} is not a JSON object", path=path)
        if item.get("schema") == ERROR_SCHEMA:
            failures.append(
                Failure(
                    str(item.get("path")),
                    str(item.get("error", "Error")),
                    str(item.get("message", "")),
                )
            )
            continue
        try:
            reports.append(report_from_dict(item))
        except (ValueError, KeyError, TypeError) as exc:
            raise RecordFileError(f"{where} is not a gxparse record: {exc}", path=path) from None
    return reports, failures


def parse_files(
    files: list[str],
    *,
    jobs: int | None = None,
    timeout: float | None = isolate.DEFAULT_TIMEOUT,
    memory: int | None = isolate.DEFAULT_MEMORY,
    readers: list[str] | None = None,
) -> tuple[list[Report], list[Failure]]:
    """Parse report files in isolated workers (``jobs=0``: in this process), in the order
    given; a file that fails is a ``Failure``."""
    done: dict[str, isolate.Outcome] = {}
    for outcome in isolate.parse_many(
        files, jobs=jobs, timeout=timeout, memory=memory, readers=readers
    ):
        done[outcome.path] = outcome
    reports, failures = [], []
    for path in files:
        o = done[path]
        if o.text is None:
            failures.append(Failure(path, o.error or "Error", o.message or path))
        else:
            reports.append(report_from_dict(json.loads(o.text)))
    return reports, failures


def from_lines(lines: Iterable[dict[str, Any]]) -> tuple[list[Report], list[Failure]]:
    """Reports and failures from stream lines (what ``batch.run`` writes)."""
    reports, failures = [], []
    for line in lines:
        if line.get("schema") == ERROR_SCHEMA:
            failures.append(
                Failure(str(line.get("path")), str(line.get("error")), str(line.get("message")))
            )
        else:
            reports.append(report_from_dict(line))
    return reports, failures


Source = Report | Mapping[str, Any] | str | Path


def load(
    sources: Iterable[Source],
    *,
    jobs: int | None = None,
    timeout: float | None = isolate.DEFAULT_TIMEOUT,
    memory: int | None = isolate.DEFAULT_MEMORY,
    readers: list[str] | None = None,
) -> tuple[list[Report], list[Failure]]:
    """Reports from ``Report`` objects, record dicts, record files and report files, folders
    and globs (expanded as the command line expands them; reports parsed); in the order
    given, parsed reports last."""
    reports: list[Report] = []
    failures: list[Failure] = []
    named: list[str] = []
    for item in sources:
        if isinstance(item, Report):
            reports.append(item)
        elif isinstance(item, Mapping):
            reports.append(report_from_dict(item))
        else:
            named.append(str(item))
    files = []
    for path in paths.expand(named) if named else ():  # folders and globs, as the CLI does
        if is_record_file(path):
            got, bad = read_records(path)
            reports += got
            failures += bad
        else:
            files.append(path)
    if files:
        got, bad = parse_files(files, jobs=jobs, timeout=timeout, memory=memory, readers=readers)
        reports += got
        failures += bad
    return reports, failures


__all__ = ["Failure", "RecordFileError", "load", "parse_files", "read_records"]
