"""Keeping the search index right (issue #6): committed changes are indexed, rolled-back ones
are not, concurrent writers lose nothing, rebuilds never interrupt searches, `check` finds
every kind of drift and `--fix` repairs it.

These tests use the app's configured (Whoosh) backend on the session's SEARCH_DIR, so each
starts from an empty index (`index` fixture).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select, update
from whoosh import index as whoosh_index

from marketplace.catalog.models import Category, Product, ProductVariant
from marketplace.catalog.services import QuickEdit, update_variant_prices_and_stock
from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.search import whoosh_backend
from marketplace.search.backend import SearchBackend, SearchQuery
from marketplace.search.indexing import Indexer
from marketplace.search.service import check_index, get_backend, reindex_all
from marketplace.stores.models import Store
from marketplace.training.services import EnrollmentData, update_enrollment
from tests.factories import (
    make_agency,
    make_category,
    make_enrollment,
    make_product,
    make_program,
    make_store,
    make_user,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def index(app: Flask) -> Iterator[SearchBackend]:
    """The app's own backend, emptied: earlier tests left their products in the shared index."""
    backend = get_backend()
    backend.clear()
    yield backend
    backend.clear()


@pytest.fixture
def indexing_off(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """Commits no longer reach the index (as if the indexer had crashed)."""
    monkeypatch.delitem(app.extensions, "search_indexer")


def found(text: str = "", **filters) -> set[int]:
    result = get_backend().search(SearchQuery(text=text, per_page=60, **filters))
    return {hit.product_id for hit in result.hits}


def record_index_calls(backend: SearchBackend, monkeypatch: pytest.MonkeyPatch) -> list[set[int]]:
    """Spy on index writes: each call's product ids, the write itself still happening."""
    calls: list[set[int]] = []
    real = backend.index_products

    def spy(product_ids):
        ids = set(product_ids)
        calls.append(ids)
        real(ids)

    monkeypatch.setattr(backend, "index_products", spy)
    return calls


def remove_from_index(app: Flask, product_id: int) -> None:
    """Delete one document with a plain Whoosh writer, behind the app's back."""
    ix = whoosh_index.open_dir(os.path.join(app.config["SEARCH_DIR"], "current"))
    writer = ix.writer(timeout=10)
    writer.delete_by_term("id", str(product_id))
    writer.commit()


# -- Automatic indexing after commit ---------------------------------------------------------


def test_committed_product_of_a_live_store_is_findable(index):
    store = make_store(name="UMKM Sari Rasa")
    category = make_category(name="Keripik & Camilan", name_en="Chips and Snacks")

    product = make_product(store, category, name="Keripik Tempe Pedas 250 g", slug="tempe-pedas")

    assert found("tempe") == {product.id}
    assert found("sari rasa") == {product.id}
    assert product.id in index.indexed_versions()


def test_a_search_of_the_empty_index_does_not_break_the_next_searches(index):
    # A worker thread keeps its searcher: the first shopper may search before any product.
    assert found("tempe") == set()

    product = make_product(make_store(), make_category(), name="Keripik Tempe Pedas 250 g")

    assert found("tempe") == {product.id}
    assert set(index.indexed_versions()) == {product.id}


def test_renaming_a_product_reindexes_it(index):
    store = make_store()
    category = make_category(name="Keripik & Camilan")
    product = make_product(store, category, name="Keripik Tempe Pedas 250 g")
    assert found("tempe") == {product.id}

    product.name = "Rengginang Ketan Manis 250 g"
    db.session.commit()

    assert found("tempe") == set()
    assert found("rengginang") == {product.id}


@pytest.mark.parametrize(
    ("target", "status"),
    [("product", "hidden"), ("product", "archived"), ("store", "suspended"), ("store", "draft")],
)
def test_hiding_archiving_or_taking_the_store_offline_removes_the_product(index, target, status):
    store = make_store(name="Batik Lasem Ibu Nuk")
    category = make_category(name="Batik")
    product = make_product(store, category, name="Batik Tulis Lasem Motif Latohan")
    other_store = make_store(name="Toko Kain Pekalongan")
    survivor = make_product(other_store, category, name="Batik Cap Pekalongan Motif Jlamprang")
    assert found("batik") == {product.id, survivor.id}

    (product if target == "product" else store).status = status
    db.session.commit()

    assert found("batik") == {survivor.id}
    assert product.id not in index.indexed_versions()


def test_a_rolled_back_new_product_is_not_indexed(index, monkeypatch):
    store = make_store()
    category = make_category(name="Keripik & Camilan")
    kept = make_product(store, category, name="Keripik Kangkung Renyah 100 g")
    calls = record_index_calls(index, monkeypatch)

    product = Product(
        store_id=store.id,
        category_id=category.id,
        name="Keripik Bayam Renyah 100 g",
        slug="keripik-bayam",
        status="active",
    )
    db.session.add(product)
    db.session.flush()
    db.session.add(
        ProductVariant(product_id=product.id, store_id=store.id, sku="BYM-100", price_idr=12000)
    )
    db.session.flush()
    rolled_back_id = product.id
    db.session.rollback()
    # The next commit, about something else, must not carry the rolled-back product along.
    store.name = "Camilan Bu Yati"
    db.session.commit()

    assert found("bayam") == set()
    assert not any(rolled_back_id in ids for ids in calls), calls
    assert found("yati") == {kept.id}  # the later change was indexed


def test_a_rolled_back_rename_leaves_the_old_name_indexed(index, monkeypatch):
    store = make_store()
    category = make_category(name="Keripik & Camilan")
    product = make_product(store, category, name="Keripik Tempe Pedas 250 g")
    other = make_product(store, category, name="Rempeyek Kacang Tanah 150 g")
    calls = record_index_calls(index, monkeypatch)

    product.name = "Rengginang Ketan Manis 250 g"
    db.session.flush()
    db.session.rollback()
    db.session.get(Product, other.id).description = "Gurih, tanpa pengawet."
    db.session.commit()

    assert found("tempe") == {product.id}
    assert found("rengginang") == set()
    assert calls == [{other.id}]


def test_a_change_in_a_savepoint_is_indexed_at_the_outer_commit_not_before(index, monkeypatch):
    # Services use savepoints (training.services.update_enrollment): releasing one is no commit.
    store = make_store()
    category = make_category(name="Keripik & Camilan")
    product = make_product(store, category, name="Keripik Tempe Pedas 250 g")
    calls = record_index_calls(index, monkeypatch)

    with db.session.begin_nested():
        product.name = "Rengginang Ketan Manis 250 g"
    indexed_before_commit = list(calls)
    db.session.commit()

    assert indexed_before_commit == []
    assert calls == [{product.id}]
    assert found("rengginang") == {product.id}


def test_quick_stock_and_price_edit_through_the_service_updates_the_index(index):
    store = make_store()
    category = make_category(name="Keripik & Camilan")
    product = make_product(store, category, name="Keripik Tempe Pedas 250 g", price_idr=15000)
    variant = db.session.scalar(
        select(ProductVariant).where(ProductVariant.product_id == product.id)
    )
    assert index.search(SearchQuery(text="tempe")).facets["price"] == {"0-25000": 1}

    changed, conflicts = update_variant_prices_and_stock(
        store,
        [QuickEdit(variant.id, old_price=15000, old_stock=10, price=32000, stock=0)],
    )
    db.session.commit()

    assert (changed, conflicts) == (1, 0)
    assert index.search(SearchQuery(text="tempe")).facets["price"] == {"25000-50000": 1}
    assert found("tempe", min_price=30000) == {product.id}
    report = check_index()
    assert report.ok, report


def test_renaming_a_store_reindexes_its_products(index):
    store = make_store(name="Toko Sari Rasa")
    category = make_category(name="Keripik & Camilan")
    first = make_product(store, category, name="Keripik Tempe Pedas 250 g")
    second = make_product(store, category, name="Keripik Singkong Balado 200 g")
    assert found("lastri") == set()

    store.name = "Dapur Bu Lastri"
    db.session.commit()

    assert found("lastri") == {first.id, second.id}
    assert found("sari rasa") == set()


def test_renaming_a_category_reindexes_its_products(index):
    store = make_store()
    category = make_category(name="Camilan Kering", name_en="Dry Snacks")
    product = make_product(store, category, name="Rempeyek Kacang Tanah 150 g")
    assert found("gurih") == set()

    category.name = "Oleh-oleh Gurih"
    db.session.commit()

    assert found("gurih") == {product.id}


def test_completing_the_owners_training_adds_the_agency_facet(index):
    owner = make_user(name="Sri Wahyuni")
    staff = make_user(name="Petugas Disperindag")
    agency = make_agency(staff, short_name="Disperindag Demak")
    program = make_program(agency, skill_field="kuliner")
    enrollment = make_enrollment(program, user=owner, status="registered")
    store = make_store(owner=owner, name="Keripik Tempe Bu Sri")
    product = make_product(store, make_category(), name="Keripik Tempe Original 250 g")
    assert index.search(SearchQuery()).facets["agency"] == {}
    assert found(agency_id=agency.id) == set()

    update_enrollment(
        enrollment,
        actor=staff,
        data=EnrollmentData(
            status="completed",
            certificate_no="DSP-DMK/2025/KL/007",
            award_title=None,
            award_rank=None,
            award_amount_idr=None,
            grant_items=None,
        ),
    )
    db.session.commit()

    assert index.search(SearchQuery()).facets["agency"] == {str(agency.id): 1}
    assert found(agency_id=agency.id) == {product.id}


def test_the_asynchronous_indexer_indexes_committed_changes_in_the_background(
    app, index, monkeypatch
):
    indexer = Indexer(app, asynchronous=True)
    monkeypatch.setitem(app.extensions, "search_indexer", indexer)
    threads: list[str] = []
    real = index.index_products

    def spy(product_ids):
        threads.append(threading.current_thread().name)
        real(product_ids)

    monkeypatch.setattr(index, "index_products", spy)
    store = make_store(name="Kopi Gayo Bu Rahmah")
    category = make_category(name="Kopi & Teh")

    product = make_product(store, category, name="Kopi Arabika Gayo Bubuk 250 g")
    store.name = "Kedai Kopi Takengon"
    db.session.commit()

    assert indexer.flush(timeout=30) is True
    assert found("arabika gayo") == {product.id}
    assert found("takengon") == {product.id}
    assert threads and set(threads) == {"search-indexer"}


# -- Concurrent writers -------------------------------------------------------------------------

WORKER = """
import sys, time
from marketplace import create_app
from marketplace.search.service import get_backend

url, search_dir, upload_dir, raw_ids = sys.argv[1:5]
ids = [int(i) for i in raw_ids.split(",")]
app = create_app({
    "APP_ENV": "testing",
    "SQLALCHEMY_DATABASE_URI": url,
    "SEARCH_DIR": search_dir,
    "UPLOAD_DIR": upload_dir,
    "RATELIMIT_STORAGE_URI": "memory://",
})
with app.app_context():
    backend = get_backend()
    print("ready", flush=True)
    sys.stdin.readline()  # both processes start writing together
    started = time.time()
    for start in range(0, len(ids), 5):
        backend.index_products(ids[start:start + 5])
    print(f"done {started} {time.time()}", flush=True)
"""


def test_two_processes_writing_at_once_lose_nothing(app, index, indexing_off, database_url):
    store = make_store(name="Sentra Oleh-oleh Demak")
    category = make_category(name="Keripik & Camilan")
    flavours = ["Pedas", "Original", "Balado", "Jagung Bakar", "Keju"]
    for n in range(200):
        product = Product(
            store_id=store.id,
            category_id=category.id,
            name=f"Keripik Tempe {flavours[n % 5]} {n + 1} 250 g",
            slug=f"keripik-tempe-{n + 1}",
            status="active",
        )
        db.session.add(product)
        db.session.flush()
        db.session.add(
            ProductVariant(
                product_id=product.id, store_id=store.id, sku=f"KT-{n + 1}", price_idr=15000
            )
        )
    db.session.commit()
    ids = sorted(db.session.scalars(select(Product.id)))
    assert len(ids) == 200 and index.indexed_versions() == {}

    halves = [ids[:100], ids[100:]]
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WORKER,
                database_url,
                app.config["SEARCH_DIR"],
                app.config["UPLOAD_DIR"],
                ",".join(map(str, half)),
            ],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for half in halves
    ]
    try:
        for worker in workers:
            assert worker.stdout.readline().strip() == "ready", worker.stderr.read()
        for worker in workers:
            worker.stdin.write("go\n")
            worker.stdin.flush()
        outputs = [worker.communicate(timeout=180) for worker in workers]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()

    for worker, (out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err
        assert out.startswith("done"), (out, err)
    assert sorted(index.indexed_versions()) == ids
    report = check_index()
    assert report.ok, report


# -- Rebuilds ---------------------------------------------------------------------------------


def test_searches_keep_working_while_the_index_is_rebuilt(app, index):
    store = make_store(name="Koperasi Kopi Temanggung")
    category = make_category(name="Kopi & Teh")
    expected = {
        make_product(store, category, name=f"Kopi Robusta Temanggung {grams} g").id
        for grams in (100, 150, 200, 250, 300, 400, 500, 750, 1000, 1500)
    }
    stop = threading.Event()
    searched = threading.Event()
    results: list[set[int]] = []
    errors: list[BaseException] = []

    def search_continuously() -> None:
        with app.app_context():
            while not stop.is_set():
                try:
                    results.append(found("kopi robusta"))
                except Exception as exc:  # reported by the assertion below
                    errors.append(exc)
                searched.set()

    thread = threading.Thread(target=search_continuously, daemon=True)
    thread.start()
    try:
        assert searched.wait(timeout=30)
        searches_before = len(results)
        counts = [reindex_all() for _ in range(4)]
    finally:
        stop.set()
        thread.join(timeout=30)

    assert not thread.is_alive()
    assert errors == []
    assert len(results) > searches_before  # searches ran during the rebuilds
    assert all(result == expected for result in results)
    assert counts == [len(expected)] * 4
    generations = sorted(p.name for p in Path(app.config["SEARCH_DIR"]).glob("gen-*"))
    live = Path(os.path.realpath(Path(app.config["SEARCH_DIR"]) / "current")).name
    assert len(generations) == 2 and live in generations
    assert found("kopi robusta") == expected


def test_rebuild_catches_up_a_change_committed_while_it_ran(index, monkeypatch):
    store = make_store()
    category = make_category(name="Kopi & Teh")
    product = make_product(store, category, name="Kopi Robusta Temanggung 200 g")
    real_batches = whoosh_backend.iter_document_batches

    def batches_then_a_seller_edit(session, *args, **kwargs):
        yield from real_batches(session, *args, **kwargs)
        # The rebuild has read everything; a seller now saves a change (indexed by the app
        # into the generation that is still live, which the rebuild is about to replace).
        db.session.get(Product, product.id).name = "Kopi Arabika Gayo 200 g"
        db.session.commit()

    monkeypatch.setattr(whoosh_backend, "iter_document_batches", batches_then_a_seller_edit)

    assert reindex_all() == 1

    assert found("gayo") == {product.id}
    assert found("temanggung") == set()
    assert check_index().ok


def test_rebuild_catches_up_a_category_renamed_while_it_ran(index, monkeypatch):
    store = make_store()
    category = make_category(name="Camilan Kering", name_en="Dry Snacks")
    product = make_product(store, category, name="Rempeyek Kacang Tanah 150 g")
    # Listed yesterday: only the category edit below is recent.
    yesterday = utcnow() - timedelta(days=1)
    for model in (Product, ProductVariant, Store):
        db.session.execute(update(model).values(updated_at=yesterday))
    db.session.commit()
    real_batches = whoosh_backend.iter_document_batches

    def batches_then_an_admin_edit(session, *args, **kwargs):
        yield from real_batches(session, *args, **kwargs)
        db.session.get(Category, category.id).name = "Oleh-oleh Gurih"
        db.session.commit()

    monkeypatch.setattr(whoosh_backend, "iter_document_batches", batches_then_an_admin_edit)

    assert reindex_all() == 1

    assert found("gurih") == {product.id}


def make_drift(app: Flask) -> tuple[int, int, int]:
    """One product missing from the index, one stale in it, one extra in it."""
    store = make_store(name="Oleh-oleh Khas Demak")
    category = make_category(name="Keripik & Camilan")
    make_product(store, category, name="Keripik Tempe Original 250 g")
    missing = make_product(store, category, name="Keripik Tempe Pedas 250 g")
    stale = make_product(store, category, name="Keripik Singkong Balado 200 g")
    extra = make_product(store, category, name="Keripik Pisang Cokelat 150 g")
    assert check_index().ok

    remove_from_index(app, missing.id)
    indexer = app.extensions.pop("search_indexer")
    try:
        stale.name = "Keripik Singkong Balado Ekstra Pedas 200 g"
        db.session.delete(extra)  # its variants go with it
        db.session.commit()
    finally:
        app.extensions["search_indexer"] = indexer
    return missing.id, stale.id, extra.id


def test_check_reports_missing_stale_and_extra_products(app, index):
    missing, stale, extra = make_drift(app)

    report = check_index()

    assert (report.missing, report.stale, report.extra) == ([missing], [stale], [extra])
    assert not report.ok


def test_check_reports_products_of_a_category_renamed_without_indexing_as_stale(
    index, indexing_off
):
    # ProductDocument.updated_at is documented as the latest change of the product, its
    # variants, store or category.
    store = make_store()
    category = make_category(name="Camilan Kering", name_en="Dry Snacks")
    product = make_product(store, category, name="Rempeyek Kacang Tanah 150 g")
    get_backend().index_products([product.id])
    assert check_index().ok

    category.name = "Oleh-oleh Gurih"
    db.session.commit()

    assert check_index().stale == [product.id]


def test_search_check_command_lists_drift_and_fix_repairs_it(app, index):
    missing, stale, extra = make_drift(app)
    runner = app.test_cli_runner()

    checked = runner.invoke(args=["search", "check"])

    assert checked.exit_code == 1, checked.output
    assert f"missing: 1 ({missing})" in checked.output
    assert f"stale: 1 ({stale})" in checked.output
    assert f"extra: 1 ({extra})" in checked.output

    fixed = runner.invoke(args=["search", "check", "--fix"])

    assert fixed.exit_code == 0, fixed.output
    assert "Reindexed them." in fixed.output
    assert check_index().ok
    assert found("ekstra pedas") == {stale}
    assert extra not in index.indexed_versions()
    rechecked = runner.invoke(args=["search", "check"])
    assert rechecked.exit_code == 0, rechecked.output
    assert "The index matches the database." in rechecked.output


def test_search_reindex_command_prints_the_count(app, index, indexing_off):
    store = make_store(name="Batik Lasem Ibu Nuk")
    category = make_category(name="Batik")
    ids = {
        make_product(store, category, name=name).id
        for name in (
            "Batik Tulis Lasem Motif Latohan",
            "Batik Tulis Lasem Motif Sekar Jagad",
            "Batik Cap Lasem Motif Kricak",
        )
    }
    make_product(store, category, name="Batik Tulis Lasem Draf", status="draft")
    assert index.indexed_versions() == {}

    result = app.test_cli_runner().invoke(args=["search", "reindex"])

    assert result.exit_code == 0, result.output
    assert "Indexed 3 products with the whoosh backend" in result.output
    assert set(index.indexed_versions()) == ids


# -- Training records reach the index --------------------------------------------------------


def _trained_store(status: str = "completed"):
    owner = make_user(name="Siti Aminah")
    staff = make_user(name="Petugas Dinas")
    agency = make_agency(staff, short_name="Dinperinaker Pekalongan")
    program = make_program(agency, skill_field="konveksi")
    enrollment = make_enrollment(
        program,
        status=status,
        certificate_no="DPK-PKL/2025/KV/011" if status == "completed" else None,
    )
    store = make_store(owner=owner, name="Amanah Busana Muslim")
    product = make_product(store, make_category(), name="Mukena Katun Bordir")
    return owner, staff, agency, program, enrollment, product


def test_claiming_a_training_record_adds_the_agency_to_the_owners_products(index):
    owner, _staff, agency, _program, enrollment, product = _trained_store()
    assert found(agency_id=agency.id) == set()

    # The claim links the record with a bulk UPDATE, which the flush does not see.
    from marketplace.training.models import Participant
    from marketplace.training.services import _link

    participant = db.session.get(Participant, enrollment.participant_id)
    _link(participant, owner, actor=owner, agency_id=agency.id, how="certificate")
    db.session.commit()

    assert found(agency_id=agency.id) == {product.id}
    assert check_index().ok


def test_unlinking_a_record_removes_the_agency_from_the_former_owners_products(index):
    owner, staff, agency, _program, enrollment, product = _trained_store()
    from marketplace.training.models import Participant
    from marketplace.training.services import unlink_participant

    participant = db.session.get(Participant, enrollment.participant_id)
    participant.user_id = owner.id
    db.session.commit()
    assert found(agency_id=agency.id) == {product.id}

    unlink_participant(participant, agency=agency, actor=staff, reason="salah orang")
    db.session.commit()

    assert found(agency_id=agency.id) == set()
    assert check_index().ok


def test_changing_a_programs_skill_reindexes_its_alumnis_products(index):
    owner, _staff, _agency, program, enrollment, product = _trained_store()
    from marketplace.training.models import Participant

    db.session.get(Participant, enrollment.participant_id).user_id = owner.id
    db.session.commit()
    assert found("konveksi") == {product.id}

    program.skill_field = "kerajinan"
    db.session.commit()

    assert found("konveksi") == set()
    assert check_index().ok


def test_check_sees_a_training_change_that_never_reached_the_index(index, monkeypatch, app):
    owner, _staff, _agency, _program, enrollment, product = _trained_store()
    from marketplace.training.models import Participant

    monkeypatch.delitem(app.extensions, "search_indexer")
    db.session.get(Participant, enrollment.participant_id).user_id = owner.id
    db.session.commit()

    assert check_index().stale == [product.id]


# -- Index folders ---------------------------------------------------------------------------


def test_two_rebuilds_at_once_both_succeed_and_leave_a_working_index(app, index):
    store = make_store(name="Batik Tulis Pesindon")
    category = make_category()
    for n in range(30):
        make_product(store, category, name=f"Kain Batik Tulis Motif {n}")
    errors: list[BaseException] = []

    def rebuild() -> None:
        with app.app_context():
            try:
                reindex_all()
            except BaseException as exc:
                errors.append(exc)

    threads = [threading.Thread(target=rebuild) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(found("batik")) == 30
    assert check_index().ok


def test_a_broken_index_link_is_an_error_not_an_empty_index(index, tmp_path):
    backend = whoosh_backend.WhooshBackend(str(tmp_path / "search"))
    backend.clear()
    live = backend._generation()
    import shutil

    shutil.rmtree(live)

    with pytest.raises(RuntimeError, match="flask search reindex"):
        backend.search(SearchQuery(text="keripik"))
    assert backend.rebuild() == 0
    assert backend.search(SearchQuery(text="keripik")).total == 0
