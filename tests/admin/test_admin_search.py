"""Admin search (users, stores, orders, businesses) and the read-only admin pages of a user, a
store and an order: what each field finds, LIKE escaping, the short-query hint, masked phones,
query counts, and who may see them."""

from __future__ import annotations

from typing import Any

import pytest

# Routes join the admin blueprint on import (before the session's app registers it).
from marketplace.accounts.models import User
from marketplace.admin import search
from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.orders.models import OrderEvent, OrderStatus, Refund
from marketplace.payments.models import Payment
from marketplace.stores.models import StoreDocument
from marketplace.wholesale.models import BusinessMember
from tests.factories import make_business, make_user
from tests.orders.helpers import make_buyer, make_order_row, make_seller_store

pytestmark = pytest.mark.usefixtures("app")


def _names(section: search.Section) -> list[str]:
    out = []
    for hit in section.hits:
        out.append(
            getattr(hit, "legal_name", None)
            or getattr(getattr(hit, "order", None), "number", None)
            or hit.name
        )
    return out


# -- Queries -----------------------------------------------------------------------------------


def test_finds_users_by_email_name_and_phone_digits() -> None:
    # given
    make_user(email="siti.aminah@example.com", name="Siti Aminah", phone="+6281234567890")
    make_user(email="budi@example.com", name="Budi Santoso", phone="+6285700001111")
    # when / then
    assert _names(search.search_users("SITI.AMINAH@")) == ["Siti Aminah"]
    assert _names(search.search_users("budi sant")) == ["Budi Santoso"]
    assert _names(search.search_users("0812-3456")) == ["Siti Aminah"]
    assert _names(search.search_users("00001111")) == ["Budi Santoso"]


def test_user_hits_carry_only_the_last_four_phone_digits() -> None:
    make_user(name="Siti Aminah", phone="+6281234567890")
    [hit] = search.search_users("siti").hits
    assert hit.phone_masked == "••••7890"
    assert not hasattr(hit, "phone")


def test_finds_stores_by_name_slug_and_nib() -> None:
    # given
    make_seller_store("Batik Tulis Lasem", slug="batik-lasem-ibu-ani", nib="9120001234567")
    make_seller_store("Keripik Tempe Sanan", slug="tempe-sanan")
    # when / then
    assert _names(search.search_stores("tulis las")) == ["Batik Tulis Lasem"]
    assert _names(search.search_stores("lasem-ibu")) == ["Batik Tulis Lasem"]
    assert _names(search.search_stores("912.000.1234")) == ["Batik Tulis Lasem"]


def test_finds_orders_by_number_and_checkout_public_id() -> None:
    # given
    buyer, _ = make_buyer()
    store = make_seller_store()
    order = make_order_row(buyer, store)
    other = make_order_row(buyer, store)
    # when / then
    assert _names(search.search_orders(order.number.lower())) == [order.number]
    assert _names(search.search_orders(other.checkout.public_id)) == [other.number]
    [hit] = search.search_orders(order.number).hits
    assert (hit.store_name, hit.buyer_name) == (store.name, buyer.name)


def test_finds_businesses_by_legal_name_nib_and_npwp() -> None:
    # given
    make_business(legal_name="PT Hotel Danau Toba", nib="8120009876543", npwp="0123456789012345")
    make_business(legal_name="CV Katering Melati")
    # when / then
    assert _names(search.search_businesses("danau toba")) == ["PT Hotel Danau Toba"]
    assert _names(search.search_businesses("81200098")) == ["PT Hotel Danau Toba"]
    assert _names(search.search_businesses("01.234.567.8-901")) == ["PT Hotel Danau Toba"]


def test_percent_and_underscore_match_only_themselves() -> None:
    # given
    make_user(email="rina_w@example.com", name="Rina W")
    make_user(email="rinaxw@example.com", name="Rina X")
    make_seller_store("Diskon 50% Bolu")
    make_seller_store("Bolu 500 Gram")
    # when / then
    assert _names(search.search_users("rina_w")) == ["Rina W"]
    assert _names(search.search_stores("50%")) == ["Diskon 50% Bolu"]
    assert search.search_users("%%%").hits == []


def test_each_section_shows_at_most_ten_and_says_there_are_more() -> None:
    # given
    for n in range(12):
        make_seller_store(f"Tenun Ikat {n}")
    # when
    section = search.search_stores("tenun ikat")
    # then
    assert len(section.hits) == 10
    assert section.has_more


