"""The PostgreSQL search backend: full text in the database, one index for every app server.

Words are analysed in Python (`analysis.analyze`: stop words dropped, Sastrawi stems) and
stored as a ready-made tsvector, and queries are ready-made tsqueries of the same stems: the
database never parses text, so this backend and Whoosh match exactly the same words. Name
words weigh most (A), then category (B), store, place and skills (C), description (D).

Relevance: each query term scores a tier (own word in the name, a synonym in the name, own word
elsewhere, a synonym elsewhere), and `ts_rank_cd` (cover density, weighted by field) orders
within a tier.
Typos: when a query finds fewer than `FEW_RESULTS`, words of 5+ letters that are not known
(no indexed text, the description included, holds their stem) are corrected to the closest word
of `search_terms` (the vocabulary of names, categories, stores and places) by trigram candidates
and edit distance, and the query is widened with them.
Stock: the "ready" sale type (facet and filter) means ready stock that is in stock; "preorder"
counts whatever the stock, as those products are made to order.

Concurrency: `index_products` serialises writers of one product with advisory locks; a rebuild
locks both tables against writers (not readers) until it commits, and writers queue meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from flask import Flask
from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    and_,
    case,
    cast,
    delete,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
    tuple_,
)
from sqlalchemy.dialects.postgresql import ARRAY, TSQUERY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session
from sqlalchemy.types import Integer, Text

from marketplace.catalog.models import SaleType
from marketplace.extensions import db
from marketplace.search import analysis
from marketplace.search.backend import (
    FEW_RESULTS,
    MAX_PER_PAGE,
    PRICE_BUCKETS,
    ProductDocument,
    SearchHit,
    SearchQuery,
    SearchResult,
    Sort,
    price_bucket_key,
)
from marketplace.search.documents import (
    iter_document_batches,
    load_documents,
)
from marketplace.search.models import SearchDocument, SearchTerm

DOCS = SearchDocument.__table__
TERMS = SearchTerm.__table__

# ts_rank_cd weights in PostgreSQL's order {D, C, B, A}.
RANK_WEIGHTS = "{0.1, 0.3, 0.5, 1.0}"
# Each query term adds a tier to ts_rank_cd (which, normalised with flag 32, stays below 1): a
# term in the name outranks any number of mentions elsewhere, and the shopper's own word
# outranks a synonym or a correction in the same place.
TIER_OWN_IN_NAME = 3.0
TIER_SYNONYM_IN_NAME = 2.0
TIER_OWN_ELSEWHERE = 1.0
FACET_KEYS = ("category", "city", "price", "halal", "sale_type", "agency")
READY = SaleType.READY.value  # counts (and filters) as ready only when in stock

WRITE_BATCH = 1000
# work_mem of a search's transaction (GROUPING SETS over tens of thousands of hits).
WORK_MEM = "32MB"
MAX_POSITION = 16383  # tsvector positions stop here
MAX_POSITIONS_PER_LEXEME = 255
MAX_LEXEME_CHARS = 200  # far below tsvector's 2 KB per lexeme
MIN_TERM_CHARS = 3
MAX_TERM_CHARS = 80  # SearchTerm.term
# Advisory lock namespace (first key) for "this product is being indexed" (second key).
INDEX_LOCK_NAMESPACE = 0x5E4C
# Typo tolerance: trigram candidates per word, then edit distance decides.
SIMILARITY_THRESHOLD = "0.2"
CANDIDATES_PER_WORD = 20
MIN_TYPO_LENGTH = 5
# Autocomplete needs a typed word of this many letters (the trigram index's useful minimum).
MIN_AUTOCOMPLETE_CHARS = 3
# A rebuild keeps writers out (not readers) until it commits; writers take their turn after
# their advisory locks, documents before terms, as the rebuild does.
_LOCK_FOR_REBUILD = text("LOCK TABLE search_documents, search_terms IN SHARE ROW EXCLUSIVE MODE")
_LOCK_FOR_WRITING = text("LOCK TABLE search_documents, search_terms IN ROW EXCLUSIVE MODE")


class PostgresBackend:
    """Search on the `search_documents` table with PostgreSQL full text and pg_trgm."""

    name = "postgres"

    def __init__(self, app: Flask) -> None:
        """Raises RuntimeError when the app's database is not PostgreSQL (at startup)."""
        with app.app_context():
            engine: Engine = db.engine
        dialect = engine.dialect.name
        if dialect != "postgresql":
            raise RuntimeError(
                f"SEARCH_BACKEND 'postgres' needs a PostgreSQL database, not {dialect}: "
                "set SQLALCHEMY_DATABASE_URI to PostgreSQL or use SEARCH_BACKEND 'whoosh'."
            )
        self._engine = engine

    # -- Writing ------------------------------------------------------------------------------

    def index_products(self, product_ids: Iterable[int]) -> None:
        """Bring these products up to date with the database (add, replace or remove)."""
        ids = sorted(set(product_ids))
        for start in range(0, len(ids), WRITE_BATCH):
            chunk = ids[start : start + WRITE_BATCH]
            with Session(self._engine) as session, session.begin():
                # Concurrent indexers of one product take turns, and each reads the database
                # after its turn comes: the index never goes back to an older state.
                session.execute(
                    text(
                        "SELECT pg_advisory_xact_lock(:namespace, id)"
                        " FROM unnest(CAST(:ids AS integer[])) AS id ORDER BY id"
                    ),
                    {"namespace": INDEX_LOCK_NAMESPACE, "ids": chunk},
                )
                # Then wait for a running rebuild (it holds both tables in SHARE ROW EXCLUSIVE
                # until it commits) before reading, so that what is read is written after it.
                # Always advisory locks first, then the tables, documents before terms; a
                # rebuild takes no advisory lock: no cycle, no deadlock.
                session.execute(_LOCK_FOR_WRITING)
                documents = load_documents(session, chunk)
                _add_terms(session, _write_documents(session, documents))
                gone = sorted(set(chunk) - {d.product_id for d in documents})
                if gone:
                    session.execute(delete(DOCS).where(DOCS.c.product_id.in_(gone)))

    def rebuild(self) -> int:
        """Replace every row in one transaction (readers see the old rows until it commits)."""
        count = 0
        with Session(self._engine) as session, session.begin():
            # Writers (`index_products`, `clear`, another rebuild) wait until this commits;
            # searches do not. Without it a product indexed meanwhile would collide with the
            # rebuild's own row for it, or deadlock with it on search_terms.
            session.execute(_LOCK_FOR_REBUILD)
            session.execute(delete(DOCS))
            session.execute(delete(TERMS))
            vocabulary: set[str] = set()
            for batch in iter_document_batches(session):
                vocabulary |= _write_documents(session, batch)
                count += len(batch)
            _add_terms(session, vocabulary)
        # Nothing to catch up: a product changed while this ran is indexed after its commit
        # by `index_products`, which waited for this transaction and then read it afresh.
        return count

    def clear(self) -> None:
        """Remove every document and the vocabulary."""
        with Session(self._engine) as session, session.begin():
            session.execute(delete(DOCS))
            session.execute(delete(TERMS))

    def indexed_versions(self) -> dict[int, str]:
        """product id -> document fingerprint of every indexed product."""
        with self._engine.connect() as conn:
            rows = conn.execute(select(DOCS.c.product_id, DOCS.c.fingerprint))
            return {product_id: fingerprint for product_id, fingerprint in rows}

    # -- Reading ------------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResult:
        """Hits, total and facets in 3 statements; 6 when typo tolerance steps in."""
        terms = analysis.parse_query(query.text)
        filters = _filters(query)
        with self._engine.connect() as conn:
            # For this transaction only: the facets' hash aggregates of a common word's hits
            # fit in memory (the default 4 MB makes PostgreSQL sort them instead).
            conn.execute(text("SELECT set_config('work_mem', :mem, true)"), {"mem": WORK_MEM})
            total, facets, tiers = _count(conn, terms, filters)
            exact_total = total
            suggestion, fuzzy = None, False
            if terms and total < FEW_RESULTS:
                corrected = _corrections(conn, terms)
                if corrected is not None:
                    widened, suggestion_text = corrected
                    widened_total, widened_facets, widened_tiers = _count(conn, widened, filters)
                    if widened_total:
                        suggestion = suggestion_text
                    if widened_total > total:
                        terms, total, facets, fuzzy = widened, widened_total, widened_facets, True
                        tiers = widened_tiers
            hits = _page(conn, terms, filters, query, total, tiers)
        return SearchResult(
            hits=hits,
            total=total,
            facets=facets,
            suggestion=suggestion,
            fuzzy=fuzzy,
            exact_total=exact_total,
        )

    def autocomplete(self, prefix: str, *, limit: int = 8) -> list[str]:
        """Visible product names whose words start with the typed words, best first.

        Needs a word of `MIN_AUTOCOMPLETE_CHARS`+ letters: a shorter prefix alone matches a
        large share of the catalogue, all of which would have to be read to order it.
        """
        words = [w for w in analysis.tokenize(prefix) if len(w) >= 2][:6]
        if limit < 1 or not any(len(w) >= MIN_AUTOCOMPLETE_CHARS for w in words):
            return []
        typed = " ".join(analysis.tokenize(prefix))
        # On name_words (accents folded, as typed) rather than the name: "cafe" starts "Café".
        starts = DOCS.c.name_words.startswith(f" {typed}", autoescape=True)
        statement = (
            select(DOCS.c.name)
            .where(_visible(date.today()))
            # name_words is " word word ": " kerip" matches where a word starts with "kerip".
            .where(*(DOCS.c.name_words.contains(f" {w}", autoescape=True) for w in words))
            .group_by(DOCS.c.name)
            .order_by(func.bool_or(starts).desc(), func.length(DOCS.c.name), DOCS.c.name)
            .limit(limit)
        )
        with self._engine.connect() as conn:
            return list(conn.scalars(statement))


