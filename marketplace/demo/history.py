"""Demo history: more alumni with stores, a year and a half of sales, and open queue items.

So that the agency dashboards show real shapes (a Ramadan/Lebaran peak, a year-end rise,
stores opening through the year, groups above and below the privacy threshold) and every admin
queue has something in it. The people, stores and products are made with the ORM (so search
indexes them after the commit); the orders are bulk inserts, written as the checkout, payment
and fulfilment services would write them: completed, paid/shipped/completed times, totals =
goods + shipping (+ PPN only for PKP suppliers), commission stamped, one SALE ledger entry and
the event trail per order. A fixed random seed makes the demo the same on every run (dates are
relative to today). The few queue items go through the real services.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert, select

from marketplace.accounts.models import User
from marketplace.accounts.passwords import hash_password
from marketplace.catalog.models import Category, Product, ProductStatus, ProductVariant
from marketplace.core.db import utcnow
from marketplace.demo import data
from marketplace.extensions import db
from marketplace.orders.models import (
    Address,
    Checkout,
    CheckoutStatus,
    LedgerEntry,
    LedgerKind,
    Order,
    OrderChannel,
    OrderEvent,
    OrderLine,
    OrderStatus,
    PaymentMethod,
)
from marketplace.payments.models import Payment, PaymentStatus
from marketplace.regions.reference import (
    get_district,
    get_province,
    get_regency,
    get_village,
    list_districts,
    list_villages,
)
from marketplace.stores.models import Store, StoreMember, StoreRole, StoreStatus
from marketplace.training.imports import hash_nik
from marketplace.training.models import (
    Agency,
    Enrollment,
    EnrollmentEvent,
    Participant,
    Program,
)

SEED = 20260917  # fixed: the same demo every time
MONTHS_BACK = 20  # 12 on the dashboard, the rest for the mentoring before/after windows
# Lebaran (Idul Fitri) dates: the month before is the year's peak for food and Muslim wear.
LEBARAN = {
    2024: date(2024, 4, 10),
    2025: date(2025, 3, 31),
    2026: date(2026, 3, 20),
    2027: date(2027, 3, 10),
    2028: date(2028, 2, 27),
    2029: date(2029, 2, 14),
    2030: date(2030, 2, 5),
}
MARK_EMAIL = "putri.ramadhani@pasarikm.example"  # the first account made here: already ran

# Consumers who buy from the alumni: email, name, phone, kab/kota code, street, postal code.
CONSUMERS = [
    (
        MARK_EMAIL,
        "Putri Ramadhani",
        "+6281311120001",
        "31.74",
        "Jl. Tebet Barat Dalam No. 7",
        "12810",
    ),
    (
        "hendra.gunawan@pasarikm.example",
        "Hendra Gunawan",
        "+6281311120002",
        "33.74",
        "Jl. Pandanaran No. 45",
        "50241",
    ),
    (
        "yusuf.maulana@pasarikm.example",
        "Yusuf Maulana",
        "+6281311120003",
        "35.78",
        "Jl. Darmo Permai II No. 18",
        "60226",
    ),
    (
        "ayu.wulandari@pasarikm.example",
        "Ayu Wulandari",
        "+6281311120004",
        "32.73",
        "Jl. Cihampelas No. 88",
        "40131",
    ),
    (
        "tiur.simatupang@pasarikm.example",
        "Tiur Simatupang",
        "+6281311120005",
        "12.71",
        "Jl. Gatot Subroto No. 210",
        "20112",
    ),
]


@dataclass(frozen=True)
class Alumnus:
    """A demo alumnus with a store and one product."""

    agency: str  # short name
    name: str
    gender: str
    born: date
    email: str
    consent: bool
    # (program title, status, certificate, award, award amount, grant items)
    enrollments: tuple[tuple[str, str, str | None, str | None, int | None, str | None], ...]
    store: tuple[str, str, str]  # slug, name, description
    # slug, name, category slug, description, sku, variant label, price, weight (g)
    product: tuple[str, str, str, str, str, str, int, int]
    months_open: int  # the store went live this many months ago
    scale: float  # orders a month at an ordinary time
    wholesale: bool = False
    awaiting_review: bool = False  # a draft store asking for approval (admin queue)


_DMK = "Dinnakerind Demak"
_PKL = "Dinperinaker Kota Pekalongan"
_MDN = "Disperin Kota Medan"
_OM = "Pelatihan Produksi Olahan Makanan - BLK Demak Angkatan I"
_JH = "Pelatihan Menjahit dan Konveksi - BLK Demak"
_PW = "Pendampingan Wirausaha Baru 2025"
_BK = "Pelatihan Kerja Kewirausahaan Kelurahan Bendan Kergon: Merajut, Desain dan Kemasan Produk"
_PR = "Pelatihan Kerja Kewirausahaan Kelurahan Pringrejo: Bucket, Roti dan Masakan"
_OP = "Pelatihan Olahan Pangan"
_SK = "Pelatihan Olahan Sandang Berbahan Kulit"
_BP = "Bantuan Peralatan: Mesin Roasting Kopi dan Oven"
_SS = "Sakasanwira: Sentra Olahan Makanan Kelurahan Sei Sikambing B"


def _done(title: str, cert: str | None = None, grant: str | None = None) -> tuple[Any, ...]:
    return (title, "completed", cert, None, None, grant)


ALUMNI = [
    # -- Demak -------------------------------------------------------------------------------
    Alumnus(
        _DMK,
        "Umi Kulsum",
        "P",
        date(1984, 6, 2),
        "umi.kulsum@pasarikm.example",
        True,
        (_done(_OM, "BLK-DMK/2025/OM/005"), _done(_PW)),
        (
            "dapur-umi-kulsum",
            "Dapur Umi Kulsum",
            "Jenang dan wajik khas Demak, dimasak di tungku kayu. Alumni BLK Demak.",
        ),
        (
            "jenang-wijen-demak",
            "Jenang Wijen Demak 250 g",
            "oleh-oleh",
            "Jenang ketan gula aren bertabur wijen sangrai.",
            "DUK-JNG-250",
            "250 g",
            22000,
            280,
        ),
        16,
        7,
    ),
    Alumnus(
        _DMK,
        "Rohmatun Nisa",
        "P",
        date(1990, 10, 11),
        "rohmatun.nisa@pasarikm.example",
        False,
        (_done(_OM, "BLK-DMK/2025/OM/009"),),
        (
            "bandeng-presto-nisa",
            "Bandeng Presto Nisa",
            "Bandeng presto duri lunak dari tambak Sayung, dikemas vakum.",
        ),
        (
            "bandeng-presto-isi-4",
            "Bandeng Presto Duri Lunak isi 4",
            "frozen-food",
            "Empat ekor bandeng presto, duri lunak sampai ke kepala. Simpan beku.",
            "BPN-PRS-04",
            "isi 4",
            65000,
            900,
        ),
        15,
        9,
        True,
    ),
    Alumnus(
        _DMK,
        "Ali Mahfud",
        "L",
        date(1993, 3, 27),
        "ali.mahfud@pasarikm.example",
        True,
        (_done(_OM, "BLK-DMK/2025/OM/012"), _done(_PW)),
        (
            "sirup-belimbing-mahfud",
            "Sirup Belimbing Mahfud",
            "Sirup dan manisan dari belimbing Demak.",
        ),
        (
            "sirup-belimbing-demak",
            "Sirup Belimbing Demak 600 ml",
            "minuman",
            "Sirup belimbing manis segar, tanpa pewarna.",
            "SBM-SRP-600",
            "600 ml",
            28000,
            800,
        ),
        14,
        5,
    ),
    Alumnus(
        _DMK,
        "Sulastri",
        "P",
        date(1981, 12, 19),
        "sulastri.bordir@pasarikm.example",
        True,
        (_done(_JH, "BLK-DMK/2025/KV/002"),),
        (
            "mukena-bordir-sulastri",
            "Mukena Bordir Sulastri",
            "Mukena bordir tangan dari Kecamatan Wonosalam.",
        ),
        (
            "mukena-bordir-katun-rayon",
            "Mukena Bordir Katun Rayon",
            "mukena",
            "Mukena dewasa katun rayon adem, bordir bunga di tepi, dengan tas.",
            "MBS-MKN-DWS",
            "Dewasa",
            145000,
            600,
        ),
        13,
        6,
    ),
    Alumnus(
        _DMK,
        "Fatimah Azzahra",
        "P",
        date(1997, 8, 8),
        "fatimah.azzahra@pasarikm.example",
        False,
        (_done(_JH, "BLK-DMK/2025/KV/015"), _done(_PW)),
        ("azzahra-busana", "Azzahra Busana", "Gamis anak dan dewasa, jahitan rapi."),
        (
            "gamis-anak-katun-toyobo",
            "Gamis Anak Katun Toyobo",
            "busana-muslim",
            "Gamis anak bahan katun toyobo, ukuran 4-10 tahun.",
            "AZB-GMS-ANK",
            "6-8 tahun",
            89000,
            300,
        ),
        12,
        4,
    ),
    Alumnus(
        _DMK,
        "Joko Susilo",
        "L",
        date(1988, 1, 30),
        "joko.susilo@pasarikm.example",
        False,
        (_done(_JH, "BLK-DMK/2025/KV/019"),),
        ("konveksi-joko-sablon", "Konveksi Joko Sablon", "Kaos sablon satuan dan partai."),
        (
            "kaos-sablon-lengan-pendek",
            "Kaos Sablon Custom Lengan Pendek",
            "kaos",
            "Kaos cotton combed 30s, sablon plastisol satu warna.",
            "KJS-KAS-L",
            "L",
            55000,
            200,
        ),
        11,
        5,
        True,
    ),
    # -- Pekalongan ---------------------------------------------------------------------------
    Alumnus(
        _PKL,
        "Siti Maemunah",
        "P",
        date(1986, 4, 4),
        "siti.maemunah@pasarikm.example",
        True,
        (_done(_BK, "DPN-PKL/2024/BK/007"),),
        ("batik-cap-maemunah", "Batik Cap Maemunah", "Kain batik cap motif pesisiran."),
        (
            "kain-batik-cap-jlamprang",
            "Kain Batik Cap Motif Jlamprang 2 m",
            "batik",
            "Kain katun primissima, batik cap motif Jlamprang khas Pekalongan.",
            "BCM-KJL-200",
            "2 m",
            125000,
            350,
        ),
        18,
        6,
        True,
    ),
    Alumnus(
        _PKL,
        "Khoirul Anam",
        "L",
        date(1995, 2, 14),
        "khoirul.anam@pasarikm.example",
        False,
        (_done(_BK, "DPN-PKL/2024/BK/012"),),
        ("tas-rajut-anam", "Tas Rajut Anam", "Tas rajut tali kur buatan tangan."),
        (
            "tas-rajut-tali-kur-selempang",
            "Tas Rajut Tali Kur Selempang",
            "tas",
            "Tas selempang rajut tali kur, tutup magnet.",
            "TRA-SLP-01",
            "Standar",
            95000,
            300,
        ),
        17,
        4,
    ),
    Alumnus(
        _PKL,
        "Laila Fitriani",
        "P",
        date(1992, 9, 21),
        "laila.fitriani@pasarikm.example",
        True,
        (_done(_BK, "DPN-PKL/2024/BK/020"),),
        ("anyaman-laila", "Anyaman Laila", "Keranjang dan wadah anyaman pandan."),
        (
            "keranjang-anyaman-pandan-set",
            "Keranjang Anyaman Pandan Set 3",
            "anyaman",
            "Tiga keranjang pandan bertingkat untuk hantaran dan penyimpanan.",
            "ANL-KRJ-S3",
            "Set 3",
            75000,
            700,
        ),
        15,
        3,
    ),
    Alumnus(
        _PKL,
        "Rizal Fahmi",
        "L",
        date(1989, 5, 5),
        "rizal.fahmi@pasarikm.example",
        False,
        (_done(_BK, "DPN-PKL/2024/BK/026"),),
        ("kayu-ukir-fahmi", "Kayu Ukir Fahmi", "Perabot dapur kayu jati ukir."),
        (
            "talenan-kayu-jati-ukir",
            "Talenan Kayu Jati Ukir",
            "kayu",
            "Talenan kayu jati tebal 2 cm dengan ukiran tepi.",
            "KUF-TLN-30",
            "30 cm",
            70000,
            900,
        ),
        9,
        3,
    ),
    Alumnus(
        _PKL,
        "Wahyu Ningsih",
        "P",
        date(1994, 11, 3),
        "wahyu.ningsih@pasarikm.example",
        True,
        (_done(_PR, "DPN-PKL/2024/PR/003"),),
        ("roti-ningsih", "Roti Ningsih", "Roti sobek dan bolu dari Pringrejo."),
        (
            "roti-sobek-pandan-isi-10",
            "Roti Sobek Pandan isi 10",
            "kue-roti",
            "Roti sobek lembut rasa pandan, dipanggang setiap pagi.",
            "RTN-RSP-10",
            "isi 10",
            30000,
            450,
        ),
        16,
        8,
    ),
    Alumnus(
        _PKL,
        "Aminah Zahro",
        "P",
        date(1991, 7, 17),
        "aminah.zahro@pasarikm.example",
        False,
        (_done(_PR, "DPN-PKL/2024/PR/011"),),
        ("megono-zahro", "Megono Zahro", "Nasi megono dan lauk khas Pekalongan, dibekukan."),
        (
            "megono-pekalongan-beku",
            "Megono Pekalongan Beku 500 g",
            "frozen-food",
            "Sayur megono nangka muda dengan parutan kelapa berbumbu, siap dipanaskan.",
            "MGZ-MGN-500",
            "500 g",
            32000,
            550,
        ),
        14,
        6,
        True,
    ),
    Alumnus(
        _PKL,
        "Irfan Hakim",
        "L",
        date(1999, 1, 9),
        "irfan.hakim@pasarikm.example",
        False,
        (_done(_PR, "DPN-PKL/2024/PR/018"),),
        ("sambal-ikan-asin-irfan", "Sambal Ikan Asin Irfan", "Sambal ikan asin rumahan."),
        (
            "sambal-ikan-asin-200",
            "Sambal Ikan Asin Pekalongan 200 ml",
            "sambal-bumbu",
            "Sambal cabai merah dengan ikan asin jambal, botol kaca.",
            "SIA-SMB-200",
            "200 ml",
            27000,
            350,
        ),
        0,
        0,
        awaiting_review=True,
    ),
    # -- Medan --------------------------------------------------------------------------------
    Alumnus(
        _MDN,
        "Yusnani Tarigan",
        "P",
        date(1985, 2, 22),
        "yusnani.tarigan@pasarikm.example",
        True,
        (
            _done(_OP, "DISPERIN-MDN/2025/OP/021"),
            _done(_BP, grant="1 unit mesin penggiling bumbu"),
            _done(_SS),
        ),
        ("dapur-yusnani", "Dapur Yusnani", "Bolu gulung dan kue basah khas Medan."),
        (
            "bolu-gulung-meranti-keju",
            "Bolu Gulung Keju Medan",
            "kue-roti",
            "Bolu gulung lembut isi selai dan keju, satu loyang penuh.",
            "DYS-BLG-KJ",
            "1 loyang",
            85000,
            700,
        ),
        19,
        9,
        True,
    ),
    Alumnus(
        _MDN,
        "Hotma Sihombing",
        "P",
        date(1987, 9, 1),
        "hotma.sihombing@pasarikm.example",
        True,
        (_done(_OP, "DISPERIN-MDN/2025/OP/008"), _done(_SS)),
        ("teri-medan-hotma", "Teri Medan Hotma", "Sambal dan olahan teri Medan."),
        (
            "sambal-teri-kacang-200",
            "Sambal Teri Kacang Medan 200 g",
            "sambal-bumbu",
            "Teri Medan goreng kering dengan kacang dan cabai.",
            "THM-STK-200",
            "200 g",
            45000,
            260,
        ),
        18,
        8,
        True,
    ),
    Alumnus(
        _MDN,
        "Ridwan Batubara",
        "L",
        date(1982, 4, 12),
        "ridwan.batubara@pasarikm.example",
        False,
        (_done(_OP, "DISPERIN-MDN/2025/OP/030"), _done(_SS)),
        ("markisa-ridwan", "Markisa Ridwan", "Sirup markisa dari buah Berastagi."),
        (
            "sirup-markisa-medan-620",
            "Sirup Markisa Medan 620 ml",
            "minuman",
            "Sirup markisa kental, encerkan 1:5.",
            "MKR-SRP-620",
            "620 ml",
            38000,
            850,
        ),
        17,
        7,
        True,
    ),
    Alumnus(
        _MDN,
        "Nurhayati Lubis",
        "P",
        date(1990, 6, 6),
        "nurhayati.lubis@pasarikm.example",
        False,
        (_done(_OP, "DISPERIN-MDN/2025/OP/014"), _done(_SS)),
        ("lapis-legit-nurhayati", "Lapis Legit Nurhayati", "Lapis legit dan kue kering."),
        (
            "lapis-legit-original-20",
            "Lapis Legit Original 20 x 20 cm",
            "kue-roti",
            "Lapis legit mentega wisman, 18 lapis.",
            "LLN-ORI-20",
            "20 x 20 cm",
            175000,
            1200,
        ),
        18,
        4,
    ),
    Alumnus(
        _MDN,
        "Fadli Harahap",
        "L",
        date(1992, 12, 28),
        "fadli.harahap@pasarikm.example",
        True,
        (
            _done(_OP, "DISPERIN-MDN/2025/OP/025"),
            _done(_BP, grant="1 unit oven listrik 2 rak"),
            _done(_SS),
        ),
        ("bakpia-durian-fadli", "Bakpia Durian Fadli", "Bakpia dan pia isi durian Medan."),
        (
            "bakpia-durian-isi-15",
            "Bakpia Durian Medan isi 15",
            "oleh-oleh",
            "Bakpia kulit tipis isi durian asli.",
            "BDF-BKP-15",
            "isi 15",
            55000,
            500,
        ),
        19,
        10,
        True,
    ),
    Alumnus(
        _MDN,
        "Andreas Sinaga",
        "L",
        date(1994, 3, 3),
        "andreas.sinaga@pasarikm.example",
        True,
        (_done(_SK, "DISPERIN-MDN/2025/SK/004"),),
        ("sinaga-leather", "Sinaga Leather", "Dompet dan ikat pinggang kulit sapi."),
        (
            "dompet-kulit-sapi-pria",
            "Dompet Kulit Sapi Pria",
            "aksesoris",
            "Dompet lipat kulit sapi asli, jahit tangan.",
            "SNL-DMP-01",
            "Coklat",
            160000,
            200,
        ),
        14,
        4,
    ),
    Alumnus(
        _MDN,
        "Ika Purba",
        "P",
        date(1996, 10, 10),
        "ika.purba@pasarikm.example",
        False,
        (_done(_SK, "DISPERIN-MDN/2025/SK/017"),),
        ("ika-purba-kulit", "Ika Purba Kulit", "Tas kulit wanita buatan Medan."),
        (
            "tas-selempang-kulit-wanita",
            "Tas Selempang Kulit Wanita",
            "tas",
            "Tas selempang kulit sapi, tali bisa diatur.",
            "IPK-TSL-01",
            "Hitam",
            285000,
            500,
        ),
        12,
        3,
    ),
]

# Budgets recorded for some programs (Rupiah), so "omzet per Rupiah" has figures.
BUDGETS = {_OP: 96_000_000, _SK: 84_000_000, _OM: 120_000_000, _PR: 18_000_000}

VISITS = [  # (participant name, days ago, kind, topic, next step, next in days)
    (
        "Yusnani Tarigan",
        40,
        "kunjungan",
        "Kemasan dan label bolu gulung",
        "Coba kemasan mika dengan label komposisi",
        30,
    ),
    (
        "Hotma Sihombing",
        25,
        "konsultasi",
        "Harga grosir untuk swalayan",
        "Hitung harga per karton isi 24",
        21,
    ),
    (
        "Nurhayati Lubis",
        12,
        "telepon",
        "Pesanan grosir hotel",
        "Kirim sampel ke Hotel Deli Permai",
        None,
    ),
    (
        "Rina Marpaung",
        60,
        "kunjungan",
        "Foto produk dengan ponsel",
        "Unggah foto baru untuk 5 produk",
        None,
    ),
    ("Umi Kulsum", 35, "kunjungan", "Perpanjangan PIRT", "Urus PIRT di Dinkes Demak", 45),
    (
        "Ali Mahfud",
        18,
        "konsultasi",
        "Pencatatan keuangan sederhana",
        "Pisahkan uang usaha dan rumah tangga",
        30,
    ),
    ("Fatimah Azzahra", 8, "telepon", "Persiapan pesanan Lebaran", "Stok kain untuk 100 gamis", 60),
    (
        "Ahmad Fauzi",
        20,
        "kunjungan",
        "Belum buka toko: kendala modal",
        "Ajukan KUR mikro; bantu buka toko daring",
        14,
    ),
]

PRODUCT_REPORTS = [  # (reporter email, store slug, category, text)
    (
        "hendra.gunawan@pasarikm.example",
        "bakpia-durian-fadli",
        "misleading",
        "Di foto isinya penuh, yang datang isinya sedikit sekali.",
    ),
    (
        "ayu.wulandari@pasarikm.example",
        "kayu-ukir-fahmi",
        "prohibited",
        "Katanya kayu jati tapi sepertinya kayu lain, mohon dicek.",
    ),
]


def _season(day: date, top: str) -> float:
    """How busy a day is for a kind of goods: Ramadan before Lebaran, year end, school start."""
    factor = 1.0
    lebaran = LEBARAN.get(day.year)
    if lebaran is not None:
        before = (lebaran - day).days
        if 0 < before <= 30:
            factor *= {"kuliner": 2.3, "konveksi": 2.6}.get(top, 1.5)
        elif -7 <= before <= 0:
            factor *= 0.5  # mudik: shops closed, couriers slow
    if day.month == 12:
        factor *= 1.5 if day.day >= 10 else 1.2  # Harbolnas 12.12, year-end gifts
    if day.month == 7 and top == "konveksi":
        factor *= 1.4  # new school year
    return factor


def _token(rng: random.Random, n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _village_text(village_code: str) -> str:
    parts = [
        get_village(village_code),
        get_district(village_code[:8]),
        get_regency(village_code[:5]),
        get_province(village_code[:2]),
    ]
    return ", ".join(p.name.title() if p.name.isupper() else p.name for p in parts if p)


def _pick_village(region_code: str, index: int) -> str:
    districts = list_districts(region_code)
    district = districts[index % len(districts)]
    villages = list_villages(district.code)
    return villages[(index * 7) % len(villages)].code


def seed_history(
    report: Any,
    admin: User,
    *,
    with_images: bool,
    add_photo: Callable[..., None],
) -> None:
    """Alumni, consumers, the sales history and queue items; nothing when it ran before.
    Flushes; the caller commits."""
    if db.session.scalar(select(User.id).where(User.email == MARK_EMAIL)) is not None:
        _logins(report)
        return
    rng = random.Random(SEED)  # noqa: S311 (a reproducible demo, not a secret)
    now = utcnow()
    password_hash = hash_password(data.DEMO_PASSWORD)  # once: every demo account shares it
    consumers = _seed_consumers(report, password_hash)
    stores = _seed_alumni(
        report, password_hash, now=now, with_images=with_images, add_photo=add_photo
    )
    _seed_budgets()
    orders = _seed_orders(report, rng, admin, consumers, stores, now=now)
    _seed_visits(report)
    _seed_queue_items(report, rng, admin, consumers, orders, now=now)
    _logins(report)
    db.session.flush()


def _logins(report: Any) -> None:
    report.logins.append(("pembeli (riwayat belanja)", MARK_EMAIL))
    report.logins.append(("alumni penjual (Medan, izin data)", "yusnani.tarigan@pasarikm.example"))
    report.logins.append(("alumni penjual (Demak)", "umi.kulsum@pasarikm.example"))


def _seed_consumers(report: Any, password_hash: str) -> list[tuple[User, Address]]:
    from marketplace.orders.services import AddressInput, save_address

    consumers = []
    for index, (email, name, phone, region, street, postal) in enumerate(CONSUMERS):
        user = User(
            email=email,
            name=name,
            phone=phone,
            password_hash=password_hash,
            email_verified_at=utcnow(),
        )
        db.session.add(user)
        db.session.flush()
        report.count("users")
        address = save_address(
            user,
            AddressInput(
                label="Rumah",
                recipient_name=name,
                phone=phone,
                address_line=f"{street}, RT 0{index + 1}/RW 0{index + 2}",
                village_code=_pick_village(region, index),
                postal_code=postal,
                is_default=True,
            ),
        )
        consumers.append((user, address))
    return consumers


@dataclass
class _Shop:
    """A store that sells in the history, with what it sells."""

    store: Store
    owner_id: int
    variants: list[tuple[ProductVariant, Product, str]]  # variant, product, top category slug
    live_since: datetime
    scale: float
    wholesale: bool
    mentoring_end: date | None = None


def _seed_alumni(
    report: Any,
    password_hash: str,
    *,
    now: datetime,
    with_images: bool,
    add_photo: Callable[..., None],
) -> list[_Shop]:
    agencies = {a.short_name: a for a in db.session.scalars(select(Agency))}
    programs = {(p.agency_id, p.title): p for p in db.session.scalars(select(Program))}
    categories = {c.slug: c for c in db.session.scalars(select(Category))}
    tops = {c.id: (categories_by_id(categories, c)) for c in categories.values()}
    shops: list[_Shop] = []
    for index, spec in enumerate(ALUMNI):
        agency = agencies[spec.agency]
        village = _pick_village(agency.region_code, index + 3)
        phone = f"+62813{55500000 + index * 37:08d}"
        user = User(
            email=spec.email,
            name=spec.name,
            phone=phone,
            password_hash=password_hash,
            email_verified_at=now,
        )
        db.session.add(user)
        db.session.flush()
        report.count("users")
        opened = now - timedelta(days=spec.months_open * 30 + index)
        nik = _nik(village, spec.gender, spec.born, 7000 + index)
        participant = Participant(
            full_name=spec.name,
            nik_hash=hash_nik(nik),
            nik_last4=nik[-4:],
            phone=phone,
            gender=spec.gender,
            birth_year=spec.born.year,
            district_code=village[:8],
            village_code=village,
            user_id=user.id,
            claimed_at=opened - timedelta(days=20),
            sales_consent_at=opened - timedelta(days=20) if spec.consent else None,
        )
        db.session.add(participant)
        db.session.flush()
        report.count("participants")
        mentoring_end = None
        for title, status, cert, award, amount, grant in spec.enrollments:
            program = programs[(agency.id, title)]
            if program.kind in ("pendampingan", "konsultasi_produktivitas"):
                mentoring_end = program.end_date
            enrollment = Enrollment(
                program_id=program.id,
                participant_id=participant.id,
                agency_id=agency.id,
                status=status,
                certificate_no=cert,
                award_title=award,
                award_amount_idr=amount,
                grant_items=grant,
            )
            db.session.add(enrollment)
            db.session.flush()
            db.session.add(
                EnrollmentEvent(
                    enrollment_id=enrollment.id, to_status=status, changes={}, source="seed-demo"
                )
            )
            report.count("enrollments")
        slug, store_name, description = spec.store
        store = Store(
            slug=slug,
            name=store_name,
            description=description,
            province_code=agency.region_code[:2],
            region_code=agency.region_code,
            district_code=village[:8],
            village_code=village,
            address_line=f"Jl. Kampung Baru No. {index + 3}",
            postal_code={"33.21": "59511", "33.75": "51111", "12.71": "20111"}[agency.region_code],
            opening_hours="Senin–Sabtu 08.00–17.00",
            city_name=agency.region_name,
            whatsapp=phone,
            status=StoreStatus.DRAFT if spec.awaiting_review else StoreStatus.LIVE,
            created_at=opened,
            live_since=None if spec.awaiting_review else opened,
            approved_at=None if spec.awaiting_review else opened,
            review_requested_at=now - timedelta(hours=30) if spec.awaiting_review else None,
        )
        db.session.add(store)
        db.session.flush()
        report.count("stores")
        db.session.add(StoreMember(store_id=store.id, user_id=user.id, role=StoreRole.OWNER))
        report.count("store_members")
        p_slug, p_name, cat, p_desc, sku, label, price, grams = spec.product
        category = categories[cat]
        is_food = category.is_food
        product = Product(
            store_id=store.id,
            slug=p_slug,
            name=p_name,
            category_id=category.id,
            description=p_desc,
            status=ProductStatus.ACTIVE,
            created_at=opened,
            halal_cert_no=f"ID{agency.region_code.replace('.', '')}000{41000 + index}0925"
            if is_food
            else None,
            halal_expires_on=date(2029, 9, 30) if is_food else None,
            pirt_no=f"2{agency.region_code.replace('.', '')}{index:02d}01234526"
            if is_food
            else None,
            shelf_life_days=30 if is_food else None,
        )
        db.session.add(product)
        db.session.flush()
        report.count("products")
        variant = ProductVariant(
            store_id=store.id,
            product_id=product.id,
            sku=sku,
            label=label,
            price_idr=price,
            stock=rng_stock(index),
            weight_grams=grams,
        )
        db.session.add(variant)
        db.session.flush()
        report.count("product_variants")
        if with_images:
            add_photo(product, seed=500 + index)
        if not spec.awaiting_review:
            shops.append(
                _Shop(
                    store=store,
                    owner_id=user.id,
                    variants=[(variant, product, tops[category.id])],
                    live_since=opened,
                    scale=spec.scale,
                    wholesale=spec.wholesale,
                    mentoring_end=mentoring_end,
                )
            )
    return _existing_shops(categories, tops, now=now) + shops


def categories_by_id(categories: dict[str, Category], category: Category) -> str:
    """The top-level slug of a category."""
    if category.parent_id is None:
        return category.slug
    parent = next(c for c in categories.values() if c.id == category.parent_id)
    return parent.slug


def rng_stock(index: int) -> int:
    """A plausible stock level."""
    return 20 + (index * 13) % 60


def _nik(village_code: str, gender: str, born: date, serial: int) -> str:
    day = born.day + (40 if gender == "P" else 0)
    return f"{village_code[:8].replace('.', '')}{day:02d}{born:%m%y}{serial:04d}"


# The demo sellers of `data.SELLERS`: how busy, whether they sell wholesale.
EXISTING = {
    "keripik-tempe-bu-sri": (9, True),
    "konveksi-amanah-demak": (5, True),
    "rajut-bendan-kergon": (4, False),
    "batik-tulis-pesindon": (5, False),
    "dapur-kak-rina": (8, True),
    "roastery-kopi-deli": (8, True),
    "kulit-medan-rahmat": (3, False),
}


def _existing_shops(
    categories: dict[str, Category], tops: dict[int, str], *, now: datetime
) -> list[_Shop]:
    shops = []
    slugs = [spec["store"][0] for spec in data.SELLERS]
    rows = db.session.execute(
        select(Store, StoreMember.user_id)
        .join(StoreMember, StoreMember.store_id == Store.id)
        .where(Store.slug.in_(slugs), StoreMember.role == StoreRole.OWNER)
        .order_by(Store.id)
    ).all()
    for store, owner_id in rows:
        variants = db.session.execute(
            select(ProductVariant, Product)
            .join(Product, Product.id == ProductVariant.product_id)
            .where(Product.store_id == store.id, Product.status == ProductStatus.ACTIVE)
            .order_by(ProductVariant.id)
            .limit(6)
        ).all()
        if not variants:
            continue
        scale, wholesale = EXISTING.get(store.slug, (4, False))
        shops.append(
            _Shop(
                store=store,
                owner_id=owner_id,
                variants=[(v, p, tops[p.category_id]) for v, p in variants],
                # Older than the seeded live_since: these sellers sold before joining.
                live_since=now - timedelta(days=MONTHS_BACK * 31),
                scale=scale,
                wholesale=wholesale,
            )
        )
    return shops


def _seed_budgets() -> None:
    for program in db.session.scalars(select(Program).where(Program.title.in_(BUDGETS))):
        if program.budget_idr is None:
            program.budget_idr = BUDGETS[program.title]


# -- Orders ------------------------------------------------------------------------------------


def _seed_orders(
    report: Any,
    rng: random.Random,
    admin: User,
    consumers: list[tuple[User, Address]],
    shops: list[_Shop],
    *,
    now: datetime,
) -> list[int]:
    """Bulk-insert the completed orders; returns the ids of the orders (oldest first)."""
    from marketplace.admin.commission import get_rates_in_force
    from marketplace.wholesale.models import (
        Business,
        BusinessLocation,
        BusinessMember,
        SupplierProfile,
    )
    from marketplace.wholesale.pricing import ppn

    category_ids = {p.category_id for shop in shops for _, p, _ in shop.variants}
    rates = get_rates_in_force(category_ids, at=now)
    pkp = set(db.session.scalars(select(SupplierProfile.store_id).where(SupplierProfile.is_pkp)))
    buyers_of_business = []
    for business in db.session.scalars(select(Business).order_by(Business.id)):
        if not business.is_verified:
            continue
        member = db.session.scalar(
            select(BusinessMember.user_id)
            .where(BusinessMember.business_id == business.id, BusinessMember.role == "buyer")
            .order_by(BusinessMember.id)
        )
        location = db.session.scalar(
            select(BusinessLocation)
            .where(BusinessLocation.business_id == business.id)
            .order_by(BusinessLocation.id)
        )
        if member is not None and location is not None:
            buyers_of_business.append((business, member, location))

    taken = set(db.session.scalars(select(Order.number)))
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    start = (now - timedelta(days=MONTHS_BACK * 30.5)).date()
    last = (now - timedelta(days=6)).date()  # completed at least a day ago
    plans: list[dict[str, Any]] = []
    for shop in shops:
        day = max(start, shop.live_since.date() + timedelta(days=3))
        opened = day
        while day <= last:
            months_open = (day - opened).days / 30
            # A new store grows over its first months, then keeps a gentle upward trend.
            trend = min(1.0, 0.35 + months_open * 0.12) * (1 + (day - start).days / 1500)
            if shop.mentoring_end and day > shop.mentoring_end:
                trend *= 1.35  # after mentoring
            for variant, product, top in [rng.choice(shop.variants)]:
                expected = shop.scale / 30 * _season(day, top) * trend
                count = int(expected) + (1 if rng.random() < expected - int(expected) else 0)
                for _ in range(count):
                    plans.append(_retail_plan(rng, shop, variant, product, consumers, day))
            if shop.wholesale and buyers_of_business and rng.random() < 1 / 110 * trend:
                variant, product, _ = shop.variants[0]
                business, member, location = rng.choice(buyers_of_business)
                plans.append(
                    _wholesale_plan(rng, shop, variant, product, business, member, location, day)
                )
            day += timedelta(days=1)
    plans.sort(key=lambda p: p["created_at"])

    checkout_rows, order_rows = [], []
    for plan in plans:
        number = ""
        while not number or number in taken:
            number = f"PIK-{plan['created_at']:%y%m%d}-" + _token(rng, 6, alphabet)
        taken.add(number)
        plan["number"] = number
        is_pkp = plan["channel"] == OrderChannel.WHOLESALE and plan["store_id"] in pkp
        tax = ppn(plan["goods"] + plan["shipping"], is_pkp=is_pkp).tax_idr
        plan["tax"] = tax
        plan["total"] = plan["goods"] + plan["shipping"] + tax
        plan["bps"] = rates.get(plan["category_id"], 500)
        plan["commission"] = (plan["total"] - tax) * plan["bps"] // 10_000
        plan["unique"] = rng.randint(1, 999)
        created = plan["created_at"]
        checkout_rows.append(
            {
                "public_id": _token(rng, 16, string.ascii_letters + string.digits + "-_"),
                "buyer_id": plan["buyer_id"],
                "idempotency_key": _token(rng, 32),
                "status": CheckoutStatus.PAID,
                "payment_method": PaymentMethod.BANK_TRANSFER,
                "goods_idr": plan["goods"],
                "shipping_idr": plan["shipping"],
                "unique_code": plan["unique"],
                "amount_due_idr": plan["total"] + plan["unique"],
                "expires_at": created + timedelta(hours=24),
                "paid_at": plan["paid_at"],
                "business_id": plan["business_id"],
                "recipient_name": plan["recipient"],
                "recipient_phone": plan["phone"],
                "address_line": plan["address_line"],
                "region_code": plan["region_code"],
                "village_code": plan["village_code"],
                "postal_code": plan["postal_code"],
                "address_text": plan["address_text"],
                "created_at": created,
                "updated_at": plan["paid_at"],
            }
        )
    if not plans:
        return []
    checkout_ids = list(
        db.session.scalars(
            insert(Checkout).returning(Checkout.id, sort_by_parameter_order=True), checkout_rows
        )
    )
    for plan, checkout_id in zip(plans, checkout_ids, strict=True):
        order_rows.append(
            {
                "number": plan["number"],
                "checkout_id": checkout_id,
                "store_id": plan["store_id"],
                "buyer_id": plan["buyer_id"],
                "status": OrderStatus.COMPLETED,
                "goods_idr": plan["goods"],
                "shipping_idr": plan["shipping"],
                "tax_idr": plan["tax"],
                "total_idr": plan["total"],
                "weight_grams": plan["weight"],
                "shipping_code": plan["shipping_code"],
                "shipping_label": plan["shipping_label"],
                "etd_min_days": plan["etd"][0],
                "etd_max_days": plan["etd"][1],
                "note": "",
                "courier": plan["courier"],
                "tracking_no": plan["tracking"],
                "paid_at": plan["paid_at"],
                "shipped_at": plan["shipped_at"],
                "completed_at": plan["completed_at"],
                "auto_complete_at": plan["shipped_at"] + timedelta(days=7),
                "commission_idr": plan["commission"],
                "commission_bps": plan["bps"],
                "channel": plan["channel"],
                "business_id": plan["business_id"],
                "requested_delivery_on": plan["delivery_on"],
                "source": plan["source"],
                "created_at": plan["created_at"],
                "updated_at": plan["completed_at"],
            }
        )
    order_ids = list(
        db.session.scalars(
            insert(Order).returning(Order.id, sort_by_parameter_order=True), order_rows
        )
    )
    lines, events, ledger, payments = [], [], [], []
    for plan, order_id, checkout_id in zip(plans, order_ids, checkout_ids, strict=True):
        variant, product = plan["variant"], plan["product"]
        lines.append(
            {
                "order_id": order_id,
                "variant_id": variant.id,
                "product_id": product.id,
                "category_id": product.category_id,
                "product_name": product.name,
                "variant_label": variant.label,
                "sku": variant.sku,
                "unit_price_idr": plan["unit_price"],
                "quantity": plan["quantity"],
                "line_total_idr": plan["goods"],
                "weight_grams": plan["weight"],
                "stock_reserved": True,
            }
        )
        trail = [
            (None, OrderStatus.PENDING_PAYMENT, plan["buyer_id"], plan["created_at"], ""),
            (
                OrderStatus.PENDING_PAYMENT,
                OrderStatus.PAID,
                admin.id,
                plan["paid_at"],
                "transfer diterima",
            ),
            (
                OrderStatus.PAID,
                OrderStatus.PROCESSING,
                plan["owner_id"],
                plan["paid_at"] + timedelta(hours=3),
                "",
            ),
            (
                OrderStatus.PROCESSING,
                OrderStatus.SHIPPED,
                plan["owner_id"],
                plan["shipped_at"],
                plan["tracking"],
            ),
            (
                OrderStatus.SHIPPED,
                OrderStatus.COMPLETED,
                plan["buyer_id"],
                plan["completed_at"],
                "confirmed by buyer",
            ),
        ]
        for from_status, to_status, actor, at, note in trail:
            events.append(
                {
                    "order_id": order_id,
                    "actor_user_id": actor,
                    "at": at,
                    "from_status": from_status,
                    "to_status": to_status,
                    "note": note,
                }
            )
        ledger.append(
            {
                "store_id": plan["store_id"],
                "order_id": order_id,
                "kind": LedgerKind.SALE,
                "amount_idr": plan["total"] - plan["commission"],
                "memo": plan["number"],
                "created_at": plan["completed_at"],
                "data": {"total_idr": plan["total"], "commission_idr": plan["commission"]},
            }
        )
        payments.append(
            {
                "checkout_id": checkout_id,
                "provider": "bank_transfer",
                "status": PaymentStatus.SUCCEEDED,
                "amount_idr": plan["total"] + plan["unique"],
                "reviewed_by_id": admin.id,
                "reviewed_at": plan["paid_at"],
                "succeeded_at": plan["paid_at"],
                "created_at": plan["created_at"],
                "updated_at": plan["paid_at"],
            }
        )
    db.session.execute(insert(OrderLine), lines)
    db.session.execute(insert(OrderEvent), events)
    db.session.execute(insert(LedgerEntry), ledger)
    db.session.execute(insert(Payment), payments)
    for plan in plans:
        report.count(
            "history wholesale orders"
            if plan["channel"] == OrderChannel.WHOLESALE
            else "history orders"
        )
    return order_ids


def _moment(rng: random.Random, day: date) -> datetime:
    """A time of day in WIB (07.00-22.00) as UTC."""
    minutes = rng.randint(7 * 60, 22 * 60 - 1)
    local = datetime.combine(day, time(minutes // 60, minutes % 60))
    return (local - timedelta(hours=7)).replace(tzinfo=UTC)


def _retail_plan(
    rng: random.Random,
    shop: _Shop,
    variant: ProductVariant,
    product: Product,
    consumers: list[tuple[User, Address]],
    day: date,
) -> dict[str, Any]:
    buyer, address = rng.choice(consumers)
    created = _moment(rng, day)
    paid = created + timedelta(minutes=rng.randint(20, 600))
    shipped = paid + timedelta(hours=rng.randint(18, 48))
    completed = shipped + timedelta(days=rng.randint(2, 5), hours=rng.randint(0, 12))
    quantity = rng.choices((1, 2, 3, 4), weights=(55, 28, 12, 5))[0]
    weight = variant.weight_grams * quantity
    same_region = address.region_code == shop.store.region_code
    kilos = -(-weight // 1000)
    shipping = (9_000 if same_region else 18_000 + 4_000 * (address.province_code != "33")) * kilos
    return {
        "store_id": shop.store.id,
        "owner_id": shop.owner_id,
        "buyer_id": buyer.id,
        "business_id": None,
        "channel": OrderChannel.RETAIL,
        "source": None,
        "delivery_on": None,
        "variant": variant,
        "product": product,
        "category_id": product.category_id,
        "quantity": quantity,
        "unit_price": variant.price_idr,
        "goods": variant.price_idr * quantity,
        "shipping": shipping,
        "weight": weight,
        "shipping_code": "jne_reg",
        "shipping_label": "JNE REG",
        "etd": (1, 2) if same_region else (2, 4),
        "courier": "JNE REG",
        "tracking": "CGK" + _token(rng, 10, string.digits),
        "created_at": created,
        "paid_at": paid,
        "shipped_at": shipped,
        "completed_at": completed,
        "recipient": address.recipient_name,
        "phone": address.phone,
        "address_line": address.address_line,
        "region_code": address.region_code,
        "village_code": address.village_code,
        "postal_code": address.postal_code,
        "address_text": _village_text(address.village_code),
    }


def _wholesale_plan(
    rng: random.Random,
    shop: _Shop,
    variant: ProductVariant,
    product: Product,
    business: Any,
    member_id: int,
    location: Any,
    day: date,
) -> dict[str, Any]:
    created = _moment(rng, day)
    paid = created + timedelta(hours=rng.randint(2, 30))
    shipped = paid + timedelta(days=rng.randint(2, 5))
    completed = shipped + timedelta(days=rng.randint(2, 4))
    quantity = rng.choice((12, 20, 24, 36, 48))
    unit = variant.price_idr * 85 // 100  # a wholesale tier
    weight = variant.weight_grams * quantity
    local = location.region_code == shop.store.region_code
    shipping = 25_000 if local else 12_000 * -(-weight // 1000)
    return {
        "store_id": shop.store.id,
        "owner_id": shop.owner_id,
        "buyer_id": member_id,
        "business_id": business.id,
        "channel": OrderChannel.WHOLESALE,
        "source": "quick",
        "delivery_on": (shipped + timedelta(days=1)).date(),
        "variant": variant,
        "product": product,
        "category_id": product.category_id,
        "quantity": quantity,
        "unit_price": unit,
        "goods": unit * quantity,
        "shipping": shipping,
        "weight": weight,
        "shipping_code": "local" if local else "jne_reg",
        "shipping_label": "Kurir toko" if local else "JNE REG",
        "etd": (1, 1) if local else (2, 4),
        "courier": "Kurir toko" if local else "JNE REG",
        "tracking": ("DLV" if local else "CGK") + _token(rng, 9, string.digits),
        "created_at": created,
        "paid_at": paid,
        "shipped_at": shipped,
        "completed_at": completed,
        "recipient": location.recipient_name,
        "phone": location.phone,
        "address_line": f"{location.label}: {location.address_line}"[:200],
        "region_code": location.region_code,
        "village_code": location.village_code,
        "postal_code": location.postal_code,
        "address_text": _village_text(location.village_code),
    }


# -- Mentoring and queues ----------------------------------------------------------------------


def _seed_visits(report: Any) -> None:
    from marketplace.training.mentoring import MentoringVisit
    from marketplace.training.models import AgencyMember

    today = utcnow().date()
    for name, days_ago, kind, topic, next_step, next_in in VISITS:
        row = db.session.execute(
            select(Participant.id, Enrollment.agency_id)
            .join(Enrollment, Enrollment.participant_id == Participant.id)
            .where(Participant.full_name == name)
            .order_by(Enrollment.id)
            .limit(1)
        ).first()
        if row is None:
            continue
        staff = db.session.scalar(
            select(AgencyMember.user_id).where(AgencyMember.agency_id == row.agency_id).limit(1)
        )
        visit_date = today - timedelta(days=days_ago)
        db.session.add(
            MentoringVisit(
                agency_id=row.agency_id,
                participant_id=row.id,
                recorded_by_id=staff,
                visit_date=visit_date,
                kind=kind,
                topic=topic,
                notes="Dicatat saat pendampingan (demo).",
                next_step=next_step,
                next_date=visit_date + timedelta(days=next_in) if next_in else None,
            )
        )
        report.count("mentoring visits")
    db.session.flush()


def _seed_queue_items(
    report: Any,
    rng: random.Random,
    admin: User,
    consumers: list[tuple[User, Address]],
    order_ids: list[int],
    *,
    now: datetime,
) -> None:
    """Reviews (one of them reported), two product reports: the moderation queue."""
    from marketplace.admin.moderation import report_product, report_review
    from marketplace.orders.reviews import write_review
    from marketplace.search.indexing import mark_products_changed

    by_email = {user.email: user for user, _ in consumers}
    for email, store_slug, category, text in PRODUCT_REPORTS:
        product = db.session.scalar(
            select(Product)
            .join(Store, Store.id == Product.store_id)
            .where(Store.slug == store_slug)
        )
        if product is not None:
            report_product(product, reporter=by_email[email], category=category, text=text)
            report.count("content reports")

    # Reviews on a few recent orders, written by their buyers.
    recent = order_ids[-60:]
    texts = [
        (5, "Enak, pengiriman cepat. Pasti pesan lagi."),
        (5, "Sesuai foto, kemasan rapi."),
        (4, "Bagus, hanya kurirnya agak lama."),
        (5, "Sudah langganan, kualitas selalu sama."),
        (3, "Lumayan, ukurannya lebih kecil dari perkiraan."),
        (5, "Penjual ramah dan cepat membalas."),
        (1, "Penjualnya payah, jangan beli di sini!!! Penipu semua."),
    ]
    reviewed: list[Any] = []
    changed = set()
    for order_id, (rating, body) in zip(rng.sample(recent, len(texts)), texts, strict=False):
        line = db.session.scalar(select(OrderLine).where(OrderLine.order_id == order_id))
        order = db.session.get(Order, order_id)
        buyer = db.session.get(User, order.buyer_id) if order is not None else None
        if line is None or buyer is None:
            continue
        reviewed.append(
            (write_review(line, buyer=buyer, rating=rating, body=body, photos=[]), order)
        )
        changed.add(line.product_id)
        report.count("reviews")
    mark_products_changed(db.session, changed)
    if reviewed:
        review, order = reviewed[-1]
        owner = db.session.get(User, _owner_id(order.store_id))
        if owner is not None:
            report_review(
                review,
                reporter=owner,
                category="abusive",
                text="Ulasan kasar dan menuduh tanpa bukti; pesanan sudah diterima dengan baik.",
            )
            report.count("content reports")


def _owner_id(store_id: int) -> int | None:
    return db.session.scalar(
        select(StoreMember.user_id).where(
            StoreMember.store_id == store_id, StoreMember.role == StoreRole.OWNER
        )
    )
