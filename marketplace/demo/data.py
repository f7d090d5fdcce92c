"""The demo world: three Dinas, their programs, alumni stores, goods, business buyers.

Agencies, programs, places, class sizes and prize amounts follow the news reports the product
grew from (Dinnakerind Demak, Dinperinaker Kota Pekalongan, Disperin Kota Medan). People,
stores and products are invented.
"""

from __future__ import annotations

from datetime import date

DEMO_PASSWORD = "demo-ikm-2026"  # noqa: S105 (public demo accounts, printed by seed-demo)

# (slug, name id, name en, children [(slug, name id, name en)])
CATEGORIES = [
    (
        "kuliner",
        "Kuliner",
        "Culinary",
        [
            ("keripik-camilan", "Keripik & camilan", "Chips & snacks"),
            ("kue-roti", "Kue & roti", "Cakes & bread"),
            ("sambal-bumbu", "Sambal & bumbu", "Sambal & spices"),
            ("minuman", "Minuman", "Drinks"),
            ("frozen-food", "Frozen food", "Frozen food"),
            ("oleh-oleh", "Oleh-oleh", "Local souvenirs (food)"),
        ],
    ),
    (
        "kerajinan",
        "Kerajinan",
        "Crafts",
        [
            ("batik", "Batik tulis & cap", "Hand-drawn & stamped batik"),
            ("anyaman", "Anyaman", "Woven goods"),
            ("kayu", "Kerajinan kayu", "Woodcraft"),
            ("gerabah", "Gerabah", "Pottery"),
            ("aksesoris", "Aksesoris", "Accessories"),
        ],
    ),
    (
        "konveksi",
        "Konveksi",
        "Garments",
        [
            ("seragam", "Seragam", "Uniforms"),
            ("kaos", "Kaos", "T-shirts"),
            ("busana-muslim", "Busana muslim", "Muslim fashion"),
            ("tas", "Tas", "Bags"),
            ("mukena", "Mukena", "Prayer garments"),
        ],
    ),
]

