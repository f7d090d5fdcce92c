"""Paying in Chromium: by card: the page's script with localstripe's Stripe.js, 3-D Secure included,
until the webhook turns the page to "paid"; by bank transfer, up to the proof sent."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD
from tests.payments.helpers import image_bytes, place_checkout_for

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("app")]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(base + "/masuk")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Masuk").click()


def fill_card(page: Page, number: str) -> None:
    """localstripe's Card Element: plain inputs named by their placeholders."""
    card = page.locator("#card-element")
    card.get_by_placeholder("number").fill(number)
    card.get_by_placeholder("exp_month").fill("12")
    card.get_by_placeholder("exp_year").fill("34")
    card.get_by_placeholder("cvc").fill("123")


@pytest.mark.parametrize("number", ["4242424242424242", "4000002500003155"])
def test_buyer_pays_by_card_in_the_browser(page: Page, app_server: str, stripe, number: str):
    # Given a card checkout and its buyer on the pay page
    placed = place_checkout_for("card")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(page, app_server, placed.buyer.email)
    page.goto(f"{app_server}/bayar/{placed.checkout.public_id}")
    expect(page.locator("#card-element input")).to_have_count(5)

    # When the buyer enters the card and pays (and passes 3-D Secure when asked)
    fill_card(page, number)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "payment-card-form.png"), full_page=True)
    page.get_by_role("button", name="Bayar Rp150.000").click()
    if number == "4000002500003155":
        page.get_by_role("button", name="Complete authentication").click()

    # Then the page turns to "paid" once the webhook has arrived (no CSP violation on the way)
    expect(page.locator("#payment-status")).to_have_attribute("data-state", "paid", timeout=15_000)
    assert not [e for e in errors if "Content Security Policy" in e]
    page.screenshot(path=str(SCREENSHOTS / f"payment-card-paid-{number[-4:]}.png"), full_page=True)


def test_buyer_sends_a_transfer_proof_in_the_browser(page: Page, app_server: str):
    # Given a bank-transfer checkout and its buyer on a phone
    placed = place_checkout_for("bank_transfer")
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, app_server, placed.buyer.email)
    page.goto(f"{app_server}/bayar/{placed.checkout.public_id}")
    expect(page.locator("#transfer-amount mark")).to_have_text(
        f"{placed.checkout.amount_due_idr % 1000:03d}"
    )
    page.screenshot(path=str(SCREENSHOTS / "payment-bank-transfer.png"), full_page=True)

    # When the buyer attaches a screenshot of the transfer and sends it
    page.get_by_label("Foto atau tangkapan layar bukti transfer").set_input_files(
        files=[{"name": "bukti.png", "mimeType": "image/png", "buffer": image_bytes("PNG")}]
    )
    page.get_by_role("button", name="Kirim bukti transfer").click()

    # Then the page says it is being checked
    expect(page.locator("#payment-status")).to_have_attribute("data-state", "review")
