"""The whole purchase on a phone: search, add from two stores, check out, pay by card
(localstripe's Stripe.js), see the paid orders, and the seller ships one with a tracking number."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from marketplace.extensions import db
from tests.factories import PASSWORD, make_user
from tests.orders.helpers import make_buyer, make_item, make_seller_store
from tests.payments.test_card_browser import fill_card

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("app")]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(base + "/masuk")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Masuk").click()
    expect(page.locator(".flash-success")).to_be_visible()


def add_from_search(page: Page, words: str, name: str) -> None:
    page.locator("#site-search").fill(words)
    page.locator("#site-search").press("Enter")
    page.locator(".search-results .product-card a", has_text=name).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    page.get_by_role("button", name="Tambah ke keranjang").click()
    expect(page.get_by_text("Ditambahkan ke keranjang.")).to_be_visible()


def test_buy_from_two_stores_pay_by_card_and_the_seller_ships(page: Page, app_server: str, stripe):
    # Given two live stores in different towns and a shopper with an address
    sri = make_user(name="Sri Wahyuni")
    demak = make_seller_store("Camilan Bu Sri Sayung", owner=sri)
    make_item(demak, "Keripik Tempe Sagu Sayung 250 g", price_idr=18_000)
    nur = make_user(name="Nur Hidayah")
    pekalongan = make_seller_store(
        "Batik Kauman Nur", owner=nur, region_code="33.75", city_name="Kota Pekalongan"
    )
    make_item(pekalongan, "Kain Batik Cap Kauman Sogan", price_idr=165_000, weight_grams=400)
    buyer, _address = make_buyer(name="Andi Pratama")
    db.session.commit()
    page.set_viewport_size(PHONE)

    # When the shopper finds both, adds them, and checks out paying by card
    log_in(page, app_server, buyer.email)
    add_from_search(page, "keripik tempe sagu", "Keripik Tempe Sagu Sayung")
    add_from_search(page, "batik kauman sogan", "Kain Batik Cap Kauman Sogan")
    expect(page.locator(".cart-group")).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(SCREENSHOTS / "cart-phone.png"), full_page=True)
    page.get_by_role("link", name="Checkout").click()
    page.get_by_label(re.compile("Kartu kredit")).check()
    page.screenshot(path=str(SCREENSHOTS / "checkout-phone.png"), full_page=True)
    page.get_by_role("button", name="Buat pesanan").click()
    expect(page.locator("#card-element input")).to_have_count(5)
    fill_card(page, "4242424242424242")
    page.get_by_role("button", name=re.compile("^Bayar Rp")).click()

    # Then the payment is confirmed by the webhook and both orders are paid
    expect(page.locator("#payment-status")).to_have_attribute("data-state", "paid", timeout=15_000)
    page.goto(app_server + "/pesanan")
    expect(page.locator(".order-row")).to_have_count(2)
    expect(page.locator(".order-row .badge", has_text="Dibayar")).to_have_count(2)
    page.screenshot(path=str(SCREENSHOTS / "orders-phone.png"), full_page=True)

    # When the batik seller accepts the order and ships it with a tracking number
    page.context.clear_cookies()
    log_in(page, app_server, nur.email)
    page.goto(f"{app_server}/penjual/toko/{pekalongan.id}/pesanan")
    page.locator(".order-row a").first.click()
    page.get_by_role("button", name="Terima & proses pesanan").click()
    page.get_by_label("Nomor resi").fill("JP1234567890")
    page.get_by_role("button", name="Tandai dikirim").click()

    # Then the order shows as shipped with its tracking number on the timeline
    expect(page.locator("h1 .badge")).to_have_text("Dikirim")
    expect(page.locator(".timeline")).to_contain_text("JP1234567890")
    page.screenshot(path=str(SCREENSHOTS / "seller-order-phone.png"), full_page=True)