AGENCIES = [
    {
        "name": "Dinas Tenaga Kerja dan Perindustrian Kabupaten Demak",
        "short_name": "Dinnakerind Demak",
        "region_code": "33.21",
        "region_name": "Kabupaten Demak",
        "contact_email": "dinnakerind@demak.pasarikm.example",
        "staff": ("staf.demak@pasarikm.example", "Agus Setiawan", "+6281325550101", "manager"),
        "programs": [
            (
                "Pelatihan Produksi Olahan Makanan - BLK Demak Angkatan I",
                "pelatihan",
                "kuliner",
                "Balai Latihan Kerja (BLK) Demak",
                date(2025, 3, 3),
                date(2025, 3, 28),
                40,
                "APBD",
                "Kelas produksi makanan untuk warga Demak, bekerja sama dengan Dinas Perindustrian "
                "Provinsi Jawa Tengah. Satu kelas 40 peserta.",
            ),
            (
                "Pelatihan Menjahit dan Konveksi - BLK Demak",
                "pelatihan",
                "konveksi",
                "Balai Latihan Kerja (BLK) Demak",
                date(2025, 5, 5),
                date(2025, 6, 13),
                40,
                "APBD",
                "Kelas menjahit dan konveksi: pola, jahit seragam dan busana muslim.",
            ),
            (
                "Pendampingan Wirausaha Baru 2025",
                "pendampingan",
                "kewirausahaan",
                "Kantor Dinnakerind Demak",
                date(2025, 7, 1),
                date(2025, 12, 15),
                40,
                "APBD",
                "Pendampingan alumni BLK yang membuka usaha industri kecil.",
            ),
        ],
    },
    {
        "name": "Dinas Perindustrian dan Tenaga Kerja Kota Pekalongan",
        "short_name": "Dinperinaker Kota Pekalongan",
        "region_code": "33.75",
        "region_name": "Kota Pekalongan",
        "contact_email": "dinperinaker@pekalongan.pasarikm.example",
        "staff": ("staf.pekalongan@pasarikm.example", "Ninik Rahayu", "+6281325550202", "manager"),
        "programs": [
            (
                "Pelatihan Kerja Kewirausahaan Kelurahan Bendan Kergon: Merajut, Desain dan "
                "Kemasan Produk",
                "pelatihan",
                "kerajinan",
                "Aula Kelurahan Bendan Kergon",
                date(2024, 7, 2),
                date(2024, 7, 3),
                40,
                "DBHCHT",
                "Pelatihan singkat 2 hari, 40 warga usia produktif; termasuk manajemen "
                "berwirausaha dan pembuatan kartu AK1.",
            ),
            (
                "Pelatihan Kerja Kewirausahaan Kelurahan Pringrejo: Bucket, Roti dan Masakan",
                "pelatihan",
                "kuliner",
                "Aula Kelurahan Pringrejo",
                date(2024, 7, 9),
                date(2024, 7, 10),
                40,
                "DBHCHT",
                "Pelatihan singkat 2 hari untuk 40 warga.",
            ),
            (
                "Konsultasi Produktivitas Rintisan IKM",
                "konsultasi_produktivitas",
                "kewirausahaan",
                "Aula Dinperinaker Kota Pekalongan",
                date(2022, 6, 14),
                date(2022, 6, 15),
                30,
                "APBD",
                "30 rintisan IKM makanan, kerajinan dan jasa mempresentasikan usahanya; 6 terbaik "
                "mendapat insentif (2 x Rp3.000.000, 2 x Rp2.400.000, 2 x Rp1.800.000).",
            ),
        ],
    },
    {
        "name": "Dinas Perindustrian Kota Medan",
        "short_name": "Disperin Kota Medan",
        "region_code": "12.71",
        "region_name": "Kota Medan",
        "contact_email": "disperin@medan.pasarikm.example",
        "staff": ("staf.medan@pasarikm.example", "Parlin Harahap", "+6281265550303", "editor"),
        "programs": [
            (
                "Pelatihan Olahan Pangan",
                "pelatihan",
                "kuliner",
                "UPT Pelatihan Disperin Medan",
                date(2025, 2, 10),
                date(2025, 2, 14),
                40,
                "APBD",
                "Salah satu dari 20 pelatihan tahunan untuk sekitar 600 IKM binaan.",
            ),
            (
                "Pelatihan Olahan Sandang Berbahan Kulit",
                "pelatihan",
                "kerajinan",
                "UPT Pelatihan Disperin Medan",
                date(2025, 4, 21),
                date(2025, 4, 25),
                40,
                "APBD",
                "Tas, dompet dan sepatu kulit.",
            ),
            (
                "Bantuan Peralatan: Mesin Roasting Kopi dan Oven",
                "bantuan_peralatan",
                "kuliner",
                "Disperin Kota Medan",
                date(2021, 9, 1),
                date(2021, 9, 30),
                20,
                "APBD",
                "Bantuan mesin roasting kopi, oven dan mesin olahan makanan untuk IKM binaan.",
            ),
            (
                "Sakasanwira: Sentra Olahan Makanan Kelurahan Sei Sikambing B",
                "pendampingan",
                "kuliner",
                "Kelurahan Sei Sikambing B",
                date(2025, 8, 4),
                date(2025, 11, 28),
                40,
                "APBD",
                "Satu Kelurahan Satu Sentra Wira Usaha: pembinaan per klaster usaha.",
            ),
        ],
    },
]

