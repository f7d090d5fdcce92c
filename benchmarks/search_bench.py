"""Search at catalogue scale: reindex time, index size and query latency for both backends.

    .venv/bin/python benchmarks/search_bench.py                          # 10k and 100k, both
    .venv/bin/python benchmarks/search_bench.py --sizes 10000 --backends whoosh   # quick run
    .venv/bin/python benchmarks/search_bench.py --profile 5              # + where time goes

For each size, realistic products (benchmarks/search_data.py: Indonesian names from each
category's vocabulary with Zipf-distributed words, stores in real kabupaten/kota, halal
certificates, variants, pre-order, ratings, trained owners) are written with bulk Core INSERTs
into a fresh database: a throwaway PostgreSQL cluster (tests/postgres.py) when the PostgreSQL
backend is measured, so that Whoosh reads the same database, else a SQLite file. Then, per
backend: a full `rebuild()` (timed, cold stem cache, as `flask search reindex` in a new
process), the index size, and a fixed set of 200 queries (80 one-word, 80 two-word, 20
three-word or with a place, 8 with typos, 12 with filters or sorts) after a warm-up pass,
each timed through `backend.search(SearchQuery(text=..., per_page=24))`, plus the whole
`search_products` service (hits, cards from the database, facet labels) and autocomplete over
50 prefixes. Not a test: it prints figures (progress goes to stderr).

Targets (issue): p95 under 50 ms at 100,000 products for one- and two-word queries; a full
reindex of 100,000 products in under 3 minutes.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import insert, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import search_data  # noqa: E402 (benchmarks/ on the path first)

from marketplace import create_app  # noqa: E402
from marketplace.accounts.models import User  # noqa: E402
from marketplace.catalog.models import Category, Product, ProductVariant  # noqa: E402
from marketplace.extensions import db  # noqa: E402
from marketplace.search import analysis  # noqa: E402
from marketplace.search.backend import SearchBackend, SearchQuery, Sort  # noqa: E402
from marketplace.stores.models import Store, StoreMember  # noqa: E402
from marketplace.training.models import Agency, Enrollment, Participant, Program  # noqa: E402

TABLES = (
    ("categories", Category),
    ("users", User),
    ("stores", Store),
    ("members", StoreMember),
    ("agencies", Agency),
    ("programs", Program),
    ("participants", Participant),
    ("enrollments", Enrollment),
    ("products", Product),
    ("variants", ProductVariant),
)
CLASSES = ("single", "two", "three+place", "typo", "filter/sort")
P95_TARGET_MS = 50.0
REINDEX_TARGET_S = 180.0
REGENCIES = search_data.regencies_by_name()
T0 = time.perf_counter()
LOADS: list[float] = []  # 1-minute load average at each progress line: was the machine quiet?


def progress(message: str) -> None:
    """A timestamped line on stderr (and a sample of the load average)."""
    LOADS.append(os.getloadavg()[0])
    print(
        f"[{time.perf_counter() - T0:7.1f}s] {message} (load {LOADS[-1]:.2f})",
        file=sys.stderr,
        flush=True,
    )


# -- Data ----------------------------------------------------------------------------------------


def populate(catalogue: search_data.Catalogue) -> None:
    """Bulk Core INSERTs in chunks of 5,000 (the ORM flush listener that indexes never runs)."""
    for attr, model in TABLES:
        rows = getattr(catalogue, attr)
        for chunk in search_data.chunks(rows):
            db.session.execute(insert(model.__table__), chunk)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            for _, model in TABLES:
                table = model.__table__.name
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"  # noqa: S608
                        f" (SELECT max(id) FROM {table}))"
                    )
                )
        vacuum_analyze()


def vacuum_analyze(*tables: str) -> None:
    """VACUUM ANALYZE (PostgreSQL only), as autovacuum would shortly after a bulk write."""
    if db.engine.dialect.name != "postgresql":
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f"VACUUM ANALYZE {', '.join(tables)}" if tables else "VACUUM ANALYZE"))


# -- Measuring ------------------------------------------------------------------------------------


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


@dataclass
class Latencies:
    """Milliseconds per query (by position in the list), over every round; hits per query."""

    samples: dict[int, list[float]] = field(default_factory=lambda: defaultdict(list))
    hits: dict[int, int] = field(default_factory=dict)


@dataclass
class Run:
    """Everything measured for one backend on one catalogue size."""

    size: int
    backend: str
    db: str
    indexed: int = 0
    reindex_s: float = 0.0
    index_bytes: int = 0
    index_detail: str = ""
    search: Latencies = field(default_factory=Latencies)
    service: Latencies = field(default_factory=Latencies)
    autocomplete: Latencies = field(default_factory=Latencies)
    profile: str = ""


def to_search_query(
    q: search_data.BenchQuery, categories: dict[str, tuple[int, ...]]
) -> SearchQuery:
    """The backend's SearchQuery for a benchmark query."""
    return SearchQuery(
        text=q.text,
        category_ids=categories[q.category] if q.category else (),
        region_code=REGENCIES[q.city].code if q.city else None,
        halal=q.halal,
        min_price=q.min_price,
        max_price=q.max_price,
        sale_type=q.sale_type,
        agency_id=q.agency,
        sort=Sort(q.sort),
        per_page=24,
    )