# -- Documents -----------------------------------------------------------------------------------


def _quote(lexeme: str) -> str:
    """A lexeme as a tsvector/tsquery literal: quoted, quotes and backslashes doubled."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _weighted_texts(doc: ProductDocument) -> Iterator[tuple[str, str]]:
    yield "A", doc.name
    yield "B", doc.category_text
    yield "C", doc.store_name
    yield "C", doc.place_text
    yield "C", " ".join(skill.replace("_", " ") for skill in doc.skills)
    yield "D", doc.description


def _tsvector(doc: ProductDocument, vocabulary: set[str]) -> str:
    """The document's stems with positions and weights, as tsvector input text; adds the
    surface words of all but the description to `vocabulary` ("did you mean")."""
    positions: dict[str, list[str]] = {}
    position = 1
    for weight, value in _weighted_texts(doc):
        # analyze(text) is stem() of each surface word: one pass serves both.
        words = analysis.surface_words(value)
        if weight != "D":
            vocabulary.update(w for w in words if MIN_TERM_CHARS <= len(w) <= MAX_TERM_CHARS)
        for word in words:
            stem = analysis.stem(word)
            if len(stem) <= MAX_LEXEME_CHARS and position <= MAX_POSITION:
                found = positions.setdefault(stem, [])
                if len(found) < MAX_POSITIONS_PER_LEXEME:
                    found.append(f"{position}{weight}")
            position += 1
        position += 1  # a gap, so that a phrase never spans two fields
    return " ".join(f"{_quote(stem)}:{','.join(found)}" for stem, found in positions.items())


def _row(doc: ProductDocument, vocabulary: set[str]) -> dict[str, Any]:
    return {
        "product_id": doc.product_id,
        "document": _tsvector(doc, vocabulary),
        "name": doc.name,
        "name_words": f" {' '.join(analysis.tokenize(doc.name))} ",
        "category_id": doc.category_id,
        "top_category_id": doc.top_category_id,
        "region_code": doc.region_code,
        "is_halal": doc.is_halal,
        "visible_until": doc.visible_until,
        "price_idr": doc.price_idr,
        "in_stock": doc.in_stock,
        "sale_type": doc.sale_type,
        "rating": float(doc.rating),
        "rating_count": doc.rating_count,
        "agency_ids": list(doc.agency_ids),
        "created_at": doc.created_at,
        "updated_at": doc.updated_at,
        "fingerprint": doc.fingerprint(),
    }


def _write_documents(session: Session, documents: Sequence[ProductDocument]) -> set[str]:
    """Insert or replace rows in multi-row upserts; returns the documents' vocabulary."""
    vocabulary: set[str] = set()
    if not documents:
        return vocabulary
    statement = pg_insert(DOCS)
    statement = statement.on_conflict_do_update(
        index_elements=[DOCS.c.product_id],
        set_={c.name: statement.excluded[c.name] for c in DOCS.c if c.name != "product_id"},
    )
    rows = [_row(doc, vocabulary) for doc in sorted(documents, key=lambda d: d.product_id)]
    for start in range(0, len(rows), WRITE_BATCH):
        session.execute(statement, rows[start : start + WRITE_BATCH])
    return vocabulary


