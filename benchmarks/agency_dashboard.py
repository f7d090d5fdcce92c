"""The agency outcomes dashboard at scale: 20,000 participants and 200,000 orders on PostgreSQL.

    .venv/bin/python benchmarks/agency_dashboard.py                    # defaults below
    .venv/bin/python benchmarks/agency_dashboard.py --participants 5000 --orders 50000 --rounds 10

Starts a throwaway PostgreSQL cluster (tests/postgres.py, as the test suite does), creates the
schema, and generates the data with bulk `INSERT ... SELECT ... generate_series` statements (a
few seconds, whatever the size): one agency with 200 programs (2022-2026; training, mentoring,
consultation, contests, equipment grants; half with a budget), participants in the agency's
kecamatan with one or two enrollments (80% completed), 60% with an account, 40% with a store,
a third of the claimed ones consenting, and orders spread over two years with a long tail of
busy stores (85% completed, 10% wholesale with 11% PPN). Then it times the dashboard page
(`GET /dinas/<id>/hasil`, the whole Flask stack through the test client, logged in as staff)
and a few variants, and each section's query on its own. Not a test: it prints figures.

The whole-agency views read the agency's kept summary (`marketplace/training/outcomes/summary.py`,
refreshed nightly by `flask agency refresh-stats`); the benchmark also times computing it, which
is what the nightly job spends per agency and what the first view after a staff edit waits.

Target (issue #9): under 500 ms on PostgreSQL on this machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import event, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from marketplace import create_app  # noqa: E402
from marketplace.accounts.passwords import hash_password  # noqa: E402
from marketplace.extensions import db  # noqa: E402
from marketplace.regions.reference import list_districts  # noqa: E402
from marketplace.training import outcomes  # noqa: E402

REGION = "33.75"  # Kota Pekalongan
PASSWORD = "tenun-songket-biru-77"  # noqa: S105 (the throwaway staff account)
TARGET_MS = 500.0
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

STATEMENTS = [
    # Staff (id 1) and 100 buyers (ids 101-200).
    """
    INSERT INTO users (id, email, name, phone, password_hash, is_admin, timezone,
                       session_version, created_at, updated_at)
    VALUES (1, 'staf@bench.example', 'Staf Dinas', '+6281100000001', :password_hash, false,
            'Asia/Jakarta', 1, now(), now())
    """,
    """
    INSERT INTO users (id, email, name, phone, password_hash, is_admin, timezone,
                       session_version, created_at, updated_at)
    SELECT 100 + g, 'pembeli' || g || '@bench.example', 'Pembeli ' || g,
           '+62812' || lpad(g::text, 8, '0'), 'x', false, 'Asia/Jakarta', 1, now(), now()
    FROM generate_series(1, 100) g
    """,
    """
    INSERT INTO agencies (id, name, short_name, region_code, region_name, created_at, updated_at)
    VALUES (1, 'Dinas Perindustrian dan Tenaga Kerja Kota Pekalongan', 'Dinperinaker',
            :region, 'Kota Pekalongan', now(), now())
    """,
    """
    INSERT INTO agency_members (agency_id, user_id, role, created_at, updated_at)
    VALUES (1, 1, 'manager', now(), now())
    """,
    # 200 programs from 2022 to 2026: kinds and skill fields in turn, every other with a budget.
    """
    INSERT INTO programs (id, agency_id, title, kind, skill_field, venue, start_date, end_date,
                          capacity, funding_source, description, district_code, budget_idr,
                          created_at, updated_at)
    SELECT p, 1, 'Program ' || p,
           (ARRAY['pendampingan', 'pendampingan', 'konsultasi_produktivitas', 'lomba',
                  'bantuan_peralatan', 'pelatihan', 'pelatihan', 'pelatihan', 'pelatihan',
                  'pelatihan'])[p % 10 + 1],
           (ARRAY['kuliner', 'konveksi', 'kerajinan', 'kewirausahaan', 'pemasaran_digital',
                  'lainnya'])[p % 6 + 1],
           'BLK', date '2022-01-10' + p * 8, date '2022-01-10' + p * 8 + 20, 120, 'APBD', '',
           (CAST(:districts AS text[]))[p % :n_districts + 1],
           CASE WHEN p % 2 = 0 THEN 25000000 + p * 100000 END, now(), now()
    FROM generate_series(1, 200) p
    """,
    # Accounts for 60% of participants (g % 5 in 1, 2, 3): user id 1000 + g.
    """
    INSERT INTO users (id, email, name, phone, password_hash, is_admin, timezone,
                       session_version, created_at, updated_at)
    SELECT 1000 + g, 'alumni' || g || '@bench.example', 'Alumni ' || g,
           '+62813' || lpad(g::text, 8, '0'), 'x', false, 'Asia/Jakarta', 1, now(), now()
    FROM generate_series(1, :participants) g WHERE g % 5 IN (1, 2, 3)
    """,
    """
    INSERT INTO participants (id, full_name, nik_hash, nik_last4, gender, birth_year,
                              district_code, user_id, claimed_at, sales_consent_at,
                              created_at, updated_at)
    SELECT g, 'Peserta ' || g, md5('nik' || g), lpad((g % 10000)::text, 4, '0'),
           CASE WHEN g % 3 = 0 THEN 'L' ELSE 'P' END, 1970 + g % 35,
           (CAST(:districts AS text[]))[g % :n_districts + 1],
           CASE WHEN g % 5 IN (1, 2, 3) THEN 1000 + g END,
           CASE WHEN g % 5 IN (1, 2, 3) THEN now() END,
           CASE WHEN g % 5 IN (1, 2, 3) AND g % 3 = 0 THEN now() END,
           now(), now()
    FROM generate_series(1, :participants) g
    """,
    # Every participant in one program, a third in a second one; 80% completed.
    """
    INSERT INTO enrollments (program_id, participant_id, agency_id, status, award_title,
                             award_rank, award_amount_idr, grant_items, created_at, updated_at)
    SELECT e.program_id, e.g, 1, e.status,
           CASE WHEN e.program_id % 10 = 3 AND e.status = 'completed' AND e.g % 7 = 0
                THEN 'Juara ' || (e.g % 3 + 1) END,
           CASE WHEN e.program_id % 10 = 3 AND e.status = 'completed' AND e.g % 7 = 0
                THEN e.g % 3 + 1 END,
           CASE WHEN e.program_id % 10 = 3 AND e.status = 'completed' AND e.g % 7 = 0
                THEN 1000000 * (3 - e.g % 3) END,
           CASE WHEN e.program_id % 10 = 4 AND e.status = 'completed' AND e.g % 2 = 0
                THEN 'Mesin jahit, etalase' END,
           now(), now()
    FROM (
        SELECT g, g % 200 + 1 AS program_id,
               CASE WHEN g % 10 < 8 THEN 'completed' WHEN g % 10 = 8 THEN 'registered'
                    ELSE 'dropped' END AS status
        FROM generate_series(1, :participants) g
        UNION ALL
        SELECT g, (g % 200 + 37) % 200 + 1, 'completed'
        FROM generate_series(1, :participants) g WHERE g % 3 = 0
    ) e
    """,
    # Stores for 40% of participants (g % 5 in 1, 2): store id = g; 2% never went live.
    """
    INSERT INTO stores (id, name, slug, description, address_line, region_code, city_name,
                        opening_hours, is_preorder_only, is_on_holiday, holiday_note, status,
                        shipping_services, offers_pickup, rating_count, rating_sum,
                        live_since, created_at, updated_at)
    SELECT g, 'Toko ' || g, 'toko-bench-' || g, '', '', :region, 'Kota Pekalongan', '',
           false, false, '', CASE WHEN g % 50 = 1 THEN 'draft' ELSE 'live' END,
           '["jne_reg"]', true, 0, 0,
           CASE WHEN g % 50 = 1 THEN NULL ELSE now() - interval '800 days' END, now(), now()
    FROM generate_series(1, :participants) g WHERE g % 5 IN (1, 2)
    """,
    """
    INSERT INTO store_members (store_id, user_id, role, created_at, updated_at)
    SELECT g, 1000 + g, 'owner', now(), now()
    FROM generate_series(1, :participants) g WHERE g % 5 IN (1, 2)
    """,
    # One checkout per ten orders (the dashboard never reads checkouts).
    """
    INSERT INTO checkouts (id, public_id, buyer_id, idempotency_key, status, payment_method,
                           goods_idr, shipping_idr, unique_code, amount_due_idr, expires_at,
                           recipient_name, recipient_phone, address_line, region_code,
                           village_code, postal_code, address_text, created_at, updated_at)
    SELECT c, 'co-bench-' || c, 101 + c % 100, 'bench-' || c, 'paid', 'bank_transfer',
           0, 0, 0, 0, now(), 'Pembeli', '+6281200000000', 'Jl. Bench', '31.71',
           '31.71.01.1001', '10110', 'Gambir', now(), now()
    FROM generate_series(1, :orders / 10 + 1) c
    """,
    # Orders over two years; a long tail of busy stores (the k-th store, k skewed to small k).
    """
    INSERT INTO orders (number, checkout_id, store_id, buyer_id, status, goods_idr, shipping_idr,
                        total_idr, tax_idr, weight_grams, shipping_code, shipping_label,
                        etd_min_days, etd_max_days, note, channel, completed_at,
                        created_at, updated_at)
    SELECT 'PIK-B-' || o, o / 10 + 1, 5 * (k / 2) + 1 + k % 2, 101 + o % 100,
           CASE WHEN o % 20 < 17 THEN 'completed' WHEN o % 20 < 19 THEN 'cancelled'
                ELSE 'shipped' END,
           amount, 10000,
           amount + 10000 + CASE WHEN o % 10 = 0 THEN amount * 11 / 100 ELSE 0 END,
           CASE WHEN o % 10 = 0 THEN amount * 11 / 100 ELSE 0 END,
           1000, 'jne_reg', 'JNE REG', 2, 3, '',
           CASE WHEN o % 10 = 0 THEN 'wholesale' ELSE 'retail' END,
           CASE WHEN o % 20 < 17 THEN at END, at, at
    FROM (
        SELECT o,
               least(floor(:stores * power(random(), 2))::int, :stores - 1) AS k,
               (25000 + floor(random() * 400000))::int
                 * CASE WHEN o % 10 = 0 THEN 8 ELSE 1 END AS amount,
               now() - random() * interval '730 days' AS at
        FROM generate_series(1, :orders) o
    ) s
    """,
]


def populate(participants: int, orders: int) -> dict[str, float]:
    """Generate the data set in SQL; returns seconds per step."""
    districts = [d.code for d in list_districts(REGION)]
    params = {
        "password_hash": hash_password(PASSWORD),
        "region": REGION,
        "districts": districts,
        "n_districts": len(districts),
        "participants": participants,
        "orders": orders,
        "stores": participants * 2 // 5,
    }
    timings: dict[str, float] = {}
    with db.engine.begin() as conn:
        conn.execute(text("SELECT setseed(0.42)"))
        for statement in STATEMENTS:
            start = time.perf_counter()
            table = statement.split("INSERT INTO", 1)[1].split()[0]
            names = [name for name in params if f":{name}" in statement]
            conn.execute(text(statement), {name: params[name] for name in names})
            timings[table] = timings.get(table, 0.0) + time.perf_counter() - start
        for table in ("users", "programs", "participants", "enrollments", "stores", "checkouts"):
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"  # noqa: S608
                    f" (SELECT max(id) FROM {table}))"
                )
            )
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        start = time.perf_counter()
        conn.execute(text("VACUUM ANALYZE"))
        timings["vacuum analyze"] = time.perf_counter() - start
    return timings


# -- Measuring ------------------------------------------------------------------------------------


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def time_requests(app, client, url: str, rounds: int) -> tuple[list[float], float]:
    """Milliseconds per request after two warm-up requests, and SQL statements per request."""
    for _ in range(2):
        assert client.get(url).status_code == 200, url
    statements = {"n": 0}

    def count(*_args: object) -> None:
        statements["n"] += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    timings = []
    try:
        for _ in range(rounds):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return timings, statements["n"] / rounds


def time_sections(app, rounds: int) -> list[tuple[str, float]]:
    """Median milliseconds of each dashboard query on its own (all alumni, no filter)."""
    everyone = outcomes.OutcomeFilters()
    sections = [
        ("funnel", lambda: outcomes.get_funnel(1, everyone)),
        ("sales (months+groups+dist.)", lambda: outcomes.get_sales_overview(1, everyone)),
        ("mentoring before/after", lambda: outcomes.list_mentoring_effects(1, everyone)),
        ("omzet per budget", lambda: outcomes.list_budget_returns(1, everyone)),
        ("awards follow-up", lambda: outcomes.get_award_follow_up(1, everyone)),
    ]
    result = []
    with app.app_context():
        outcomes.begin_report()  # as the page does: no JIT for these queries
        for name, run in sections:
            run()
            samples = []
            for _ in range(rounds):
                start = time.perf_counter()
                run()
                samples.append((time.perf_counter() - start) * 1000)
            result.append((name, statistics.median(samples)))
    return result


def time_refresh(app, rounds: int) -> list[float]:
    """Milliseconds to compute and keep one agency's whole-agency figures (what the nightly
    `flask agency refresh-stats` does per agency, and the first view after staff edits)."""
    samples = []
    with app.app_context():
        for _ in range(rounds):
            start = time.perf_counter()
            outcomes.begin_report()
            outcomes.refresh_summary(1)
            db.session.commit()
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def counts(app) -> dict[str, int]:
    """Rows per table and the alumni figures the dashboard rests on."""
    with app.app_context():
        tables = ("participants", "enrollments", "users", "stores", "orders")
        return {
            table: db.session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()  # noqa: S608
            for table in tables
        }


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--participants", type=int, default=20_000)
    parser.add_argument("--orders", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=20, help="timed requests per page")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    from tests.postgres import start_cluster

    progress("starting a throwaway PostgreSQL cluster")
    cluster = start_cluster()
    try:
        url = cluster.create_database("agency_dashboard_bench")
        app = create_app(
            {
                "APP_ENV": "testing",
                "SQLALCHEMY_DATABASE_URI": url,
                "RATELIMIT_STORAGE_URI": "memory://",
                "WTF_CSRF_ENABLED": False,
                "SEARCH_DIR": f"{cluster.base}/search",
                "UPLOAD_DIR": f"{cluster.base}/uploads",
            }
        )
        with app.app_context():
            db.create_all()
            progress(f"generating {args.participants} participants, {args.orders} orders")
            start = time.perf_counter()
            steps = populate(args.participants, args.orders)
            generation_s = time.perf_counter() - start
            server_version = db.session.execute(text("SHOW server_version")).scalar_one()
        rows = counts(app)
        client = app.test_client()
        login = client.post("/masuk", data={"email": "staf@bench.example", "password": PASSWORD})
        assert login.status_code == 302, login.status_code
        progress("computing the whole-agency summary")
        refresh = time_refresh(app, max(3, args.rounds // 4))
        progress("timing requests")
        pages = [
            ("all alumni (summary)", "/dinas/1/hasil"),
            ("by kecamatan (summary)", "/dinas/1/hasil?group=district"),
            ("one cohort (2024)", "/dinas/1/hasil?cohort=2024"),
            ("one program", "/dinas/1/hasil?program=10"),
        ]
        results = []
        for label, path in pages:
            timings, per_request = time_requests(app, client, path, args.rounds)
            results.append((label, timings, per_request))
        progress("timing each section's query")
        sections = time_sections(app, max(5, args.rounds // 2))
        progress("done")
    finally:
        cluster.stop()

    print("Agency outcomes dashboard benchmark (PostgreSQL, in-process test client)")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, PostgreSQL {server_version}"
    )
    print(f"load average during the run: {min(LOADS):.2f} to {max(LOADS):.2f}")
    print("data: " + ", ".join(f"{rows[t]:,} {t}" for t in rows))
    print(
        f"generation: {generation_s:.1f} s ("
        + ", ".join(f"{name} {seconds:.1f}s" for name, seconds in steps.items())
        + ")"
    )
    print()
    print(f"{'page':<26} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'queries':>8}")
    for label, timings, per_request in results:
        print(
            f"{label:<26} {statistics.median(timings):>8.1f} {percentile(timings, 95):>8.1f} "
            f"{max(timings):>8.1f} {per_request:>8.1f}"
        )
    print(
        f"{'summary computed (1 agency)':<26} {statistics.median(refresh):>8.1f} "
        f"{percentile(refresh, 95):>8.1f} {max(refresh):>8.1f}"
    )
    print()
    print(f"{'query (all alumni, live)':<28} {'median ms':>9}")
    for name, ms in sections:
        print(f"{name:<28} {ms:>9.1f}")
    p95 = percentile(results[0][1], 95)
    verdict = "meets" if p95 < TARGET_MS else "MISSES"
    print(
        f"\ndashboard p95 {p95:.0f} ms {verdict} the {TARGET_MS:.0f} ms target"
        f" ({args.rounds} requests)"
    )


if __name__ == "__main__":
    main()