def to_params(q: search_data.BenchQuery) -> Any:
    """The service's SearchParams for a benchmark query."""
    from marketplace.search.service import SearchParams

    return SearchParams(
        q=q.text,
        category=q.category,
        city=REGENCIES[q.city].code if q.city else None,
        halal=q.halal,
        min_price=q.min_price,
        max_price=q.max_price,
        sale_type=q.sale_type,
        agency=q.agency,
        sort=Sort(q.sort),
        per_page=24,
    )


def timed_rounds(
    items: list[Any], call: Callable[[Any], int], rounds: int, into: Latencies
) -> None:
    """One warm-up pass, then `rounds` timed passes over the items (in a fixed order)."""
    for item in items:
        call(item)
    for _ in range(rounds):
        for i, item in enumerate(items):
            start = time.perf_counter()
            found = call(item)
            into.samples[i].append((time.perf_counter() - start) * 1000)
            into.hits[i] = found


def category_ids() -> dict[str, tuple[int, ...]]:
    """slug -> the category and its children, as search_products resolves them."""
    rows = db.session.execute(select(Category.id, Category.slug, Category.parent_id)).all()
    out = {}
    for cid, slug, _ in rows:
        out[slug] = (cid, *(c for c, _, parent in rows if parent == cid))
    return out


def index_size(backend: SearchBackend) -> tuple[int, str]:
    """Bytes the index takes, and how they split."""
    if backend.name == "whoosh":
        live = Path(os.path.realpath(Path(backend.root) / "current"))  # type: ignore[attr-defined]
        files = [p for p in live.iterdir() if p.is_file()]
        return sum(p.stat().st_size for p in files), f"{len(files)} files"
    with db.engine.connect() as conn:
        docs, terms, heap, gin = conn.execute(
            text(
                "SELECT pg_total_relation_size('search_documents'),"
                " pg_total_relation_size('search_terms'),"
                " pg_table_size('search_documents'),"
                " pg_relation_size('ix_search_documents_document')"
            )
        ).one()
    return docs + terms, (
        f"documents {docs / 2**20:.0f} MB (table+toast {heap / 2**20:.0f}, "
        f"tsvector GIN {gin / 2**20:.0f}), terms {terms / 2**20:.1f} MB"
    )


