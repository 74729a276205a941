"""The report's prose: title, section headings and body paragraphs, shared by every form."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
_ARABIC = ("1、 ", "2、 ", "3、 ", "4、 ", "5、 ", "6、 ")

_ACTIVE = (
    "全年通过门户网站发布各类政府信息{n1}条，其中政策文件{n2}件、工作动态{n3}条。",
    "坚持以公开为常态、不公开为例外，围绕重点领域信息公开，及时发布财政预决算、"
    "重大建设项目、公共资源配置等信息。",
    "全面落实政策制定与政策解读同步机制，综合运用图文解读、视频解读、新闻发布会等"
    "多种形式开展政策解读{n4}次。",
    "对制发的行政规范性文件，全部配发解读材料，文件解读率100%。",
    "通过政务新媒体累计推送信息{n5}条，粉丝用户达到{n6}余人。",
)
_REQUEST = (
    "本年共收到政府信息公开申请{new}件，上年结转{over}件，"
    "均在法定期限内予以答复，结转下年度继续办理{forward}件。",
    "坚持“统一受理、分别办理、归口答复”工作机制，严格按照法定时限和程序办理，"
    "明确告知申请人法律救济的期限和途径。",
    "全年未收取政府信息公开信息处理费。",
)
_MANAGEMENT = (
    "及时调整主动公开基本目录，编制政务公开工作要点，明确全年重点工作和责任分工。",
    "对拟公开的政府信息依法依规做好保密审查，切实做到“涉密信息不上网、上网信息不涉密”。",
    "持续做好规范性文件管理工作，定期清理并将清理结果通过门户网站向社会公布。",
)
_PLATFORM = (
    "持续优化门户网站栏目设置，完善信息公开目录、政策解读、建议提案等栏目，"
    "提供关键字检索、高级检索等功能。",
    "充分运用微信公众号、政务微博等新媒体平台，拓宽信息发布渠道，积极回应群众关切。",
    "按照政府网站与政务新媒体检查指标要求，开展季度自查和常态化监测，及时整改发现的问题。",
)
_OVERSIGHT = (
    "加强组织领导，及时调整充实政务公开工作领导小组，配备专兼职工作人员{staff}名。",
    "举办政务公开专题培训{train}期，进一步提升工作人员的业务能力和水平。",
    "将政务公开工作纳入年度绩效考核，未发生因政务公开工作引发的责任追究情况。",
)
_KEY_AREAS = (
    "围绕“六稳”“六保”等重点工作，及时公开惠企利民政策{n1}件，开设重点领域信息公开专栏{staff}个。",
    "做好财政预决算、“三公”经费、重大建设项目批准和实施等信息公开，方便群众查询监督。",
    "主动公开行政执法主体、权限、依据、程序、救济渠道等信息，推行行政执法公示制度。",
)
_RESPONSE = (
    "健全政务舆情收集、研判、处置和回应机制，全年回应社会关切{n2}次。",
    "通过12345政务服务便民热线、领导信箱等渠道受理群众诉求{n3}件，办结率100%。",
    "邀请人大代表、政协委员和群众代表列席重要会议{train}次，增强决策透明度。",
)
_INNOVATION = (
    "积极探索“政务公开+”模式，推进基层政务公开标准化规范化建设，打造政务公开示范点{staff}个。",
    "依托政务公开专区为群众提供政策咨询、信息查阅等服务{n4}人次。",
    "制作一图读懂、短视频等解读产品{n5}件，提升政策知晓度。",
)
_PROBLEMS = (
    "（一）存在问题：一是公开内容的时效性还需进一步增强；二是政策解读形式较为单一；"
    "三是依申请公开答复的规范化水平有待提升。",
    "（二）改进情况：一是围绕中心工作，进一步梳理和细化信息公开内容，及时公开群众关心的"
    "热点、焦点问题；二是丰富政策解读形式，提高解读质量；三是加强业务培训，规范答复文书。",
)
_OTHER = (
    "（一）本年度未收取政府信息公开信息处理费。",
    "（二）本年度共承办人大代表建议{a}件、政协委员提案{b}件，均已按时办结。",
    "（三）政务公开工作创新情况：积极探索“政务公开+”模式，推进基层政务公开标准化规范化建设。",
)


@dataclass(frozen=True)
class ReportText:
    """Everything a renderer prints outside the three tables."""

    title: tuple[str, ...]  # one line, or agency / year line
    overview: tuple[str, ...]  # paragraphs of 一、总体情况
    problems: tuple[str, ...]  # 五、存在的主要问题及改进情况
    other: tuple[str, ...]  # 六、其他需要报告的事项

    def headings(self, arabic: bool = False) -> tuple[str, ...]:
        """Section headings; ``arabic`` mimics Word list numbering lost in conversion."""
        if not arabic:
            return HEADINGS
        return tuple(number + text[2:] for number, text in zip(_ARABIC, HEADINGS, strict=True))


def _fill(rng: random.Random, sentence: str, values: dict[str, int]) -> str:
    numbers = {f"n{i}": rng.randint(3, 3000) for i in range(1, 7)}
    numbers |= {"staff": rng.randint(1, 6), "train": rng.randint(1, 4)}
    numbers |= {"a": rng.randint(0, 40), "b": rng.randint(0, 60)}
    return sentence.format(**numbers, **values)


def _paragraph(
    rng: random.Random, label: str, bank: tuple[str, ...], values: dict[str, int]
) -> str:
    count = rng.randint(1, len(bank))
    sentences = [_fill(rng, s, values) for s in rng.sample(bank, count)]
    return label + "".join(sentences)


def build_text(
    rng: random.Random, record: dict[str, Any], paragraphs: int, lines: int
) -> ReportText:
    """Title and prose for ``record``; ``paragraphs`` (1-9) sets the length of 一、总体情况.

    ``lines`` is 1 for a one-line title, 2 for agency / "YYYY年政府信息公开工作年度报告".
    """
    meta = record["meta"]
    agency, year = meta["agency"], meta["year"]
    suffix = f"{year}年政府信息公开工作年度报告"
    title = (agency + suffix,) if lines == 1 else (agency, suffix)
    apps = record["applications"]
    values = {
        "new": apps["received.new"]["total"],
        "over": apps["received.carried_over"]["total"],
        "forward": apps["carried_forward"]["total"],
    }
    intro = (
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制，"
        f"所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
        f"如对本报告有疑问，请与{agency}办公室联系。"
    )
    sections = (
        ("（一）主动公开。", _ACTIVE),
        ("（二）依申请公开。", _REQUEST),
        ("（三）政府信息管理。", _MANAGEMENT),
        ("（四）平台建设。", _PLATFORM),
        ("（五）监督保障。", _OVERSIGHT),
        ("（六）重点领域信息公开。", _KEY_AREAS),
        ("（七）回应社会关切。", _RESPONSE),
        ("（八）工作创新。", _INNOVATION),
    )
    body = [intro]
    for label, bank in sections[: paragraphs - 1]:
        body.append(_paragraph(rng, label, bank, values))
    return ReportText(
        title=title,
        overview=tuple(body),
        problems=_PROBLEMS,
        other=tuple(_fill(rng, s, values) for s in _OTHER[: rng.randint(1, 3)]),
    )
