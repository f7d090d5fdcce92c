"""Search pages (issue #6): /cari with facets, sort and pager, the autocomplete endpoint and the
JSON API /api/v1/products, on the app's configured backend and a small Central Java catalog."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask

from marketplace.catalog.models import Category, Product, ProductVariant
from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.search.backend import SearchBackend
from marketplace.search.service import get_backend
from marketplace.stores.models import Store, StoreMember
from tests.conftest import post_form
from tests.factories import (
    make_agency,
    make_category,
    make_enrollment,
    make_product,
    make_program,
    make_store,
    make_user,
)

API = "/api/v1/products"
HALAL_UNTIL = date.today() + timedelta(days=365)
NOW = utcnow()


@pytest.fixture
def index(app: Flask) -> Iterator[SearchBackend]:
    """The app's own backend, emptied: earlier tests left their products in the shared index."""
    backend = get_backend()
    backend.clear()
    yield backend
    backend.clear()


class Catalog:
    """A few producers of Central Java and what they sell."""

    def __init__(self) -> None:
        self.kuliner = make_category(name="Kuliner", name_en="Food and Drinks", slug="kuliner")
        self.keripik = make_category(
            name="Keripik & Camilan",
            name_en="Chips and Snacks",
            slug="keripik-camilan",
            parent_id=self.kuliner.id,
        )
        self.oleh = make_category(
            name="Oleh-oleh Khas",
            name_en="Regional Specialities",
            slug="oleh-oleh",
            parent_id=self.kuliner.id,
        )
        self.kerajinan = make_category(name="Kerajinan", name_en="Crafts", slug="kerajinan")
        self.sari_rasa = make_store(name="UMKM Sari Rasa", slug="sari-rasa")  # Kabupaten Demak
        self.bu_lastri = make_store(
            name="Dapur Bu Lastri",
            slug="dapur-bu-lastri",
            region_code="33.74",
            city_name="Kota Semarang",
        )
        self.ibu_nuk = make_store(
            name="Batik Lasem Ibu Nuk",
            slug="batik-ibu-nuk",
            region_code="33.17",
            city_name="Kabupaten Rembang",
        )
        # Created in neither price nor name order, so that a sort has something to do.
        self.singkong = make_product(
            self.bu_lastri,
            self.keripik,
            name="Keripik Singkong Balado 200 g",
            slug="keripik-singkong-balado",
            price_idr=25000,
            halal_cert_no="ID33110000123450124",
            halal_expires_on=HALAL_UNTIL,
            created_at=NOW - timedelta(days=3),
        )
        self.pisang = make_product(
            self.bu_lastri,
            self.oleh,
            name="Keripik Pisang Cokelat 150 g",
            slug="keripik-pisang-cokelat",
            price_idr=40000,
            sale_type="preorder",
            preorder_days=3,
            created_at=NOW - timedelta(days=2),
        )
        self.tempe = make_product(
            self.sari_rasa,
            self.keripik,
            name="Keripik Tempe Pedas 250 g",
            slug="keripik-tempe-pedas",
            price_idr=15000,
            created_at=NOW - timedelta(days=1),
        )
        self.batik = make_product(
            self.ibu_nuk,
            self.kerajinan,
            name="Batik Tulis Lasem Motif Latohan",
            slug="batik-tulis-latohan",
            price_idr=350000,
        )


@pytest.fixture
def catalog(index) -> Catalog:
    return Catalog()


def add_products(store: Store, category: Category, names: list[str], price_idr: int = 15000):
    """Many products in one commit (one index write)."""
    products = []
    for n, name in enumerate(names, start=1):
        product = Product(
            store_id=store.id,
            category_id=category.id,
            name=name,
            slug=f"{store.slug}-{n}",
            status="active",
        )
        db.session.add(product)
        db.session.flush()
        db.session.add(
            ProductVariant(
                product_id=product.id,
                store_id=store.id,
                sku=f"{store.slug}-{n}",
                price_idr=price_idr + n * 500,
                stock=5,
            )
        )
        products.append(product)
    db.session.commit()
    return products


def card_titles(body: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r'<span class="card-title">(.*?)</span>', body)]