def measure(app: Flask, backend: SearchBackend, run: Run, args: argparse.Namespace) -> None:
    """Rebuild, size, then query latencies for one backend on the current database."""
    from marketplace.search.service import autocomplete, search_products

    app.extensions["search"] = backend
    backend.clear()
    analysis.stem.cache_clear()  # a reindex runs in a fresh process: cold stem cache
    progress(f"{run.backend} @ {run.size:,}: rebuild ...")
    start = time.perf_counter()
    run.indexed = backend.rebuild()
    run.reindex_s = time.perf_counter() - start
    progress(f"{run.backend} @ {run.size:,}: {run.indexed:,} documents in {run.reindex_s:.1f}s")
    if backend.name == "postgres":
        vacuum_analyze("search_documents", "search_terms")
    run.index_bytes, run.index_detail = index_size(backend)

    queries = search_data.build_queries()
    cats = category_ids()
    search_queries = [to_search_query(q, cats) for q in queries]
    progress(f"{run.backend} @ {run.size:,}: {len(queries)} queries x (1 + {args.rounds})")
    timed_rounds(search_queries, lambda sq: backend.search(sq).total, args.rounds, run.search)

    prefixes = search_data.build_prefixes()
    timed_rounds(prefixes, lambda p: len(backend.autocomplete(p)), args.rounds, run.autocomplete)

    if not args.no_service:
        progress(f"{run.backend} @ {run.size:,}: search_products service x (1 + 1)")
        params = [to_params(q) for q in queries]
        with app.test_request_context("/cari"):

            def service(p: Any) -> int:
                page = search_products(p)
                db.session.rollback()  # end the read transaction, as a request does
                return page.total

            timed_rounds(params, service, 1, run.service)
            # The header box: categories then product names (one extra SQL query).
            for p in prefixes[:5]:
                autocomplete(p)

    if args.profile:
        slowest = sorted(
            range(len(queries)),
            key=lambda i: statistics.median(run.search.samples[i]),
            reverse=True,
        )[: args.profile]
        profiler = cProfile.Profile()
        for i in slowest:
            profiler.enable()
            for _ in range(3):
                backend.search(search_queries[i])
            profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs()
        stats.sort_stats("cumulative").print_stats(25)
        stats.sort_stats("tottime").print_stats(15)
        labels = ", ".join(queries[i].label() for i in slowest)
        run.profile = f"slowest {len(slowest)} queries x 3: {labels}\n{out.getvalue()}"


# -- Report ---------------------------------------------------------------------------------------


def machine_facts(pg_version: str | None) -> str:
    """Cores, CPU model, memory, Python and library versions."""
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 2**20:.1f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    versions = ", ".join(
        f"{name} {metadata.version(dist)}"
        for name, dist in (
            ("Whoosh", "Whoosh-Reloaded"),
            ("SQLAlchemy", "SQLAlchemy"),
            ("PySastrawi", "PySastrawi"),
        )
    )
    pg = f", PostgreSQL {pg_version}" if pg_version else ""
    cores = os.cpu_count() or 1
    load = f"1-min load average {min(LOADS):.2f}-{max(LOADS):.2f} during the run"
    if max(LOADS) > 1.25:  # this process alone accounts for about 1
        load += " (other processes were busy: figures are pessimistic)"
    return (
        f"{cores} cores ({cpu}){mem}; Python {platform.python_version()} on "
        f"{platform.system()} {platform.release()}; {versions}{pg}; {load}"
    )


def _stats(values: list[float]) -> str:
    if not values:
        return f"{'-':>7} {'-':>7} {'-':>7}"
    return f"{statistics.median(values):7.1f} {percentile(values, 95):7.1f} {max(values):7.1f}"


def _rows(lat: Latencies, queries: list[search_data.BenchQuery]) -> Iterator[tuple]:
    groups: dict[str, list[int]] = {
        "single": [],
        "two": [],
        "other": [],
        **{f"  {c}": [] for c in CLASSES[2:]},
        "all": [],
    }
    for i, q in enumerate(queries):
        key = q.klass if q.klass in ("single", "two") else "other"
        groups[key].append(i)
        if key == "other":
            groups[f"  {q.klass}"].append(i)
        groups["all"].append(i)
    for name, ids in groups.items():
        values = [v for i in ids for v in lat.samples.get(i, [])]
        hits = [lat.hits[i] for i in ids if i in lat.hits]
        median_hits = statistics.median(hits) if hits else 0
        zero = sum(1 for h in hits if h == 0)
        yield name, len(ids), values, median_hits, zero


