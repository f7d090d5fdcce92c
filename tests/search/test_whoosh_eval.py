"""The Whoosh backend's set-at-a-time relevance path scores exactly as Whoosh's collector."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy.orm import Session
from whoosh import collectors
from whoosh import index as whoosh_index

from marketplace.extensions import db
from marketplace.search import analysis
from marketplace.search.backend import SearchQuery
from marketplace.search.documents import load_documents
from marketplace.search.whoosh_backend import WhooshBackend, _fields, _text_query, _text_tree
from marketplace.search.whoosh_eval import evaluate
from tests.factories import make_category, make_product, make_store

NAMES = [
    "Keripik Tempe Pedas",
    "Keripik Singkong Balado",
    "Kripik Tempe Original",
    "Tempe Goreng Renyah",
    "Batik Tulis Pekalongan",
    "Batik Cap Parang",
    "Kain Batik Tulis Halus",
    "Sambel Bawang",
    "Oleh-oleh Khas Demak",
    "Tas Anyaman Pandan",
]
QUERIES = ["keripik", "kripik tempe", "batik tulis", "sambal", "oleh oleh", "tempe", "tas"]


@pytest.fixture
def whoosh(app: Flask, tmp_path: Path) -> WhooshBackend:
    """A Whoosh index of several segments, with deletions (products updated after indexing)."""
    backend = WhooshBackend(str(tmp_path / "index"))
    category = make_category(name="Aneka", name_en="Various", slug="aneka")
    store = make_store(name="Toko Tempe Batik")
    products = [
        make_product(store, category, name=name, description=f"{name} buatan tangan.")
        for name in NAMES
    ]
    backend.index_products([p.id for p in products])
    # Re-add some as new segments without merging: the old copies stay as deletions.
    with Session(db.engine) as session:
        documents = load_documents(session, [p.id for p in products[::3]])
    for doc in documents:
        writer = whoosh_index.open_dir(str(backend._generation())).writer()
        writer.update_document(**_fields(doc))
        writer.commit(merge=False)
    return backend


@pytest.mark.parametrize("text", QUERIES)
def test_scores_and_matches_equal_whooshs_own(whoosh: WhooshBackend, text: str):
    cached = whoosh._searcher()
    searcher = cached.searcher
    assert len(searcher.leaf_searchers()) > 1
    assert searcher.reader().has_deletions()
    terms = analysis.parse_query(text)

    scores = evaluate(_text_tree(terms), searcher, cached.facets.lengths)

    collector = collectors.UnlimitedCollector()
    searcher.search_with_collector(_text_query(terms), collector)
    expected = {hit.docnum: hit.score for hit in collector.results()}
    assert scores.keys() == expected.keys()
    for docnum, score in expected.items():
        assert scores[docnum] == pytest.approx(score, rel=1e-9)


def test_search_pages_follow_the_scores(whoosh: WhooshBackend):
    full = whoosh.search(SearchQuery(text="tempe", per_page=60))
    assert full.total == len(full.hits) == len(NAMES)  # the store is "Toko Tempe Batik"
    assert [h.score for h in full.hits] == sorted((h.score for h in full.hits), reverse=True)
    first = whoosh.search(SearchQuery(text="tempe", per_page=2))
    second = whoosh.search(SearchQuery(text="tempe", per_page=2, page=2))
    assert [h.product_id for h in first.hits + second.hits] == [h.product_id for h in full.hits[:4]]