def facet_links(body: str) -> dict[str, tuple[int, str, bool]]:
    """label -> (count, href, selected) of every facet option on the page."""
    found = {}
    for selected, href, label, count in re.findall(
        r'<a( class="facet-selected")? href="([^"]+)"(?: aria-current="true")?>'
        r'([^<]*?) <span class="count">(\d+)</span>',
        body,
    ):
        found[html.unescape(label)] = (int(count), html.unescape(href), bool(selected))
    return found


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def names_in(response) -> set[str]:
    data = response if isinstance(response, dict) else response.get_json()
    return {r["name"] for r in data["results"]}


# -- /cari -------------------------------------------------------------------------------------


def test_search_page_lists_matching_cards_with_total_and_facet_counts(client, catalog):
    response = client.get("/cari?q=keripik")

    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert sorted(card_titles(body)) == [
        "Keripik Pisang Cokelat 150 g",
        "Keripik Singkong Balado 200 g",
        "Keripik Tempe Pedas 250 g",
    ]
    assert "3 produk ditemukan" in body
    facets = facet_links(body)
    assert facets["Keripik & Camilan"][:1] == (2,)
    assert facets["Oleh-oleh Khas"][:1] == (1,)
    assert facets["Kota Semarang"][:1] == (2,)
    assert facets["Kabupaten Demak"][:1] == (1,)
    assert facets["Bersertifikat halal"][:1] == (1,)
    assert facets["Pre-order"][:1] == (1,)
    assert "Kerajinan" not in facets and "Kabupaten Rembang" not in facets
    assert query_of(facets["Keripik & Camilan"][1]) == {
        "q": ["keripik"],
        "category": ["keripik-camilan"],
    }


def test_following_a_category_facet_narrows_results_and_shows_it_selected(client, catalog):
    first = client.get("/cari?q=keripik").get_data(as_text=True)
    _, href, _ = facet_links(first)["Keripik & Camilan"]

    response = client.get(href)

    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert sorted(card_titles(body)) == [
        "Keripik Singkong Balado 200 g",
        "Keripik Tempe Pedas 250 g",
    ]
    assert "2 produk ditemukan" in body
    count, remove_href, selected = facet_links(body)["Keripik & Camilan"]
    assert selected and count == 2
    assert query_of(remove_href) == {"q": ["keripik"]}
    assert "Oleh-oleh Khas" not in facet_links(body)
    assert len(card_titles(client.get(remove_href).get_data(as_text=True))) == 3


def test_a_city_facet_link_and_a_price_facet_link_filter_too(client, catalog):
    body = client.get("/cari?q=keripik").get_data(as_text=True)
    _, city_href, _ = facet_links(body)["Kota Semarang"]
    price_label = next(label for label in facet_links(body) if label.startswith("Di bawah"))
    _, price_href, _ = facet_links(body)[price_label]

    in_semarang = client.get(city_href).get_data(as_text=True)
    cheap = client.get(price_href).get_data(as_text=True)

    assert sorted(card_titles(in_semarang)) == [
        "Keripik Pisang Cokelat 150 g",
        "Keripik Singkong Balado 200 g",
    ]
    assert card_titles(cheap) == ["Keripik Tempe Pedas 250 g"]
    assert query_of(price_href)["max_price"] == ["24999"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (
            "price_asc",
            [
                "Keripik Tempe Pedas 250 g",
                "Keripik Singkong Balado 200 g",
                "Keripik Pisang Cokelat 150 g",
            ],
        ),
        (
            "price_desc",
            [
                "Keripik Pisang Cokelat 150 g",
                "Keripik Singkong Balado 200 g",
                "Keripik Tempe Pedas 250 g",
            ],
        ),
        (
            "newest",
            [
                "Keripik Tempe Pedas 250 g",
                "Keripik Pisang Cokelat 150 g",
                "Keripik Singkong Balado 200 g",
            ],
        ),
    ],
)
def test_sort_orders_the_cards(client, catalog, sort, expected):
    response = client.get(f"/cari?q=keripik&sort={sort}")

    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert card_titles(body) == expected
    assert f'<option value="{sort}" selected>' in body