def report(runs: list[Run], args: argparse.Namespace, facts: str, data_lines: list[str]) -> None:
    """The figures, as a table on stdout."""
    queries = search_data.build_queries()
    print()
    print("Pasar IKM search benchmark")
    print(f"Machine: {facts}")
    for line in data_lines:
        print(f"Data: {line}")
    print(
        f"Queries: 200 fixed (80 one-word, 80 two-word, 20 three-word/place, 8 typo, 12 "
        f"filter/sort), 1 warm-up + {args.rounds} timed rounds; autocomplete: 50 prefixes."
    )
    print()
    print("Indexing (full rebuild(), cold stem cache; PostgreSQL: one transaction)")
    print(
        f"{'products':>9} {'backend':<8} {'db':<10} {'indexed':>8} {'reindex s':>9} "
        f"{'docs/s':>7} {'index MB':>9}  detail"
    )
    for r in runs:
        print(
            f"{r.size:>9,} {r.backend:<8} {r.db:<10} {r.indexed:>8,} {r.reindex_s:>9.1f} "
            f"{r.indexed / r.reindex_s:>7,.0f} {r.index_bytes / 2**20:>9.1f}  {r.index_detail}"
        )
    print()
    print("Latency, ms: backend.search(SearchQuery(text, per_page=24)) unless noted")
    print(
        f"{'products':>9} {'backend':<8} {'class':<14} {'n':>4} {'p50':>7} {'p95':>7} "
        f"{'max':>7} {'med hits':>9} {'0 hits':>6}"
    )
    for r in runs:
        first = True
        lead = f"{r.size:>9,} {r.backend:<8}"
        blank = " " * len(lead)
        for name, n, values, median_hits, zero in _rows(r.search, queries):
            print(
                f"{lead if first else blank} {name:<14} {n:>4} {_stats(values)} "
                f"{median_hits:>9,.0f} {zero:>6}"
            )
            first = False
        if r.service.samples:
            values = [v for s in r.service.samples.values() for v in s]
            print(f"{blank} {'service (all)':<14} {len(queries):>4} {_stats(values)}")
        values = [v for s in r.autocomplete.samples.values() for v in s]
        print(f"{blank} {'autocomplete':<14} {len(r.autocomplete.samples):>4} {_stats(values)}")
    print()
    print("Targets")
    for r in runs:
        if r.size != 100_000:
            continue
        parts = []
        for klass in ("single", "two"):
            ids = [i for i, q in enumerate(queries) if q.klass == klass]
            p95 = percentile([v for i in ids for v in r.search.samples[i]], 95)
            verdict = "ok" if p95 < P95_TARGET_MS else f"MISSED by {p95 / P95_TARGET_MS - 1:.0%}"
            parts.append(f"p95 {klass}-word {p95:.1f} ms ({verdict})")
        verdict = (
            "ok"
            if r.reindex_s < REINDEX_TARGET_S
            else f"MISSED by {r.reindex_s / REINDEX_TARGET_S - 1:.0%}"
        )
        parts.append(f"reindex {r.reindex_s:.0f} s ({verdict})")
        print(f"  {r.backend} @ 100,000: " + "; ".join(parts))
    print()
    print("Slowest queries (median ms over the timed rounds, hits)")
    for r in runs:
        ranked = sorted(
            r.search.samples, key=lambda i: statistics.median(r.search.samples[i]), reverse=True
        )
        shown = ", ".join(
            f"{queries[i].label()} {statistics.median(r.search.samples[i]):.0f} ms "
            f"({r.search.hits[i]:,})"
            for i in ranked[:6]
        )
        print(f"  {r.backend} @ {r.size:,}: {shown}")
    for r in runs:
        if r.profile:
            print()
            print(f"Profile: {r.backend} @ {r.size:,}, {r.profile}")


