"""The embedded search backend: a Whoosh index on local disk (the default).

Layout of SEARCH_DIR: generation folders (``gen-<time>-<random>``) and a symlink ``current``
naming the live one. A rebuild writes a new generation and swaps the symlink atomically, so
searches keep working during it. Writers from any number of processes share Whoosh's file lock
(they wait for it, up to SEARCH_LOCK_TIMEOUT seconds) and read the database while holding it,
so the last writer always writes the latest state.
"""

from __future__ import annotations

import fcntl
import heapq
import logging
import os
import secrets
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session
from whoosh import collectors, sorting
from whoosh import index as whoosh_index
from whoosh.analysis import NgramFilter, Token, Tokenizer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.matching import UnionMatcher
from whoosh.query import And, DisjunctionMax, Every, NumericRange, Or, Phrase, Query, Term
from whoosh.searching import Searcher

from marketplace.extensions import db
from marketplace.search import analysis, whoosh_eval
from marketplace.search.backend import (
    FEW_RESULTS,
    MAX_PER_PAGE,
    PRICE_BUCKETS,
    ProductDocument,
    SearchHit,
    SearchQuery,
    SearchResult,
    Sort,
    availability,
    price_bucket_key,
)
from marketplace.search.documents import (
    iter_document_batches,
    load_documents,
)

log = logging.getLogger(__name__)

# How much a synonym, spelling variant or typo correction counts against the shopper's own word.
SYNONYM_WEIGHT = 0.6
TEXT_FIELDS = ("name", "category", "store", "place", "badges", "description")
PHRASE_FIELDS = ("name", "category", "store", "place")
FACET_FIELDS = {
    "category": "category_id",
    "city": "region",
    "halal": "halal",
    "sale_type": "availability",
    "agency": "agency",
}
AC_MAX = 12  # longest prefix autocomplete indexes
NEVER = 99991231  # visible_until of documents that never expire
INDEX_BATCH = 500


class IndonesianTokenizer(Tokenizer):
    """Whoosh tokens from `analysis.analyze` (stop words dropped, Sastrawi stems)."""

    stemmed = True

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        words = self._words(value) if tokenize else [value]
        for offset, word in enumerate(words):
            token.text = word
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = word
            if positions:
                token.pos = start_pos + offset
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(word)
            yield token

    def _words(self, value: str) -> list[str]:
        return analysis.analyze(value)


class AutocompleteTokenizer(IndonesianTokenizer):
    """Every word of a name as `analysis.tokenize` splits it (hyphens kept, accents folded)."""

    stemmed = False

    def _words(self, value: str) -> list[str]:
        return analysis.tokenize(value)


class SurfaceTokenizer(IndonesianTokenizer):
    """Words as people write them (no stemming): the vocabulary for spelling suggestions."""

    stemmed = False

    def _words(self, value: str) -> list[str]:
        return analysis.surface_words(value)


def _schema() -> Schema:
    stemmed = IndonesianTokenizer()
    return Schema(
        id=ID(unique=True, stored=True),
        version=STORED(),
        title=STORED(),
        name=TEXT(analyzer=stemmed, field_boost=5.0),
        category=TEXT(analyzer=stemmed, field_boost=2.5),
        store=TEXT(analyzer=stemmed, field_boost=1.5),
        place=TEXT(analyzer=stemmed, field_boost=1.5),
        badges=TEXT(analyzer=stemmed, field_boost=1.0),
        description=TEXT(analyzer=stemmed, field_boost=1.0),
        words=TEXT(analyzer=SurfaceTokenizer(), phrase=False),
        name_ac=TEXT(analyzer=AutocompleteTokenizer() | NgramFilter(2, AC_MAX, at="start")),
        category_id=ID(),
        top_category_id=ID(),
        region=ID(),
        halal=ID(),
        availability=ID(),  # "ready" (ready stock, in stock), "preorder" or "none"
        agency=KEYWORD(),
        price=NUMERIC(int, bits=64, sortable=True, default=0),
        created=NUMERIC(int, bits=64, sortable=True, default=0),
        # Average rating x 100 (whole numbers sort fastest in Whoosh's columns).
        rating=NUMERIC(int, sortable=True, default=0),
        rating_count=NUMERIC(int, sortable=True, default=0),
        visible_until=NUMERIC(int),
    )


