"""The statutory table templates as data: keys, Chinese labels, variants, rules.

Everything a reader or a check needs to know about the 2019 template
(国办公开办函〔2019〕60号) and the 2021 template (国办公开办函〔2021〕30号)
lives here and nowhere else. Labels are written as printed in the template;
``variants`` hold other wordings seen in real reports (typos included).
Matching happens on normalised text (see ``labels.normalize``), so spacing,
bracket width and numbering style need no variants of their own.
"""

from __future__ import annotations

from collections.abc import Mapping

from attrs import frozen

TEMPLATES = ("2021", "2019")

ACTIVE = "active_disclosure"
APPLICATIONS = "applications"
REVIEW = "review_litigation"
TABLES = (ACTIVE, APPLICATIONS, REVIEW)

TABLE_TITLES: Mapping[str, str] = {
    ACTIVE: "主动公开政府信息情况",
    APPLICATIONS: "收到和处理政府信息公开申请情况",
    REVIEW: "政府信息公开行政复议、行政诉讼情况",
}
# Headings that open each statutory table, and the ones that close the last. Hints only:
# tables are found by what they contain (``locate``); the PDF and HTML readers use these to
# see where a page's table ends and where a report's tables begin.
TABLE_HEADINGS: Mapping[str, tuple[str, ...]] = {
    ACTIVE: ("主动公开政府信息情况",),
    APPLICATIONS: ("收到和处理政府信息公开申请情况",),
    REVIEW: ("行政复议、行政诉讼情况", "行政复议行政诉讼情况", "被申请行政复议、提起行政诉讼情况"),
}
END_HEADINGS = ("存在的主要问题及改进情况", "存在的主要问题和改进情况", "其他需要报告的事项")


@frozen
class Column:
    key: str
    label: str
    variants: tuple[str, ...] = ()
    money: bool = False
    signed: bool = False

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.variants)


@frozen
class Item:
    """A row of 表二 with the columns it carries, in printed order."""

    key: str
    label: str
    columns: tuple[Column, ...]
    variants: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.variants)


@frozen
class Row:
    """A row of 表三: key, last-level label, the group labels above it."""

    key: str
    label: str
    groups: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.variants)


# -- 表二 ---------------------------------------------------------------------

_ISSUED = Column("issued", "本年制发件数", ("本年新制发件数",))
_REPEALED = Column("repealed", "本年废止件数")
_IN_FORCE = Column("in_force", "现行有效件数")
_DECISIONS = Column("decisions", "本年处理决定数量", ("处理决定数量", "本年处理决定数"))
_FEE_AMOUNT = Column("amount", "本年收费金额（单位：万元）", ("本年收费金额",), money=True)

_MADE = Column("made", "本年新制作数量")
_PUBLISHED = Column("published", "本年新公开数量")
_PUBLIC_TOTAL = Column("public_total", "对外公开总数量")
_PREVIOUS = Column("previous_items", "上一年项目数量")
_CHANGE = Column("change", "本年增/减", ("本年增减",), signed=True)
_DECISIONS_2019 = Column("decisions", "处理决定数量", ("本年处理决定数量",))
_PROC_ITEMS = Column("items", "采购项目数量")
_PROC_AMOUNT = Column("amount", "采购总金额", money=True)