def test_newest_sort_orders_products_created_within_one_second(client, index):
    # A CSV import creates many products in the same second: the last one is still newest.
    store = make_store(name="Sentra Keripik Demak", slug="sentra-keripik")
    category = make_category(name="Keripik & Camilan", slug="keripik-camilan")
    second = utcnow().replace(microsecond=0) - timedelta(minutes=5)
    for n, flavour in enumerate(["Original", "Pedas", "Balado", "Keju"]):
        make_product(
            store,
            category,
            name=f"Keripik Tempe {flavour} 250 g",
            created_at=second + timedelta(milliseconds=200 * n),
        )

    body = client.get("/cari?q=keripik&sort=newest").get_data(as_text=True)

    assert card_titles(body) == [
        "Keripik Tempe Keju 250 g",
        "Keripik Tempe Balado 250 g",
        "Keripik Tempe Pedas 250 g",
        "Keripik Tempe Original 250 g",
    ]


def test_pager_splits_results_beyond_per_page(client, index):
    store = make_store(name="Sentra Keripik Demak", slug="sentra-keripik")
    category = make_category(name="Keripik & Camilan", slug="keripik-camilan")
    add_products(store, category, [f"Keripik Tempe Rasa {n}" for n in range(1, 13)])

    first = client.get("/cari?q=keripik&per_page=5&sort=price_asc").get_data(as_text=True)

    assert len(card_titles(first)) == 5
    assert "12 produk ditemukan" in first and "Halaman 1 dari 3" in first
    next_href = html.unescape(re.search(r'<a href="([^"]+)">Berikutnya', first).group(1))
    assert query_of(next_href)["page"] == ["2"] and query_of(next_href)["per_page"] == ["5"]
    second = client.get(next_href).get_data(as_text=True)
    last = client.get("/cari?q=keripik&per_page=5&sort=price_asc&page=3").get_data(as_text=True)
    assert "Halaman 2 dari 3" in second and "Sebelumnya" in second
    assert len(card_titles(last)) == 2 and "Berikutnya" not in last
    seen = card_titles(first) + card_titles(second) + card_titles(last)
    assert sorted(seen) == sorted(f"Keripik Tempe Rasa {n}" for n in range(1, 13))


def test_a_typo_shows_results_for_the_corrected_word(client, catalog):
    response = client.get("/cari?q=sinkong")

    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert card_titles(body) == ["Keripik Singkong Balado 200 g"]
    assert "Menampilkan hasil untuk" in body and "Mungkin maksud Anda" not in body
    assert "<strong>singkong</strong>" in body


def test_a_word_that_occurs_in_a_description_is_not_corrected(client, catalog):
    # "gurih" is a real word that only descriptions use, while names say "Guruh": the exact
    # word finds its product and no "correction" to a name's word is offered or searched.
    product = db.session.get(Product, catalog.singkong.id)
    product.description = "Dibuat dari singkong pilihan, rasanya gurih."
    db.session.commit()
    make_product(catalog.sari_rasa, catalog.keripik, name="Keripik Guruh Pedas")

    body = client.get("/cari?q=gurih").get_data(as_text=True)

    assert card_titles(body) == ["Keripik Singkong Balado 200 g"]
    assert "Mungkin maksud Anda" not in body and "Menampilkan" not in body


def test_empty_text_lists_every_visible_product(client, catalog):
    make_product(catalog.sari_rasa, catalog.keripik, name="Keripik Usus Ayam", status="draft")

    response = client.get("/cari")

    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert sorted(card_titles(body)) == [
        "Batik Tulis Lasem Motif Latohan",
        "Keripik Pisang Cokelat 150 g",
        "Keripik Singkong Balado 200 g",
        "Keripik Tempe Pedas 250 g",
    ]
    assert "4 produk ditemukan" in body
    assert facet_links(body)["Kerajinan"][:1] == (1,)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ("q=keripik&min_price=abc", "Nilai min_price harus bilangan bulat"),
        ("q=keripik&sort=bogus", "Urutan tidak dikenal"),
        ("q=keripik&city=99.99", "Kabupaten/kota tidak dikenal"),
        ("q=keripik&category=unknown-slug", "Kategori tidak dikenal"),
        ("q=%3Cscript%3E&category=%3Cscript%3E", "Kategori tidak dikenal"),
        ("q=keripik&page=0", "Nilai page harus bilangan bulat"),
        ("q=" + "keripik" * 15, "Kata pencarian terlalu panjang"),
    ],
)
def test_bad_parameters_get_a_400_page_saying_what_is_wrong(client, catalog, args, message):
    response = client.get(f"/cari?{args}")

    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert 'role="alert"' in body and message in body
    assert card_titles(body) == []
    assert "<script>" not in body