# Each seller: account, store and products [(slug, name, category slug, description,
# [(sku, label, price_idr, stock, weight_grams)])].
SELLERS = [
    {
        "email": "sri.wahyuni@pasarikm.example",
        "name": "Sri Wahyuni",
        "phone": "+6281325551001",
        "store": (
            "keripik-tempe-bu-sri",
            "Keripik Tempe Bu Sri",
            "33.21",
            "Kabupaten Demak",
            "Keripik tempe tipis renyah dari dapur kami di Demak. Alumni pelatihan "
            "olahan makanan BLK Demak.",
        ),
        "products": [
            (
                "keripik-tempe-original",
                "Keripik Tempe Original 250 g",
                "keripik-camilan",
                "Tempe pilihan diiris tipis, digoreng renyah.\nTanpa pengawet.",
                [("KTB-ORI-250", "250 g", 18000, 120, 260)],
            ),
            (
                "keripik-tempe-pedas",
                "Keripik Tempe Pedas Daun Jeruk",
                "keripik-camilan",
                "Pedas gurih dengan daun jeruk.\nCocok untuk oleh-oleh.",
                [
                    ("KTB-PDS-250", "250 g", 19000, 80, 260),
                    ("KTB-PDS-500", "500 g", 36000, 40, 510),
                ],
            ),
            (
                "sambal-bawang-demak",
                "Sambal Bawang Khas Demak",
                "sambal-bumbu",
                "Sambal bawang dengan cabai rawit segar, botol kaca 150 ml.",
                [("KTB-SMB-150", "150 ml", 25000, 60, 300)],
            ),
        ],
    },
    {
        "email": "siti.aminah@pasarikm.example",
        "name": "Siti Aminah",
        "phone": "+6281325551002",
        "store": (
            "konveksi-amanah-demak",
            "Konveksi Amanah",
            "33.21",
            "Kabupaten Demak",
            "Jahitan seragam sekolah, seragam kerja dan mukena. Menerima pesanan partai.",
        ),
        "products": [
            (
                "seragam-sd-putih-merah",
                "Seragam SD Putih Merah",
                "seragam",
                "Seragam sekolah SD: kemeja putih dan celana/rok merah, bahan katun drill.",
                [
                    ("KA-SD-S", "S", 85000, 30, 400),
                    ("KA-SD-M", "M", 90000, 30, 420),
                    ("KA-SD-L", "L", 95000, 20, 450),
                ],
            ),
            (
                "mukena-katun-bordir",
                "Mukena Katun Bordir",
                "mukena",
                "Mukena katun rayon adem dengan bordir tepi, lengkap dengan tas.",
                [("KA-MKN-PTH", "Putih", 165000, 15, 600), ("KA-MKN-SGE", "Sage", 165000, 12, 600)],
            ),
        ],
    },
    {
        "email": "dewi.lestari@pasarikm.example",
        "name": "Dewi Lestari",
        "phone": "+6285725551003",
        "store": (
            "rajut-bendan-kergon",
            "Rajut Bendan Kergon",
            "33.75",
            "Kota Pekalongan",
            "Tas dan aksesoris rajut buatan tangan warga Bendan Kergon.",
        ),
        "products": [
            (
                "tas-rajut-selempang",
                "Tas Rajut Selempang",
                "tas",
                "Dirajut tangan dari benang katun susu. Ukuran 22 x 18 cm.",
                [("RBK-TAS-CRM", "Krem", 125000, 8, 250), ("RBK-TAS-HTM", "Hitam", 125000, 5, 250)],
            ),
            (
                "bucket-bunga-rajut",
                "Bucket Bunga Rajut",
                "aksesoris",
                "Bucket bunga rajut untuk wisuda dan hantaran, tidak layu.",
                [("RBK-BKT-01", "Isi 5 tangkai", 95000, 10, 300)],
            ),
        ],
    },
    {
        "email": "nur.hidayah@pasarikm.example",
        "name": "Nur Hidayah",
        "phone": "+6285725551004",
        "store": (
            "batik-tulis-pesindon",
            "Batik Tulis Pesindon",
            "33.75",
            "Kota Pekalongan",
            "Batik tulis dan cap motif pesisiran Pekalongan.",
        ),
        "products": [
            (
                "kain-batik-tulis-jlamprang",
                "Kain Batik Tulis Motif Jlamprang",
                "batik",
                "Kain batik tulis 2 m x 1,15 m, pewarna alam.",
                [("BTP-JLM-01", "2 m", 450000, 4, 400)],
            ),
            (
                "kemeja-batik-cap-pria",
                "Kemeja Batik Cap Pria",
                "batik",
                "Kemeja lengan pendek batik cap, katun primisima.",
                [
                    ("BTP-KMJ-M", "M", 175000, 10, 300),
                    ("BTP-KMJ-L", "L", 175000, 10, 320),
                    ("BTP-KMJ-XL", "XL", 185000, 6, 340),
                ],
            ),
        ],
    },
    {
        "email": "rina.marpaung@pasarikm.example",
        "name": "Rina Marpaung",
        "phone": "+6281265551005",
        "store": (
            "dapur-kak-rina",
            "Dapur Kak Rina",
            "12.71",
            "Kota Medan",
            "Bolu dan kue khas Medan dari dapur produksi binaan Disperin Kota Medan.",
        ),
        "products": [
            (
                "bolu-gulung-pandan",
                "Bolu Gulung Pandan",
                "kue-roti",
                "Bolu gulung lembut isi selai pandan. Tahan 5 hari di suhu ruang.",
                [("DKR-BLG-PDN", "1 loyang", 65000, 25, 500)],
            ),
            (
                "bika-ambon-medan",
                "Bika Ambon Medan",
                "oleh-oleh",
                "Bika ambon daun jeruk, berserat rapat. Oleh-oleh khas Medan.",
                [("DKR-BKA-01", "Kotak 20 x 20 cm", 90000, 20, 900)],
            ),
        ],
    },
    {
        "email": "budi.siregar@pasarikm.example",
        "name": "Budi Siregar",
        "phone": "+6281265551006",
        "store": (
            "roastery-kopi-deli",
            "Roastery Kopi Deli",
            "12.71",
            "Kota Medan",
            "Kopi arabika Sumatera Utara disangrai dengan mesin bantuan Disperin Medan.",
        ),
        "products": [
            (
                "kopi-arabika-sidikalang-bubuk",
                "Kopi Arabika Sidikalang Bubuk",
                "minuman",
                "Sangrai medium, giling halus untuk tubruk atau V60.",
                [
                    ("RKD-SDK-200", "200 g", 55000, 50, 220),
                    ("RKD-SDK-500", "500 g", 125000, 20, 520),
                ],
            ),
        ],
    },
    {
        "email": "rahmat.nasution@pasarikm.example",
        "name": "Rahmat Nasution",
        "phone": "+6281265551007",
        "store": (
            "kulit-medan-rahmat",
            "Kriya Kulit Rahmat",
            "12.71",
            "Kota Medan",
            "Dompet, tas dan sabuk kulit sapi asli, dijahit tangan.",
        ),
        "products": [
            (
                "dompet-kulit-pria",
                "Dompet Kulit Pria Lipat",
                "aksesoris",
                "Kulit sapi nabati, jahit tangan, 6 slot kartu.",
                [("KKR-DMP-CKL", "Cokelat", 150000, 12, 120)],
            ),
        ],
    },
]

