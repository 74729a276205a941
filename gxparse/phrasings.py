"""How report prose states the figures of the tables: phrasings as data.

What ``catalog`` is for the tables' labels, this is for the sentences around them
(``全年共受理政府信息公开申请10件``, ``予以公开的5件``, ``无行政复议和诉讼情况``). Each
``Phrasing`` maps a quantity -- a table cell, a sum of cells, or a ``prose.…`` quantity
the tables do not hold -- to one pattern built from parts: a verb (受理, 收到, 办结,
答复...), a noun (申请, 行政复议, 行政诉讼, 规范性文件...), a short gap of modifiers
between them (``政府信息公开``, ``依申请公开``) that must not name another thing (复议,
协查, 建议...), a few filler words before the figure (共, 数量, 为...), the figure in
digits or Han numerals (十, 两, 一百二十), and its unit (件, 项, 条, 元, 万元). A figure
stands right after its noun: a comparison (同比, 较2022年, 比上年多2件) or a last
year's figure never fills that place, and ``narrative`` refuses a clause that opens
with one.

Kinds:

* ``anchor`` -- a whole phrase (verb and noun, or a noun that says enough alone:
  ``行政复议2件``); it sets the sentence's topic.
* ``follow`` -- a bare item (``予以公开的5件``, ``上年度结转1件``, ``按时答复160件``),
  taken only in a sentence whose topic an anchor set (or the sentence before, when
  this one opens with 其中).
* ``topic`` -- a noun with no figure (``规范性文件``) that sets the sentence's topic for
  the bare items after it (``…规范性文件管理工作…现行有效9件``).
* ``zero`` -- a negation (``未收到依申请公开事项``, ``无一例被行政复议或诉讼``): 0 for
  each quantity whose ``marker`` the phrase holds.

``readings`` are the cell sums a quantity may mean, first the plain one: 受理 in
``受理申请46件`` is read by some agencies as the year's new applications and by others
with last year's carried over; prose agrees with the table when it equals either.
A cell key's ``*`` stands for every row of the record that fits (``result.denied.*``).
Keys that depend on the template are given per template (``{"2021": …, "2019": …}``);
a template without one has no such quantity.
"""

from __future__ import annotations

from collections.abc import Mapping

from attrs import frozen

# -- parts ---------------------------------------------------------------------------

# a figure: digits (with thousands commas and decimals) or Han numerals, never the
# middle of a longer number
NUM = (
    r"(?P<num>(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d.])"
    r"|(?<![\d.,])\d+(?:\.\d+)?(?![\d.,])"
    r"|(?<![零〇一二两三四五六七八九十百千])[零〇一二两三四五六七八九十百千]+)"
)
COUNT = r"(?:件|项|条|个|份|宗|起|例)"  # what applications and decisions are counted in
DOCS = r"(?:件|份|个|部)"
ITEMS = r"(?:条|篇|件|项|个)"  # items of information
MONEY = r"(?P<unit>万元|元)"
# words between a noun and its figure: 共, 数量, 总数, 为, 达, ：...
FILL = r"(?:数量|总数|总量|数|共计|合计|总计|累计|共|计|为|达到|达|有|是|:|的)*"
# what may follow a negated noun before the clause ends
TAIL = r"(?:案件|申请|事项|的?情况|的?情形|的?问题|现象)?(?=[，,。；;：:、）)]|$)"
NEG = r"(?:无一例|无一件|没有|未曾|未发生|未出现|未产生|未有|不存在|未|无)"
# words that make a gap name something else than the noun's own quantity
_ELSEWHERE = (
    "复议|诉讼|协查|投诉|举报|建议|提案|咨询|信访|来信|来电|留言|热线|信件|转办|依职权"
    "|许可|审批|备案"
)


def gap(n: int, forbid: str = _ELSEWHERE) -> str:
    """Up to ``n`` characters of one clause that do not hold any of ``forbid``."""
    return rf"(?:(?!{forbid})[^，,。；;：:、（）()\d]){{0,{n}}}?"


# -- the entries ---------------------------------------------------------------------

Key = str | Mapping[str, str]  # a key, or one per template


