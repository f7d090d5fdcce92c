"""Paying a wholesale invoice by card in Chromium: from the invoice page to the card page, the
card through localstripe's Stripe.js, until the webhook turns the invoice paid."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.payments.test_card_browser import fill_card, log_in
from tests.wholesale.helpers import make_business_account
from tests.wholesale.invoice_helpers import make_seller, ship_new_order

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("app")]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def test_finance_pays_an_invoice_by_card_in_the_browser(page: Page, app_server: str, stripe):
    # Given a shipped order's unpaid invoice and the hotel's finance member on a phone
    business, members, location = make_business_account(legal_name="PT Hotel Danau Toba")
    store, owner = make_seller(is_pkp=True, name="Roti Bu Sri")
    _order, invoice = ship_new_order(business, members, location, store, owner)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, app_server, members["finance"].email)

    # When they open the invoice from its email link and choose to pay by card
    page.goto(f"{app_server}/grosir/faktur/{invoice.id}/buka")
    page.get_by_role("link", name="Bayar dengan kartu").click()
    expect(page.locator("#card-element input")).to_have_count(5)
    fill_card(page, "4242424242424242")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "invoice-card-form.png"), full_page=True)
    amount = f"Rp{invoice.total_idr:,}".replace(",", ".")
    page.get_by_role("button", name=f"Bayar {amount}").click()

    # Then the page turns to "paid" once the webhook has recorded it (no CSP violation)
    expect(page.locator("#payment-status")).to_have_attribute("data-state", "paid", timeout=15_000)
    assert not [e for e in errors if "Content Security Policy" in e]
    page.get_by_role("link", name="Kembali ke faktur").click()
    expect(page.locator("#kartu")).to_have_attribute("data-card-state", "paid")
    page.screenshot(path=str(SCREENSHOTS / "invoice-card-paid.png"), full_page=True)
