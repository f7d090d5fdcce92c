"""What every search backend must do, run against each one (Whoosh; PostgreSQL on its run).

Products are built in the database, indexed through the backend's own `index_products` or
`rebuild`, and searched through `search` and `autocomplete` only.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import text as sql_text
from sqlalchemy import update
from sqlalchemy.orm import Session

from marketplace.catalog.models import Category, Product, ProductStatus, ProductVariant
from marketplace.extensions import db
from marketplace.search.backend import (
    MAX_PER_PAGE,
    SearchBackend,
    SearchQuery,
    SearchResult,
    Sort,
    price_bucket_key,
)
from marketplace.search.documents import list_visible_versions
from marketplace.search.service import check_index
from marketplace.stores.models import Store, StoreStatus
from tests.conftest import make_test_app
from tests.factories import (
    make_agency,
    make_category,
    make_enrollment,
    make_product,
    make_program,
    make_store,
    make_user,
)

DEMAK = ("33.21", "Kabupaten Demak")
PEKALONGAN = ("33.75", "Kota Pekalongan")


@pytest.fixture
def crafts() -> Category:
    """A category whose name matches nothing the tests search for."""
    return make_category(name="Aneka Barang", name_en="Various Goods", slug="aneka-barang")


@pytest.fixture
def store() -> Store:
    return make_store(name="Toko Sumber Rezeki", region_code=DEMAK[0], city_name=DEMAK[1])


def product(store: Store, category: Category, name: str, **kw: Any) -> Product:
    """An active product of a live store, described neutrally unless told otherwise."""
    kw.setdefault("description", "Buatan tangan pengrajin lokal.")
    return make_product(store, category, name=name, **kw)


def index(backend: SearchBackend, *products: Product) -> None:
    backend.index_products([p.id for p in products])


def search(backend: SearchBackend, text: str = "", **kw: Any) -> SearchResult:
    return backend.search(SearchQuery(text=text, **kw))


def ids(result: SearchResult) -> list[int]:
    return [hit.product_id for hit in result.hits]


def _set_status(obj: Any, status: str) -> None:
    obj.status = status
    db.session.commit()


def _sell_out(*products: Product) -> None:
    db.session.execute(
        update(ProductVariant)
        .where(ProductVariant.product_id.in_([p.id for p in products]))
        .values(stock=0)
    )
    db.session.commit()


# -- Matching ------------------------------------------------------------------------------------


def test_a_word_of_the_name_finds_the_product_above_description_mentions(
    search_backend, store, crafts
):
    in_description = product(
        store, crafts, "Toples Kaca Bulat", description="Wadah kedap udara untuk keripik."
    )
    in_name = product(store, crafts, "Keripik Tempe Sagu")
    unrelated = product(store, crafts, "Tas Anyaman Pandan")
    index(search_backend, in_description, in_name, unrelated)

    result = search(search_backend, "keripik")

    assert ids(result) == [in_name.id, in_description.id]
    assert result.total == 2
    assert result.hits[0].score > result.hits[1].score > 0
    assert result.suggestion is None
    assert result.fuzzy is False


def test_words_are_matched_by_their_stem(search_backend, store, crafts):
    tailor = product(store, crafts, "Jasa Jahit Kebaya")
    index(search_backend, tailor, product(store, crafts, "Kebaya Brokat Siap Pakai"))

    assert ids(search(search_backend, "jahitan")) == [tailor.id]
    assert ids(search(search_backend, "menjahit")) == [tailor.id]


def test_a_spelling_variant_finds_the_product_but_ranks_below_the_own_word(
    search_backend, store, crafts
):
    standard = product(store, crafts, "Keripik Singkong Balado")
    colloquial = product(store, crafts, "Kripik Singkong Balado")
    index(search_backend, standard, colloquial)

    assert ids(search(search_backend, "kripik")) == [colloquial.id, standard.id]
    assert ids(search(search_backend, "keripik")) == [standard.id, colloquial.id]


def test_a_phrase_synonym_matches_the_words_in_sequence_only(search_backend, store, crafts):
    gift = product(store, crafts, "Paket Buah Tangan Khas Demak")
    gloves = product(store, crafts, "Sarung Tangan Rajut", description="Motif buah naga.")
    index(search_backend, gift, gloves)

    assert ids(search(search_backend, "oleh-oleh")) == [gift.id]
    assert ids(search(search_backend, "oleh oleh")) == [gift.id]


def test_every_word_of_the_query_must_match(search_backend, store, crafts):
    both = product(store, crafts, "Keripik Pedas Level 5")
    only_first = product(store, crafts, "Keripik Manis")
    only_second = product(store, crafts, "Sambal Pedas")
    index(search_backend, both, only_first, only_second)

    assert ids(search(search_backend, "keripik pedas")) == [both.id]
    assert search(search_backend, "keripik sambal").total == 0


def test_category_and_place_names_are_searchable(search_backend, crafts):
    batik = make_category(name="Batik", name_en="Batik", slug="batik")
    pekalongan = make_store(region_code=PEKALONGAN[0], city_name=PEKALONGAN[1])
    demak = make_store(region_code=DEMAK[0], city_name=DEMAK[1])
    cloth = product(pekalongan, batik, "Kain Tulis Motif Jlamprang")
    other = product(demak, crafts, "Kain Lurik")
    index(search_backend, cloth, other)

    assert ids(search(search_backend, "batik")) == [cloth.id]
    assert ids(search(search_backend, "kain pekalongan")) == [cloth.id]


def test_query_syntax_characters_are_plain_text(search_backend, store, crafts):
    bag = product(store, crafts, "Tas O'Neil Anyaman")
    index(search_backend, bag)

    assert ids(search(search_backend, "tas' & | ! ( :* <-> \\")) == [bag.id]
    assert ids(search(search_backend, "o'neil")) == [bag.id]
    assert search(search_backend, "' OR 1=1 --").total == 0


# -- Typos and suggestions -----------------------------------------------------------------------


@pytest.mark.parametrize("typo", ["keripk", "kerpik"])
def test_a_misspelt_word_finds_the_product_and_suggests_the_spelling(
    search_backend, store, crafts, typo
):
    chips = product(store, crafts, "Keripik Tempe Sagu")
    index(search_backend, chips, product(store, crafts, "Tas Anyaman Pandan"))

    result = search(search_backend, typo)

    assert ids(result) == [chips.id]
    assert result.total == 1
    assert result.fuzzy is True
    assert result.suggestion == "keripik"


def test_the_suggestion_keeps_the_correctly_spelt_words(search_backend, store, crafts):
    chips = product(store, crafts, "Keripik Tempe Sagu")
    index(search_backend, chips, product(store, crafts, "Keripik Singkong"))

    result = search(search_backend, "keripk tempe")

    assert ids(result) == [chips.id]
    assert result.fuzzy is True
    assert result.suggestion == "keripik tempe"


def test_correctly_spelt_queries_get_no_suggestion(search_backend, store, crafts):
    chips = product(store, crafts, "Keripik Singkong")
    index(search_backend, chips)

    for text in ("keripik", "singkong", "kripik singkong"):
        result = search(search_backend, text)
        assert ids(result) == [chips.id], text
        assert result.suggestion is None, text
        assert result.fuzzy is False, text


def test_a_word_only_a_description_holds_is_known_and_not_corrected(search_backend, store, crafts):
    savoury = product(
        store, crafts, "Kacang Bawang Renyah", description="Rasanya gurih, cocok untuk camilan."
    )
    thunder = [product(store, crafts, "Kaos Sablon Guruh"), product(store, crafts, "Guruh Petir")]
    index(search_backend, savoury, *thunder)

    result = search(search_backend, "gurih")

    assert ids(result) == [savoury.id]
    assert result.fuzzy is False
    assert result.suggestion is None
    assert result.exact_total == 1


def test_exact_total_counts_the_hits_of_the_words_as_typed(search_backend, store, crafts):
    chips = [product(store, crafts, "Keripik Tempe Sagu"), product(store, crafts, "Keripik Bayam")]
    tempe = product(store, crafts, "Tempe Mendoan Beku")
    forged = [product(store, crafts, "Pisau Tempa Baja"), product(store, crafts, "Parang Tempa")]
    index(search_backend, *chips, tempe, *forged)

    typo = search(search_backend, "keripk")
    assert sorted(ids(typo)) == sorted(p.id for p in chips)
    assert (typo.total, typo.exact_total, typo.fuzzy) == (2, 0, True)

    # Fewer exact hits than FEW_RESULTS, and a word one letter away in other names ("tempa"):
    # the word is spelt right, so the exact hits stay the result and are counted as such.
    few = search(search_backend, "tempe")
    assert sorted(ids(few)) == sorted([chips[0].id, tempe.id])
    assert (few.total, few.exact_total, few.fuzzy, few.suggestion) == (2, 2, False, None)

    assert search(search_backend, "keripik").exact_total == 2
    assert search(search_backend).exact_total == search(search_backend).total == 5
    nothing = search(search_backend, "sepatu")
    assert (nothing.total, nothing.exact_total) == (0, 0)


def test_short_words_and_far_typos_are_not_corrected(search_backend, store, crafts):
    index(search_backend, product(store, crafts, "Keripik Tempe"), product(store, crafts, "Tas"))

    for text in ("krpik", "krpk", "kxrxpxk"):
        result = search(search_backend, text)
        assert result.total == 0, text
        assert result.suggestion is None, text


# -- Filters -------------------------------------------------------------------------------------


def test_category_filter_takes_a_category_and_its_children(search_backend, store):
    top = make_category(name="Kerajinan", name_en="Crafts", slug="kerajinan")
    child = make_category(name="Anyaman", name_en="Weaving", slug="anyaman", parent_id=top.id)
    other = make_category(name="Busana", name_en="Fashion", slug="busana")
    in_top = product(store, top, "Vas Gerabah")
    in_child = product(store, child, "Tas Pandan")
    elsewhere = product(store, other, "Kemeja Lurik")
    index(search_backend, in_top, in_child, elsewhere)

    assert sorted(ids(search(search_backend, category_ids=(top.id, child.id)))) == [
        in_top.id,
        in_child.id,
    ]
    assert ids(search(search_backend, category_ids=(child.id,))) == [in_child.id]
    assert ids(search(search_backend, "tas", category_ids=(other.id,))) == []


def test_region_filter(search_backend, crafts):
    demak = make_store(region_code=DEMAK[0], city_name=DEMAK[1])
    pekalongan = make_store(region_code=PEKALONGAN[0], city_name=PEKALONGAN[1])
    here = product(demak, crafts, "Tas Eceng Gondok")
    there = product(pekalongan, crafts, "Tas Batik")
    index(search_backend, here, there)

    assert ids(search(search_backend, "tas", region_code=PEKALONGAN[0])) == [there.id]
    assert ids(search(search_backend, region_code=DEMAK[0])) == [here.id]
    assert ids(search(search_backend, region_code="34.71")) == []


def test_halal_filter(search_backend, store, crafts):
    food = make_category(name="Makanan", name_en="Food", slug="makanan", is_food=True)
    certified = product(
        store,
        food,
        "Rengginang Ketan",
        halal_cert_no="ID33110000123450123",
        halal_expires_on=date.today() + timedelta(days=365),
    )
    not_food = product(store, crafts, "Tas Rotan")
    index(search_backend, certified, not_food)

    assert ids(search(search_backend, halal=True)) == [certified.id]
    assert ids(search(search_backend, halal=False)) == [not_food.id]
    assert search(search_backend).total == 2


def test_price_filter_includes_both_ends(search_backend, store, crafts):
    cheap = product(store, crafts, "Gantungan Kunci", price_idr=10_000)
    middle = product(store, crafts, "Dompet Kulit", price_idr=25_000)
    dear = product(store, crafts, "Tas Kulit", price_idr=25_001)
    index(search_backend, cheap, middle, dear)

    found = search(search_backend, min_price=10_000, max_price=25_000, sort=Sort.PRICE_ASC)
    assert ids(found) == [cheap.id, middle.id]
    assert ids(search(search_backend, min_price=25_001)) == [dear.id]
    assert ids(search(search_backend, max_price=9_999)) == []


def test_sale_type_filter(search_backend, store, crafts):
    ready = product(store, crafts, "Batik Cap", sale_type="ready")
    preorder = product(store, crafts, "Batik Tulis Pesanan", sale_type="preorder", preorder_days=14)
    index(search_backend, ready, preorder)

    assert ids(search(search_backend, "batik", sale_type="preorder")) == [preorder.id]
    assert ids(search(search_backend, "batik", sale_type="ready")) == [ready.id]


def test_ready_means_in_stock_and_preorder_counts_whatever_the_stock(search_backend, store, crafts):
    ready = product(store, crafts, "Batik Cap Siap Kirim", sale_type="ready")
    sold_out = product(store, crafts, "Batik Cap Habis", sale_type="ready")
    preorder = product(store, crafts, "Batik Tulis Pesanan", sale_type="preorder", preorder_days=14)
    preorder_no_stock = product(
        store, crafts, "Batik Tulis Pesanan Khusus", sale_type="preorder", preorder_days=30
    )
    _sell_out(sold_out, preorder_no_stock)
    index(search_backend, ready, sold_out, preorder, preorder_no_stock)

    everything = search(search_backend, "batik")
    assert everything.total == 4  # a sold-out product is still found
    assert everything.facets["sale_type"] == {"ready": 1, "preorder": 2}
    assert ids(search(search_backend, "batik", sale_type="ready")) == [ready.id]
    assert sorted(ids(search(search_backend, "batik", sale_type="preorder"))) == sorted(
        [preorder.id, preorder_no_stock.id]
    )
    # The facets of a filtered search follow the same rule.
    assert search(search_backend, "batik", sale_type="ready").facets["sale_type"] == {"ready": 1}
    only_sold_out = search(search_backend, "habis")
    assert ids(only_sold_out) == [sold_out.id]
    assert only_sold_out.facets["sale_type"] == {}


def _trained_store(agency: Any, **kw: Any) -> Store:
    owner = make_user()
    store = make_store(owner, **kw)
    make_enrollment(make_program(agency), user=owner)
    return store


def test_agency_filter_finds_stores_whose_owners_it_trained(search_backend, crafts):
    agency = make_agency()
    other_agency = make_agency()
    trained = product(_trained_store(agency), crafts, "Tas Rajut")
    trained_elsewhere = product(_trained_store(other_agency), crafts, "Tas Tenun")
    untrained = product(make_store(make_user()), crafts, "Tas Kanvas")
    index(search_backend, trained, trained_elsewhere, untrained)

    assert ids(search(search_backend, "tas", agency_id=agency.id)) == [trained.id]
    assert ids(search(search_backend, agency_id=other_agency.id)) == [trained_elsewhere.id]
    assert search(search_backend, "tas").total == 3


# -- Sorting and paging --------------------------------------------------------------------------


def test_sorts(search_backend, store, crafts):
    start = datetime(2026, 1, 1, tzinfo=UTC)
    old = product(
        store,
        crafts,
        "Tas Anyaman Besar",
        price_idr=90_000,
        created_at=start,
        rating_count=10,
        rating_sum=40,
    )
    mid = product(
        store,
        crafts,
        "Tas Anyaman",
        price_idr=30_000,
        created_at=start + timedelta(days=1),
        rating_count=2,
        rating_sum=10,
    )
    new = product(
        store,
        crafts,
        "Dompet Kecil",
        description="Cocok dengan tas anyaman.",
        price_idr=60_000,
        created_at=start + timedelta(days=2),
        rating_count=4,
        rating_sum=20,
    )
    index(search_backend, old, mid, new)

    def order(sort: Sort, text: str = "tas anyaman") -> list[int]:
        return ids(search(search_backend, text, sort=sort))

    relevance = order(Sort.RELEVANCE)
    assert relevance[-1] == new.id  # only its description mentions the words
    assert set(relevance) == {old.id, mid.id, new.id}
    assert order(Sort.NEWEST) == [new.id, mid.id, old.id]
    assert order(Sort.PRICE_ASC) == [mid.id, new.id, old.id]
    assert order(Sort.PRICE_DESC) == [old.id, new.id, mid.id]
    # 5.0 from 4 reviews beats 5.0 from 2; 4.0 comes last.
    assert order(Sort.RATING) == [new.id, mid.id, old.id]
    # Without words, "relevance" means newest first, and no hit has a score.
    everything = search(search_backend)
    assert ids(everything) == [new.id, mid.id, old.id]
    assert all(hit.score == 0 for hit in everything.hits)
    assert all(hit.score == 0 for hit in search(search_backend, "tas", sort=Sort.NEWEST).hits)


def test_paging(search_backend, store, crafts):
    start = datetime(2026, 1, 1, tzinfo=UTC)
    made = [
        product(store, crafts, f"Tas Anyaman Model {i}", created_at=start + timedelta(hours=i))
        for i in range(5)
    ]
    index(search_backend, *made)
    newest_first = [p.id for p in reversed(made)]

    pages = [
        search(search_backend, "tas", sort=Sort.NEWEST, page=page, per_page=2)
        for page in (1, 2, 3, 4)
    ]

    assert [ids(p) for p in pages] == [newest_first[0:2], newest_first[2:4], newest_first[4:], []]
    assert all(p.total == 5 for p in pages)
    assert len(search(search_backend, "tas", per_page=0).hits) == 1
    assert len(search(search_backend, "tas", per_page=MAX_PER_PAGE + 1).hits) == 5


# -- Facets --------------------------------------------------------------------------------------


def test_facets_count_every_hit_not_only_the_page(search_backend, crafts):
    agency = make_agency()
    food = make_category(name="Makanan", name_en="Food", slug="makanan", is_food=True)
    demak = _trained_store(agency, region_code=DEMAK[0], city_name=DEMAK[1])
    pekalongan = make_store(region_code=PEKALONGAN[0], city_name=PEKALONGAN[1])
    halal = {
        "halal_cert_no": "ID33110000123450123",
        "halal_expires_on": date.today() + timedelta(days=365),
    }
    made = [
        product(demak, crafts, "Tas Anyaman Kecil", price_idr=20_000),
        product(demak, crafts, "Tas Anyaman Sedang", price_idr=25_000, sale_type="preorder"),
        product(demak, food, "Tas Berisi Kue Kering", price_idr=75_000, **halal),
        product(pekalongan, crafts, "Tas Batik", price_idr=300_000),
        product(pekalongan, crafts, "Kain Batik", price_idr=150_000),  # not a hit
    ]
    index(search_backend, *made)

    result = search(search_backend, "tas", per_page=1)

    assert len(result.hits) == 1
    assert result.total == 4
    assert result.facets == {
        "category": {str(crafts.id): 3, str(food.id): 1},
        "city": {DEMAK[0]: 3, PEKALONGAN[0]: 1},
        "price": {
            price_bucket_key(0, 25_000): 1,
            price_bucket_key(25_000, 50_000): 1,
            price_bucket_key(50_000, 100_000): 1,
            price_bucket_key(250_000, None): 1,
        },
        "halal": {"1": 1},
        "sale_type": {"ready": 3, "preorder": 1},
        "agency": {str(agency.id): 3},
    }
    # Filters narrow the facets too.
    filtered = search(search_backend, "tas", region_code=PEKALONGAN[0])
    assert filtered.facets["city"] == {PEKALONGAN[0]: 1}
    assert filtered.facets["agency"] == {}
    assert filtered.facets["halal"] == {}


# -- Visibility ----------------------------------------------------------------------------------


def test_products_that_are_not_public_are_never_found(search_backend, store, crafts):
    food = make_category(name="Makanan", name_en="Food", slug="makanan", is_food=True)
    public = product(store, crafts, "Tas Anyaman Terbuka")
    hidden_ones = [
        product(store, crafts, "Tas Anyaman Draf", status=ProductStatus.DRAFT),
        product(store, crafts, "Tas Anyaman Tersembunyi", status=ProductStatus.HIDDEN),
        product(store, crafts, "Tas Anyaman Arsip", status=ProductStatus.ARCHIVED),
        product(make_store(status=StoreStatus.DRAFT), crafts, "Tas Anyaman Toko Belum Buka"),
        product(make_store(status=StoreStatus.SUSPENDED), crafts, "Tas Anyaman Toko Dibekukan"),
        product(
            store,
            food,
            "Tas Anyaman Isi Dodol Sertifikat Kedaluwarsa",
            halal_cert_no="ID33110000123450123",
            halal_expires_on=date.today() - timedelta(days=1),
        ),
        product(store, food, "Tas Anyaman Isi Dodol Tanpa Sertifikat"),
    ]
    index(search_backend, public, *hidden_ones)

    assert ids(search(search_backend, "tas anyaman")) == [public.id]
    assert ids(search(search_backend)) == [public.id]
    assert search_backend.autocomplete("tas any") == ["Tas Anyaman Terbuka"]
    assert set(search_backend.indexed_versions()) == {public.id}


def test_food_drops_out_after_its_halal_certificate_expires_without_a_reindex(
    search_backend, store
):
    food = make_category(name="Makanan", name_en="Food", slug="makanan", is_food=True)
    expires = date.today() + timedelta(days=10)
    dodol = product(
        store, food, "Dodol Betawi", halal_cert_no="ID33110000123450123", halal_expires_on=expires
    )
    index(search_backend, dodol)

    assert ids(search(search_backend, "dodol", today=expires)) == [dodol.id]
    later = search(search_backend, "dodol", today=expires + timedelta(days=1))
    assert later.total == 0
    assert later.facets["category"] == {}
    assert search(search_backend, today=expires + timedelta(days=1)).total == 0


def test_index_products_removes_a_product_that_became_hidden(search_backend, store, crafts):
    bag = product(store, crafts, "Tas Anyaman Pandan")
    index(search_backend, bag)
    assert ids(search(search_backend, "tas")) == [bag.id]

    _set_status(bag, ProductStatus.HIDDEN)
    index(search_backend, bag)

    assert search(search_backend, "tas").total == 0
    assert search_backend.autocomplete("tas") == []
    assert search_backend.indexed_versions() == {}


def test_index_products_picks_up_changes_and_closing_stores(search_backend, store, crafts):
    bag = product(store, crafts, "Tas Anyaman Pandan")
    index(search_backend, bag)

    bag.name = "Tas Rotan Bundar"
    db.session.commit()
    index(search_backend, bag)
    assert ids(search(search_backend, "rotan")) == [bag.id]
    assert search(search_backend, "pandan").total == 0

    _set_status(store, StoreStatus.SUSPENDED)
    index(search_backend, bag)
    assert search(search_backend, "rotan").total == 0


# -- Whole index ---------------------------------------------------------------------------------


def test_rebuild_indexes_every_visible_product_and_versions_match(search_backend, store, crafts):
    visible = [product(store, crafts, f"Tas Anyaman {i}") for i in range(3)]
    product(store, crafts, "Tas Anyaman Draf", status=ProductStatus.DRAFT)

    assert search_backend.rebuild() == 3

    assert sorted(ids(search(search_backend, "tas anyaman"))) == sorted(p.id for p in visible)
    with Session(db.engine) as session:
        expected = list_visible_versions(session)
    assert search_backend.indexed_versions() == expected

    # A second rebuild replaces the first: nothing doubled, a hidden product gone.
    _set_status(visible[0], ProductStatus.HIDDEN)
    assert search_backend.rebuild() == 2
    assert search(search_backend, "tas anyaman").total == 2
    assert set(search_backend.indexed_versions()) == {visible[1].id, visible[2].id}


@pytest.mark.postgresql_only
@pytest.mark.parametrize("search_backend", ["postgres"], indirect=True)
def test_a_product_indexed_while_a_postgres_rebuild_runs_waits_for_it(
    app: Flask, search_backend, store, crafts, monkeypatch
):
    from marketplace.search import postgres_backend

    made = [product(store, crafts, f"Tas Anyaman {i}") for i in range(3)]
    fresh = product(store, crafts, "Keripik Tempe Baru", status=ProductStatus.DRAFT)
    index(search_backend, *made)
    # Commits reach this backend only through the calls below; `check_index` looks at it.
    monkeypatch.delitem(app.extensions, "search_indexer")
    monkeypatch.setitem(app.extensions, "search", search_backend)
    paused, resume = threading.Event(), threading.Event()
    real_batches = postgres_backend.iter_document_batches

    def first_batch_then_pause(session, *args, **kwargs):
        batches = real_batches(session, batch_size=1)
        yield next(batches)
        paused.set()
        assert resume.wait(timeout=30)
        yield from batches

    monkeypatch.setattr(postgres_backend, "iter_document_batches", first_batch_then_pause)
    counts: list[int] = []
    errors: list[BaseException] = []

    def run(work) -> None:
        with app.app_context():
            try:
                work()
            except BaseException as exc:  # reported by the assertion below
                errors.append(exc)

    rebuild = threading.Thread(target=run, args=(lambda: counts.append(search_backend.rebuild()),))
    rebuild.start()
    try:
        assert paused.wait(timeout=30)
        # The seller publishes; the after-commit indexing runs in another thread meanwhile.
        _set_status(fresh, ProductStatus.ACTIVE)
        fresh_id = fresh.id
        indexer = threading.Thread(
            target=run, args=(lambda: search_backend.index_products([fresh_id]),)
        )
        indexer.start()
        waited = _wait_for_a_lock_wait(indexer)
    finally:
        resume.set()
        rebuild.join(timeout=60)
    indexer.join(timeout=60)

    assert not rebuild.is_alive() and not indexer.is_alive()
    assert errors == []
    assert waited, "the indexer should have queued behind the rebuild"
    assert counts == [4]
    assert ids(search(search_backend, "keripik")) == [fresh.id]
    assert search(search_backend).total == 4
    report = check_index()
    assert report.ok, report


def _wait_for_a_lock_wait(thread: threading.Thread, timeout: float = 10.0) -> bool:
    """True once some session of this database waits for a table lock; False if `thread`
    finished first or time ran out."""
    deadline = time.monotonic() + timeout
    with db.engine.connect() as conn:
        while thread.is_alive() and time.monotonic() < deadline:
            waiting = conn.execute(
                sql_text(
                    "SELECT count(*) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND wait_event_type = 'Lock'"
                    " AND wait_event = 'relation'"
                )
            ).scalar_one()
            conn.rollback()
            if waiting:
                return True
            time.sleep(0.02)
    return False


def test_the_postgres_backend_refuses_another_database_at_startup(tmp_path: Path):
    with pytest.raises(RuntimeError, match="needs a PostgreSQL database, not sqlite"):
        make_test_app(f"sqlite:///{tmp_path / 'other.sqlite3'}", SEARCH_BACKEND="postgres")


def test_indexed_versions_follow_changes(search_backend, store, crafts):
    bag = product(store, crafts, "Tas Anyaman Pandan")
    index(search_backend, bag)
    first = search_backend.indexed_versions()[bag.id]

    bag.description = "Sekarang dengan tali kulit."
    db.session.commit()
    index(search_backend, bag)

    assert search_backend.indexed_versions()[bag.id] != first
    with Session(db.engine) as session:
        assert search_backend.indexed_versions() == list_visible_versions(session)


def test_clear_empties_the_index(search_backend, store, crafts):
    index(search_backend, product(store, crafts, "Keripik Tempe"))

    search_backend.clear()

    assert search(search_backend).total == 0
    assert search(search_backend, "keripik").total == 0
    assert search_backend.indexed_versions() == {}
    assert search_backend.autocomplete("kerip") == []


# -- Autocomplete --------------------------------------------------------------------------------


def test_autocomplete_completes_the_words_names_starting_so_first(search_backend, store, crafts):
    made = [
        product(store, crafts, "Tas Keripik Lucu"),
        product(store, crafts, "Keripik Tempe Sagu"),
        product(store, crafts, "Keripik Tempe"),
        product(store, crafts, "Keripik Tempe"),  # same name, another store's would be too
        product(store, crafts, "Kerupuk Udang"),
    ]
    index(search_backend, *made)

    assert search_backend.autocomplete("kerip") == [
        "Keripik Tempe",
        "Keripik Tempe Sagu",
        "Tas Keripik Lucu",
    ]
    assert search_backend.autocomplete("Kerip tem") == ["Keripik Tempe", "Keripik Tempe Sagu"]
    assert search_backend.autocomplete("tempe kerip") == ["Keripik Tempe", "Keripik Tempe Sagu"]
    assert search_backend.autocomplete("kerip", limit=1) == ["Keripik Tempe"]
    assert search_backend.autocomplete("ipik") == []
    assert search_backend.autocomplete("sepatu") == []


def test_autocomplete_matches_hyphenated_and_accented_words_as_typed(search_backend, store, crafts):
    gift = product(store, crafts, "Paket Oleh-oleh Khas Demak")
    coffee = product(store, crafts, "Kopi Café Susu Gula Aren")
    index(search_backend, gift, coffee, product(store, crafts, "Tas Anyaman Pandan"))

    for typed in ("oleh-ol", "oleh-oleh", "Oleh-Oleh khas", "oleh"):
        assert search_backend.autocomplete(typed) == ["Paket Oleh-oleh Khas Demak"], typed
    for typed in ("café", "cafe", "CAFÉ su"):
        assert search_backend.autocomplete(typed) == ["Kopi Café Susu Gula Aren"], typed


def test_autocomplete_needs_a_word_of_three_letters(search_backend, store, crafts):
    index(search_backend, product(store, crafts, "Keripik Tempe"), product(store, crafts, "Kue"))

    # Two letters alone would match a large share of a real catalogue on every keystroke.
    for typed in ("ke", "Ke", "ke te", "k"):
        assert search_backend.autocomplete(typed) == [], typed
    assert search_backend.autocomplete("kue") == ["Kue"]
    assert search_backend.autocomplete("ker te") == ["Keripik Tempe"]
    assert search_backend.autocomplete("ke tem") == ["Keripik Tempe"]


def test_autocomplete_ignores_like_wildcards(search_backend, store, crafts):
    index(search_backend, product(store, crafts, "Keripik Tempe"))

    for typed in ("k%", "ke_ip", "%", "_"):
        assert search_backend.autocomplete(typed) == [], typed


def test_autocomplete_ignores_products_that_are_not_public(search_backend, store, crafts):
    draft = product(store, crafts, "Keripik Rahasia", status=ProductStatus.DRAFT)
    public = product(store, crafts, "Keripik Bayam")
    index(search_backend, draft, public)
    assert search_backend.autocomplete("kerip") == ["Keripik Bayam"]

    _set_status(public, ProductStatus.ARCHIVED)
    index(search_backend, public)
    assert search_backend.autocomplete("kerip") == []


# Whoosh searches send no SQL at all: this is about the PostgreSQL backend's statements.
@pytest.mark.postgresql_only
@pytest.mark.parametrize("search_backend", ["postgres"], indirect=True)
def test_a_postgres_search_sends_the_same_few_statements_whatever_the_number_of_hits(
    search_backend, store, crafts, count_queries
):
    agency = make_agency()
    trained = _trained_store(agency)
    index(search_backend, product(store, crafts, "Tas Anyaman Kecil"))

    def statements(text: str) -> int:
        with count_queries() as counter:
            result = search(search_backend, text, per_page=2)
        assert result.hits, text
        return counter.count

    # The transaction's work_mem, total with facets (one GROUPING SETS pass), then the page;
    # typo tolerance adds its look-ups and a second count.
    assert statements("tas") == 3
    assert statements("anyamn") == 6
    index(
        search_backend,
        *(
            product(trained, crafts, f"Tas Anyaman Model {i}", price_idr=i * 20_000)
            for i in range(8)
        ),
    )
    assert statements("tas") == 3
    assert statements("anyamn") == 6


# -- Common words at scale: exact counts on the fast paths -----------------------------------------


def test_a_word_in_many_fields_and_variants_counts_every_hit_exactly(search_backend, crafts):
    """Every hit counted once (not once per field or variant), the page in score order, the
    facets exact, whatever part of the query each hit matched."""
    agency = make_agency()
    demak = _trained_store(agency, region_code=DEMAK[0], city_name=DEMAK[1])
    pekalongan = make_store(
        name="Kripik Pekalongan", region_code=PEKALONGAN[0], city_name=PEKALONGAN[1]
    )
    made = [
        product(demak, crafts, f"Keripik Tempe {i}", price_idr=10_000 + i * 20_000)
        for i in range(6)
    ]
    made += [
        product(pekalongan, crafts, "Tempe Goreng", description="Seperti keripik, renyah."),
        product(pekalongan, crafts, "Chips Singkong", price_idr=60_000, sale_type="preorder"),
        product(pekalongan, crafts, "Kain Batik"),  # store name only: "Kripik Pekalongan"
    ]
    made += [product(demak, crafts, "Tas Anyaman", description="Tanpa camilan.")]  # no hit
    index(search_backend, *made)

    result = search(search_backend, "keripik", per_page=4)

    assert result.total == 9
    scores = [hit.score for hit in result.hits]
    assert scores == sorted(scores, reverse=True)
    assert result.facets["city"] == {DEMAK[0]: 6, PEKALONGAN[0]: 3}
    assert result.facets["agency"] == {str(agency.id): 6}
    assert result.facets["sale_type"] == {"ready": 8, "preorder": 1}
    assert sum(result.facets["price"].values()) == 9
    everything = search(search_backend, "keripik", per_page=MAX_PER_PAGE)
    assert len(everything.hits) == 9
    assert [h.product_id for h in everything.hits[:4]] == ids(result)
    assert everything.hits[-1].score <= everything.hits[0].score


def test_counts_follow_products_added_and_hidden_after_a_search(search_backend, store, crafts):
    """Per-version structures (facet sets, field lengths, tier counts) never serve a stale
    index: a product added after the first search is counted, a hidden one is left out."""
    first = product(store, crafts, "Keripik Talas")
    index(search_backend, first)
    before = search(search_backend, "keripik")
    assert before.total == 1
    assert before.facets["city"] == {DEMAK[0]: 1}

    second = product(store, crafts, "Keripik Talas Pedas", price_idr=80_000)
    index(search_backend, second)
    added = search(search_backend, "keripik")
    assert added.total == 2
    assert set(ids(added)) == {first.id, second.id}
    assert added.facets["city"] == {DEMAK[0]: 2}
    assert sum(added.facets["price"].values()) == 2
    assert all(hit.score > 0 for hit in added.hits)

    _set_status(first, ProductStatus.HIDDEN)
    index(search_backend, first)
    hidden = search(search_backend, "keripik")
    assert hidden.total == 1
    assert ids(hidden) == [second.id]
    assert hidden.facets["city"] == {DEMAK[0]: 1}
    assert hidden.facets["price"] == {price_bucket_key(50_000, 100_000): 1}