def _add_terms(session: Session, words: set[str]) -> None:
    """Add words to the vocabulary (sorted, so that concurrent writers cannot deadlock)."""
    ordered = sorted(words)
    statement = pg_insert(TERMS).on_conflict_do_nothing(index_elements=[TERMS.c.term])
    for start in range(0, len(ordered), WRITE_BATCH * 5):
        session.execute(statement, [{"term": w} for w in ordered[start : start + WRITE_BATCH * 5]])


# -- Queries -------------------------------------------------------------------------------------


def _tsquery(
    terms: Sequence[analysis.QueryTerm], *, own_only: bool = False, weight: str = ""
) -> str:
    """tsquery text: terms ANDed, each an OR of its alternatives (phrases joined by <->)."""
    clauses = []
    for term in terms:
        alternatives = term.alternatives[:1] if own_only else term.alternatives
        options = [
            " <-> ".join(f"{_quote(stem)}{':' + weight if weight else ''}" for stem in alt)
            for alt in alternatives
            if alt
        ]
        if options:
            clauses.append("(" + " | ".join(f"({o})" for o in options) + ")")
    return " & ".join(clauses)


def _matches(tsquery: str) -> ColumnElement[bool]:
    return DOCS.c.document.bool_op("@@")(cast(literal(tsquery, Text), TSQUERY))


