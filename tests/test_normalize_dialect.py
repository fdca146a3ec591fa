"""Cantonese written in hanzi is read as Mandarin by the normaliser (session 9, helper coll):
the rule packs' Mandarin terms then cover it, and a hit still spans exactly what was typed."""

from __future__ import annotations

import pytest

from loancs.core.normalize import DIALECT, normalize


@pytest.mark.parametrize(
    ("text", "dense"),
    [
        ("你唔還錢，我哋就搵你屋企人", "你不还钱我们就找你家里人"),
        ("你係咪陳先生？", "你是不是陈先生"),
        ("佢哋冇錢", "他们没有钱"),
        ("今晚夜晚12點我會打俾你", "今晚晚上12点我会打给你"),
        ("差人會嚟拉你", "警察会来拉你"),
        # 啲 closing a clause is 点; 諗 is 想; 喺邊 is 在哪
        ("你出街小心啲，你自己諗下", "你出街小心点你自己想下"),
        ("你間舖喺邊我哋知", "你间铺在哪我们知"),
        # no marker character at all: read by the next or previous character
        ("你老细电话我有，听日打过去", "你老板电话我有明天打过去"),
        ("再拖就报差人拉你", "再拖就报警察拉你"),
    ],
)
def test_cantonese_reads_as_mandarin(text: str, dense: str) -> None:
    assert normalize(text).dense == dense


@pytest.mark.parametrize(
    ("text", "dense"),
    [
        (
            "请保持电话畅通，我们会联系您",
            "请保持电话畅通我们会联系你",
        ),  # 系 of 联系, 话 of 电话 stay
        ("我们的关系很好，系统已更新", "我们的关系很好系统已更新"),
        ("差人送来的文件已经收到", "差人送来的文件已经收到"),  # no Cantonese character: as written
        ("老细胞和听日语课都在仔细听", "老细胞和听日语课都在仔细听"),  # 细 / 听 without the word
        ("你們什麼時候放款？", "你们什么时候放款"),
    ],
)
def test_mandarin_is_left_alone(text: str, dense: str) -> None:
    norm = normalize(text)
    assert norm.dense == dense
    assert norm.light_map == tuple(range(len(text)))


def test_every_replacement_keeps_the_map_exact() -> None:
    # never shorter than the word it replaces: each folded character maps into the word
    assert all(len(target) >= len(word) for word, target in DIALECT.items())
    text = "喂，你個衰人，冇錢都唔好玩失蹤啦，聽日我哋搵你老細傾下"
    norm = normalize(text)
    for view, index in ((norm.light, norm.light_map), (norm.dense, norm.dense_map)):
        assert len(view) == len(index)
        assert list(index) == sorted(index)  # monotone: spans map back in order
        assert all(0 <= i < len(text) for i in index)
    assert "没有钱" in norm.dense and "找你老板谈谈" in norm.dense