def _day_number(day: date | None) -> int:
    return NEVER if day is None else day.year * 10000 + day.month * 100 + day.day


def _fields(doc: ProductDocument) -> dict[str, Any]:
    skills = " ".join(s.replace("_", " ") for s in doc.skills)
    return {
        "id": str(doc.product_id),
        "version": doc.fingerprint(),
        "title": doc.name,
        "name": doc.name,
        "category": doc.category_text,
        "store": doc.store_name,
        "place": doc.place_text,
        "badges": skills,
        "description": doc.description,
        "words": f"{doc.name} {doc.category_text} {doc.store_name} {doc.place_text} {skills}",
        "name_ac": doc.name,
        "category_id": str(doc.category_id),
        "top_category_id": str(doc.top_category_id),
        "region": doc.region_code,
        "halal": "1" if doc.is_halal else "0",
        "availability": availability(doc) or "none",
        "agency": " ".join(str(a) for a in doc.agency_ids),
        "price": doc.price_idr,
        # Microseconds: products created within one second still sort newest first.
        "created": int(doc.created_at.timestamp() * 1_000_000),
        "rating": round(doc.rating * 100),
        "rating_count": doc.rating_count,
        "visible_until": _day_number(doc.visible_until),
    }


class _Facets:
    """Facet and filter docsets of one index version, shared by the threads of a process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.docsets: dict[str, dict[str, frozenset[int]]] = {}
        self._expired: tuple[int, frozenset[int]] | None = None
        self.lengths = whoosh_eval.FieldLengths()

    # Each thread passes its own searcher (Whoosh readers are not shared between threads);
    # every searcher of one index version numbers documents alike.

    def values(self, field: str, searcher: Searcher) -> dict[str, frozenset[int]]:
        """value -> documents having it, for one keyword field (built once per version)."""
        found = self.docsets.get(field)
        if found is None:
            with self._lock:
                found = self.docsets.get(field)
                if found is None:
                    reader = searcher.reader()
                    found = {
                        value.decode("utf-8"): frozenset(reader.postings(field, value).all_ids())
                        for value in reader.lexicon(field)
                    }
                    self.docsets[field] = found
        return found

    def prices(self, searcher: Searcher) -> dict[str, frozenset[int]]:
        """Price bucket key -> documents in it."""
        found = self.docsets.get("price")
        if found is None:
            with self._lock:
                found = {
                    price_bucket_key(low, high): frozenset(
                        searcher.docs_for_query(
                            NumericRange("price", low, None if high is None else high - 1)
                        )
                    )
                    for low, high in PRICE_BUCKETS
                }
                self.docsets["price"] = found
        return found

    def expired(self, today: date, searcher: Searcher) -> frozenset[int]:
        """Documents whose halal certificate expired before `today` (cached per day)."""
        day = _day_number(today)
        cached = self._expired
        if cached is None or cached[0] != day:
            docs = frozenset(searcher.docs_for_query(NumericRange("visible_until", None, day - 1)))
            cached = self._expired = (day, docs)
        return cached[1]


_FACETS: dict[tuple[str, int], _Facets] = {}
_FACETS_LOCK = threading.Lock()


def _shared_facets(generation: str, searcher: Searcher) -> _Facets:
    key = (generation, searcher.reader().generation())
    with _FACETS_LOCK:
        found = _FACETS.get(key)
        if found is None:
            # Older versions are of no use once a newer one is open.
            _FACETS.clear()
            found = _FACETS[key] = _Facets()
        return found


class _Cached:
    """A thread's searcher and the shared facet sets of its index version."""

    def __init__(self, generation: str, searcher: Searcher) -> None:
        self.generation = generation
        self.searcher = searcher
        self.facets = _shared_facets(generation, searcher)


