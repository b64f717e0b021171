"""Word segmentation: jieba, with the rules' user dictionary, and character offsets.

The words are those of spaCy's Chinese tokenizer configured with ``segmenter =
"jieba"`` (``get_nlp``), minus its white-space tokens: that tokenizer is
``jieba.cut(text, cut_all=False)`` aligned to the text.  The extractors read
only words and offsets, so :func:`segment` calls jieba itself and builds no
spaCy ``Doc`` (whose vocabulary grows with every new word of a batch).
``tests/test_segment.py`` checks that both give the same words.

jieba here is the process-wide ``jieba`` module, so the user dictionary (agency
names from ``rules/agencies.yaml``, units and plan words from
``rules/segment.yaml``) is added to that module once, before first use.
"""

from __future__ import annotations

import bisect
import logging
import tempfile
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import jieba

from . import prefix_dict
from .agencies import lexicon_words
from .records import Token
from .rules import load_yaml, require

if TYPE_CHECKING:
    from spacy.language import Language

# jieba logs "Building prefix dict…" at INFO on first use; that is noise on a CLI.
jieba.setLogLevel(logging.WARNING)


def user_words() -> list[str]:
    """Words the segmenter must keep whole: rules/segment.yaml plus the agency lexicon.

    >>> "万千瓦" in user_words()
    True
    """
    words = [str(w) for w in require(load_yaml("segment.yaml"), "words", list, "segment.yaml")]
    return words + lexicon_words()


def _load_dictionary(dt: jieba.Tokenizer) -> None:
    """Give jieba its default prefix dictionary from its own cache file, sorted once and then
    looked up where it lies (``pipeline.prefix_dict``): rebuilding jieba's dict of half a million
    words is most of a one-plan run.  Same words, same segmentation; anything else (another
    dictionary or cache file, no cache yet, a broken one) is left to jieba.
    """
    if dt.initialized or dt.dictionary is not jieba.DEFAULT_DICT or dt.cache_file:
        return
    loaded = prefix_dict.load(Path(dt.tmp_dir or tempfile.gettempdir()) / "jieba.cache")
    if loaded is None:  # jieba.initialize() then builds the cache, as it always does
        return
    freq, total = loaded

    def to_dict() -> None:  # segmenting a lot in this process: jieba's own dict is faster then
        with dt.lock:
            dt.FREQ = freq.as_dict()

    freq.on_heavy_use = to_dict
    with dt.lock:
        if not dt.initialized:
            dt.FREQ, dt.total, dt.initialized = freq, total, True


@cache
def _add_user_words() -> None:
    _load_dictionary(jieba.dt)
    for word in user_words():
        jieba.add_word(word)


@cache
def get_nlp() -> Language:
    """A spaCy pipeline on the same segmenter: blank Chinese, jieba, user words added.

    For callers who want spaCy ``Doc`` objects; the pipeline itself uses :func:`segment`.
    """
    import spacy  # only for this: importing spaCy takes longer than extracting a plan

    _add_user_words()
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})


def segment(text: str) -> list[Token]:
    """Split ``text`` into words with their character offsets (white space dropped).

    >>> [t.text for t in segment("光伏装机容量突破2.6万千瓦")]
    ['光伏', '装机容量', '突破', '2.6', '万千瓦']
    >>> segment("到 2025 年")[1]
    Token(text='2025', start=2, end=6)
    """
    return list(_segment(text))


@lru_cache(maxsize=4096)
def _segment(text: str) -> tuple[Token, ...]:
    # the extractors ask for the words of the same clause again and again
    _add_user_words()
    tokens = []
    pos = 0
    for word in jieba.cut(text, cut_all=False):  # its words put together are the text
        if word and not word.isspace():
            tokens.append(Token(word, pos, pos + len(word)))
        pos += len(word)
    return tuple(tokens)


def word_run(text: str, pos: int) -> tuple[int, int]:
    """The run of word characters around ``pos``, which jieba segments on its own.

    ``jieba.cut`` splits a text into the runs of ``jieba.re_han_default`` (Han, Latin
    letters, digits, ``+#&._%-``) and what lies between, and cuts each run apart from
    the rest; a character between runs is a word of its own (``(pos, pos + 1)``).  So
    the words of a run are the same whether the run or the whole text is segmented.

    >>> word_run("到2025年，新建两个公园。", 8), word_run("到2025年，新建两个公园。", 5)
    ((7, 13), (0, 6))
    >>> word_run("到2025年，新建两个公园。", 6)
    (6, 7)
    """
    runs = _runs(text)
    i = bisect.bisect_right(runs, (pos, len(text) + 1)) - 1
    if i >= 0 and runs[i][0] <= pos < runs[i][1]:
        return runs[i]
    return pos, pos + 1


@lru_cache(maxsize=256)
def _runs(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for m in jieba.re_han_default.finditer(text))
