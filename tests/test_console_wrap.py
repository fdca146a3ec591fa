"""Chinese line breaking in the transcript: no line starts with 。or ，, numbers and words
are not split, wide characters count two cells, continuation lines keep their indent."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from loancs.tui.wrap import NO_LINE_START, wrap

SAMPLE = "您好，合同已生效，一般1-2个工作日内放款到您的还款卡。月供为5,971.66元，年化利率4.90%。"


def test_no_line_starts_with_closing_punctuation_and_numbers_stay_whole():
    for width in range(12, 40):
        lines = wrap(SAMPLE, width, indent="  ")
        assert "".join(line[2:] for line in lines) == SAMPLE
        for line in lines:
            assert line.startswith("  ")
            assert cell_len(line) <= width
            assert line[2:3] not in NO_LINE_START
        joined = "\n".join(lines)
        for number in ("5,971.66", "4.90%", "1-2"):
            assert number in joined


def test_english_words_are_not_split():
    text = "Your application is being reviewed; this usually takes three working days."
    for width in range(16, 50):
        lines = wrap(text, width, indent="  ")
        words = " ".join(line.strip() for line in lines).split()
        assert words == text.split()


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("贷款利率月供，。、！？abc 123.5%")), max_size=80),
    st.integers(min_value=8, max_value=60),
)
def test_wrapping_loses_nothing_and_fits(text, width):
    lines = wrap(text, width, indent="  ")
    assert all(cell_len(line) <= width for line in lines)
    assert "".join(line[2:] for line in lines).replace(" ", "") == text.replace(" ", "")