@frozen
class Phrasing:
    """One way prose states a quantity (see the module's docstring)."""

    name: str
    quantity: Key
    pattern: str
    kind: str = "anchor"  # anchor | follow | zero | topic
    topic: str = ""
    readings: tuple[tuple[str, ...], ...] = ()  # cell sums; () = the quantity's own cell
    money: bool = False
    require: tuple[str, ...] = ()  # words the matched text must hold
    markers: Mapping[str, str] | None = None  # zero: quantity -> word that names it

    def quantity_for(self, template: str | None) -> str | None:
        if isinstance(self.quantity, str):
            return self.quantity
        return self.quantity.get(template or "2021")


A = "applications"
NEW = f"{A}.received.new.total"
CARRIED = f"{A}.received.carried_over.total"
RESULT = f"{A}.result.total.total"
FORWARD = f"{A}.carried_forward.total"
RECEIVED_ALL = (NEW, CARRIED)
REVIEW = "review_litigation.review.total"
LITIGATION = "review_litigation.litigation.total"
LITIGATION_CELLS = (
    "review_litigation.litigation_direct.total",
    "review_litigation.litigation_after_review.total",
)
REVIEW_CORRECTED = "review_litigation.review.corrected"
LITIGATION_CORRECTED = "review_litigation.litigation.corrected"
APPLICATION = r"(?:申请(?:事项|件)?|事项)"


def _documents(name: str, row: str, noun: str) -> tuple[Phrasing, ...]:
    """How prose states 表二's rows of documents (规章, 规范性文件): made or issued,
    repealed, in force, and (2019) published; 2019 and 2021 name the columns apart."""
    key = f"active_disclosure.{row}"
    issued = {"2021": f"{key}.issued", "2019": f"{key}.made"}
    repealed = {"2021": f"{key}.repealed"}
    in_force = {"2021": f"{key}.in_force"}
    verbs = "制发|印发|出台|制定|废止"
    return (
        # a sentence about the documents with no figure of its own sets the topic
        Phrasing(f"{name}.mention", "", noun, kind="topic", topic=name),
        Phrasing(
            f"{name}.issued",
            issued,
            rf"(?:制发|印发|出台|制定|新制发|新制定|发布)(?:了)?{gap(6)}{noun}{FILL}{NUM}{DOCS}",
            topic=name,
        ),
        Phrasing(
            f"{name}.repealed", repealed, rf"废止(?:了)?{gap(6)}{noun}{FILL}{NUM}{DOCS}", topic=name
        ),
        Phrasing(
            f"{name}.in_force", in_force, rf"现行有效(?:的)?{noun}{FILL}{NUM}{DOCS}", topic=name
        ),
        Phrasing(
            f"{name}.issued.follow",
            issued,
            rf"(?<!拟)(?:新)?(?:制发|印发|出台|制定)(?:了)?{FILL}{NUM}{DOCS}",
            kind="follow",
            topic=name,
        ),
        Phrasing(
            f"{name}.published",
            {"2019": f"{key}.published"},
            rf"(?<!主动)公开{FILL}{NUM}{DOCS}",
            kind="follow",
            topic=name,
        ),
        Phrasing(
            f"{name}.in_force.follow",
            in_force,
            rf"现行有效(?:的)?{FILL}{NUM}{DOCS}",
            kind="follow",
            topic=name,
        ),
        Phrasing(
            f"{name}.repealed.follow",
            repealed,
            rf"(?<!拟)废止{FILL}{NUM}{DOCS}",
            kind="follow",
            topic=name,
        ),
        Phrasing(
            f"{name}.none",
            issued,
            rf"(?:没有|未)(?:{verbs})(?:(?:或|和|及|与|、)(?:{verbs}))*(?:任何)?{noun}{TAIL}",
            kind="zero",
            markers={
                f"{key}.issued": "制发|印发|出台|制定",
                f"{key}.made": "制发|印发|出台|制定",
                f"{key}.repealed": "废止",
            },
        ),
    )