# -- Main -----------------------------------------------------------------------------------------


@contextmanager
def postgres_cluster(wanted: bool) -> Iterator[Any]:
    """A throwaway cluster (tests/postgres.py), or None."""
    if not wanted:
        yield None
        return
    from tests.postgres import start_cluster

    progress("starting a throwaway PostgreSQL cluster ...")
    cluster = start_cluster()
    try:
        yield cluster
    finally:
        cluster.stop()


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="10000,100000", help="products, comma separated")
    parser.add_argument("--backends", default="whoosh,postgres", help="whoosh,postgres")
    parser.add_argument(
        "--db",
        choices=("auto", "sqlite", "postgres"),
        default="auto",
        help="database the products live in (auto: PostgreSQL when that backend runs)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="timed passes over the queries")
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--profile", type=int, default=0, help="cProfile the N slowest queries")
    parser.add_argument("--no-service", action="store_true", help="skip search_products timing")
    args = parser.parse_args()
    args.sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s]
    args.backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    unknown = set(args.backends) - {"whoosh", "postgres"}
    if unknown:
        parser.error(f"unknown backend(s): {', '.join(sorted(unknown))}")
    if args.db == "auto":
        args.db = "postgres" if "postgres" in args.backends else "sqlite"
    if "postgres" in args.backends and args.db != "postgres":
        parser.error("the postgres backend needs --db postgres")
    return args


def main() -> None:
    args = parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pasar-ikm-search-bench-"))
    runs: list[Run] = []
    data_lines: list[str] = []
    pg_version = None
    try:
        with postgres_cluster(args.db == "postgres") as cluster:
            for size in args.sizes:
                if cluster is not None:
                    url = cluster.create_database(f"search_bench_{size}")
                else:
                    url = f"sqlite:///{folder}/bench-{size}.sqlite3"
                app = create_app(
                    {
                        "APP_ENV": "testing",
                        "SQLALCHEMY_DATABASE_URI": url,
                        "SEARCH_DIR": str(folder / f"whoosh-{size}"),
                        "SEARCH_INDEX_ASYNC": False,
                    }
                )
                # Nothing may index behind the benchmark's back: rebuild() is what is timed.
                app.extensions.pop("search_indexer", None)
                with app.app_context():
                    db.create_all()
                    if cluster is not None:
                        pg_version = db.session.execute(text("SHOW server_version")).scalar()
                    progress(f"generating {size:,} products (seed {args.seed}) ...")
                    start = time.perf_counter()
                    catalogue = search_data.generate(size, seed=args.seed)
                    generated = time.perf_counter() - start
                    progress(f"inserting {sum(catalogue.counts().values()):,} rows ...")
                    start = time.perf_counter()
                    populate(catalogue)
                    inserted = time.perf_counter() - start
                    counts = catalogue.counts()
                    data_lines.append(
                        f"{size:,} searchable products ({counts['products']:,} rows with drafts, "
                        f"hidden, expired halal, stores not live; {counts['variants']:,} "
                        f"variants; {counts['stores']:,} stores) in {args.db}: generated in "
                        f"{generated:.1f}s, inserted in {inserted:.1f}s"
                    )
                    del catalogue
                    for name in args.backends:
                        from marketplace.search.service import make_backend

                        backend = make_backend(app, name, search_dir=str(folder / f"whoosh-{size}"))
                        run = Run(size=size, backend=name, db=args.db)
                        measure(app, backend, run, args)
                        runs.append(run)
                        cached = getattr(getattr(backend, "_local", None), "cached", None)
                        if cached is not None:  # Whoosh: let go of the index files
                            cached.searcher.close()
                    db.session.remove()
                    db.engine.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    report(runs, args, machine_facts(pg_version), data_lines)
    progress("done")


if __name__ == "__main__":
    main()