def test_english_locale_labels_categories_in_english(client, catalog):
    assert post_form(client, "/bahasa/en", {}, page="/").status_code == 302

    body = client.get("/cari?q=keripik").get_data(as_text=True)

    facets = facet_links(body)
    assert facets["Chips and Snacks"][:1] == (2,)
    assert facets["Regional Specialities"][:1] == (1,)
    assert "Keripik & Camilan" not in facets
    assert "Keripik Tempe Pedas 250 g" in card_titles(body)


def test_category_page_title_uses_the_locale(client, catalog):
    assert post_form(client, "/bahasa/en", {}, page="/").status_code == 302

    body = client.get("/cari?category=keripik-camilan").get_data(as_text=True)

    assert re.search(r"<h1>\s*Chips and Snacks\s*</h1>", body)


def count_search(client, count_queries, url: str) -> tuple[int, int]:
    assert client.get(url).status_code == 200
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200
    return counter.count, len(card_titles(response.get_data(as_text=True)))


def test_results_page_runs_the_same_queries_whatever_the_page_size(client, index, count_queries):
    owner = make_user()
    agency = make_agency(short_name="Disperindag Jateng")
    make_enrollment(make_program(agency), user=owner, status="completed")
    store = make_store(owner=owner, name="Sentra Keripik Demak", slug="sentra-keripik")
    category = make_category(name="Keripik & Camilan", slug="keripik-camilan")
    add_products(store, category, [f"Keripik Tempe Rasa {n}" for n in range(1, 61)])

    small, small_cards = count_search(client, count_queries, "/cari?q=keripik&per_page=5")
    large, large_cards = count_search(client, count_queries, "/cari?q=keripik&per_page=50")

    assert (small_cards, large_cards) == (5, 50)
    assert small == large


# -- /api/v1/products --------------------------------------------------------------------------


def test_api_answer_has_every_documented_key(client, catalog, app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://pasarikm.id")

    response = client.get(f"{API}?q=tempe", headers={"Host": "evil.example"})

    data = response.get_json()
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert set(data) == {
        "results",
        "facets",
        "total",
        "page",
        "per_page",
        "pages",
        "suggestion",
        "fuzzy",
    }
    assert (data["total"], data["page"], data["per_page"], data["pages"]) == (1, 1, 24, 1)
    assert data["suggestion"] is None and data["fuzzy"] is False
    [result] = data["results"]
    assert set(result) == {
        "id",
        "name",
        "url",
        "price_idr",
        "store",
        "city",
        "in_stock",
        "image",
        "score",
    }
    assert result["id"] == catalog.tempe.id
    assert result["name"] == "Keripik Tempe Pedas 250 g"
    assert result["url"] == "https://pasarikm.id/toko/sari-rasa/keripik-tempe-pedas"
    assert result["price_idr"] == 15000 and type(result["price_idr"]) is int
    assert (result["store"], result["city"]) == ("UMKM Sari Rasa", "Kabupaten Demak")
    assert result["in_stock"] is True and result["image"] is None
    assert isinstance(result["score"], float) and result["score"] > 0
    assert set(data["facets"]) == {"category", "city", "price", "halal", "sale_type", "agency"}
    assert data["facets"]["category"] == [
        {"value": "keripik-camilan", "label": "Keripik & Camilan", "count": 1}
    ]
    assert data["facets"]["city"] == [{"value": "33.21", "label": "Kabupaten Demak", "count": 1}]
    assert data["facets"]["price"][0]["value"] == "0-25000"


def test_api_filters_by_category_including_its_children(client, catalog):
    parent = client.get(f"{API}?category=kuliner")
    child = client.get(f"{API}?category=oleh-oleh")

    assert names_in(parent) == {
        "Keripik Singkong Balado 200 g",
        "Keripik Pisang Cokelat 150 g",
        "Keripik Tempe Pedas 250 g",
    }
    assert names_in(child) == {"Keripik Pisang Cokelat 150 g"}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("city=33.74", {"Keripik Singkong Balado 200 g", "Keripik Pisang Cokelat 150 g"}),
        ("city=33.17", {"Batik Tulis Lasem Motif Latohan"}),
        ("halal=1", {"Keripik Singkong Balado 200 g"}),
        ("sale_type=preorder", {"Keripik Pisang Cokelat 150 g"}),
        (
            "sale_type=ready",
            {
                "Keripik Singkong Balado 200 g",
                "Keripik Tempe Pedas 250 g",
                "Batik Tulis Lasem Motif Latohan",
            },
        ),
        # Both bounds are inclusive.
        (
            "min_price=15000&max_price=25000",
            {"Keripik Tempe Pedas 250 g", "Keripik Singkong Balado 200 g"},
        ),
        ("min_price=25001&max_price=40000", {"Keripik Pisang Cokelat 150 g"}),
        ("min_price=350000", {"Batik Tulis Lasem Motif Latohan"}),
        ("q=keripik&city=33.21", {"Keripik Tempe Pedas 250 g"}),
    ],
)
def test_api_filters(client, catalog, args, expected):
    response = client.get(f"{API}?{args}")

    assert response.status_code == 200
    assert names_in(response) == expected
    assert response.get_json()["total"] == len(expected)