PHRASINGS: tuple[Phrasing, ...] = (
    # -- 表三: applications --------------------------------------------------------
    Phrasing(
        "received.new",
        NEW,
        rf"(?:新收|新增|新受理|新接收)(?:到)?{gap(14)}{APPLICATION}{FILL}{NUM}{COUNT}",
        topic=A,
        require=("申请", "公开"),
    ),
    Phrasing(
        "received",
        NEW,
        rf"(?:收到|受理|接收|接到|登记)(?:了)?{gap(14)}{APPLICATION}{FILL}{NUM}{COUNT}",
        topic=A,
        require=("申请", "公开"),
        readings=((NEW,), RECEIVED_ALL),
    ),
    Phrasing(
        "received.carried_over",
        CARRIED,
        rf"(?:上一?年度?|去年|往年)(?:度)?结转(?:的)?(?:{gap(10)}{APPLICATION})?{FILL}{NUM}{COUNT}",
        kind="follow",
        topic=A,
    ),
    Phrasing(
        "result.total",
        RESULT,
        rf"(?:办结|答复|办理完毕|处理完毕|作出答复|予以答复|办理|处理)(?:了)?{gap(14)}{APPLICATION}"
        rf"{FILL}{NUM}{COUNT}",
        topic=A,
        require=("申请", "公开"),
        readings=((RESULT,), RECEIVED_ALL),
    ),
    Phrasing(
        "result.total.follow",
        RESULT,
        rf"(?:办结|答复|办理完毕|处理完毕|作出答复|予以答复|办理)(?:了)?{FILL}{NUM}{COUNT}",
        kind="follow",
        topic=A,
        readings=((RESULT,), RECEIVED_ALL),
    ),
    Phrasing(
        "carried_forward",
        FORWARD,
        rf"(?:结转(?:至|到)?下一?年度?|转入下一?年度?)(?:继续办理)?(?:的)?{FILL}{NUM}{COUNT}",
        kind="follow",
        topic=A,
    ),
    Phrasing(
        "result.granted",
        f"{A}.result.granted.total",
        rf"(?<!部分|不予|主动|依申请)(?:予以公开|同意公开|全部公开|公开)(?:的)?(?:{APPLICATION})?"
        rf"{FILL}{NUM}{COUNT}",
        kind="follow",
        topic=A,
    ),
    Phrasing(  # 其中，主动公开2件 after a sentence about applications: granted
        "result.granted.active",
        f"{A}.result.granted.total",
        rf"主动公开(?:的)?{FILL}{NUM}{COUNT}",
        kind="follow",
        topic=A,
    ),
    Phrasing(
        "result.partially_granted",
        f"{A}.result.partially_granted.total",
        rf"部分公开(?:的)?(?:{APPLICATION})?{FILL}{NUM}{COUNT}",
        kind="follow",
        topic=A,
    ),
    Phrasing(
        "result.denied",
        f"{A}.result.denied.*.total",
        rf"不予公开(?:的)?(?:{APPLICATION})?{FILL}{NUM}{COUNT}",
        kind="follow",
        topic=A,
    ),
    Phrasing(
        "result.unavailable",
        f"{A}.result.unavailable.*.total",
        rf"无法提供(?:的)?(?:{APPLICATION})?{FILL}{NUM}{COUNT}",
        kind="follow",
        topic=A,
    ),
    Phrasing(
        "result.not_processed",
        f"{A}.result.not_processed.*.total",
        rf"不予处理(?:的)?(?:{APPLICATION})?{FILL}{NUM}{COUNT}",
        kind="follow",
        topic=A,
    ),
    Phrasing(
        "result.other",
        f"{A}.result.other*.total",
        rf"其他处理(?:的)?(?:{APPLICATION})?{FILL}{NUM}{COUNT}",
        kind="follow",
        topic=A,
    ),
    Phrasing(
        "received.none",
        NEW,
        rf"(?:没有|未曾|未)(?:收到|受理|接到|接收){gap(14)}{APPLICATION}{TAIL}",
        kind="zero",
        require=("申请", "公开"),
        markers={NEW: "申请"},
        readings=((NEW,), RECEIVED_ALL),
    ),
    # -- 表四: review and litigation -----------------------------------------------
    Phrasing(
        "review",
        REVIEW,
        rf"行政复议(?:申请|案件)?{FILL}{NUM}{COUNT}",
        topic="review",
    ),
    Phrasing(
        "litigation",
        LITIGATION,
        rf"行政诉讼(?:案件)?{FILL}{NUM}{COUNT}",
        topic="review",
    ),
    Phrasing(
        "review_litigation.none",
        REVIEW,
        rf"{NEG}{gap(20, '纠错|纠正|败诉|撤销|变更|确认违法|维持|。')}"
        rf"(?:行政)?(?:复议|诉讼)(?:(?:和|或|及|与|、|以及)(?:被)?(?:提起|申请)?(?:行政)?(?:复议|诉讼))?"
        rf"(?:的)?{TAIL}",
        kind="zero",
        markers={REVIEW: "复议", LITIGATION: "诉讼"},
    ),
    Phrasing(  # 没有因政府信息公开引起行政复议纠错和行政诉讼败诉的情形
        "corrected.none",
        REVIEW_CORRECTED,
        rf"{NEG}{gap(20, '维持|。')}(?:行政)?(?:复议|诉讼)(?:被)?(?:纠错|纠正|撤销|败诉)"
        rf"(?:(?:和|或|及|与|、|以及)(?:被)?(?:行政)?(?:复议|诉讼)(?:被)?(?:纠错|纠正|撤销|败诉))?"
        rf"(?:的)?{TAIL}",
        kind="zero",
        markers={
            REVIEW_CORRECTED: "复议(?:被)?(?:纠错|纠正|撤销)",
            LITIGATION_CORRECTED: "诉讼(?:被)?(?:纠错|纠正|撤销|败诉)",
        },
    ),
    # -- 表二: active disclosure ---------------------------------------------------
    *_documents("normative", "normative_documents", "规范性文件"),
    *_documents("regulations", "regulations", "规章(?!制度)"),
    Phrasing(
        "licensing",
        "active_disclosure.licensing.decisions",
        rf"行政许可(?:决定|事项|办件|案件|申请)?{FILL}{NUM}{COUNT}",
        topic="active",
    ),
    Phrasing(
        "penalty",
        "active_disclosure.penalty.decisions",
        rf"行政处罚(?:决定|案件|事项)?{FILL}{NUM}{COUNT}",
        topic="active",
    ),
    Phrasing(
        "coercion",
        "active_disclosure.coercion.decisions",
        rf"行政强制(?:决定|措施|案件|事项)?{FILL}{NUM}{COUNT}",
        topic="active",
    ),
    Phrasing(
        "fees",
        {"2021": "active_disclosure.fees.amount"},
        rf"行政事业性收费(?:金额|总额|收入|总金额)?{FILL}{NUM}{MONEY}",
        topic="active",
        money=True,
    ),
    # -- quantities the tables do not hold: kept as statements, never checked ------
    Phrasing(
        "prose.active_disclosure.published",
        "prose.active_disclosure.published",
        rf"主动(?:{gap(10, '申请|规范性文件|公开')})公开{gap(12, '申请|规范性文件')}(?:政府)?信息"
        rf"{FILL}{NUM}{ITEMS}",
        topic="active",
    ),
    Phrasing(
        "prose.information_fee",
        "prose.information_fee",
        rf"(?:收取|收缴|收费){gap(10, '行政事业性')}(?:信息处理费|处理费|费用){FILL}{NUM}{MONEY}",
        money=True,
    ),
    Phrasing(
        "prose.information_fee.none",
        "prose.information_fee",
        rf"{NEG}{gap(10, '行政事业性|。')}(?:收取|收缴|收费|缴费)(?:任何)?{gap(12, '行政事业性')}"
        rf"(?:信息处理费|处理费|费用|费)?{TAIL}",
        kind="zero",
        markers={"prose.information_fee": "收|缴"},
    ),
)

BY_NAME = {p.name: p for p in PHRASINGS}
# quantities that are a sum of cells the tables print (行政诉讼: both groups' totals)
SUMS: Mapping[str, tuple[str, ...]] = {
    LITIGATION: LITIGATION_CELLS,
    LITIGATION_CORRECTED: (
        "review_litigation.litigation_direct.corrected",
        "review_litigation.litigation_after_review.corrected",
    ),
}
