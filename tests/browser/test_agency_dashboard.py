"""Agency staff read their alumni's outcomes on a phone: funnel, monthly omzet, a CSV."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, expect

from tests.browser.helpers import DESKTOP, PHONE, log_in

STAFF = "staf.medan@pasarikm.example"
PASSWORD = "demo-ikm-2026"


def test_agency_dashboard_at_phone_width_with_csv_export(
    browser: Browser, live_server: str, screenshots
):
    context = browser.new_context(viewport=PHONE, accept_downloads=True)
    page = context.new_page()
    log_in(page, live_server, STAFF, PASSWORD)
    page.locator("details.menu summary").click()
    page.get_by_role("link", name="Area Dinas").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kota Medan")
    page.locator("nav.subnav").get_by_role("link", name="Hasil alumni").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hasil alumni")

    # The funnel is drawn on the server as SVG.
    funnel = page.locator("#funnel-title + .columns svg")
    expect(funnel).to_be_visible()

    # Twelve months of omzet, with real figures (the demo history).
    monthly = page.locator("table", has=page.locator("caption", has_text="Omzet per bulan"))
    rows = monthly.locator("tbody tr")
    expect(rows).to_have_count(12)
    omzet = [
        int(re.sub(r"\D", "", t) or 0) for t in rows.locator("td:nth-child(3)").all_inner_texts()
    ]
    assert sum(1 for value in omzet if value > 0) >= 10, omzet

    # Small groups are suppressed; a consenting grant recipient is named.
    expect(page.locator("td", has_text="< 5").first).to_be_attached()
    awards = page.locator("section[aria-labelledby='awards-title']")
    expect(awards.get_by_role("link", name="Yusnani Tarigan")).to_be_visible()

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(screenshots / "agency-dashboard-phone.png"), full_page=True)

    # The table behind the monthly chart as CSV.
    link = page.locator("#sales-title ~ p.small a", has_text="Unduh CSV").first
    href = link.get_attribute("href")
    assert href and "/hasil/bulanan.csv" in href
    response = context.request.get(live_server + href)
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/csv")
    with page.expect_download() as info:
        link.click()
    download = info.value
    body = Path(download.path()).read_text(encoding="utf-8-sig")
    assert body.splitlines()[0].strip() == "month,sellers,omzet_idr,orders,wholesale_omzet_idr"
    assert len(body.strip().splitlines()) == 13

    page.set_viewport_size(DESKTOP)
    page.reload()
    expect(funnel).to_be_visible()
    page.screenshot(path=str(screenshots / "agency-dashboard-desktop.png"), full_page=True)
    context.close()