def test_query_is_trimmed_collapsed_and_cut_to_100_characters() -> None:
    assert search.normalize_query("  batik   lasem \n") == "batik lasem"
    assert len(search.normalize_query("x" * 500)) == 100
    assert search.normalize_query(None) == ""
    assert search.is_query_too_short("ab")
    assert not search.is_query_too_short("abc")


def test_search_takes_four_queries_at_any_number_of_hits(count_queries: Any) -> None:
    # given
    with count_queries() as empty:
        search.search_everything("melati")
    for n in range(15):
        make_user(name=f"Melati {n}")
        make_seller_store(f"Melati {n}")
        make_business(legal_name=f"CV Melati {n}")
    # when
    with count_queries() as full:
        results = search.search_everything("melati")
    # then
    assert empty.count == full.count == 4
    assert len(results.users.hits) == len(results.stores.hits) == 10


# -- Search page -------------------------------------------------------------------------------


def test_search_page_lists_each_kind_with_links(client: Any, login_as: Any) -> None:
    # given
    login_as(make_user(is_admin=True))
    user = make_user(name="Rahayu Songket", phone="+6281298765432")
    store = make_seller_store("Rahayu Songket Palembang")
    business = make_business(legal_name="PT Rahayu Songket Niaga")
    # when
    html = client.get("/admin/cari?q=rahayu+songket").get_data(as_text=True)
    # then
    assert f'href="/admin/pengguna/{user.id}"' in html
    assert f'href="/admin/toko/{store.id}"' in html
    assert f'href="/admin/usaha/{business.id}"' in html
    assert "••••5432" in html
    assert "81298765432" not in html


def test_search_page_finds_an_order_by_number(client: Any, login_as: Any) -> None:
    login_as(make_user(is_admin=True))
    buyer, _ = make_buyer()
    order = make_order_row(buyer, make_seller_store())
    html = client.get(f"/admin/cari?q={order.number}").get_data(as_text=True)
    assert f'href="/admin/pesanan/{order.number}"' in html


def test_short_query_shows_a_hint_and_searches_nothing(
    client: Any, login_as: Any, count_queries: Any
) -> None:
    # given
    login_as(make_user(is_admin=True))
    make_user(name="Ab Ab")
    # when
    with count_queries() as short:
        response = client.get("/admin/cari?q=+ab+")
    with count_queries() as longer:
        client.get("/admin/cari?q=abc")
    # then
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="search-hint"' in html
    assert "Ketik minimal 3 huruf atau angka." in html
    assert 'id="results-users"' not in html
    assert longer.count == short.count + 4


def test_search_page_with_no_query_shows_the_hint(client: Any, login_as: Any) -> None:
    login_as(make_user(is_admin=True))
    assert 'id="search-hint"' in client.get("/admin/cari").get_data(as_text=True)


# -- Detail pages ------------------------------------------------------------------------------


def test_user_page_shows_roles_memberships_orders_and_masked_phone(
    client: Any, login_as: Any
) -> None:
    # given
    login_as(make_user(is_admin=True))
    user = make_user(name="Wulan Sari", phone="+6281211112222")
    store = make_seller_store("Sambal Bu Wulan", owner=user)
    business = make_business(legal_name="CV Warung Wulan")
    db.session.add(BusinessMember(business_id=business.id, user_id=user.id, role="finance"))
    db.session.commit()
    order = make_order_row(user, make_seller_store("Bolu Medan"))
    # when
    response = client.get(f"/admin/pengguna/{user.id}")
    # then
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Penjual" in html and "Pembeli grosir" in html
    assert f'href="/admin/toko/{store.id}"' in html
    assert "CV Warung Wulan" in html and "Keuangan" in html
    assert order.number in html
    assert "••••2222" in html and "81211112222" not in html


def test_user_page_shows_suspension_only_when_accounts_can_be_suspended(
    client: Any, login_as: Any
) -> None:
    login_as(make_user(is_admin=True))
    user = make_user()
    html = client.get(f"/admin/pengguna/{user.id}").get_data(as_text=True)
    assert 'id="suspension"' in html


def test_user_page_shows_a_suspended_account_as_suspended(client: Any, login_as: Any) -> None:
    # given
    login_as(make_user(is_admin=True))
    user = make_user(suspended_at=utcnow(), suspension_reason="Penipuan berulang.")
    # when
    html = client.get(f"/admin/pengguna/{user.id}").get_data(as_text=True)
    # then
    assert "Ditangguhkan sejak" in html
    assert "Penipuan berulang." in html


