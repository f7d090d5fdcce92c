"""Steps several browser journeys share."""

from __future__ import annotations

from playwright.sync_api import Page

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def register(page: Page, base: str, name: str, email: str, phone: str, password: str) -> None:
    page.goto(base + "/daftar")
    page.get_by_label("Nama lengkap").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Nomor HP").fill(phone)
    page.get_by_label("Kata sandi baru").fill(password)
    page.get_by_label("Ulangi kata sandi").fill(password)
    page.locator("main").get_by_role("button", name="Daftar").click()


def log_in(page: Page, base: str, email: str, password: str) -> None:
    page.goto(base + "/masuk")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(password)
    page.locator("main").get_by_role("button", name="Masuk").click()
