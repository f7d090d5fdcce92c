"""A shopper on a phone searches with a typo, narrows by place, sorts by price, opens a product."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import DESKTOP, PHONE


def _prices(page: Page) -> list[int]:
    texts = page.locator(".search-results .product-card .price").all_inner_texts()
    return [int(re.sub(r"\D", "", t)) for t in texts if t.strip()]


def test_search_typo_filter_sort_and_open_a_product(page: Page, live_server: str, screenshots):
    page.set_viewport_size(PHONE)
    page.goto(live_server + "/")
    box = page.get_by_role("combobox", name="Cari produk")

    # Autocomplete fills the suggestion list while typing.
    box.press_sequentially("kerip", delay=30)
    expect(page.locator("#site-search-suggestions option").first).to_have_attribute(
        "value", re.compile("Keripik")
    )

    # A misspelt word still finds the goods, and the page says what it searched for.
    box.fill("kerpik tempe")
    box.press("Enter")
    expect(page.get_by_text("Menampilkan hasil untuk")).to_be_visible()
    expect(page.locator(".search-results .product-card").first).to_contain_text("Keripik")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(screenshots / "search-phone.png"), full_page=True)

    # Filters are folded away on a phone; open them and pick a place.
    page.get_by_text("Filter", exact=True).click()
    page.locator(".facet a", has_text="Kabupaten Demak").first.click()
    expect(page.locator(".facet-selected", has_text="Kabupaten Demak")).to_be_visible()
    cities = page.locator(".search-results .product-card .small").all_inner_texts()
    assert cities and all("Demak" in c for c in cities)

    page.get_by_label("Urutkan").select_option("price_asc")
    page.locator(".sort-form button").click()
    page.wait_for_url(re.compile(r"sort=price_asc"))
    prices = _prices(page)
    assert len(prices) >= 2 and prices == sorted(prices)

    page.locator(".search-results .product-card a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Keripik")


def test_search_page_at_desktop_width_shows_filters_beside_results(
    page: Page, live_server: str, screenshots
):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server + "/cari?q=batik")
    expect(page.locator("details.facet-panel")).to_have_attribute("open", "")
    expect(page.locator(".facet h2", has_text="Kategori")).to_be_visible()
    expect(page.locator(".search-results .product-card").first).to_contain_text("Batik")
    page.screenshot(path=str(screenshots / "search-desktop.png"), full_page=True)
