"""Time the main pages in-process on a seeded database and print a table.

    make bench            # SQLite in a temp folder, demo data plus N extra products
    BENCH_PRODUCTS=5000 make bench

Figures are wall-clock milliseconds per request through the whole Flask stack (routing,
queries, templates), measured with the test client: no network, one process.
Not a test: it asserts nothing, it prints.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from marketplace import create_app
from marketplace.catalog.models import Category, Product, ProductVariant
from marketplace.demo.seed import seed_demo
from marketplace.extensions import db
from marketplace.stores.models import Store

EXTRA_PRODUCTS = int(os.environ.get("BENCH_PRODUCTS", "2000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "200"))
PAGES = [
    ("home", "/"),
    ("search 'keripik'", "/cari?q=keripik"),
    ("store page", "/toko/keripik-tempe-bu-sri"),
    ("product page", "/toko/keripik-tempe-bu-sri/keripik-tempe-pedas"),
    ("login form", "/masuk"),
]


def _populate(extra: int) -> None:
    seed_demo(with_images=False)
    stores = db.session.query(Store).all()
    categories = db.session.query(Category).filter(Category.parent_id.isnot(None)).all()
    for n in range(extra):
        store = stores[n % len(stores)]
        product = Product(
            store_id=store.id,
            category_id=categories[n % len(categories)].id,
            name=f"Keripik Bench {n}",
            slug=f"bench-{n}",
            status="active",
            description="Produk untuk pengukuran.",
        )
        db.session.add(product)
        db.session.flush()
        db.session.add(
            ProductVariant(
                product_id=product.id,
                store_id=store.id,
                sku=f"BENCH-{n}",
                price_idr=10000 + n,
                stock=5,
            )
        )
    db.session.commit()


def main() -> None:
    folder = tempfile.mkdtemp(prefix="pasar-ikm-bench-")
    app = create_app(
        {
            "APP_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3",
            # Its own index and uploads: never the development instance's.
            "SEARCH_DIR": f"{folder}/search",
            "UPLOAD_DIR": f"{folder}/uploads",
        }
    )
    with app.app_context():
        db.create_all()
        _populate(EXTRA_PRODUCTS)
        queries = {"n": 0}

        def count(*_args: object) -> None:
            queries["n"] += 1

        event.listen(db.engine, "before_cursor_execute", count)

    client = app.test_client()
    print(f"Pasar IKM page timings: {EXTRA_PRODUCTS} extra products, {ROUNDS} requests a page")
    print(f"{'page':<20} {'median ms':>10} {'p95 ms':>8} {'req/s':>8} {'queries':>8}")
    for label, path in PAGES:
        for _ in range(10):
            client.get(path)  # warm up caches and templates
        timings = []
        queries["n"] = 0
        for _ in range(ROUNDS):
            start = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        timings.sort()
        median = statistics.median(timings)
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(
            f"{label:<20} {median:>10.2f} {p95:>8.2f} {1000 / median:>8.0f} "
            f"{queries['n'] / ROUNDS:>8.1f}"
        )


if __name__ == "__main__":
    main()
