"""detect -> rank -> read -> check -> fall back, keeping every attempt.

Every reader that accepts the document's format scores it; they are tried in
order of score, and the first that reads it wins. A reader that fails does
not end the run: its failure is recorded and the next one is tried. What was
tried, with scores and outcomes, goes into ``report.source.attempts``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from attrs import evolve

from gxparse import checks, doubt, narrative, readers
from gxparse.assemble import Extraction
from gxparse.errors import (
    GxparseError,
    NotAReportError,
    ReaderError,
    ReconciliationError,
    SourceError,
)
from gxparse.readers.base import Detection, Reader
from gxparse.record import Attempt, Report, Source
from gxparse.sources.base import Document

log = logging.getLogger("gxparse")


def rank(doc: Document, candidates: Sequence[Reader]) -> list[tuple[Reader, Detection]]:
    """Readers that accept ``doc``'s format, best score first."""
    scored = []
    for reader in candidates:
        if doc.format not in reader.formats:
            continue
        detection = reader.detect(doc)
        scored.append((reader, detection))
    scored.sort(key=lambda rd: rd[1].score, reverse=True)
    return scored


def run(
    doc: Document, *, reader_names: Sequence[str] | None = None, strict: bool = False
) -> Report:
    candidates = readers.available(reader_names)
    ranked = rank(doc, candidates)
    attempts: list[Attempt] = []
    failure: GxparseError | None = None
    chosen: tuple[Reader, Extraction] | None = None
    forced = reader_names is not None
    for reader, detection in ranked:
        if chosen is not None:
            attempts.append(Attempt(reader.name, detection.score, "not tried", detection.reasons))
            continue
        if detection.score <= 0 and not forced:
            attempts.append(Attempt(reader.name, detection.score, "declined", detection.reasons))
            continue
        try:
            extraction = reader.read(doc)
        except (ReaderError, NotAReportError) as exc:
            log.info("reader %s failed on %s: %s", reader.name, doc.name, exc)
            attempts.append(
                Attempt(reader.name, detection.score, f"failed: {exc.detail}", detection.reasons)
            )
            failure = failure if isinstance(failure, NotAReportError) else exc
            continue
        attempts.append(Attempt(reader.name, detection.score, "chosen", detection.reasons))
        chosen = (reader, extraction)
    if chosen is None:
        if not ranked:
            raise SourceError(f"no reader accepts {doc.format} documents", path=doc.path)
        if isinstance(failure, NotAReportError) or failure is None:
            raise NotAReportError(path=doc.path)
        raise SourceError(f"every reader failed; last error: {failure.detail}", path=doc.path)
    reader, ex = chosen
    report = Report(
        source=Source(
            path=doc.path,
            sha256=doc.sha256,
            format=doc.format,
            reader=reader.name,
            pages=ex.pages if ex.pages is not None else doc.pages,
            attempts=tuple(attempts),
        ),
        meta=ex.meta,
        active_disclosure=ex.active_disclosure,
        applications=ex.applications,
        review_litigation=ex.review_litigation,
        warnings=ex.warnings,
        statements=ex.statements,
    )
    report = evolve(report, checks=checks.run(report.applications, report.review_litigation))
    readings = getattr(doc, "ocr_readings", None)
    if readings is not None:  # an OCR'd document: confidences, and the rules as evidence
        from gxparse import ocr_choice

        report = ocr_choice.apply(report, readings)
    prose_checks, prose_warnings = narrative.check(report)
    report = evolve(
        report,
        checks=(*report.checks, *prose_checks),
        warnings=(*report.warnings, *prose_warnings),
    )
    report = doubt.mark(report)
    if strict and not report.ok:
        failed = report.failed_checks
        raise ReconciliationError(
            f"{doc.name}: {len(failed)} reconciliation check(s) failed: "
            + "; ".join(c.message for c in failed[:5]),
            failed=failed,
        )
    return report
