"""The Chinese-numeral reader (pipeline.numerals) against cn2an, which writes and reads them too."""

from __future__ import annotations

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.numerals import chinese_number


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_whole_numbers_as_cn2an_writes_them(number):
    written = cn2an.an2cn(number, "low")
    assert chinese_number(written) == float(number), written


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=99999), st.integers(min_value=1, max_value=999))
def test_decimals_as_cn2an_writes_them(whole, fraction):
    text = f"{whole}.{fraction}"
    written = cn2an.an2cn(text, "low")
    assert chinese_number(written) == pytest.approx(float(cn2an.cn2an(written, "normal")))


@pytest.mark.parametrize(
    "text",
    [
        "两",
        "两千",
        "两百万",
        "十五",
        "一十五",
        "一百零五",
        "一千零一十",
        "一万零一",
        "一万五",
        "三千五",
        "七十五万",
        "一亿零五万",
        "五万亿",
        "二〇二三",
        "一二",
        "零",
        "三点五",
    ],
)
def test_forms_of_plans_read_as_cn2an_reads_them(text):
    assert chinese_number(text) == float(cn2an.cn2an(text, "normal"))


@pytest.mark.parametrize("text", ["一百千", "万", "亿", "点五", "", "十百", "三点", "五万万"])
def test_malformed_numerals_are_none(text):
    assert chinese_number(text) is None