JOURNAL = ".rebuild-journal"


class WhooshBackend:
    """Search on a Whoosh index in `search_dir`; safe for several processes at once."""

    name = "whoosh"

    def __init__(self, search_dir: str, *, lock_timeout: float = 30.0) -> None:
        self.root = Path(search_dir)
        self.lock_timeout = lock_timeout
        self._local = threading.local()

    # -- Index folders ------------------------------------------------------------------------

    @property
    def _current(self) -> Path:
        return self.root / "current"

    @contextmanager
    def _folder_lock(self) -> Iterator[None]:
        """One rebuild, clear or first creation at a time, across processes."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".folders.lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield

    def _new_generation(self) -> Path:
        path = self.root / f"gen-{time.strftime('%Y%m%d%H%M%S')}-{secrets.token_hex(4)}"
        path.mkdir()
        whoosh_index.create_in(str(path), _schema())
        return path

    def _swap_to(self, generation: Path) -> str | None:
        """Point `current` at the generation in one rename (atomic on POSIX); returns the
        name of the generation it pointed at before."""
        previous = os.readlink(self._current) if os.path.islink(self._current) else None
        link = self.root / f".current-{secrets.token_hex(4)}"
        link.symlink_to(generation.name)
        os.replace(link, self._current)
        return previous

    def _generation(self) -> Path:
        """The live generation folder, created on first use."""
        if not os.path.lexists(self._current):
            with self._folder_lock():
                if not os.path.lexists(self._current):
                    self._swap_to(self._new_generation())
        try:
            return self._current.resolve(strict=True)
        except OSError as exc:
            raise RuntimeError(
                f"The search index link {self._current} points to a missing folder: "
                "run `flask search reindex`."
            ) from exc

    def _remove_generations(self, keep: set[str | None]) -> None:
        """Delete generation folders but those kept (readers may still use the previous one)."""
        for path in self.root.glob("gen-*"):
            if path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)
        for stray in self.root.glob(".current-*"):
            stray.unlink(missing_ok=True)

    def _searcher(self) -> _Cached:
        generation = str(self._generation())
        cached: _Cached | None = getattr(self._local, "cached", None)
        if cached is not None and cached.generation == generation and cached.searcher.up_to_date():
            return cached
        if cached is not None:
            cached.searcher.close()
        # A fresh searcher, not `refresh()`: Whoosh's refresh reuses segment readers with their
        # old deletions (a product hidden a moment ago would stay findable).
        cached = _Cached(generation, whoosh_index.open_dir(generation).searcher())
        self._local.cached = cached
        return cached

    # -- Writing ------------------------------------------------------------------------------

    def index_products(self, product_ids: Iterable[int]) -> None:
        """Bring these products up to date with the database (add, replace or remove)."""
        ids = sorted(set(product_ids))
        if not ids:
            return
        with self._journaled(ids):
            generation = self._generation()
            for start in range(0, len(ids), INDEX_BATCH):
                self._write_batch(generation, ids[start : start + INDEX_BATCH])

    @contextmanager
    def _journaled(self, ids: list[int]) -> Iterator[None]:
        """While a rebuild runs, note the ids before writing: the rebuild writes them again
        into the new generation once this writer (holding a shared lock) has finished."""
        path = self.root / JOURNAL
        try:
            fd = os.open(path, os.O_WRONLY | os.O_APPEND)
        except FileNotFoundError:
            yield
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)
            try:
                live = os.fstat(fd).st_ino == os.stat(path).st_ino
            except FileNotFoundError:
                live = False
            if live:
                os.write(fd, ("\n".join(map(str, ids)) + "\n").encode())
            # Not live: the rebuild already swapped, so the generation resolved next is new.
            yield
        finally:
            os.close(fd)

    def _write_batch(self, generation: Path, ids: list[int]) -> None:
        writer = whoosh_index.open_dir(str(generation)).writer(
            timeout=self.lock_timeout, delay=0.05
        )
        try:
            # Read the database while holding the lock: a writer that waited for us then
            # reads a state at least as new as ours, so the index never goes back in time.
            with Session(db.engine) as session:
                documents = load_documents(session, ids)
            for doc in documents:
                writer.update_document(**_fields(doc))
            for gone in set(ids) - {d.product_id for d in documents}:
                writer.delete_by_term("id", str(gone))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def rebuild(self) -> int:
        """Index everything into a new generation, swap it in, then write again what other
        processes indexed meanwhile (they noted it in the journal)."""
        with self._folder_lock():
            journal = self.root / JOURNAL
            journal.write_bytes(b"")
            try:
                generation, count = self._build()
                previous = self._swap_to(generation)
                changed = self._take_journal(journal)
            except BaseException:
                journal.unlink(missing_ok=True)
                raise
            self.index_products(changed)
            self._remove_generations({generation.name, previous})
        return count

    def _build(self) -> tuple[Path, int]:
        generation = self._new_generation()
        writer = whoosh_index.open_dir(str(generation)).writer(limitmb=256)
        count = 0
        try:
            with Session(db.engine) as session:
                for batch in iter_document_batches(session):
                    for doc in batch:
                        writer.add_document(**_fields(doc))
                    count += len(batch)
        except BaseException:
            writer.cancel()
            shutil.rmtree(generation, ignore_errors=True)
            raise
        writer.commit(optimize=True)
        return generation, count

    def _take_journal(self, journal: Path) -> set[int]:
        """Close the journal and wait for the writers that noted ids in it; their ids."""
        taken = self.root / f"{JOURNAL}.{secrets.token_hex(4)}"
        os.replace(journal, taken)
        with open(taken, "rb") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            ids = {int(word) for word in handle.read().split()}
        taken.unlink()
        return ids

    def clear(self) -> None:
        """Swap in an empty index."""
        with self._folder_lock():
            generation = self._new_generation()
            previous = self._swap_to(generation)
            self._remove_generations({generation.name, previous})

    def indexed_versions(self) -> dict[int, str]:
        """product id -> document fingerprint of every indexed product."""
        reader = self._searcher().searcher.reader()
        return {int(stored["id"]): stored["version"] for stored in reader.all_stored_fields()}

    # -- Reading ------------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        """Hits, total and facets; typo-tolerant when the exact words find fewer than a few."""
        cached = self._searcher()
        terms = analysis.parse_query(query.text)
        allowed = self._allowed(cached, query)
        expired = cached.facets.expired(query.today, cached.searcher)
        page = max(1, query.page)
        per_page = max(1, min(query.per_page, MAX_PER_PAGE))
        hits, matched = self._run(cached, terms, allowed, expired, query.sort, page, per_page)
        exact_total = len(matched)
        suggestion, fuzzy = None, False
        if terms and exact_total < FEW_RESULTS:
            corrected = self._corrections(cached, terms)
            if corrected:
                fuzzy_terms, suggestion_text = corrected
                fuzzy_hits, fuzzy_matched = self._run(
                    cached, fuzzy_terms, allowed, expired, query.sort, page, per_page
                )
                if fuzzy_matched:
                    suggestion = suggestion_text
                if len(fuzzy_matched) > len(matched):
                    hits, matched, fuzzy = fuzzy_hits, fuzzy_matched, True
        return SearchResult(
            hits=hits,
            total=len(matched),
            facets=self._facets(cached, matched),
            suggestion=suggestion,
            fuzzy=fuzzy,
            exact_total=exact_total,
        )

    @staticmethod
    def _allowed(cached: _Cached, query: SearchQuery) -> frozenset[int] | None:
        """Documents every filter lets through (None when nothing is filtered)."""
        facets, searcher = cached.facets, cached.searcher
        sets: list[frozenset[int]] = []
        if query.category_ids:
            wanted = {str(c) for c in query.category_ids}
            union: set[int] = set()
            for field in ("category_id", "top_category_id"):
                for value, docs in facets.values(field, searcher).items():
                    if value in wanted:
                        union |= docs
            sets.append(frozenset(union))
        for field, value in (
            ("region", query.region_code),
            ("halal", None if query.halal is None else ("1" if query.halal else "0")),
            ("availability", query.sale_type),
            ("agency", None if query.agency_id is None else str(query.agency_id)),
        ):
            if value is not None:
                sets.append(facets.values(field, searcher).get(value, frozenset()))
        if query.min_price is not None or query.max_price is not None:
            price_range = NumericRange("price", query.min_price, query.max_price)
            sets.append(frozenset(searcher.docs_for_query(price_range)))
        if not sets:
            return None
        # Smallest first: each intersection walks the smaller side.
        sets.sort(key=len)
        return frozenset(sets[0].intersection(*sets[1:]))

    @staticmethod
    def _run(
        cached: _Cached,
        terms: list[analysis.QueryTerm],
        allowed: frozenset[int] | None,
        expired: frozenset[int],
        sort: Sort,
        page: int,
        per_page: int,
    ) -> tuple[list[SearchHit], set[int]]:
        """The page of hits, and every matching document (for the total and the facets)."""
        limit = page * per_page
        if terms and sort == Sort.RELEVANCE:
            return WhooshBackend._run_by_score(cached, terms, allowed, expired, page, per_page)
        text_query = _text_query(terms)
        relevance = sort == Sort.RELEVANCE and not isinstance(text_query, Every)
        sortedby = _sort_facet(sort, relevance)
        child: Any = (
            _TrackingTopCollector(limit)
            if sortedby is None
            else collectors.SortingCollector(sortedby, limit=limit)
        )
        collector = _SetFilter(child, allow=allowed, restrict=expired or None)
        cached.searcher.search_with_collector(text_query, collector)
        results = collector.results()
        top = results[(page - 1) * per_page : page * per_page]
        hits = [
            SearchHit(int(hit["id"]), float(hit.score or 0.0) if relevance else 0.0) for hit in top
        ]
        return hits, child.docset

    @staticmethod
    def _run_by_score(
        cached: _Cached,
        terms: list[analysis.QueryTerm],
        allowed: frozenset[int] | None,
        expired: frozenset[int],
        page: int,
        per_page: int,
    ) -> tuple[list[SearchHit], set[int]]:
        """Relevance order, set at a time (`whoosh_eval`): every match scored from posting
        blocks, then the top of the page picked; ties go to the lower docnum, as in Whoosh."""
        searcher = cached.searcher
        scores = whoosh_eval.evaluate(_text_tree(terms), searcher, cached.facets.lengths)
        matched = scores.keys() - expired if expired else set(scores)
        if allowed is not None:
            matched &= allowed
        best = heapq.nlargest(page * per_page, matched, key=lambda d: (scores[d], -d))
        hits = [
            SearchHit(int(searcher.stored_fields(d)["id"]), float(scores[d]))
            for d in best[(page - 1) * per_page :]
        ]
        return hits, matched

    @staticmethod
    def _facets(cached: _Cached, matched: set[int]) -> dict[str, dict[str, int]]:
        facets: dict[str, dict[str, int]] = {}
        for key, field in FACET_FIELDS.items():
            values = cached.facets.values(field, cached.searcher)
            counts = {value: n for value, docs in values.items() if (n := len(matched & docs))}
            if key == "halal":
                counts = {"1": counts["1"]} if "1" in counts else {}
            if key == "sale_type":
                counts.pop("none", None)
            facets[key] = counts
        prices = cached.facets.prices(cached.searcher)
        facets["price"] = {key: n for key, docs in prices.items() if (n := len(matched & docs))}
        return facets

    def _corrections(
        self, cached: _Cached, terms: list[analysis.QueryTerm]
    ) -> tuple[list[analysis.QueryTerm], str] | None:
        """Terms widened with close known words (edit distance 1, or 2 from 8 letters), and the
        query as the shopper would have typed it; None when no word looks misspelt."""
        reader = cached.searcher.reader()
        widened: list[analysis.QueryTerm] = []
        corrected_words: list[str] = []
        changed = False
        for term in terms:
            word = term.surface
            best = None
            if (
                " " not in word
                and len(word) >= 5
                and len(term.alternatives) == 1
                and not _known(reader, word, term.alternatives[0])
            ):
                best = _closest(reader, word)
            if best is None:
                widened.append(term)
                corrected_words.append(word)
                continue
            changed = True
            corrected_words.append(best)
            extra = tuple(
                alt
                for parsed in analysis.parse_query(best)
                for alt in parsed.alternatives
                if alt not in term.alternatives
            )
            widened.append(analysis.QueryTerm(surface=word, alternatives=term.alternatives + extra))
        if not changed:
            return None
        return widened, " ".join(corrected_words)

    def autocomplete(self, prefix: str, *, limit: int = 8) -> list[str]:
        """Product names whose words start with the typed words (names starting so first)."""
        words = [w[:AC_MAX] for w in analysis.tokenize(prefix) if len(w) >= 2][:6]
        # Two letters alone match a large share of all names: wait for a third.
        if not any(len(w) >= 3 for w in words):
            return []
        cached = self._searcher()
        expired = cached.facets.expired(date.today(), cached.searcher)
        results = cached.searcher.search(
            And([Term("name_ac", w) for w in words]),
            mask=expired or None,
            limit=max(50, limit * 5),
            terms=False,
        )
        typed = " ".join(analysis.tokenize(prefix))
        names = dict.fromkeys(hit["title"] for hit in results)
        ranked = sorted(
            names, key=lambda n: (not " ".join(analysis.tokenize(n)).startswith(typed), len(n), n)
        )
        return ranked[:limit]


class _SetFilter(collectors.FilterCollector):
    """Whoosh's filter collector taking our frozensets as they are (it accepts only `set`,
    and it would read an empty allow-set as "no filter" instead of "nothing allowed")."""

    def prepare(self, top_searcher: Any, q: Any, context: Any) -> None:
        self.child.prepare(top_searcher, q, context)
        self._allow = self.allow
        self._restrict = self.restrict
        self.filtered_count = 0


class _TrackingTopCollector(collectors.TopCollector):
    """The top N by score, visiting every match and remembering them all (no block skipping:
    the facets need every matching document, and one pass beats two)."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit=limit, usequality=False)

    def _collect(self, global_docnum: int, score: float) -> float:
        self.docset.add(global_docnum)
        return super()._collect(global_docnum, score)