ACTIVE_ITEMS: Mapping[str, tuple[Item, ...]] = {
    "2021": (
        Item("regulations", "规章", (_ISSUED, _REPEALED, _IN_FORCE)),
        Item(
            "normative_documents",
            "行政规范性文件",
            (_ISSUED, _REPEALED, _IN_FORCE),
            ("规范性文件",),
        ),
        Item("licensing", "行政许可", (_DECISIONS,)),
        Item("penalty", "行政处罚", (_DECISIONS,)),
        Item("coercion", "行政强制", (_DECISIONS,)),
        Item("fees", "行政事业性收费", (_FEE_AMOUNT,)),
    ),
    "2019": (
        Item("regulations", "规章", (_MADE, _PUBLISHED, _PUBLIC_TOTAL)),
        Item(
            "normative_documents",
            "规范性文件",
            (_MADE, _PUBLISHED, _PUBLIC_TOTAL),
            ("行政规范性文件",),
        ),
        Item("licensing", "行政许可", (_PREVIOUS, _CHANGE, _DECISIONS_2019)),
        Item("other_services", "其他对外管理服务事项", (_PREVIOUS, _CHANGE, _DECISIONS_2019)),
        Item("penalty", "行政处罚", (_PREVIOUS, _CHANGE, _DECISIONS_2019)),
        Item("coercion", "行政强制", (_PREVIOUS, _CHANGE, _DECISIONS_2019)),
        Item("fees", "行政事业性收费", (_PREVIOUS, _CHANGE)),
        Item("procurement", "政府集中采购", (_PROC_ITEMS, _PROC_AMOUNT)),
    ),
}

# Column header labels of 表二 that tell the templates apart (detection evidence).
ACTIVE_MARKERS: Mapping[str, tuple[str, ...]] = {
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额"),
    "2019": (
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "采购项目数量",
    ),
}

# -- 表三 ---------------------------------------------------------------------

APPLICANT_COLUMNS: tuple[Column, ...] = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业"),
    Column("research", "科研机构"),
    Column("social_welfare", "社会公益组织"),
    Column("legal_services", "法律服务机构"),
    Column("other_org", "其他"),
    Column("total", "总计", ("合计",)),
)
APPLICANT_KEYS = tuple(c.key for c in APPLICANT_COLUMNS)
LEGAL_PERSON_KEYS = APPLICANT_KEYS[1:6]

_RESULT = "三、本年度办理结果"
_DENIED = "（三）不予公开"
_UNAVAILABLE = "（四）无法提供"
_NOT_PROCESSED = "（五）不予处理"
_OTHER = "（六）其他处理"

_HEAD_ROWS = (
    Row(
        "received.new",
        "一、本年新收政府信息公开申请数量",
        (),
        ("一、本年新增政府信息公开申请数量",),
    ),
    Row("received.carried_over", "二、上年结转政府信息公开申请数量"),
    Row("result.granted", "（一）予以公开", (_RESULT,)),
    Row(
        "result.partially_granted",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        (_RESULT,),
        ("（二）部分公开",),
    ),
    Row("result.denied.state_secret", "1.属于国家秘密", (_RESULT, _DENIED)),
    Row(
        "result.denied.prohibited_by_law",
        "2.其他法律行政法规禁止公开",
        (_RESULT, _DENIED),
        ("2.其他法律行政止公开", "2.其他法律、行政法规禁止公开"),
    ),
    Row(
        "result.denied.security_stability",
        "3.危及“三安全一稳定”",
        (_RESULT, _DENIED),
        ("3.危及三安全一稳定",),
    ),
    Row("result.denied.third_party", "4.保护第三方合法权益", (_RESULT, _DENIED)),
    Row("result.denied.internal_affairs", "5.属于三类内部事务信息", (_RESULT, _DENIED)),
    Row("result.denied.process_information", "6.属于四类过程性信息", (_RESULT, _DENIED)),
    Row("result.denied.enforcement_file", "7.属于行政执法案卷", (_RESULT, _DENIED)),
    Row("result.denied.administrative_query", "8.属于行政查询事项", (_RESULT, _DENIED)),
    Row("result.unavailable.not_held", "1.本机关不掌握相关政府信息", (_RESULT, _UNAVAILABLE)),
    Row("result.unavailable.needs_creation", "2.没有现成信息需要另行制作", (_RESULT, _UNAVAILABLE)),
    Row("result.unavailable.unclear", "3.补正后申请内容仍不明确", (_RESULT, _UNAVAILABLE)),
    Row("result.not_processed.petition", "1.信访举报投诉类申请", (_RESULT, _NOT_PROCESSED)),
    Row("result.not_processed.duplicate", "2.重复申请", (_RESULT, _NOT_PROCESSED)),
    Row("result.not_processed.publication", "3.要求提供公开出版物", (_RESULT, _NOT_PROCESSED)),
    Row("result.not_processed.excessive", "4.无正当理由大量反复申请", (_RESULT, _NOT_PROCESSED)),
    Row(
        "result.not_processed.confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
        (_RESULT, _NOT_PROCESSED),
    ),
)
_OTHER_SPLIT = (
    Row(
        "result.other.overdue_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        (_RESULT, _OTHER),
    ),
    Row(
        "result.other.overdue_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        (_RESULT, _OTHER),
    ),
    Row("result.other.other", "3.其他", (_RESULT, _OTHER)),
)
_OTHER_SINGLE = (Row("result.other", _OTHER, (_RESULT,)),)
_TAIL_ROWS = (
    Row("result.total", "（七）总计", (_RESULT,), ("（七）合计",)),
    Row("carried_forward", "四、结转下年度继续办理"),
)

