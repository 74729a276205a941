"""What a reader is: a name, the formats it takes, ``detect`` and ``read``.

``detect`` scores how well the reader fits a document, 0 to 1, with reasons;
it never raises. The score means the same for every reader: 0 = this is not
my layout (or not a report), 1 = certainly mine. ``read`` returns an
``Extraction`` or raises: ``ReaderError`` when it cannot make sense of the
document (the pipeline then tries the next reader), a ``SourceError`` when
the input itself is bad.
"""

from __future__ import annotations

from typing import ClassVar, Protocol

from attrs import frozen

from gxparse.assemble import Extraction
from gxparse.labels import core
from gxparse.sources.base import Document


@frozen
class Detection:
    score: float
    reasons: tuple[str, ...] = ()

    @classmethod
    def no(cls, reason: str) -> Detection:
        return cls(0.0, (reason,))


class Reader(Protocol):
    name: ClassVar[str]
    formats: ClassVar[tuple[str, ...]]

    def detect(self, doc: Document) -> Detection: ...

    def read(self, doc: Document) -> Extraction: ...


# Landmarks of a report's tables: a document showing none of them is not a report.
LANDMARKS = (
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "本年新收政府信息公开申请数量",
    "本年新增政府信息公开申请数量",
    "上年结转政府信息公开申请数量",
    "予以公开",
    "不予公开",
    "结转下年度继续办理",
    "行政复议",
    "规章",
)


def report_signal(text: str) -> float:
    """Share of table landmarks found in ``text`` (0 for anything but a report)."""
    c = core(text)
    hits = sum(1 for mark in LANDMARKS if core(mark) in c)
    return min(1.0, hits / 6)