def _visible(today: date) -> ColumnElement[bool]:
    return or_(DOCS.c.visible_until.is_(None), DOCS.c.visible_until >= today)


def _filters(query: SearchQuery) -> list[ColumnElement[bool]]:
    """The query's filters, and always: not past `visible_until`."""
    conditions = [_visible(query.today)]
    if query.category_ids:
        ids = list(query.category_ids)
        conditions.append(or_(DOCS.c.category_id.in_(ids), DOCS.c.top_category_id.in_(ids)))
    if query.region_code is not None:
        conditions.append(DOCS.c.region_code == query.region_code)
    if query.halal is not None:
        conditions.append(DOCS.c.is_halal.is_(query.halal))
    if query.min_price is not None:
        conditions.append(DOCS.c.price_idr >= query.min_price)
    if query.max_price is not None:
        conditions.append(DOCS.c.price_idr <= query.max_price)
    if query.sale_type == READY:
        conditions.append(and_(DOCS.c.sale_type == READY, DOCS.c.in_stock.is_(True)))
    elif query.sale_type is not None:
        conditions.append(DOCS.c.sale_type == query.sale_type)
    if query.agency_id is not None:
        conditions.append(
            DOCS.c.agency_ids.bool_op("@>")(literal([query.agency_id], ARRAY(Integer)))
        )
    return conditions


def _sale_type_key() -> ColumnElement[str | None]:
    """The "sale_type" facet value: "ready" only in stock, "preorder" whatever the stock, and
    NULL (counted in neither) for ready stock that has sold out."""
    return case(
        (DOCS.c.sale_type != READY, DOCS.c.sale_type),
        (DOCS.c.in_stock.is_(True), literal(READY, Text)),
        else_=None,
    )


def _where(
    terms: Sequence[analysis.QueryTerm], filters: list[ColumnElement[bool]]
) -> list[ColumnElement[bool]]:
    if not terms:
        return filters
    tsquery = _tsquery(terms)
    return [*filters, _matches(tsquery) if tsquery else false()]


def _term_tier(term: analysis.QueryTerm) -> ColumnElement[float]:
    """How well one term matched: own word in the name 3, a synonym in the name 2, own word
    elsewhere 1, a synonym elsewhere 0 (the WHERE clause already made sure it matched)."""
    own_in_name = _matches(_tsquery([term], own_only=True, weight="A"))
    if len(term.alternatives) == 1:
        return case((own_in_name, TIER_OWN_IN_NAME), else_=TIER_OWN_ELSEWHERE)
    return case(
        (own_in_name, TIER_OWN_IN_NAME),
        (_matches(_tsquery([term], weight="A")), TIER_SYNONYM_IN_NAME),
        (_matches(_tsquery([term], own_only=True)), TIER_OWN_ELSEWHERE),
        else_=0.0,
    )


def _score(terms: Sequence[analysis.QueryTerm]) -> ColumnElement[float]:
    """The terms' tiers summed, plus ts_rank_cd normalised to [0, 1) to order within a tier."""
    weights = literal_column(f"'{RANK_WEIGHTS}'::float4[]")
    tsquery = cast(literal(_tsquery(terms), Text), TSQUERY)
    score: ColumnElement[float] = func.ts_rank_cd(weights, DOCS.c.document, tsquery, 32)
    for term in terms:
        score = score + _term_tier(term)
    return score