# The row layouts of 表三. "2021" splits （六）其他处理 in three; "single_other"
# is the 2019 layout, also kept by some 2021-era reports.
APPLICATION_LAYOUTS: Mapping[str, tuple[Row, ...]] = {
    "split_other": (*_HEAD_ROWS, *_OTHER_SPLIT, *_TAIL_ROWS),
    "single_other": (*_HEAD_ROWS, *_OTHER_SINGLE, *_TAIL_ROWS),
}
ALL_APPLICATION_ROWS: tuple[Row, ...] = (*_HEAD_ROWS, *_OTHER_SPLIT, *_OTHER_SINGLE, *_TAIL_ROWS)
DEFAULT_LAYOUT: Mapping[str, str] = {"2021": "split_other", "2019": "single_other"}

# The label a row of 表三 carries in a data row when its own cell is empty or
# shares a merged cell: （六）其他处理 alone is the undivided row.
APPLICATION_HEADER_WORDS = ("申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构")

# Header labels printed over several columns, never one column's own label: 表三's
# applicant groups, and 表四's 行政诉讼 over its two litigation groups.
LITIGATION_HEADER = "行政诉讼"
SPANNING_HEADER_LABELS = ("申请人情况", "法人或其他组织", LITIGATION_HEADER)

RECEIVED_KEYS = ("received.new", "received.carried_over")
RESULT_TOTAL = "result.total"
CARRIED_FORWARD = "carried_forward"

# -- 表四 ---------------------------------------------------------------------

REVIEW_GROUPS: tuple[Column, ...] = (
    Column("review", "行政复议"),
    Column("litigation_direct", "未经复议直接起诉", ("未经复议直接诉讼", "直接起诉", "直接诉讼")),
    Column("litigation_after_review", "复议后起诉", ("复议后诉讼",)),
)
REVIEW_COLUMNS: tuple[Column, ...] = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计", ("合计",)),
)
REVIEW_GROUP_KEYS = tuple(g.key for g in REVIEW_GROUPS)
REVIEW_COLUMN_KEYS = tuple(c.key for c in REVIEW_COLUMNS)
REVIEW_PARTS = REVIEW_COLUMN_KEYS[:4]

# -- Rules --------------------------------------------------------------------

RULES: Mapping[str, str] = {
    "R1": "received.new + received.carried_over == result.total + carried_forward (per column of 表三)",
    "R2": "result.total == sum of the result.* leaf rows (per column of 表三)",
    "R3": "total == natural_person + the five legal-person columns (per row of 表三)",
    "R4": "total == upheld + corrected + other + pending (per group of 表四)",
}


def application_rows(layout: str) -> tuple[Row, ...]:
    return APPLICATION_LAYOUTS[layout]


def result_leaf_keys(row_keys: tuple[str, ...]) -> tuple[str, ...]:
    """The result.* rows that add up to result.total, in template order."""
    return tuple(k for k in row_keys if k.startswith("result.") and k != RESULT_TOTAL)


def active_items(template: str) -> tuple[Item, ...]:
    return ACTIVE_ITEMS[template]