def _sort_facet(sort: Sort, relevance: bool) -> Any:
    """The Whoosh sort for a shopper's choice; None sorts by score."""
    if sort == Sort.NEWEST or (sort == Sort.RELEVANCE and not relevance):
        return sorting.FieldFacet("created", reverse=True)
    if sort == Sort.PRICE_ASC:
        return sorting.MultiFacet([sorting.FieldFacet("price"), sorting.ScoreFacet()])
    if sort == Sort.PRICE_DESC:
        return sorting.MultiFacet([sorting.FieldFacet("price", reverse=True), sorting.ScoreFacet()])
    if sort == Sort.RATING:
        return sorting.MultiFacet(
            [
                sorting.FieldFacet("rating", reverse=True),
                sorting.FieldFacet("rating_count", reverse=True),
                sorting.FieldFacet("created", reverse=True),
            ]
        )
    return None


def _known(reader: Any, word: str, stems: tuple[str, ...]) -> bool:
    """True when the word (as typed, or its stem) occurs in any indexed text."""
    if reader.doc_frequency("words", word):
        return True
    return len(stems) == 1 and any(reader.doc_frequency(f, stems[0]) for f in TEXT_FIELDS)


def _closest(reader: Any, word: str) -> str | None:
    """The most frequent known word within the allowed edit distance of `word`."""
    maxdist = 1 if len(word) <= 7 else 2
    best: tuple[int, int, str] | None = None
    # Same first letter (most typos keep it), then a swap of two neighbours counts as one
    # edit, which Whoosh's own automaton does not do.
    for raw in reader.expand_prefix("words", word[:1]):
        candidate = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        if candidate == word or abs(len(candidate) - len(word)) > maxdist:
            continue
        distance = analysis.edit_distance(word, candidate, maxdist)
        if distance <= maxdist:
            key = (distance, -reader.doc_frequency("words", candidate), candidate)
            if best is None or key < best:
                best = key
    return best[2] if best else None