# Business buyers in Medan (the agency's own aim: IKM goods in hotels and swalayan). Members are
# (email, name, phone, role); locations are (label, recipient, phone, address, kelurahan, postcode).
BUSINESSES = [
    {
        "legal_name": "PT Deli Permai Hospitality (Hotel Deli Permai Medan)",
        "kind": "hotel",
        "region_code": "12.71",
        "city_name": "Kota Medan",
        "status": "verified",
        "nib": "9120301234567",
        "npwp": "0953184726512000",
        "is_pkp": True,
        "address_line": "Jl. Balai Kota No. 2",
        "village_code": "12.71.05.1001",
        "postal_code": "20111",
        "billing_email": "finance@hoteldelipermai.example",
        "phone": "+62614155000",
        "payment_terms": "net30",
        "credit_limit_idr": 50_000_000,
        "approval_threshold_idr": 5_000_000,
        "members": [
            ("purchasing@hoteldelipermai.example", "Yohana Simanjuntak", "+6281265552001", "buyer"),
            (
                "fnb.manager@hoteldelipermai.example",
                "Rudy Hutagalung",
                "+6281265552003",
                "approver",
            ),
            ("finance@hoteldelipermai.example", "Maria Sitorus", "+6281265552004", "finance"),
        ],
        "locations": [
            (
                "Hotel Deli Permai Kesawan",
                "Receiving Hotel Deli Permai",
                "+62614155001",
                "Jl. Balai Kota No. 2, pintu barang belakang",
                "12.71.05.1001",
                "20111",
            ),
            (
                "Deli Permai Suites Polonia",
                "Store Keeper Polonia",
                "+62614155002",
                "Jl. Imam Bonjol No. 17",
                "12.71.16.1002",
                "20157",
            ),
        ],
    },
    {
        "legal_name": "CV Swalayan Sentosa Medan",
        "kind": "supermarket",
        "region_code": "12.71",
        "city_name": "Kota Medan",
        "status": "verified",
        "nib": "8120207654321",
        "npwp": "0817264539102000",
        "is_pkp": True,
        "address_line": "Jl. Setia Budi No. 88",
        "village_code": "12.71.21.1002",
        "postal_code": "20122",
        "billing_email": "keuangan@swalayansentosa.example",
        "phone": "+62618211234",
        "payment_terms": "net14",
        "credit_limit_idr": 30_000_000,
        "approval_threshold_idr": 3_000_000,
        "members": [
            ("pembelian@swalayansentosa.example", "Hendra Lubis", "+6281265552002", "owner"),
            ("siti.nasution@swalayansentosa.example", "Siti Nasution", "+6281265552005", "buyer"),
            ("desi.purba@swalayansentosa.example", "Desi Purba", "+6281265552006", "approver"),
        ],
        "locations": [
            (
                "Cabang Setia Budi",
                "Gudang Cabang Setia Budi",
                "+62618211235",
                "Jl. Setia Budi No. 88",
                "12.71.21.1002",
                "20122",
            ),
            (
                "Cabang Marelan",
                "Gudang Cabang Marelan",
                "+62618211236",
                "Jl. Marelan Raya No. 5",
                "12.71.12.1001",
                "20255",
            ),
        ],
    },
    {
        # Waiting in the admins' verification queue.
        "legal_name": "Katering Berkah Sunggal",
        "kind": "caterer",
        "region_code": "12.71",
        "city_name": "Kota Medan",
        "status": "pending",
        "nib": "9120409876543",
        "npwp": "0712345678123000",
        "is_pkp": False,
        "address_line": "Jl. Sunggal No. 140",
        "village_code": "12.71.02.1001",
        "postal_code": "20128",
        "billing_email": "katering.berkah@pasarikm.example",
        "phone": "+6281265552010",
        "payment_terms": "cbd",
        "credit_limit_idr": 0,
        "approval_threshold_idr": None,
        "members": [
            ("katering.berkah@pasarikm.example", "Nurhayati Siregar", "+6281265552010", "owner"),
        ],
        "locations": [
            (
                "Dapur Sunggal",
                "Nurhayati Siregar",
                "+6281265552010",
                "Jl. Sunggal No. 140",
                "12.71.02.1001",
                "20128",
            ),
        ],
    },
]

