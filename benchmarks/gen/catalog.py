"""Row/column keys and printed labels of the three statutory tables, per template.

This is the generator's own copy of the catalogue in ``shared/spec/record.md``: it is
deliberately independent of the ``gxparse`` package so that the corpus stays an
outside source of truth.
"""

from __future__ import annotations

from dataclasses import dataclass

SCHEMA = "gxparse/record@1"

APPLICANTS = (
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_services",
    "other_org",
)
APPLICATION_COLUMNS = (*APPLICANTS, "total")

REVIEW_GROUPS = ("review", "litigation_direct", "litigation_after_review")
REVIEW_PARTS = ("upheld", "corrected", "other", "pending")
REVIEW_COLUMNS = (*REVIEW_PARTS, "total")

ACTIVE_2021: dict[str, tuple[str, ...]] = {
    "regulations": ("issued", "repealed", "in_force"),
    "normative_documents": ("issued", "repealed", "in_force"),
    "licensing": ("decisions",),
    "penalty": ("decisions",),
    "coercion": ("decisions",),
    "fees": ("amount",),
}
_ITEMS_2019 = ("previous_items", "change", "decisions")
ACTIVE_2019: dict[str, tuple[str, ...]] = {
    "regulations": ("made", "published", "public_total"),
    "normative_documents": ("made", "published", "public_total"),
    "licensing": _ITEMS_2019,
    "other_services": _ITEMS_2019,
    "penalty": _ITEMS_2019,
    "coercion": _ITEMS_2019,
    "fees": ("previous_items", "change"),
    "procurement": ("items", "amount"),
}


@dataclass(frozen=True)
class RowLabel:
    """One 表三 row: its key and the printed label in up to three nested label columns."""

    key: str
    leaf: str
    top: str | None = None
    mid: str | None = None


_RESULT = "三、本年度办理结果"
_DENIED = "（三）不予公开"
_UNAVAILABLE = "（四）无法提供"
_NOT_PROCESSED = "（五）不予处理"
_OTHER = "（六）其他处理"

_HEAD_ROWS = (
    RowLabel("received.new", "一、本年新收政府信息公开申请数量"),
    RowLabel("received.carried_over", "二、上年结转政府信息公开申请数量"),
    RowLabel("result.granted", "（一）予以公开", _RESULT),
    RowLabel(
        "result.partially_granted",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        _RESULT,
    ),
    RowLabel("result.denied.state_secret", "1.属于国家秘密", _RESULT, _DENIED),
    RowLabel("result.denied.prohibited_by_law", "2.其他法律行政法规禁止公开", _RESULT, _DENIED),
    RowLabel("result.denied.security_stability", "3.危及“三安全一稳定”", _RESULT, _DENIED),
    RowLabel("result.denied.third_party", "4.保护第三方合法权益", _RESULT, _DENIED),
    RowLabel("result.denied.internal_affairs", "5.属于三类内部事务信息", _RESULT, _DENIED),
    RowLabel("result.denied.process_information", "6.属于四类过程性信息", _RESULT, _DENIED),
    RowLabel("result.denied.enforcement_file", "7.属于行政执法案卷", _RESULT, _DENIED),
    RowLabel("result.denied.administrative_query", "8.属于行政查询事项", _RESULT, _DENIED),
    RowLabel("result.unavailable.not_held", "1.本机关不掌握相关政府信息", _RESULT, _UNAVAILABLE),
    RowLabel(
        "result.unavailable.needs_creation", "2.没有现成信息需要另行制作", _RESULT, _UNAVAILABLE
    ),
    RowLabel("result.unavailable.unclear", "3.补正后申请内容仍不明确", _RESULT, _UNAVAILABLE),
    RowLabel("result.not_processed.petition", "1.信访举报投诉类申请", _RESULT, _NOT_PROCESSED),
    RowLabel("result.not_processed.duplicate", "2.重复申请", _RESULT, _NOT_PROCESSED),
    RowLabel("result.not_processed.publication", "3.要求提供公开出版物", _RESULT, _NOT_PROCESSED),
    RowLabel("result.not_processed.excessive", "4.无正当理由大量反复申请", _RESULT, _NOT_PROCESSED),
    RowLabel(
        "result.not_processed.confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
        _RESULT,
        _NOT_PROCESSED,
    ),
)
_OTHER_SPLIT = (
    RowLabel(
        "result.other.overdue_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        _RESULT,
        _OTHER,
    ),
    RowLabel(
        "result.other.overdue_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        _RESULT,
        _OTHER,
    ),
    RowLabel("result.other.other", "3.其他", _RESULT, _OTHER),
)
_OTHER_SINGLE = (RowLabel("result.other", _OTHER, _RESULT),)
_TAIL_ROWS = (
    RowLabel("result.total", "（七）总计", _RESULT),
    RowLabel("carried_forward", "四、结转下年度继续办理"),
)


def application_rows(single_other: bool) -> tuple[RowLabel, ...]:
    """表三 rows in template order; ``single_other`` keeps one undivided （六） row."""
    other = _OTHER_SINGLE if single_other else _OTHER_SPLIT
    return (*_HEAD_ROWS, *other, *_TAIL_ROWS)


def result_leaves(single_other: bool) -> tuple[str, ...]:
    """The ``result.*`` leaf row keys that add up to ``result.total`` (rule R2)."""
    return tuple(
        row.key
        for row in application_rows(single_other)
        if row.key.startswith("result.") and row.key != "result.total"
    )


def has_single_other(applications: dict[str, dict[str, int]]) -> bool:
    """Whether a 表三 mapping uses the undivided （六）其他处理 row."""
    return "result.other" in applications