class _BestOfMatcher(UnionMatcher):
    """Documents of either matcher, scored by the better one *on the current document*.

    Whoosh's DisjunctionMaxMatcher compares the scores of whatever documents its two sides
    are on, so a variant's lower weight can be lost; this one compares like with like.
    """

    def supports_block_quality(self) -> bool:
        return False

    def replace(self, minquality: float = 0) -> Any:
        a, b = self.a, self.b
        if not a.is_active():
            return b.replace()
        if not b.is_active():
            return a.replace()
        new_a, new_b = a.replace(), b.replace()
        if new_a is not a or new_b is not b:
            return self.__class__(new_a, new_b)
        return self

    def score(self) -> float:
        a, b = self.a, self.b
        if not a.is_active():
            return b.score()
        if not b.is_active():
            return a.score()
        id_a, id_b = a.id(), b.id()
        if id_a != id_b:
            return a.score() if id_a < id_b else b.score()
        return max(a.score(), b.score())


class _BestOf(DisjunctionMax):
    """A disjunction scored by its best-matching part (see `_BestOfMatcher`)."""

    def _matcher(self, subs: Any, searcher: Any, context: Any) -> Any:
        reader = searcher.reader()
        return self._tree_matcher(
            subs, _BestOfMatcher, searcher, context, lambda q: q.estimate_size(reader)
        )