# Sellers open to business buyers: (store slug, capacity note, samples, NPWP if PKP).
SUPPLIERS = [
    ("roastery-kopi-deli", "Sangrai 150 kg kopi per minggu", True, "0742198365120000"),
    ("keripik-tempe-bu-sri", "1.000 bungkus keripik per minggu", True, None),
    ("dapur-kak-rina", "150 loyang bolu per minggu, dipanggang setiap pagi", False, None),
    ("konveksi-amanah-demak", "600 potong seragam per minggu (8 penjahit)", True, None),
]

# Wholesale offers: SKU -> (tiers ((from qty, unit price), ...), MOQ, pack, lead days, capacity).
WHOLESALE_OFFERS = {
    "RKD-SDK-500": (((5, 115_000), (20, 105_000), (50, 98_000)), 5, 1, 3, 200),
    "RKD-SDK-200": (((12, 50_000), (48, 46_000), (120, 43_000)), 12, 12, 0, None),
    "KTB-ORI-250": (((20, 15_500), (100, 14_000), (500, 12_500)), 20, 10, 3, 1_000),
    "KTB-SMB-150": (((24, 21_000), (120, 19_000)), 24, 12, 2, 480),
    "DKR-BLG-PDN": (((10, 58_000), (50, 52_000)), 10, 1, 1, 150),
    "DKR-BKA-01": (((10, 82_000), (40, 76_000)), 10, 1, 1, 100),
    "KA-SD-M": (((50, 82_000), (200, 76_000), (500, 72_000)), 50, 10, 14, 600),
}

ADMIN = ("admin@pasarikm.example", "Admin Pasar IKM", "+6281100000001")
BUYER = ("andi.pratama@pasarikm.example", "Andi Pratama", "+6281211110001")

# Where programs took place (kecamatan, kelurahan), by title.
PROGRAM_PLACES = {
    "Pelatihan Kerja Kewirausahaan Kelurahan Bendan Kergon: Merajut, Desain dan Kemasan Produk": (
        "33.75.01",
        "33.75.01.1006",
    ),
    "Pelatihan Kerja Kewirausahaan Kelurahan Pringrejo: Bucket, Roti dan Masakan": (
        "33.75.01",
        "33.75.01.1012",
    ),
    "Sakasanwira: Sentra Olahan Makanan Kelurahan Sei Sikambing B": ("12.71.02", "12.71.02.1002"),
}

# The contest that followed Pekalongan's productivity consultation: 6 winners, prize amounts
# as reported (2 x Rp3.000.000, 2 x Rp2.400.000, 2 x Rp1.800.000).
CONTEST = (
    "Seleksi Insentif Rintisan IKM Produktif",
    "lomba",
    "kewirausahaan",
    "Aula Dinperinaker Kota Pekalongan",
    date(2022, 6, 20),
    date(2022, 6, 20),
    30,
    "APBD",
    "Enam rintisan IKM terbaik dari konsultasi produktivitas menerima insentif.",
)

