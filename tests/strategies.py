"""Hypothesis strategies for consistent reports, as record dicts (spec JSON form).

Labels are typed here from the official templates, independently of
``gxparse.catalog``, so that a catalog mistake cannot hide in a round trip.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

APPLICANTS = (
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_services",
    "other_org",
)
APPLICANT_LABELS = (
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
)

# (row key, group label, last-level label) in template order.
HEAD = [
    ("received.new", "", "一、本年新收政府信息公开申请数量"),
    ("received.carried_over", "", "二、上年结转政府信息公开申请数量"),
    ("result.granted", "三、本年度办理结果", "（一）予以公开"),
    (
        "result.partially_granted",
        "三、本年度办理结果",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ),
    ("result.denied.state_secret", "（三）不予公开", "1.属于国家秘密"),
    ("result.denied.prohibited_by_law", "（三）不予公开", "2.其他法律行政法规禁止公开"),
    ("result.denied.security_stability", "（三）不予公开", "3.危及“三安全一稳定”"),
    ("result.denied.third_party", "（三）不予公开", "4.保护第三方合法权益"),
    ("result.denied.internal_affairs", "（三）不予公开", "5.属于三类内部事务信息"),
    ("result.denied.process_information", "（三）不予公开", "6.属于四类过程性信息"),
    ("result.denied.enforcement_file", "（三）不予公开", "7.属于行政执法案卷"),
    ("result.denied.administrative_query", "（三）不予公开", "8.属于行政查询事项"),
    ("result.unavailable.not_held", "（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("result.unavailable.needs_creation", "（四）无法提供", "2.没有现成信息需要另行制作"),
    ("result.unavailable.unclear", "（四）无法提供", "3.补正后申请内容仍不明确"),
    ("result.not_processed.petition", "（五）不予处理", "1.信访举报投诉类申请"),
    ("result.not_processed.duplicate", "（五）不予处理", "2.重复申请"),
    ("result.not_processed.publication", "（五）不予处理", "3.要求提供公开出版物"),
    ("result.not_processed.excessive", "（五）不予处理", "4.无正当理由大量反复申请"),
    (
        "result.not_processed.confirmation",
        "（五）不予处理",
        "5.要求行政机关确认或重新出具已获取信息",
    ),
]
OTHER_SPLIT = [
    (
        "result.other.overdue_correction",
        "（六）其他处理",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    (
        "result.other.overdue_fee",
        "（六）其他处理",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    ("result.other.other", "（六）其他处理", "3.其他"),
]
OTHER_SINGLE = [("result.other", "三、本年度办理结果", "（六）其他处理")]
TAIL = [
    ("result.total", "三、本年度办理结果", "（七）总计"),
    ("carried_forward", "", "四、结转下年度继续办理"),
]

REVIEW_GROUPS = ("review", "litigation_direct", "litigation_after_review")
REVIEW_COLUMNS = ("upheld", "corrected", "other", "pending", "total")

# 表二: item key -> (label, [(column key, header label, kind)]) ; kind: count|signed|money
ACTIVE_2021 = {
    "regulations": (
        "规章",
        [
            ("issued", "本年制发件数", "count"),
            ("repealed", "本年废止件数", "count"),
            ("in_force", "现行有效件数", "count"),
        ],
    ),
    "normative_documents": (
        "行政规范性文件",
        [
            ("issued", "本年制发件数", "count"),
            ("repealed", "本年废止件数", "count"),
            ("in_force", "现行有效件数", "count"),
        ],
    ),
    "licensing": ("行政许可", [("decisions", "本年处理决定数量", "count")]),
    "penalty": ("行政处罚", [("decisions", "本年处理决定数量", "count")]),
    "coercion": ("行政强制", [("decisions", "本年处理决定数量", "count")]),
    "fees": ("行政事业性收费", [("amount", "本年收费金额（单位：万元）", "money")]),
}
_ITEMS19 = [
    ("previous_items", "上一年项目数量", "count"),
    ("change", "本年增/减", "signed"),
    ("decisions", "处理决定数量", "count"),
]
ACTIVE_2019 = {
    "regulations": (
        "规章",
        [
            ("made", "本年新制作数量", "count"),
            ("published", "本年新公开数量", "count"),
            ("public_total", "对外公开总数量", "count"),
        ],
    ),
    "normative_documents": (
        "规范性文件",
        [
            ("made", "本年新制作数量", "count"),
            ("published", "本年新公开数量", "count"),
            ("public_total", "对外公开总数量", "count"),
        ],
    ),
    "licensing": ("行政许可", _ITEMS19),
    "other_services": ("其他对外管理服务事项", _ITEMS19),
    "penalty": ("行政处罚", _ITEMS19),
    "coercion": ("行政强制", _ITEMS19),
    "fees": ("行政事业性收费", _ITEMS19[:2]),
    "procurement": (
        "政府集中采购",
        [("items", "采购项目数量", "count"), ("amount", "采购总金额", "money")],
    ),
}
# 表二 sections: (第二十条 item, item keys) in printed order.
SECTIONS_2021 = [
    ("第二十条第（一）项", ["regulations", "normative_documents"]),
    ("第二十条第（五）项", ["licensing"]),
    ("第二十条第（六）项", ["penalty", "coercion"]),
    ("第二十条第（八）项", ["fees"]),
]
SECTIONS_2019 = [
    ("第二十条第（一）项", ["regulations", "normative_documents"]),
    ("第二十条第（五）项", ["licensing", "other_services"]),
    ("第二十条第（六）项", ["penalty", "coercion"]),
    ("第二十条第（八）项", ["fees"]),
    ("第二十条第（九）项", ["procurement"]),
]

AGENCIES = (
    "青岛市人力资源和社会保障局",
    "卫滨区人力资源和社会保障局",
    "淮安市洪泽区人民政府",
    "山东省人力资源和社会保障厅",
    "某某县生态环境局",
    "杭州市西湖区教育局",
)


def layout_rows(layout: str) -> list[tuple[str, str, str]]:
    return [*HEAD, *(OTHER_SPLIT if layout == "split_other" else OTHER_SINGLE), *TAIL]


def active_spec(template: str) -> dict[str, tuple[str, list[tuple[str, str, str]]]]:
    return ACTIVE_2021 if template == "2021" else ACTIVE_2019


def sections(template: str) -> list[tuple[str, list[str]]]:
    return SECTIONS_2021 if template == "2021" else SECTIONS_2019


small = st.one_of(st.just(0), st.just(0), st.integers(0, 9), st.integers(10, 400))
money = st.builds(
    lambda whole, frac, digits: (
        str(Decimal(whole) + Decimal(frac) / Decimal(10**digits)) if digits else str(whole)
    ),
    st.integers(0, 99999),
    st.integers(0, 9999),
    st.sampled_from([0, 1, 2, 3, 4]),
).filter(lambda s: len(s.split(".")[-1]) <= 4)


@st.composite
def active(draw: st.DrawFn, template: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for key, (_, cols) in active_spec(template).items():
        out[key] = {}
        for col, _, kind in cols:
            if kind == "money":
                out[key][col] = draw(money)
            elif kind == "signed":
                out[key][col] = draw(st.integers(-20, 20))
            else:
                out[key][col] = draw(st.one_of(small, st.integers(1000, 40000)))
    return out


@st.composite
def applications(draw: st.DrawFn, layout: str) -> dict[str, dict[str, int]]:
    keys = [k for k, _, _ in layout_rows(layout)]
    leaves = [k for k in keys if k.startswith("result.") and k != "result.total"]
    table: dict[str, dict[str, int]] = {k: {} for k in keys}
    for col in APPLICANTS:
        busy = draw(st.booleans()) if col != "natural_person" else True
        for k in leaves:
            table[k][col] = draw(small) if busy else 0
        total = sum(table[k][col] for k in leaves)
        table["result.total"][col] = total
        forward = draw(small) if busy else 0
        table["carried_forward"][col] = forward
        carried = draw(st.integers(0, total + forward))
        table["received.carried_over"][col] = carried
        table["received.new"][col] = total + forward - carried
    for k in keys:
        table[k]["total"] = sum(table[k][c] for c in APPLICANTS)
    return {k: {c: table[k][c] for c in (*APPLICANTS, "total")} for k in keys}


@st.composite
def review(draw: st.DrawFn) -> dict[str, dict[str, int]]:
    out = {}
    for g in REVIEW_GROUPS:
        parts = [draw(st.one_of(st.just(0), st.integers(0, 30))) for _ in range(4)]
        out[g] = dict(zip(REVIEW_COLUMNS, [*parts, sum(parts)], strict=True))
    return out


@st.composite
def reports(draw: st.DrawFn, template: str | None = None) -> dict[str, Any]:
    """A consistent report record (R1-R4 hold) in the spec's JSON form."""
    template = template or draw(st.sampled_from(["2021", "2019"]))
    if template == "2021":
        layout = draw(st.sampled_from(["split_other", "split_other", "single_other"]))
        year = draw(st.integers(2021, 2025))
    else:
        layout = "single_other"
        year = draw(st.integers(2019, 2020))
    return {
        "meta": {"agency": draw(st.sampled_from(AGENCIES)), "year": year, "template": template},
        "active_disclosure": draw(active(template)),
        "applications": draw(applications(layout)),
        "review_litigation": draw(review()),
    }