def _text_query(terms: list[analysis.QueryTerm]) -> Query:
    """Every term must match somewhere; a term matches by its own word or any variant: the
    `_text_tree` as a Whoosh query (for sorts other than relevance, and as its reference)."""
    if not terms:
        return Every()
    return _as_query(_text_tree(terms))


def _as_query(node: Any) -> Query:
    """A `whoosh_eval` tree as the equivalent Whoosh query."""
    if isinstance(node, whoosh_eval.TermLeaf):
        return Term(node.field, node.stem, boost=node.boost)
    if isinstance(node, whoosh_eval.PhraseLeaf):
        return Phrase(node.field, list(node.stems), boost=node.boost)
    children = [_as_query(child) for child in node.children]
    return {"sum": Or, "and": And, "best": _BestOf}[node.op](children)


def _alternative_tree(stems: tuple[str, ...], boost: float, *, typed: bool) -> Any:
    # A phrase the shopper typed is looked for everywhere; a multi-word *variant* only in the
    # short fields (position checks over every description cost more than they find).
    if len(stems) == 1:
        return whoosh_eval.Node(
            "sum", tuple(whoosh_eval.TermLeaf(f, stems[0], boost) for f in TEXT_FIELDS)
        )
    fields = TEXT_FIELDS if typed else PHRASE_FIELDS
    return whoosh_eval.Node(
        "sum", tuple(whoosh_eval.PhraseLeaf(f, tuple(stems), boost) for f in fields)
    )


def _text_tree(terms: list[analysis.QueryTerm]) -> Any:
    """Every term must match somewhere (and); a term by its own word or a variant, the best
    matching variant counting, not their sum: a batik cap product whose store is called "Batik
    Tulis ..." must not outrank batik tulis for "batik tulis"."""
    clauses = []
    for term in terms:
        alternatives = tuple(
            _alternative_tree(alt, 1.0 if i == 0 else SYNONYM_WEIGHT, typed=i == 0)
            for i, alt in enumerate(term.alternatives)
        )
        clauses.append(
            whoosh_eval.Node("best", alternatives) if len(alternatives) > 1 else alternatives[0]
        )
    return whoosh_eval.Node("and", tuple(clauses)) if len(clauses) > 1 else clauses[0]