def test_api_filters_by_the_agency_that_trained_the_owner(client, catalog):
    owner = make_user(name="Sulastri")
    agency = make_agency(short_name="Disperindag Kota Semarang")
    make_enrollment(make_program(agency, skill_field="kuliner"), user=owner, status="completed")
    db.session.add(StoreMember(store_id=catalog.bu_lastri.id, user_id=owner.id, role="owner"))
    db.session.commit()

    response = client.get(f"{API}?agency={agency.id}")
    everything = client.get(API).get_json()

    assert names_in(response) == {"Keripik Singkong Balado 200 g", "Keripik Pisang Cokelat 150 g"}
    assert everything["facets"]["agency"] == [
        {"value": str(agency.id), "label": "Disperindag Kota Semarang", "count": 2}
    ]


def test_api_caps_per_page_at_60(client, index):
    store = make_store(name="Sentra Keripik Demak", slug="sentra-keripik")
    category = make_category(name="Keripik & Camilan", slug="keripik-camilan")
    add_products(store, category, [f"Keripik Tempe Rasa {n}" for n in range(1, 66)])

    data = client.get(f"{API}?q=keripik&per_page=1000").get_json()
    second = client.get(f"{API}?q=keripik&per_page=1000&page=2").get_json()

    assert data["per_page"] == 60 and len(data["results"]) == 60
    assert (data["total"], data["pages"]) == (65, 2)
    assert len(second["results"]) == 5
    assert {r["id"] for r in data["results"]}.isdisjoint({r["id"] for r in second["results"]})


@pytest.mark.parametrize(
    ("args", "parameter"),
    [
        ("min_price=-1", "min_price"),
        ("max_price=x", "max_price"),
        ("min_price=50000&max_price=10000", "min_price"),
        ("halal=maybe", "halal"),
        ("sort=bogus", "sort"),
        ("page=0", "page"),
        ("per_page=0", "per_page"),
        ("q=" + "k" * 101, "q"),
        ("city=xx", "city"),
        ("category=no-such", "category"),
        ("sale_type=grosir", "sale_type"),
        ("agency=abc", "agency"),
    ],
)
def test_api_bad_parameter_is_a_400_naming_it(client, catalog, args, parameter):
    response = client.get(f"{API}?{args}")

    assert response.status_code == 400
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert error["status"] == 400 and error["code"] == "invalid_parameter"
    assert error["parameter"] == parameter
    assert isinstance(error["message"], str) and error["message"]


def test_api_accepts_a_query_of_exactly_100_characters(client, catalog):
    response = client.get(f"{API}?q={'k' * 100}")

    assert response.status_code == 200
    assert response.get_json()["results"] == []