def test_store_page_shows_status_owner_orders_and_document_count(
    client: Any, login_as: Any
) -> None:
    # given
    login_as(make_user(is_admin=True))
    owner = make_user(name="Pak Darto")
    store = make_seller_store("Gula Aren Darto", owner=owner, status="draft")
    for kind in ("pirt", "halal"):
        db.session.add(
            StoreDocument(
                store_id=store.id, kind=kind, number="123", file_key="k", file_type="image/webp"
            )
        )
    db.session.commit()
    buyer, _ = make_buyer()
    order = make_order_row(buyer, store)
    # when
    response = client.get(f"/admin/toko/{store.id}")
    # then
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Draf" in html
    assert f'href="/admin/pengguna/{owner.id}"' in html and "Pemilik" in html
    assert '<dd id="document-count">2</dd>' in html
    assert order.number in html


def test_order_page_shows_lines_timeline_payment_and_refunds(client: Any, login_as: Any) -> None:
    # given
    admin = make_user(is_admin=True, name="Admin Rina")
    login_as(admin)
    buyer, _ = make_buyer()
    order = make_order_row(
        buyer, make_seller_store(), status=OrderStatus.REFUND_REQUESTED, product_name="Songket"
    )
    db.session.add_all(
        [
            OrderEvent(order_id=order.id, from_status=None, to_status="pending_payment"),
            OrderEvent(
                order_id=order.id,
                actor_user_id=admin.id,
                from_status="pending_payment",
                to_status="paid",
                note="bukti cocok",
            ),
            Payment(
                checkout_id=order.checkout_id,
                provider="bank_transfer",
                status="succeeded",
                amount_idr=order.total_idr,
                succeeded_at=utcnow(),
            ),
            Refund(
                order_id=order.id,
                requested_by_id=buyer.id,
                reason="Warna tidak sesuai foto.",
                amount_idr=order.total_idr,
            ),
        ]
    )
    db.session.commit()
    # when
    response = client.get(f"/admin/pesanan/{order.number}")
    # then
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Songket" in html
    assert "bukti cocok" in html and "Admin Rina" in html
    assert "Transfer bank" in html and "Berhasil" in html
    assert "Warna tidak sesuai foto." in html and "Menunggu keputusan" in html
    assert "81234567890" not in html  # the recipient's phone, masked


def test_order_page_query_count_is_fixed(client: Any, login_as: Any, count_queries: Any) -> None:
    login_as(make_user(is_admin=True))
    buyer, _ = make_buyer()
    small = make_order_row(buyer, make_seller_store())
    big = make_order_row(buyer, make_seller_store())
    for n in range(6):
        db.session.add(OrderEvent(order_id=big.id, to_status="paid", note=f"n{n}"))
    db.session.commit()
    with count_queries() as one:
        client.get(f"/admin/pesanan/{small.number}")
    with count_queries() as other:
        client.get(f"/admin/pesanan/{big.number}")
    assert one.count == other.count


@pytest.mark.parametrize(
    "url", ["/admin/pengguna/999999", "/admin/toko/999999", "/admin/pesanan/PIK-TIDAK-ADA"]
)
def test_detail_pages_404_for_unknown_ids(client: Any, login_as: Any, url: str) -> None:
    login_as(make_user(is_admin=True))
    assert client.get(url).status_code == 404


# -- Access ------------------------------------------------------------------------------------


def _urls() -> tuple[User, list[str]]:
    """A user who bought from their own store and works for a business, and every route."""
    buyer, _ = make_buyer()
    store = make_seller_store(owner=buyer)
    order = make_order_row(buyer, store)
    make_business(member=buyer)
    return buyer, [
        "/admin/ringkasan",
        "/admin/cari?q=batik",
        f"/admin/pengguna/{buyer.id}",
        f"/admin/toko/{store.id}",
        f"/admin/pesanan/{order.number}",
    ]


def test_every_route_is_forbidden_to_non_admins(client: Any, login_as: Any) -> None:
    # given: the buyer, store owner and business member of the objects themselves
    user, urls = _urls()
    login_as(user)
    # when / then
    for url in urls:
        assert client.get(url).status_code == 403, url


def test_every_route_sends_anonymous_visitors_to_login(client: Any) -> None:
    for url in _urls()[1]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/masuk" in response.headers["Location"]