def _price_key() -> ColumnElement[str]:
    return case(
        *(
            (
                DOCS.c.price_idr >= low
                if high is None
                else and_(DOCS.c.price_idr >= low, DOCS.c.price_idr < high),
                literal(price_bucket_key(low, high), Text),
            )
            for low, high in PRICE_BUCKETS
        )
    )


def _tier_sum(terms: Sequence[analysis.QueryTerm]) -> ColumnElement[float]:
    """The terms' tiers summed (a whole number: `_score` without ts_rank_cd)."""
    tier: ColumnElement[float] = literal(0.0)
    for term in terms:
        tier = tier + _term_tier(term)
    return tier


def _count(
    conn: Connection, terms: Sequence[analysis.QueryTerm], filters: list[ColumnElement[bool]]
) -> tuple[int, dict[str, dict[str, int]], dict[float, int]]:
    """Total, facet counts and hits per tier sum over every hit, in one pass (GROUPING SETS).

    Agencies are grouped by the whole `agency_ids` array (few distinct sets) and spread over
    their agencies here, which is cheaper than unnesting every hit.
    """
    keys = {
        "category": cast(DOCS.c.category_id, Text),
        "city": DOCS.c.region_code,
        "price": _price_key(),
        "halal": DOCS.c.is_halal,
        "sale_type": _sale_type_key(),
        "agency": DOCS.c.agency_ids,
    }
    if terms:
        keys["tier"] = _tier_sum(terms)
    columns = list(keys.values())
    statement = (
        select(*columns, func.grouping(*columns), func.count())
        .where(*_where(terms, filters))
        .group_by(func.grouping_sets(*(tuple_(c) for c in columns), tuple_()))
    )
    names = list(keys)
    width = len(names)
    total = 0
    facets: dict[str, dict[str, int]] = {key: {} for key in FACET_KEYS}
    tiers: dict[float, int] = {}
    for row in conn.execute(statement):
        *values, bits, count = row
        grouped = [i for i in range(width) if not bits & (1 << (width - 1 - i))]
        if not grouped:
            total = count
            continue
        (i,) = grouped
        name, value = names[i], values[i]
        if value is None or not count:
            continue
        if name == "tier":
            tiers[float(value)] = count
        elif name == "halal":
            if value:
                facets["halal"]["1"] = count
        elif name == "agency":
            for agency in value:
                key = str(agency)
                facets["agency"][key] = facets["agency"].get(key, 0) + count
        else:
            facets[name][str(value)] = count
    return total, facets, tiers


def _tier_cut(tiers: dict[float, int], wanted: int) -> float | None:
    """The lowest tier sum the first `wanted` hits in relevance order can have (None: all)."""
    seen = 0
    for tier in sorted(tiers, reverse=True):
        seen += tiers[tier]
        if seen >= wanted:
            return tier
    return None


def _page(
    conn: Connection,
    terms: Sequence[analysis.QueryTerm],
    filters: list[ColumnElement[bool]],
    query: SearchQuery,
    total: int,
    tiers: dict[float, int],
) -> list[SearchHit]:
    """One page of hits in the query's order (no statement when the page is past the end).

    By relevance, only hits whose tier sum reaches that of the page's last hit are ranked:
    ts_rank_cd stays below 1, so a lower tier sum can never overtake (exact, and it spares
    ts_rank_cd on most hits of a common word).
    """
    page = max(1, query.page)
    per_page = max(1, min(query.per_page, MAX_PER_PAGE))
    offset = (page - 1) * per_page
    if offset >= total:
        return []
    score = (_score(terms) if terms else literal(0.0)).label("score")
    newest = (DOCS.c.created_at.desc(), DOCS.c.product_id.desc())
    by_score = (score.desc(), DOCS.c.product_id.desc())
    order: Sequence[Any]
    if query.sort == Sort.RELEVANCE:
        order = by_score if terms else newest
    elif query.sort == Sort.NEWEST:
        order = newest
    elif query.sort == Sort.PRICE_ASC:
        order = (DOCS.c.price_idr.asc(), *by_score)
    elif query.sort == Sort.PRICE_DESC:
        order = (DOCS.c.price_idr.desc(), *by_score)
    else:
        order = (DOCS.c.rating.desc(), DOCS.c.rating_count.desc(), *newest)
    where = _where(terms, filters)
    if query.sort == Sort.RELEVANCE and terms:
        cut = _tier_cut(tiers, offset + per_page)
        if cut is not None and cut > min(tiers):
            where.append(_tier_sum(terms) >= cut)
    statement = (
        select(DOCS.c.product_id, score)
        .where(*where)
        .order_by(*order)
        .limit(per_page)
        .offset(offset)
    )
    relevance = query.sort == Sort.RELEVANCE and bool(terms)
    return [
        SearchHit(product_id=pid, score=float(value) if relevance else 0.0)
        for pid, value in conn.execute(statement)
    ]