# Participants: name, gender, birth date, kelurahan code, phone, demo seller email (linked
# account) or None, and enrollments (program title, status, certificate, award, amount, grant).
# NIKs are generated from these (kecamatan code + birth date + serial): well-formed, not real.
PARTICIPANTS = {
    "Dinnakerind Demak": [
        (
            "Sri Wahyuni",
            "P",
            date(1986, 4, 12),
            "33.21.11.1014",
            "+6281325551001",
            "sri.wahyuni@pasarikm.example",
            [
                (
                    "Pelatihan Produksi Olahan Makanan - BLK Demak Angkatan I",
                    "completed",
                    "BLK-DMK/2025/OM/014",
                    None,
                    None,
                    None,
                ),
                ("Pendampingan Wirausaha Baru 2025", "attended", None, None, None, None),
            ],
        ),
        (
            "Siti Aminah",
            "P",
            date(1991, 9, 3),
            "33.21.01.2002",
            "+6281325551002",
            "siti.aminah@pasarikm.example",
            [
                (
                    "Pelatihan Menjahit dan Konveksi - BLK Demak",
                    "completed",
                    "BLK-DMK/2025/KV/007",
                    None,
                    None,
                    None,
                )
            ],
        ),
        (
            "Ahmad Fauzi",
            "L",
            date(1998, 1, 21),
            "33.21.04.2001",
            "+6285640010001",
            None,
            [
                (
                    "Pelatihan Produksi Olahan Makanan - BLK Demak Angkatan I",
                    "completed",
                    "BLK-DMK/2025/OM/002",
                    None,
                    None,
                    None,
                )
            ],
        ),
        (
            "Lilis Suryani",
            "P",
            date(1994, 7, 30),
            "33.21.05.2001",
            "+6285640010002",
            None,
            [
                (
                    "Pelatihan Produksi Olahan Makanan - BLK Demak Angkatan I",
                    "completed",
                    "BLK-DMK/2025/OM/021",
                    None,
                    None,
                    None,
                )
            ],
        ),
        (
            "Muhammad Rizki",
            "L",
            date(2001, 11, 5),
            "33.21.12.2001",
            None,
            None,
            [
                (
                    "Pelatihan Produksi Olahan Makanan - BLK Demak Angkatan I",
                    "dropped",
                    None,
                    None,
                    None,
                    None,
                )
            ],
        ),
        (
            "Nur Khasanah",
            "P",
            date(1989, 2, 14),
            "33.21.11.1015",
            "+6285640010004",
            None,
            [
                (
                    "Pelatihan Menjahit dan Konveksi - BLK Demak",
                    "completed",
                    "BLK-DMK/2025/KV/011",
                    None,
                    None,
                    None,
                )
            ],
        ),
        (
            "Eko Prasetyo",
            "L",
            date(1996, 5, 19),
            "33.21.08.2001",
            "+6285640010005",
            None,
            [("Pelatihan Menjahit dan Konveksi - BLK Demak", "attended", None, None, None, None)],
        ),
    ],
    "Dinperinaker Kota Pekalongan": [
        (
            "Dewi Lestari",
            "P",
            date(1993, 3, 8),
            "33.75.01.1006",
            "+6285725551003",
            "dewi.lestari@pasarikm.example",
            [
                (
                    "Pelatihan Kerja Kewirausahaan Kelurahan Bendan Kergon: Merajut, Desain dan "
                    "Kemasan Produk",
                    "completed",
                    "DPN-PKL/2024/BK/031",
                    None,
                    None,
                    None,
                )
            ],
        ),
        (
            "Nur Hidayah",
            "P",
            date(1985, 12, 1),
            "33.75.02.1004",
            "+6285725551004",
            "nur.hidayah@pasarikm.example",
            [
                (
                    "Konsultasi Produktivitas Rintisan IKM",
                    "completed",
                    "DPN-PKL/2022/KP/004",
                    None,
                    None,
                    None,
                ),
                (
                    "Seleksi Insentif Rintisan IKM Produktif",
                    "completed",
                    "DPN-PKL/2022/LB/01",
                    "Juara 1",
                    3000000,
                    None,
                ),
            ],
        ),
        (
            "Fitri Handayani",
            "P",
            date(1990, 6, 25),
            "33.75.01.1012",
            "+6285725560001",
            None,
            [
                (
                    "Pelatihan Kerja Kewirausahaan Kelurahan Pringrejo: Bucket, Roti dan Masakan",
                    "completed",
                    "DPN-PKL/2024/PR/008",
                    None,
                    None,
                    None,
                )
            ],
        ),
        (
            "Agus Salim",
            "L",
            date(1987, 8, 17),
            "33.75.03.1002",
            "+6285725560002",
            None,
            [
                (
                    "Konsultasi Produktivitas Rintisan IKM",
                    "completed",
                    "DPN-PKL/2022/KP/011",
                    None,
                    None,
                    None,
                ),
                (
                    "Seleksi Insentif Rintisan IKM Produktif",
                    "completed",
                    "DPN-PKL/2022/LB/02",
                    "Juara 1",
                    3000000,
                    None,
                ),
            ],
        ),
        (
            "Rina Kartika",
            "P",
            date(1992, 10, 9),
            "33.75.04.1002",
            "+6285725560003",
            None,
            [
                (
                    "Konsultasi Produktivitas Rintisan IKM",
                    "completed",
                    "DPN-PKL/2022/KP/015",
                    None,
                    None,
                    None,
                ),
                (
                    "Seleksi Insentif Rintisan IKM Produktif",
                    "completed",
                    "DPN-PKL/2022/LB/03",
                    "Juara 2",
                    2400000,
                    None,
                ),
            ],
        ),
        (
            "Bambang Setiadi",
            "L",
            date(1984, 4, 2),
            "33.75.02.1007",
            None,
            None,
            [
                (
                    "Konsultasi Produktivitas Rintisan IKM",
                    "completed",
                    "DPN-PKL/2022/KP/019",
                    None,
                    None,
                    None,
                ),
                (
                    "Seleksi Insentif Rintisan IKM Produktif",
                    "completed",
                    "DPN-PKL/2022/LB/04",
                    "Juara 2",
                    2400000,
                    None,
                ),
            ],
        ),
        (
            "Yuliana Putri",
            "P",
            date(1997, 1, 28),
            "33.75.01.1006",
            "+6285725560005",
            None,
            [
                (
                    "Konsultasi Produktivitas Rintisan IKM",
                    "completed",
                    "DPN-PKL/2022/KP/022",
                    None,
                    None,
                    None,
                ),
                (
                    "Seleksi Insentif Rintisan IKM Produktif",
                    "completed",
                    "DPN-PKL/2022/LB/05",
                    "Juara 3",
                    1800000,
                    None,
                ),
            ],
        ),
        (
            "Slamet Riyadi",
            "L",
            date(1980, 9, 12),
            "33.75.03.1009",
            "+6285725560006",
            None,
            [
                (
                    "Konsultasi Produktivitas Rintisan IKM",
                    "completed",
                    "DPN-PKL/2022/KP/027",
                    None,
                    None,
                    None,
                ),
                (
                    "Seleksi Insentif Rintisan IKM Produktif",
                    "completed",
                    "DPN-PKL/2022/LB/06",
                    "Juara 3",
                    1800000,
                    None,
                ),
            ],
        ),
    ],
    "Disperin Kota Medan": [
        (
            "Rina Marpaung",
            "P",
            date(1988, 5, 16),
            "12.71.02.1002",
            "+6281265551005",
            "rina.marpaung@pasarikm.example",
            [
                (
                    "Pelatihan Olahan Pangan",
                    "completed",
                    "DISPERIN-MDN/2025/OP/017",
                    None,
                    None,
                    None,
                ),
                (
                    "Sakasanwira: Sentra Olahan Makanan Kelurahan Sei Sikambing B",
                    "attended",
                    None,
                    None,
                    None,
                    None,
                ),
            ],
        ),
        (
            "Budi Siregar",
            "L",
            date(1983, 2, 3),
            "12.71.11.1001",
            "+6281265551006",
            "budi.siregar@pasarikm.example",
            [
                (
                    "Bantuan Peralatan: Mesin Roasting Kopi dan Oven",
                    "completed",
                    None,
                    None,
                    None,
                    "1 unit mesin roasting kopi kapasitas 1 kg",
                )
            ],
        ),
        (
            "Rahmat Nasution",
            "L",
            date(1990, 12, 20),
            "12.71.05.1001",
            "+6281265551007",
            "rahmat.nasution@pasarikm.example",
            [
                (
                    "Pelatihan Olahan Sandang Berbahan Kulit",
                    "completed",
                    "DISPERIN-MDN/2025/SK/009",
                    None,
                    None,
                    None,
                )
            ],
        ),
        (
            "Sarah Simanjuntak",
            "P",
            date(1995, 8, 7),
            "12.71.02.1002",
            "+6281265560001",
            None,
            [
                (
                    "Pelatihan Olahan Pangan",
                    "completed",
                    "DISPERIN-MDN/2025/OP/003",
                    None,
                    None,
                    None,
                ),
                (
                    "Bantuan Peralatan: Mesin Roasting Kopi dan Oven",
                    "completed",
                    None,
                    None,
                    None,
                    "1 unit oven gas 3 rak",
                ),
            ],
        ),
        (
            "Darma Lubis",
            "L",
            date(1979, 3, 29),
            "12.71.19.1001",
            "+6281265560002",
            None,
            [("Pelatihan Olahan Sandang Berbahan Kulit", "attended", None, None, None, None)],
        ),
    ],
}

