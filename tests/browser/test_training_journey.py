"""Agency staff record a program and its people; an alumna claims; a buyer verifies."""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import Browser, expect

from tests.browser.helpers import DESKTOP, PHONE, log_in, register
from tests.factories import nik_for
from tests.training.csvdata import person, sheet

NIK = nik_for("33.75.02", "P", date(1995, 4, 9), serial=4242)


def test_program_import_invitation_claim_and_verification(
    browser: Browser, live_server: str, screenshots, tmp_path
):
    # Agency staff create a program and import its participant sheet.
    staff = browser.new_context(viewport=DESKTOP)
    page = staff.new_page()
    log_in(page, live_server, "staf.pekalongan@pasarikm.example", "demo-ikm-2026")
    page.locator("details.menu summary").click()
    page.get_by_role("link", name="Area Dinas").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kota Pekalongan")
    page.get_by_role("link", name="Tambah program").click()
    page.get_by_label("Judul program").fill("Pelatihan Membatik Kelurahan Kauman")
    page.get_by_label("Bidang keterampilan").select_option("kerajinan")
    page.get_by_label("Tempat").fill("Aula Kelurahan Kauman")
    page.get_by_label("Kecamatan").select_option("33.75.02")
    page.get_by_label("Kelurahan/desa").select_option("33.75.02.1004")
    page.get_by_label("Tanggal mulai").fill("2026-07-01")
    page.get_by_label("Tanggal selesai").fill("2026-07-02")
    page.get_by_label("Sumber dana").select_option("DBHCHT")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Program disimpan.")).to_be_visible()

    rows = [
        person(
            1,
            full_name="Wulan Sari",
            nik=NIK,
            birth_year="1995",
            kecamatan="Pekalongan Timur",
            kelurahan="Kauman",
            certificate_no="DPN-PKL/2026/MB/001",
        ),
        person(2, full_name="Tri Astuti", kecamatan="Pekalongan Barat"),
        person(3, full_name="Rudi Hartono", gender="L", nik=nik_for("33.75.03", "L", serial=3)),
    ]
    csv_file = tmp_path / "peserta-kauman.csv"
    csv_file.write_bytes(sheet(rows, delimiter=";", bom=True, crlf=True))
    page.get_by_label("Berkas CSV peserta").set_input_files(str(csv_file))
    page.get_by_role("button", name="Unggah dan pratinjau").click()
    expect(page.get_by_text("akan ditambahkan")).to_be_visible()
    page.screenshot(path=str(screenshots / "import-preview-desktop.png"), full_page=True)
    page.get_by_role("button", name="Simpan semua").click()
    expect(page.get_by_text("Impor selesai: 3 peserta baru")).to_be_visible()
    expect(page.get_by_role("link", name="Wulan Sari")).to_be_visible()
    page.screenshot(path=str(screenshots / "program-desktop.png"), full_page=True)

    # Staff create an invitation link for Wulan.
    page.get_by_role("link", name="Wulan Sari").click()
    page.get_by_role("button", name="Buat tautan undangan").click()
    link = re.search(r"http://\S+/klaim/[\w-]+", page.locator(".notice").inner_text()).group(0)
    link = live_server + link[link.index("/klaim/") :]
    staff.close()

    # Wulan registers on her phone, opens the link and confirms.
    alumna = browser.new_context(viewport=PHONE)
    page = alumna.new_page()
    register(
        page,
        live_server,
        "Wulan Sari",
        "wulan.batik@example.com",
        "0857 2555 0411",
        "canting-malam-biru-9",
    )
    page.goto(link)
    expect(
        page.get_by_text("Dinas Perindustrian dan Tenaga Kerja Kota Pekalongan mengundang")
    ).to_be_visible()
    page.get_by_label("NIK (16 digit, sesuai KTP)").fill(NIK)
    page.get_by_role("button", name=re.compile("tautkan")).click()
    expect(page.get_by_text("sudah ditautkan ke akun ini")).to_be_visible()
    expect(page.get_by_text("Alumni Pelatihan Kerajinan")).to_be_visible()
    page.screenshot(path=str(screenshots / "my-training-phone.png"), full_page=True)
    alumna.close()

    # A hotel buyer checks the certificate, in English.
    buyer = browser.new_context(viewport=PHONE)
    page = buyer.new_page()
    page.goto(live_server + "/")
    page.get_by_role("button", name="English").click()
    page.get_by_role("link", name="Verify a training certificate").click()
    page.get_by_label("Certificate number").fill("DPN-PKL/2026/MB/001")
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_text("W**** S***")).to_be_visible()
    expect(page.get_by_text("Pelatihan Membatik Kelurahan Kauman")).to_be_visible()
    assert NIK not in page.content() and "Wulan Sari" not in page.content()
    page.screenshot(path=str(screenshots / "verify-en-phone.png"), full_page=True)
    buyer.close()


def test_alumna_claims_with_certificate_and_nik(browser: Browser, live_server: str):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    register(
        page,
        live_server,
        "Fitri Handayani",
        "fitri.h@example.com",
        "0857 2556 0001",
        "roti-sobek-pandan-4",
    )
    page.locator("details.menu summary").click()
    page.get_by_role("link", name="Pelatihan saya").click()

    from marketplace.demo.seed import demo_nik

    nik = demo_nik("33.75.01.1012", "P", date(1990, 6, 25), 9000 + 10)
    page.get_by_label("Nomor sertifikat").fill("DPN-PKL/2024/PR/008")
    page.get_by_label("NIK (16 digit, sesuai KTP)").fill(nik)
    page.get_by_role("button", name="Tautkan").click()

    expect(page.get_by_text("sudah ditautkan ke akun ini")).to_be_visible()
    expect(page.get_by_text("Pringrejo").first).to_be_visible()
    context.close()