def test_invisible_products_are_never_in_results(client, catalog):
    food = make_category(name="Sambal", name_en="Chilli Sauce", slug="sambal", is_food=True)
    suspended = make_store(name="Keripik Tempe Pak Darmo", status="suspended")
    draft_store = make_store(name="Keripik Tempe Mbak Yuni", status="draft")
    make_product(catalog.sari_rasa, catalog.keripik, name="Keripik Tempe Draf", status="draft")
    make_product(catalog.sari_rasa, catalog.keripik, name="Keripik Tempe Lama", status="hidden")
    make_product(catalog.sari_rasa, catalog.keripik, name="Keripik Tempe Arsip", status="archived")
    make_product(suspended, catalog.keripik, name="Keripik Tempe Darmo")
    make_product(draft_store, catalog.keripik, name="Keripik Tempe Yuni")
    make_product(catalog.sari_rasa, food, name="Sambal Tempe Tanpa Sertifikat")
    make_product(
        catalog.sari_rasa,
        food,
        name="Sambal Tempe Sertifikat Kedaluwarsa",
        halal_cert_no="ID33110000999990123",
        halal_expires_on=date.today() - timedelta(days=1),
    )
    halal = make_product(
        catalog.sari_rasa,
        food,
        name="Sambal Tempe Bawang 200 ml",
        halal_cert_no="ID33110000555550123",
        halal_expires_on=HALAL_UNTIL,
    )

    by_text = client.get(f"{API}?q=tempe&per_page=60").get_json()
    everything = client.get(f"{API}?per_page=60").get_json()
    page = client.get("/cari?q=tempe").get_data(as_text=True)

    assert names_in(by_text) == {"Keripik Tempe Pedas 250 g", "Sambal Tempe Bawang 200 ml"}
    assert by_text["total"] == 2
    assert everything["total"] == 5 and halal.id in {r["id"] for r in everything["results"]}
    assert sorted(card_titles(page)) == ["Keripik Tempe Pedas 250 g", "Sambal Tempe Bawang 200 ml"]


# -- /cari/saran -------------------------------------------------------------------------------


def test_autocomplete_suggests_a_matching_category_then_product_names(client, catalog):
    make_product(catalog.sari_rasa, catalog.keripik, name="Keripik Tempe Rahasia", status="hidden")

    response = client.get("/cari/saran?q=kerip")

    assert response.status_code == 200 and response.mimetype == "application/json"
    suggestions = response.get_json()["suggestions"]
    assert suggestions[0] == {
        "kind": "category",
        "label": "Keripik & Camilan",
        "slug": "keripik-camilan",
    }
    products = [s["label"] for s in suggestions if s["kind"] == "product"]
    assert sorted(products) == [
        "Keripik Pisang Cokelat 150 g",
        "Keripik Singkong Balado 200 g",
        "Keripik Tempe Pedas 250 g",
    ]
    assert all(s["kind"] in {"category", "product"} for s in suggestions)


def test_autocomplete_matches_a_later_word_and_leaves_out_categories_that_do_not_match(
    client, catalog
):
    suggestions = client.get("/cari/saran?q=lasem").get_json()["suggestions"]

    assert suggestions == [{"kind": "product", "label": "Batik Tulis Lasem Motif Latohan"}]


@pytest.mark.parametrize("prefix", ["", "k", " k "])
def test_autocomplete_needs_two_letters(client, catalog, prefix):
    response = client.get("/cari/saran", query_string={"q": prefix})

    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.get_json() == {"suggestions": []}


def test_autocomplete_leaves_out_invisible_products(client, catalog):
    offline = make_store(name="Tenun Troso Bu Yati", status="suspended")
    make_product(catalog.ibu_nuk, catalog.kerajinan, name="Batik Tulis Draf", status="draft")
    make_product(offline, catalog.kerajinan, name="Batik Troso Ikat")

    suggestions = client.get("/cari/saran?q=batik").get_json()["suggestions"]

    assert suggestions == [{"kind": "product", "label": "Batik Tulis Lasem Motif Latohan"}]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("page=%C2%B2", "page"), ("page=1.5", "page"), ("min_price=%C2%B9", "min_price")],
)
def test_digits_that_python_reads_oddly_are_refused(client, query, parameter):
    response = client.get(f"/api/v1/products?{query}")

    assert response.status_code == 400
    assert response.get_json()["error"]["parameter"] == parameter


def test_prices_may_be_written_with_thousands_dots(client, catalog):
    response = client.get("/api/v1/products?min_price=25.000&max_price=1.000.000")

    assert response.status_code == 200
    assert all(r["price_idr"] >= 25_000 for r in response.get_json()["results"])
