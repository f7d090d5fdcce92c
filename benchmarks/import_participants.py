"""Time a participant-sheet import (parse, plan, apply) and print the figures.

    make bench                                    # includes this, SQLite in a temp folder
    BENCH_IMPORT_ROWS=20000 .venv/bin/python benchmarks/import_participants.py
    DATABASE_URL=postgresql+psycopg://... .venv/bin/python benchmarks/import_participants.py

Not a test: it prints. The second run of the same file shows the idempotent path (all rows
unchanged, nothing written).
"""

from __future__ import annotations

import csv
import io
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from marketplace import create_app
from marketplace.demo.seed import demo_nik
from marketplace.extensions import db
from marketplace.training.importer import parse_participants_csv
from marketplace.training.imports import apply_plan, plan_import, stage_rows
from marketplace.training.models import Agency, Program

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "5000"))
KELURAHAN = ["Bendan Kergon", "Medono", "Podosugih", "Tirto", "Pringrejo"]


def make_sheet(rows: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            "nama",
            "nik",
            "no_hp",
            "jenis_kelamin",
            "tahun_lahir",
            "kelurahan",
            "kecamatan",
            "status",
            "sertifikat",
            "juara",
            "hadiah",
        ]
    )
    for n in range(1, rows + 1):
        gender = "P" if n % 3 else "L"
        born = date(1970 + n % 35, 1 + n % 12, 1 + n % 28)
        writer.writerow(
            [
                f"Peserta {n}",
                demo_nik("33.75.01", gender, born, n % 9999 + 1),
                f"0812{n:08d}",
                gender,
                born.year,
                KELURAHAN[n % len(KELURAHAN)],
                "Pekalongan Barat",
                "lulus",
                f"BENCH/{n:06d}",
                "Juara 1" if n % 500 == 0 else "",
                "Rp 3.000.000" if n % 500 == 0 else "",
            ]
        )
    return ("\ufeff" + out.getvalue()).encode()


def main() -> None:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    app = create_app(
        {
            "APP_ENV": "testing",
            "SQLALCHEMY_DATABASE_URI": url,
            # Its own index: never the development instance's.
            "SEARCH_DIR": tempfile.mkdtemp(prefix="pasar-ikm-bench-search-"),
        }
    )
    data = make_sheet(ROWS)
    with app.app_context():
        db.drop_all()
        db.create_all()
        agency = Agency(
            name="Dinperinaker Bench",
            short_name="Bench",
            region_code="33.75",
            region_name="Kota Pekalongan",
        )
        db.session.add(agency)
        db.session.flush()
        program = Program(
            agency_id=agency.id,
            title="Bench",
            kind="pelatihan",
            skill_field="kuliner",
            start_date=date(2026, 1, 1),
            end_date=date(2026, 1, 2),
            capacity=ROWS,
            funding_source="APBD",
        )
        db.session.add(program)
        db.session.commit()
        print(f"Participant import, {ROWS} rows ({len(data) / 1024:.0f} KiB), {url.split(':')[0]}")
        for label in ("first import", "same file again"):
            t0 = time.perf_counter()
            result = parse_participants_csv(data, regency_code="33.75")
            rows, problems = stage_rows(result)
            t1 = time.perf_counter()
            plan = plan_import(
                program, rows, problems, total_rows=result.total_rows, ignored_columns=[]
            )
            t2 = time.perf_counter()
            applied = apply_plan(plan, actor_id=None, source="bench")
            db.session.commit()
            t3 = time.perf_counter()
            print(
                f"  {label:<16} parse+hash {t1 - t0:5.2f}s  plan {t2 - t1:5.2f}s  "
                f"apply+commit {t3 - t2:5.2f}s  total {t3 - t0:5.2f}s  "
                f"(created {applied.created_enrollments}, unchanged {applied.unchanged}, "
                f"problems {len(plan.problems)})"
            )
        db.drop_all()


if __name__ == "__main__":
    main()
