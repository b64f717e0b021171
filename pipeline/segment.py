"""Word segmentation: spaCy's Chinese tokenizer with the jieba segmenter.

``spacy.blank("zh")`` configured with ``segmenter = "jieba"`` needs no model
download.  Its jieba is the process-wide ``jieba`` module, so the user
dictionary (agency names from ``rules/agencies.yaml``, units and plan words
from ``rules/segment.yaml``) is added to that module once, before first use.
"""

from __future__ import annotations

import logging
from functools import cache, lru_cache

import jieba
import spacy
from spacy.language import Language

from .agencies import lexicon_words
from .records import Token
from .rules import load_yaml, require

# jieba logs "Building prefix dict…" at INFO on first use; that is noise on a CLI.
jieba.setLogLevel(logging.WARNING)


def user_words() -> list[str]:
    """Words the segmenter must keep whole: rules/segment.yaml plus the agency lexicon.

    >>> "万千瓦" in user_words()
    True
    """
    words = [str(w) for w in require(load_yaml("segment.yaml"), "words", list, "segment.yaml")]
    return words + lexicon_words()


@cache
def get_nlp() -> Language:
    """The shared spaCy pipeline: blank Chinese, jieba segmenter, user words added."""
    for word in user_words():
        jieba.add_word(word)
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
    doc = get_nlp()(text)
    return tuple(Token(t.text, t.idx, t.idx + len(t.text)) for t in doc if not t.is_space)
