"""jieba's prefix dictionary looked up in a sorted file (pipeline.prefix_dict) segments as jieba's dict."""

from __future__ import annotations

from pathlib import Path

import jieba

from pipeline import prefix_dict
from pipeline.prefix_dict import SortedFreq

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "raw"


def _tokenizer(freq, total) -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True
    return tokenizer


def test_same_words_as_jiebas_own_dict(tmp_path):
    plain = jieba.Tokenizer()
    plain.initialize()
    freq, total = SortedFreq.from_bytes(SortedFreq.of(plain.FREQ).to_bytes(plain.total))
    assert total == plain.total and len(freq) == len(plain.FREQ)
    sorted_one = _tokenizer(freq, total)
    for tokenizer in (plain, sorted_one):  # words added later go to the overlay
        tokenizer.add_word("万千瓦")
    text = "".join(path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt")))
    assert sorted_one.lcut(text) == plain.lcut(text)


def test_heavy_use_swaps_in_a_dict():
    freq = SortedFreq.of({"光伏": 3, "光": 0})
    swapped = []
    freq.on_heavy_use = lambda: swapped.append(freq.as_dict())
    for _ in range(prefix_dict.HEAVY_USE):
        assert "光伏" in freq
    assert swapped == [{"光伏": 3, "光": 0}]


def test_sorted_file_is_written_once_and_read_back(tmp_path):
    cache = tmp_path / "jieba.cache"
    import marshal

    cache.write_bytes(marshal.dumps(({"光伏": 3, "光": 0}, 3)))
    first = prefix_dict.load(cache)
    assert first is not None and prefix_dict.sorted_file(cache).exists()
    freq, total = prefix_dict.load(cache)  # from the sorted file now
    assert (freq["光伏"], freq.get("光"), total) == (3, 0, 3)
    assert prefix_dict.load(tmp_path / "missing.cache") is None