# -- Typo tolerance ------------------------------------------------------------------------------


def _edit_distance(a: str, b: str) -> int:
    """Edits turning `a` into `b`: insert, delete, substitute, swap two neighbours ("udnag")."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(
                rows[i - 1][j] + 1,
                row[j - 1] + 1,
                rows[i - 1][j - 1] + (a[i - 1] != b[j - 1]),
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[i - 2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def _max_edits(word: str) -> int:
    return 1 if len(word) <= 7 else 2


def _corrections(
    conn: Connection, terms: list[analysis.QueryTerm]
) -> tuple[list[analysis.QueryTerm], str] | None:
    """Terms widened with the closest known word for each unknown word of 5+ letters, and the
    corrected query text; None when no word looks misspelt. Two statements.

    A word is known, and never corrected, when its stem occurs in any indexed text, the
    description included ("gurih" in one description is not a typo of "guruh" in names).
    """
    own_queries = {
        t.surface: _tsquery([t])
        for t in terms
        if " " not in t.surface
        and len(t.surface) >= MIN_TYPO_LENGTH
        and len(t.alternatives) == 1  # words in the synonym table are known
    }
    words = sorted(own_queries)
    if not words:
        return None
    # `%` uses the GIN trigram index; the default threshold (0.3) misses some one-letter typos
    # of short words, and edit distance decides below anyway.
    conn.execute(
        text("SELECT set_config('pg_trgm.similarity_threshold', :threshold, true)"),
        {"threshold": SIMILARITY_THRESHOLD},
    )
    # Candidates only for unknown words. MATERIALIZED: one GIN lookup of each word's stem in
    # the documents, not one per candidate.
    rows = conn.execute(
        text(
            "WITH unknown AS MATERIALIZED ("
            "   SELECT w.word"
            "   FROM unnest(CAST(:words AS text[]), CAST(:queries AS text[])) AS w(word, query)"
            "   WHERE NOT EXISTS ("
            "     SELECT 1 FROM search_documents AS d"
            "     WHERE d.document @@ CAST(w.query AS tsquery) LIMIT 1"
            "   )"
            " )"
            " SELECT w.word, c.term FROM unknown AS w"
            " CROSS JOIN LATERAL ("
            "   SELECT term FROM search_terms"
            "   WHERE term % w.word"
            "     AND length(term) BETWEEN length(w.word) - :edits AND length(w.word) + :edits"
            "     AND left(term, 1) = left(w.word, 1)"
            "   ORDER BY similarity(term, w.word) DESC, term LIMIT :per_word"
            " ) AS c"
        ),
        {
            "words": words,
            "queries": [own_queries[w] for w in words],
            "edits": 2,
            "per_word": CANDIDATES_PER_WORD,
        },
    )
    candidates: dict[str, list[str]] = {}
    for word, term in rows:
        candidates.setdefault(word, []).append(term)
    best: dict[str, str] = {}
    for word, found in candidates.items():
        if word in found:
            continue  # a known word is not a typo
        scored = [
            (d, i, c)
            for i, c in enumerate(found)
            if (d := _edit_distance(word, c)) <= _max_edits(word)
        ]
        if scored:
            best[word] = min(scored)[2]
    if not best:
        return None
    widened = []
    for term in terms:
        correction = best.get(term.surface) if len(term.alternatives) == 1 else None
        if correction is None:
            widened.append(term)
            continue
        extra = tuple(
            alt
            for parsed in analysis.parse_query(correction)
            for alt in parsed.alternatives
            if alt not in term.alternatives
        )
        widened.append(
            analysis.QueryTerm(surface=term.surface, alternatives=term.alternatives + extra)
        )
    suggestion = " ".join(
        best.get(t.surface, t.surface) if len(t.alternatives) == 1 else t.surface for t in terms
    )
    return widened, suggestion