# Store addresses down to the kelurahan (Kemendagri codes), hours and NIB (invented).
STORE_PROFILES = {
    "keripik-tempe-bu-sri": (
        "Jl. Kyai Singkil No. 12, RT 02/RW 03",
        "33.21.11.1014",
        "59511",
        "Senin–Sabtu 08.00–16.00",
        "9120001234561",
    ),
    "konveksi-amanah-demak": (
        "Dukuh Krajan RT 01/RW 02",
        "33.21.01.2002",
        "59567",
        "Senin–Jumat 08.00–17.00",
        None,
    ),
    "rajut-bendan-kergon": (
        "Jl. Kurinci Gg. 3 No. 7",
        "33.75.01.1006",
        "51119",
        "Setiap hari 09.00–15.00",
        None,
    ),
    "batik-tulis-pesindon": (
        "Jl. Hayam Wuruk No. 21",
        "33.75.02.1004",
        "51128",
        "Senin–Sabtu 08.00–16.00",
        "9120009876543",
    ),
    "dapur-kak-rina": (
        "Jl. Gatot Subroto Gg. Sentosa No. 4",
        "12.71.02.1002",
        "20122",
        "Pre-order, kirim Selasa–Sabtu",
        None,
    ),
    "roastery-kopi-deli": (
        "Jl. Karya Jaya No. 88",
        "12.71.11.1001",
        "20144",
        "Senin–Sabtu 09.00–18.00",
        "9120005556667",
    ),
    "kulit-medan-rahmat": (
        "Jl. Ahmad Yani No. 45",
        "12.71.05.1001",
        "20111",
        "Senin–Sabtu 10.00–18.00",
        None,
    ),
}

