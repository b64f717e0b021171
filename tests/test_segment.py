"""Segmentation: spaCy's Chinese tokenizer with jieba, and the rules' user dictionary."""

from pipeline.segment import get_nlp, segment, user_words


def test_jieba_is_the_segmenter_and_no_model_is_needed():
    nlp = get_nlp()
    assert nlp.lang == "zh"
    assert nlp.tokenizer.segmenter == "jieba"


def test_offsets_rebuild_the_text():
    text = "到 2025 年，全县森林覆盖率稳定在75.33%以上。"
    tokens = segment(text)
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert "".join(t.text for t in tokens) == "".join(text.split())


def test_units_with_multipliers_stay_one_word():
    words = [t.text for t in segment("新增装机容量2.6万千瓦，年发电1.2亿千瓦时，投资3亿元")]
    for unit in ("万千瓦", "亿千瓦时", "亿元"):
        assert unit in words


def test_user_words_come_from_rules_and_the_agency_lexicon():
    words = user_words()
    assert "个百分点" in words  # rules/segment.yaml
    assert "发改委" in words and "住房和城乡建设局" in words  # rules/agencies.yaml


def test_agency_names_stay_whole():
    words = [t.text for t in segment("县住建局、县发改委负责")]
    assert "住建局" in words or "县住建局" in words


def test_segment_gives_the_words_of_spacys_jieba_tokenizer():
    """``segment`` calls jieba itself; its words and offsets are those of the spaCy ``Doc``."""
    from pathlib import Path

    root = Path(__file__).resolve().parent
    texts = [p.read_text(encoding="utf-8") for p in sorted((root.parent / "corpus" / "raw").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((root / "data").glob("*.txt"))]
    texts.append("到 2025 年，\u3000全县\r\n森林覆盖率 \t稳定在75.33%以上。 ")
    nlp = get_nlp()
    for text in texts:
        spacy_words = [(t.text, t.idx, t.idx + len(t.text)) for t in nlp(text) if not t.is_space]
        assert [(t.text, t.start, t.end) for t in segment(text)] == spacy_words


def test_the_dictionary_read_from_jiebas_cache_is_jiebas():
    """``_load_dictionary`` reads jieba's cache file at once; ``jieba.initialize`` reads the same."""
    import jieba

    from pipeline.segment import _load_dictionary

    reference = jieba.Tokenizer()
    reference.initialize()  # writes the cache file if there is none yet
    fast = jieba.Tokenizer()
    _load_dictionary(fast)
    assert fast.initialized
    assert fast.FREQ == reference.FREQ and fast.total == reference.total


def test_a_word_run_has_the_same_words_alone_as_in_its_text():
    """``word_run``: what the quantity finder relies on to segment a run instead of the sentence."""
    from pathlib import Path

    from pipeline.segment import word_run

    root = Path(__file__).resolve().parent
    texts = [p.read_text(encoding="utf-8") for p in sorted((root.parent / "corpus" / "raw").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((root / "data").glob("*.txt"))]
    for text in texts:
        for line in text.splitlines():
            whole = {(t.start, t.end) for t in segment(line)}
            pos = 0
            while pos < len(line):
                begin, end = word_run(line, pos)
                alone = {(t.start + begin, t.end + begin) for t in segment(line[begin:end])}
                assert alone == {(s, e) for s, e in whole if begin <= s and e <= end}, line[begin:end]
                assert not any(s < edge < e for s, e in whole for edge in (begin, end)), (
                    "no word crosses a run"
                )
                pos = end
