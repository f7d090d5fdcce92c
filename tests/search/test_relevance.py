"""Relevance (issue #6): every query of the relevance set finds its products in the top 5.

Runs against each backend on the demo catalog. One run lists every miss with what came back
instead, so a ranking change shows all the queries it breaks at once.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from marketplace.catalog.models import Product
from marketplace.extensions import db
from marketplace.search.backend import SearchBackend, SearchQuery
from marketplace.stores.models import Store
from tests.search.relevance_cases import CASES, KINDS

TOP = 5


def test_relevance_set_has_40_queries_covering_every_kind():
    kinds = Counter(kind for _, _, kind in CASES)
    queries = [query for query, _, _ in CASES]

    assert len(CASES) >= 40
    assert set(kinds) == set(KINDS), set(kinds) ^ set(KINDS)
    assert all(kinds[kind] >= (3 if kind == "english" else 5) for kind in KINDS), kinds
    assert len(set(queries)) == len(queries), "a query is listed twice"
    for query, expected, _ in CASES:
        assert 1 <= len(expected) <= TOP and len(set(expected)) == len(expected), query


def test_relevance_set_names_demo_products_by_unique_slugs():
    from marketplace.demo import data
    from marketplace.demo.catalog_data import EXTRA_PRODUCTS

    slugs = Counter(p[0] for seller in data.SELLERS for p in seller["products"])
    slugs.update(p[0] for products in EXTRA_PRODUCTS.values() for p in products)
    expected = {slug for _, products, _ in CASES for slug in products}

    assert sorted(expected - set(slugs)) == []
    assert sorted(s for s in expected if slugs[s] > 1) == []


def _seed_demo_catalog() -> dict[str, int]:
    """Seed the demo and return slug -> product id for the slugs the relevance set uses."""
    from marketplace.demo.seed import seed_demo

    seed_demo(with_images=False)
    db.session.commit()
    expected = {slug for _, products, _ in CASES for slug in products}
    rows = db.session.execute(
        select(Product.slug, func.min(Product.id), func.count(Product.id))
        .where(Product.slug.in_(expected))
        .group_by(Product.slug)
    ).all()
    duplicated = sorted(slug for slug, _, count in rows if count > 1)
    assert not duplicated, f"slugs used by several demo products: {duplicated}"
    ids = {slug: product_id for slug, product_id, _ in rows}
    assert sorted(expected - set(ids)) == [], "expected products missing from the demo"
    return ids


def _describe(product_ids: list[int]) -> dict[int, str]:
    """product id -> "Name (slug, City)" for the failure message."""
    rows = db.session.execute(
        select(Product.id, Product.name, Product.slug, Store.city_name)
        .join(Store, Store.id == Product.store_id)
        .where(Product.id.in_(product_ids))
    ).all()
    return {pid: f"{name} ({slug}, {city})" for pid, name, slug, city in rows}


def test_every_relevance_query_finds_its_products_in_the_top_5(search_backend: SearchBackend):
    ids = _seed_demo_catalog()
    assert search_backend.rebuild() > 0

    misses = []
    missed_kinds: Counter[str] = Counter()
    for query, expected, kind in CASES:
        result = search_backend.search(SearchQuery(text=query, per_page=TOP))
        top = result.hits[:TOP]
        top_ids = {hit.product_id for hit in top}
        missing = [slug for slug in expected if ids[slug] not in top_ids]
        if missing:
            missed_kinds[kind] += 1
            misses.append((query, kind, expected, missing, top, result.total, result.fuzzy))

    assert not misses, _report(search_backend.name, misses, missed_kinds)


def _report(backend: str, misses: list[tuple], missed_kinds: Counter[str]) -> str:
    """Each missed query with its kind, the expected slugs and the actual top 5."""
    described = _describe([hit.product_id for *_, top, _, _ in misses for hit in top])
    lines = [
        f"{len(misses)} of {len(CASES)} queries miss on {backend} "
        f"({', '.join(f'{k} {n}' for k, n in sorted(missed_kinds.items()))}):"
    ]
    for query, kind, expected, missing, top, total, fuzzy in misses:
        lines.append(
            f'\n"{query}" [{kind}] missing {", ".join(missing)}'
            f"\n    expected: {', '.join(expected)}"
            f"\n    got {total} hit(s){' (fuzzy)' if fuzzy else ''}, top {TOP}:"
        )
        lines += [
            f"      {rank}. {described[hit.product_id]} score {hit.score:.3f}"
            for rank, hit in enumerate(top, 1)
        ] or ["      (nothing)"]
    return "\n".join(lines)
