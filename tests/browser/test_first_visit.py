"""A newcomer's first visit: home page, sign up, log out, log in, switch language."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import DESKTOP, PHONE


def test_home_page_at_phone_and_desktop_width(page: Page, live_server: str, screenshots):
    page.set_viewport_size(PHONE)
    page.goto(live_server + "/")
    expect(page.get_by_role("heading", name="Produk terbaru")).to_be_visible()
    expect(page.get_by_role("combobox", name="Cari produk")).to_be_visible()
    # The page fits the phone: nothing overflows sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(screenshots / "home-phone.png"), full_page=True)

    page.set_viewport_size(DESKTOP)
    page.goto(live_server + "/")
    expect(page.get_by_text("Keripik Tempe Bu Sri").first).to_be_visible()
    page.screenshot(path=str(screenshots / "home-desktop.png"), full_page=True)


def test_no_request_leaves_the_server(page: Page, live_server: str):
    outside: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(live_server) else outside.append(r.url))

    page.goto(live_server + "/")
    page.goto(live_server + "/masuk")

    assert outside == []


def test_register_logout_login_and_switch_language(page: Page, live_server: str, screenshots):
    page.set_viewport_size(PHONE)
    page.goto(live_server + "/")
    page.get_by_role("link", name="Daftar").click()
    page.get_by_label("Nama lengkap").fill("Wulan Sari")
    page.get_by_label("Email").fill("wulan.sari@example.com")
    page.get_by_label("Nomor HP").fill("0813 2555 0199")
    page.get_by_label("Kata sandi baru").fill("bolu-pandan-hangat-7")
    page.get_by_label("Ulangi kata sandi").fill("bolu-pandan-hangat-7")
    page.screenshot(path=str(screenshots / "register-phone.png"), full_page=True)
    page.get_by_role("button", name="Daftar").click()

    expect(page.get_by_text("Akun Anda sudah dibuat")).to_be_visible()
    menu = page.locator("details.menu summary")
    expect(menu).to_have_text("Wulan")

    menu.click()
    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_text("Anda sudah keluar.")).to_be_visible()

    page.get_by_role("link", name="Masuk").first.click()
    page.get_by_label("Email").fill("wulan.sari@example.com")
    page.get_by_label("Kata sandi").fill("salah-kata-sandi-ini")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_text("Email atau kata sandi salah.")).to_be_visible()
    page.get_by_label("Kata sandi").fill("bolu-pandan-hangat-7")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_text("Selamat datang, Wulan Sari.")).to_be_visible()

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Latest products")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # The choice sticks on the next page.
    page.goto(live_server + "/akun")
    expect(page.get_by_role("heading", name="My account")).to_be_visible()
    page.screenshot(path=str(screenshots / "account-en-phone.png"), full_page=True)

    page.get_by_role("button", name="Bahasa Indonesia").click()
    expect(page.get_by_role("heading", name="Akun saya")).to_be_visible()
    assert re.search(r"/akun$", page.url)


def test_seller_menu_leads_to_the_store_dashboard(page: Page, live_server: str, screenshots):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server + "/masuk")
    page.get_by_label("Email").fill("sri.wahyuni@pasarikm.example")
    page.get_by_label("Kata sandi").fill("demo-ikm-2026")
    page.get_by_role("button", name="Masuk").click()

    page.locator("details.menu summary").click()
    page.get_by_role("link", name="Toko saya").click()

    expect(page.get_by_role("cell", name="Keripik Tempe Bu Sri")).to_be_visible()
    page.screenshot(path=str(screenshots / "seller-desktop.png"), full_page=True)
