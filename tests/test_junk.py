"""Junk through every reader: ``detect`` says 0 and nothing raises."""

from __future__ import annotations

import os

import pytest

from gxparse import readers
from gxparse.sources.base import Document
from gxparse.sources.text import TextDocument

JUNK_TEXT = {
    "empty": "",
    "one line": "hello",
    "web page text": "首页 新闻中心 联系我们 版权所有 © 2024 某某市人民政府 ICP备00000000号",
    "numbers": "\n".join("\t".join(str(i * j) for j in range(8)) for i in range(40)),
    "lorem": "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n" * 50,
    "notice": "关于做好2024年春节期间安全生产工作的通知\n各乡镇、各部门：\n现将有关事项通知如下。\n"
    * 10,
    "tabs only": "\t\t\t\n\t\n\n\t\t" * 30,
}


def _docs() -> list[tuple[str, Document]]:
    out: list[tuple[str, Document]] = []
    for name, text in JUNK_TEXT.items():
        data = text.encode("utf-8")
        out.append(
            (name, TextDocument(path=None, data=data, format="text", text=text, encoding="utf-8"))
        )
    rnd = os.urandom(2048)
    out.append(("random bytes as pdf", Document(path=None, data=rnd, format="pdf")))
    out.append(("random bytes as docx", Document(path=None, data=rnd, format="docx")))
    out.append(("random bytes as html", Document(path=None, data=rnd, format="html")))
    return out


DOCS = _docs()


@pytest.mark.parametrize("reader_name", readers.names())
@pytest.mark.parametrize(("doc_name", "doc"), DOCS, ids=[n for n, _ in DOCS])
def test_junk_scores_zero(reader_name: str, doc_name: str, doc: Document) -> None:
    try:
        reader = readers.get(reader_name)
    except ImportError:
        pytest.skip(f"{reader_name} needs an optional dependency")
    detection = reader.detect(doc)
    assert detection.score == 0.0, (doc_name, detection)
    assert detection.reasons
