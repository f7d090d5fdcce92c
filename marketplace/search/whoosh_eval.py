"""Set-at-a-time evaluation of the Whoosh backend's text queries (relevance order).

Whoosh's collectors walk a tree of matchers one document at a time, in pure Python, through
every match: at 100,000 products a common word ("kerajinan": 45,000 hits) took hundreds of
milliseconds. Here each leaf (a word in a field) is read a posting block at a time into a dict
of docnum -> score, and the tree is combined dict by dict: a sum for Whoosh's Or and And, the
better score for `_BestOf`. Scores are Whoosh's own BM25F for each leaf (same idf, average
field length, weight and stored field length), phrases are scored by Whoosh's phrase matcher,
so the ranking is the one Whoosh's collector produced; the matched set comes out with it,
for the total and the facets.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import Phrase
from whoosh.scoring import BM25F, bm25
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

Scores = dict[int, float]


@dataclass(frozen=True)
class TermLeaf:
    """One stem in one field, its score multiplied by `boost`."""

    field: str
    stem: str
    boost: float


@dataclass(frozen=True)
class PhraseLeaf:
    """Consecutive stems in one field (scored by Whoosh's phrase matcher)."""

    field: str
    stems: tuple[str, ...]
    boost: float


@dataclass(frozen=True)
class Node:
    """ "sum" of the children that match (Whoosh's Or), "and" (all must match, summed) or
    "best" (any may match, the best score counts)."""

    op: str
    children: tuple[Any, ...]


class FieldLengths:
    """Stored field lengths (Whoosh's length bytes) by global docnum, per index version."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._bytes: dict[str, bytes] = {}

    def get(self, field: str, searcher: Searcher) -> bytes:
        """The length byte of every document in `field` (built once per version)."""
        found = self._bytes.get(field)
        if found is None:
            with self._lock:
                found = self._bytes.get(field)
                if found is None:
                    found = self._bytes[field] = _length_bytes(field, searcher)
        return found


def _length_bytes(field: str, searcher: Searcher) -> bytes:
    parts = []
    for sub, _offset in searcher.leaf_searchers():
        reader = sub.reader()
        count = reader.doc_count_all()
        perdoc = getattr(reader, "_perdoc", None)
        column = (
            perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN) if perdoc is not None else None
        )
        if column is None:
            parts.append(bytes(count))
        else:
            parts.append(bytes(column[i] for i in range(count)))
    return b"".join(parts)


def evaluate(node: Any, searcher: Searcher, lengths: FieldLengths) -> Scores:
    """docnum -> score of every (not deleted) document the query tree matches."""
    if isinstance(node, TermLeaf):
        return _term(node, searcher, lengths)
    if isinstance(node, PhraseLeaf):
        return _phrase(node, searcher)
    parts = [evaluate(child, searcher, lengths) for child in node.children]
    if node.op == "and":
        parts.sort(key=len)
        result = parts[0]
        for other in parts[1:]:
            result = {d: s + other[d] for d, s in result.items() if d in other}
        return result
    parts.sort(key=len, reverse=True)
    result = dict(parts[0])
    get = result.get
    for other in parts[1:]:
        if node.op == "best":
            for d, s in other.items():
                old = get(d)
                if old is None or s > old:
                    result[d] = s
        else:
            for d, s in other.items():
                result[d] = get(d, 0.0) + s
    return result


def _term(leaf: TermLeaf, searcher: Searcher, lengths: FieldLengths) -> Scores:
    schema = searcher.schema
    field = schema[leaf.field]
    text = field.to_bytes(leaf.stem)
    if (leaf.field, text) not in searcher.reader():
        return {}
    weighting = searcher.weighting
    if not isinstance(weighting, BM25F) or not field.scorable:
        return _generic(leaf, searcher)
    b = weighting._field_B.get(leaf.field, weighting.B)
    k1 = weighting.K1
    idf = searcher.idf(leaf.field, text)
    avgfl = searcher.avg_field_length(leaf.field) or 1
    boost = leaf.boost
    length_bytes = lengths.get(leaf.field, searcher)
    table: dict[tuple[float, int], float] = {}

    def score(weight: float, lbyte: int) -> float:
        # As BM25FScorer: the stored (byte-rounded) length, then the query's boost.
        value = bm25(idf, weight, byte_to_length(lbyte) if lbyte else None, avgfl, b, k1)
        value = value * boost if boost != 1.0 else value
        table[(weight, lbyte)] = value
        return value

    out: Scores = {}
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        if (leaf.field, text) not in reader:
            continue
        matcher = reader.postings(leaf.field, text)
        deleted: frozenset[int] = frozenset()
        if isinstance(matcher, FilterMatcher):
            deleted = reader.deleted_docs_set
            matcher = matcher.child
        for ids, weights in _blocks(matcher):
            for doc, weight in zip(ids, weights, strict=True):
                if deleted and doc in deleted:
                    continue
                gdoc = doc + offset
                lbyte = length_bytes[gdoc]
                value = table.get((weight, lbyte))
                out[gdoc] = score(weight, lbyte) if value is None else value
    return out


def _blocks(matcher: Any) -> Any:
    """(ids, weights) of each posting block: a block at a time where the format allows."""
    if type(matcher) is not W3LeafMatcher:
        while matcher.is_active():
            yield (matcher.id(),), (matcher.weight(),)
            matcher.next()
        return
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        ids = matcher._data[0]
        if not matcher._byteids:
            ids = accumulate(ids)
        matcher._read_weights()
        yield ids, matcher._weights
        matcher._next_block()


def _generic(leaf: TermLeaf | PhraseLeaf, searcher: Searcher) -> Scores:
    """Any leaf through Whoosh's own matcher, one segment at a time."""
    from whoosh.query import Term

    query: Any = (
        Term(leaf.field, leaf.stem, boost=leaf.boost)
        if isinstance(leaf, TermLeaf)
        else Phrase(leaf.field, list(leaf.stems), boost=leaf.boost)
    )
    out: Scores = {}
    for sub, offset in searcher.leaf_searchers():
        matcher = query.matcher(sub, sub.context())
        while matcher.is_active():
            out[matcher.id() + offset] = matcher.score()
            matcher.next()
    return out


def _phrase(leaf: PhraseLeaf, searcher: Searcher) -> Scores:
    return _generic(leaf, searcher)
