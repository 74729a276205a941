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
    report = _read_with_pictures(doc, reader_names)
    if strict and not report.ok:
        failed = report.failed_checks
        raise ReconciliationError(
            f"{doc.name}: {len(failed)} reconciliation check(s) failed: "
            + "; ".join(c.message for c in failed[:5]),
            failed=failed,
        )
    return report


def _read_with_pictures(doc: Document, reader_names: Sequence[str] | None) -> Report:
    """``doc`` read; when tables (or rows of them) are missing from it and it is a text PDF
    holding pictures with no text over them, read again with those pictures OCR'd
    (tables pasted as pictures, ``sources.ocr_pictures``), and that record taken when it
    lacks less. A record with every row of every table, or a document without such
    pictures, is read once, exactly as before. Without the OCR extra the record says
    what was left unread (or the error does, when no table was found)."""
    report: Report | None = None
    try:
        report = _read(doc, reader_names)
    except NotAReportError as exc:
        error = exc
    if report is not None and not any(_missing(report)):
        return report
    from gxparse.sources import ocr_engine, ocr_pictures
    from gxparse.sources.pdf import PdfDocument

    found = ocr_pictures.regions(doc)
    if not found or not isinstance(doc, PdfDocument):
        if report is None:
            raise error
        return report
    if not ocr_engine.available():
        if report is None:
            raise ocr_pictures.unread_error(found, path=doc.path)
        return evolve(report, warnings=(*report.warnings, ocr_pictures.unread_warning(found)))
    pictured = ocr_pictures.with_pictures(doc, found)
    log.info("%s: %d picture region(s) read by OCR", doc.name, len(pictured.ocr_regions))
    try:
        again = _read(pictured, reader_names)
    except NotAReportError:
        if report is None:
            raise
        return report
    if report is not None and _missing(again) >= _missing(report):
        return report  # the pictures held nothing the text lacked
    return again


def _missing(report: Report) -> tuple[int, int]:
    """How many of the three tables, and then of their rows, the record lacks."""
    codes = [w.code for w in report.warnings]
    return codes.count("table_missing"), codes.count("row_missing")


def _read(doc: Document, reader_names: Sequence[str] | None) -> Report:
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
    return doubt.mark(report)
