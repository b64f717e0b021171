"""jieba's prefix dictionary, looked up in a sorted file instead of rebuilt as a dict.

jieba keeps its dictionary as a ``dict`` of about 500,000 words and word prefixes
(``Tokenizer.FREQ``) and rebuilds it in every process from its cache file: 0.45 s, most of
a one-plan run, for a pipeline that segments a few short clauses per plan
(``pipeline.segment``).  :class:`SortedFreq` answers the same questions (``in``, ``[]``,
``get``, and the words ``jieba.add_word`` adds) from the same words and counts, sorted in
one string and searched by bisection; it is written once next to jieba's own cache and
read back in a few milliseconds.  Same dictionary, same segmentation
(``tests/test_segment.py``).
"""

from __future__ import annotations

import array
import bisect
import hashlib
import marshal
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

_FORMAT = b"plan-extract prefix dict 2\n"

#: After this many lookups a process segments a lot (a caller's own jieba work, spaCy): a dict
#: pays off, and :attr:`SortedFreq.on_heavy_use` is called once to put one in its place.
HEAVY_USE = 200_000


class SortedFreq(Mapping[str, int]):
    """A read-mostly mapping word → count over sorted words; words set later go to an overlay.

    >>> freq = SortedFreq.of({"光伏": 3, "光": 0, "装机": 5})
    >>> "光伏" in freq, freq["装机"], freq.get("容量"), len(freq)
    (True, 5, None, 3)
    >>> freq["容量"] = 2
    >>> freq.get("容量"), sorted(freq)
    (2, ['光', '光伏', '容量', '装机'])
    """

    def __init__(
        self,
        words: str,
        ends: array.array,
        counts: array.array,
        spans: dict[str, tuple[int, int]] | None = None,
    ) -> None:
        self._words = words  # the sorted words joined, no separator
        self._ends = ends  # where each word ends in ``_words``
        self._counts = counts
        # the words each first character opens, as a range of indexes: a bisection then takes a
        # handful of steps instead of nineteen
        self._spans = _first_char_spans(words, ends) if spans is None else spans
        self._buckets: dict[str, tuple[int, list[str]]] = {}  # first character → its words, as met
        self._found: dict[str, int | None] = {}  # each word asked, its index: jieba asks the same again
        self._added: dict[str, int] = {}
        self.lookups = 0
        self.on_heavy_use: Callable[[], None] | None = None

    @classmethod
    def of(cls, freq: Mapping[str, int]) -> SortedFreq:
        keys = sorted(freq)
        ends, pos = array.array("I"), 0
        for key in keys:
            pos += len(key)
            ends.append(pos)
        return cls("".join(keys), ends, array.array("q", (freq[k] for k in keys)))

    def _index(self, word: str) -> int | None:
        self.lookups += 1
        if self.lookups == HEAVY_USE and self.on_heavy_use is not None:
            self.on_heavy_use()
        found = self._found.get(word, -1)
        if found != -1:
            return found
        found = self._found[word] = self._search(word)
        return found

    def _search(self, word: str) -> int | None:
        first = word[:1]
        bucket = self._buckets.get(first)
        if bucket is None:  # the words of a first character, cut out once: bisect then runs in C
            span = self._spans.get(first)
            if span is None:
                return None
            words, ends = self._words, self._ends
            lo, hi = span
            bucket = (lo, [words[ends[i - 1] if i else 0 : ends[i]] for i in range(lo, hi)])
            self._buckets[first] = bucket
        lo, keys = bucket
        j = bisect.bisect_left(keys, word)
        return lo + j if j < len(keys) and keys[j] == word else None

    def __getitem__(self, word: str) -> int:
        if word in self._added:
            return self._added[word]
        index = self._index(word)
        if index is None:
            raise KeyError(word)
        return self._counts[index]

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and (word in self._added or self._index(word) is not None)

    def get(self, word: str, default: int | None = None) -> int | None:  # type: ignore[override]
        if word in self._added:
            return self._added[word]
        index = self._index(word)
        return default if index is None else self._counts[index]

    def __setitem__(self, word: str, count: int) -> None:
        self._added[word] = count

    def _stored(self) -> Iterator[str]:
        """The stored words, in order (the overlay's left out)."""
        words, ends = self._words, self._ends
        return (words[ends[i - 1] if i else 0 : ends[i]] for i in range(len(ends)))

    def as_dict(self) -> dict[str, int]:
        """Every word and count, the overlay's included, as a plain dict."""
        return {**dict(zip(self._stored(), self._counts, strict=True)), **self._added}

    def __iter__(self) -> Iterator[str]:
        return iter(sorted({*self._stored(), *self._added}))

    def __len__(self) -> int:
        return len(self._ends) + sum(self._index(w) is None for w in self._added)

    def to_bytes(self, total: int) -> bytes:
        """The stored words (not the overlay) and jieba's total count, for :meth:`from_bytes`."""
        data = (self._words, self._ends.tobytes(), self._counts.tobytes(), self._spans, total)
        return _FORMAT + marshal.dumps(data)

    @classmethod
    def from_bytes(cls, data: bytes) -> tuple[SortedFreq, int]:
        """A mapping and the total count back from :meth:`to_bytes`.

        >>> freq, total = SortedFreq.from_bytes(SortedFreq.of({"光伏": 3, "光": 0}).to_bytes(3))
        >>> (freq["光伏"], "光" in freq, total)
        (3, True, 3)
        """
        if not data.startswith(_FORMAT):
            raise ValueError("not a prefix dictionary file")
        words, ends, counts, spans, total = marshal.loads(data[len(_FORMAT) :])
        end_array, count_array = array.array("I"), array.array("q")
        end_array.frombytes(ends)
        count_array.frombytes(counts)
        return cls(words, end_array, count_array, spans), total


def _first_char_spans(words: str, ends: array.array) -> dict[str, tuple[int, int]]:
    """First character → the range of indexes of the sorted words that start with it."""
    spans: dict[str, tuple[int, int]] = {}
    start = 0
    for i, end in enumerate(ends):
        first = words[start : start + 1]
        lo, _ = spans.get(first, (i, i))
        spans[first] = (lo, i + 1)
        start = end
    return spans


def sorted_file(cache_file: Path) -> Path:
    """Where the sorted form of jieba's cache file is kept: beside it, named by its size and time."""
    stat = cache_file.stat()
    tag = hashlib.sha256(f"{cache_file}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    return cache_file.with_name(f"plan-extract-prefix-{tag}.bin")


def load(cache_file: Path) -> tuple[SortedFreq, int] | None:
    """jieba's dictionary (words, total count) from ``cache_file``, sorted once and kept; None where
    jieba has no cache yet or it cannot be read (jieba then builds its dictionary itself)."""
    try:
        sorted_path = sorted_file(cache_file)
        if sorted_path.exists():
            return SortedFreq.from_bytes(sorted_path.read_bytes())
        raw, total = marshal.loads(cache_file.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    freq = SortedFreq.of(raw)
    try:  # written whole or not at all: another process may read it meanwhile
        fd, tmp = tempfile.mkstemp(dir=sorted_path.parent, prefix=".prefix-")
        with os.fdopen(fd, "wb") as out:
            out.write(freq.to_bytes(total))
        os.replace(tmp, sorted_path)
    except OSError:
        pass  # a read-only temp dir: the next process sorts again
    return freq, total