# Food facts of the food products above, by product slug (certificate numbers invented).
FOOD_INFO = {
    "keripik-tempe-original": {
        "halal": ("ID33110000123450325", date(2029, 3, 14)),
        "pirt": "206332101234526",
        "shelf_life": 120,
        "ingredients": "Tempe kedelai, tepung beras, bawang putih, garam, minyak sawit",
        "allergens": "kedelai",
    },
    "keripik-tempe-pedas": {
        "halal": ("ID33110000123450325", date(2029, 3, 14)),
        "pirt": "206332101234527",
        "shelf_life": 120,
        "ingredients": "Tempe kedelai, cabai, daun jeruk, bawang putih, garam",
        "allergens": "kedelai",
    },
    "sambal-bawang-demak": {
        "halal": ("ID33110000123460425", date(2029, 4, 2)),
        "pirt": "206332101234528",
        "shelf_life": 90,
        "ingredients": "Cabai rawit, bawang putih, minyak kelapa, garam",
    },
    "bolu-gulung-pandan": {
        "halal": ("ID12710000456780125", date(2028, 1, 20)),
        "shelf_life": 5,
        "preorder_days": 1,
        "ingredients": "Tepung terigu, telur, gula, santan, daun pandan",
        "allergens": "telur, gluten",
    },
    "bika-ambon-medan": {
        "halal": ("ID12710000456780125", date(2028, 1, 20)),
        "shelf_life": 4,
        "preorder_days": 1,
        "ingredients": "Tepung tapioka, telur, santan, gula, daun jeruk, nira",
        "allergens": "telur",
    },
    "kopi-arabika-sidikalang-bubuk": {
        "halal": ("ID12710000987650226", date(2030, 2, 10)),
        "pirt": "212127101234529",
        "shelf_life": 365,
        "ingredients": "Kopi arabika Sidikalang sangrai",
    },
}
