"""More demo products per store, so that each demo store lists 8-20 goods. Invented, realistic."""

from __future__ import annotations

from datetime import date

# Halal certificates (BPJPH format, invented). One certificate covers a line of a store's goods,
# as it does in practice; the first, second and fourth are the ones in data.FOOD_INFO.
_HALAL_BU_SRI_KERIPIK = ("ID33110000123450325", date(2029, 3, 14))
_HALAL_BU_SRI_SAMBAL = ("ID33110000123460425", date(2029, 4, 2))
_HALAL_BU_SRI_OLEH_OLEH = ("ID33110000123471025", date(2029, 10, 6))
_HALAL_KAK_RINA_KUE = ("ID12710000456780125", date(2028, 1, 20))
_HALAL_KAK_RINA_CAMILAN = ("ID12710000456790725", date(2029, 7, 15))
_HALAL_KOPI_DELI = ("ID12710000987650226", date(2030, 2, 10))

# store slug -> list of products:
# (slug, name, category slug, description, [(sku, label, price_idr, stock, weight_grams)], extras)
EXTRA_PRODUCTS: dict[str, list[tuple]] = {
    "keripik-tempe-bu-sri": [
        (
            "keripik-singkong-balado",
            "Keripik Singkong Balado 200 g",
            "keripik-camilan",
            "Singkong diiris tipis lalu dibalut bumbu balado manis pedas.\nRenyah dan tidak "
            "berminyak.",
            [
                ("KTB-SKB-200", "200 g", 15000, 90, 220),
                ("KTB-SKB-500", "500 g", 34000, 35, 520),
            ],
            {
                "halal": _HALAL_BU_SRI_KERIPIK,
                "pirt": "215332102234530",
                "shelf_life": 120,
                "ingredients": "Singkong, cabai merah, bawang merah, bawang putih, gula, garam, "
                "minyak sawit",
            },
        ),
        (
            "keripik-pisang-kepok-manis",
            "Keripik Pisang Kepok Manis 250 g",
            "keripik-camilan",
            "Pisang kepok tua diiris memanjang, digoreng, lalu dilapisi gula tipis.",
            [("KTB-PSG-250", "250 g", 20000, 60, 270)],
            {
                "halal": _HALAL_BU_SRI_KERIPIK,
                "pirt": "214332103234530",
                "shelf_life": 150,
                "ingredients": "Pisang kepok, gula pasir, minyak sawit, garam",
            },
        ),
        (
            "keripik-bayam",
            "Keripik Bayam Renyah",
            "keripik-camilan",
            "Daun bayam utuh dibalut adonan tepung beras berbumbu, digoreng kering.\nTeman makan "
            "nasi atau camilan sore.",
            [
                ("KTB-BYM-150", "150 g", 17000, 4, 170),
                ("KTB-BYM-300", "300 g", 32000, 25, 330),
            ],
            {
                "halal": _HALAL_BU_SRI_KERIPIK,
                "pirt": "206332104234530",
                "shelf_life": 90,
                "ingredients": "Daun bayam, tepung beras, tepung tapioka, santan, bawang putih, "
                "ketumbar, kemiri, garam, minyak sawit",
            },
        ),
        (
            "keripik-tempe-curah",
            "Keripik Tempe Curah 1 kg (untuk Warung & Reseller)",
            "keripik-camilan",
            "Keripik tempe kemasan plastik curah 1 kg untuk warung dan reseller yang mengemas "
            "ulang sendiri.",
            [
                ("KTB-ORI-1000", "Original 1 kg", 65000, 25, 1050),
                ("KTB-PDS-1000", "Pedas 1 kg", 68000, 18, 1050),
            ],
            {
                "halal": _HALAL_BU_SRI_KERIPIK,
                "pirt": "206332105234530",
                "shelf_life": 120,
                "ingredients": "Tempe kedelai, tepung beras, bawang putih, garam, minyak sawit "
                "(varian pedas: cabai dan daun jeruk)",
                "allergens": "kedelai",
            },
        ),
        (
            "peyek-kacang",
            "Peyek Kacang Tanah 200 g",
            "keripik-camilan",
            "Rempeyek tipis bertabur kacang tanah, gurih dengan aroma daun jeruk.\nDikemas dalam "
            "kotak agar tidak mudah patah.",
            [("KTB-PYK-200", "200 g", 18000, 50, 250)],
            {
                "halal": _HALAL_BU_SRI_OLEH_OLEH,
                "pirt": "215332106234530",
                "shelf_life": 90,
                "ingredients": "Tepung beras, kacang tanah, santan, telur, bawang putih, kemiri, "
                "daun jeruk, garam, minyak sawit",
                "allergens": "kacang, telur",
            },
        ),
        (
            "peyek-teri",
            "Peyek Teri Nasi 200 g",
            "keripik-camilan",
            "Rempeyek renyah dengan ikan teri nasi dari pesisir Demak.",
            [("KTB-PYT-200", "200 g", 22000, 0, 250)],
            {
                "halal": _HALAL_BU_SRI_OLEH_OLEH,
                "pirt": "202332107234530",
                "shelf_life": 90,
                "ingredients": "Tepung beras, ikan teri nasi, santan, telur, bawang putih, kemiri, "
                "daun jeruk, garam, minyak sawit",
                "allergens": "ikan, telur",
            },
        ),
        (
            "bawang-goreng-renyah",
            "Bawang Goreng Renyah",
            "sambal-bumbu",
            "Bawang merah Brebes diiris tipis dan digoreng tanpa campuran tepung.\nTabur untuk "
            "soto, bubur dan nasi goreng.",
            [
                ("KTB-BWG-100", "100 g", 24000, 70, 130),
                ("KTB-BWG-250", "Toples 250 g", 52000, 20, 380),
            ],
            {
                "halal": _HALAL_BU_SRI_SAMBAL,
                "pirt": "204332108234530",
                "shelf_life": 120,
                "ingredients": "Bawang merah, minyak sawit, garam",
            },
        ),
        (
            "sambal-bajak-terasi",
            "Sambal Bajak Terasi 150 ml",
            "sambal-bumbu",
            "Sambal bajak dimasak lama dengan terasi dan gula jawa, manis pedas khas pesisir Jawa.",
            [("KTB-SBJ-150", "150 ml", 25000, 40, 300)],
            {
                "halal": _HALAL_BU_SRI_SAMBAL,
                "pirt": "211332109234530",
                "shelf_life": 90,
                "ingredients": "Cabai merah, cabai rawit, bawang merah, bawang putih, terasi "
                "udang, gula jawa, minyak kelapa, garam",
                "allergens": "udang",
            },
        ),
        (
            "sambal-teri-pedas",
            "Sambal Teri Pedas 150 ml",
            "sambal-bumbu",
            "Teri nasi goreng kering dicampur sambal merah, siap jadi lauk.\nSimpan di kulkas "
            "setelah dibuka.",
            [("KTB-STR-150", "150 ml", 30000, 3, 310)],
            {
                "halal": _HALAL_BU_SRI_SAMBAL,
                "pirt": "202332110234530",
                "shelf_life": 60,
                "ingredients": "Ikan teri nasi, cabai merah, cabai rawit, bawang merah, bawang "
                "putih, gula, minyak kelapa, garam",
                "allergens": "ikan",
            },
        ),
        (
            "jenang-ketan-gula-jawa",
            "Jenang Ketan Gula Jawa",
            "oleh-oleh",
            "Jenang ketan gula jawa diaduk berjam-jam di wajan besar, dipotong dan dibungkus "
            "kertas per potong.\nOleh-oleh manis dari Demak.",
            [
                ("KTB-JNG-250", "250 g", 22000, 45, 280),
                ("KTB-JNG-500", "Besek 500 g", 40000, 15, 560),
            ],
            {
                "halal": _HALAL_BU_SRI_OLEH_OLEH,
                "pirt": "209332111234530",
                "shelf_life": 60,
                "ingredients": "Tepung beras ketan, gula jawa, santan, gula pasir, garam",
            },
        ),
        (
            "kerupuk-udang-wedung",
            "Kerupuk Udang Wedung Mentah",
            "oleh-oleh",
            "Kerupuk udang mentah dari pesisir Wedung, tinggal digoreng.\nMengembang besar dan "
            "gurih.",
            [
                ("KTB-KRU-250", "250 g", 25000, 30, 270),
                ("KTB-KRU-500", "500 g", 45000, 12, 520),
            ],
            {
                "halal": _HALAL_BU_SRI_OLEH_OLEH,
                "pirt": "202332112234530",
                "shelf_life": 180,
                "ingredients": "Tepung tapioka, udang segar, telur, bawang putih, gula, garam",
                "allergens": "udang, telur",
            },
        ),
        (
            "paket-oleh-oleh-demak",
            "Paket Oleh-oleh Khas Demak",
            "oleh-oleh",
            "Satu kardus berisi keripik tempe original, keripik tempe pedas, peyek kacang dan "
            "jenang ketan.\nPaket besar ditambah keripik singkong balado, sambal bawang dan tas "
            "kain.",
            [
                ("KTB-PKT-4", "Isi 4", 85000, 10, 1100),
                ("KTB-PKT-6", "Isi 6 + tas kain", 125000, 2, 1650),
            ],
            {
                "halal": _HALAL_BU_SRI_OLEH_OLEH,
                "shelf_life": 60,
                "ingredients": "Keripik tempe original, keripik tempe pedas, peyek kacang, jenang "
                "ketan gula jawa (paket besar: keripik singkong balado, sambal bawang)",
                "allergens": "kedelai, kacang, telur",
            },
        ),
        (
            "bandeng-presto-duri-lunak",
            "Bandeng Presto Duri Lunak",
            "frozen-food",
            "Bandeng segar dari tambak Sayung dimasak presto dengan bumbu bawang dan kunyit "
            "sampai durinya lunak dan ikut dimakan.\nDikemas vakum dan dikirim beku; tinggal "
            "digoreng atau dipepes.",
            [
                ("KTB-BDP-2", "Isi 2 ekor", 45000, 20, 600),
                ("KTB-BDP-4", "Isi 4 ekor", 85000, 10, 1150),
            ],
            {
                "halal": _HALAL_BU_SRI_OLEH_OLEH,
                "shelf_life": 90,
                "ingredients": "Ikan bandeng, bawang putih, kunyit, daun salam, garam",
                "allergens": "ikan",
            },
        ),
    ],
    "konveksi-amanah-demak": [
        (
            "seragam-smp-putih-biru",
            "Seragam SMP Putih Biru",
            "seragam",
            "Seragam sekolah SMP: kemeja putih lengan pendek dan celana/rok biru tua, bahan katun "
            "drill tebal.\nBordir logo OSIS gratis.",
            [
                ("KA-SMP-S", "S", 110000, 25, 500),
                ("KA-SMP-M", "M", 115000, 30, 520),
                ("KA-SMP-L", "L", 120000, 18, 550),
                ("KA-SMP-XL", "XL", 125000, 4, 580),
            ],
            {},
        ),
        (
            "seragam-sma-putih-abu",
            "Seragam SMA Putih Abu-abu",
            "seragam",
            "Seragam sekolah SMA: kemeja putih dan celana/rok abu-abu, bahan katun drill tidak "
            "mudah kusut.",
            [
                ("KA-SMA-M", "M", 130000, 20, 560),
                ("KA-SMA-L", "L", 135000, 15, 590),
                ("KA-SMA-XL", "XL", 140000, 8, 620),
            ],
            {},
        ),
        (
            "seragam-pramuka-penggalang",
            "Seragam Pramuka Penggalang SD/SMP",
            "seragam",
            "Kemeja dan celana/rok cokelat pramuka, bahan American drill.\nLengkap dengan "
            "pundak dan saku berpenutup.",
            [
                ("KA-PRM-M", "M", 120000, 20, 520),
                ("KA-PRM-L", "L", 125000, 0, 550),
                ("KA-PRM-XL", "XL", 130000, 6, 580),
            ],
            {},
        ),
        (
            "seragam-kerja-drill-bordir-logo",
            "Seragam Kerja Kemeja Drill Custom Bordir Logo",
            "seragam",
            "Kemeja kerja lengan panjang bahan American drill dengan bordir logo perusahaan atau "
            "instansi.\nMinimal 12 potong, kirim desain logo lewat chat.",
            [
                ("KA-KRJ-M", "M", 150000, 60, 330),
                ("KA-KRJ-L", "L", 155000, 60, 350),
                ("KA-KRJ-XL", "XL", 165000, 40, 370),
            ],
            {"preorder_days": 7},
        ),
        (
            "kemeja-batik-kantor-pria",
            "Kemeja Batik Seragam Kantor Pria Lengan Panjang",
            "seragam",
            "Kemeja seragam batik printing motif jambu air dan belimbing khas Demak, furing "
            "penuh.\nCocok untuk seragam kantor dan guru.",
            [
                ("KA-BTK-M", "M", 145000, 15, 350),
                ("KA-BTK-L", "L", 150000, 12, 370),
                ("KA-BTK-XL", "XL", 160000, 3, 390),
            ],
            {},
        ),
        (
            "baju-koko-bordir",
            "Baju Koko Lengan Panjang Bordir",
            "busana-muslim",
            "Baju koko katun toyobo dengan bordir kerah dan dada, adem untuk salat Jumat.",
            [
                ("KA-KKO-M", "M", 120000, 15, 300),
                ("KA-KKO-L", "L", 125000, 12, 320),
                ("KA-KKO-XL", "XL", 130000, 0, 340),
            ],
            {},
        ),
        (
            "jilbab-segi-empat-voal",
            "Jilbab Segi Empat Voal Tepi Jahit Neci",
            "busana-muslim",
            "Voal 115 x 115 cm, tepi dijahit neci rapi, tidak menerawang.",
            [
                ("KA-JLB-HTM", "Hitam", 45000, 40, 120),
                ("KA-JLB-CRM", "Cream", 45000, 30, 120),
                ("KA-JLB-DSP", "Dusty Pink", 45000, 2, 120),
                ("KA-JLB-ARM", "Army", 45000, 18, 120),
            ],
            {},
        ),
        (
            "mukena-anak-katun",
            "Mukena Anak Katun Motif",
            "mukena",
            "Mukena anak katun jepang motif bunga kecil, lengkap dengan tas serut.",
            [
                ("KA-MKA-S", "Usia 4-7 tahun", 85000, 20, 350),
                ("KA-MKA-M", "Usia 8-12 tahun", 95000, 14, 420),
            ],
            {},
        ),
        (
            "mukena-travel-parasut",
            "Mukena Travel Parasut Jumbo",
            "mukena",
            "Bahan parasut ringan dan tidak mudah kusut, dilipat ke dalam tas kecil.\nPas untuk "
            "mudik dan umrah.",
            [
                ("KA-MKT-HTM", "Hitam", 125000, 18, 400),
                ("KA-MKT-NVY", "Navy", 125000, 10, 400),
                ("KA-MKT-MVE", "Mauve", 125000, 0, 400),
            ],
            {},
        ),
        (
            "kaos-sablon-custom",
            "Kaos Sablon Custom Cotton Combed 30s",
            "kaos",
            "Kaos cotton combed 30s, sablon plastisol 1-2 warna sesuai desain Anda.\nCocok untuk "
            "kaos komunitas, pengajian dan acara kantor. Minimal 24 potong.",
            [
                ("KA-KOS-M", "M", 75000, 100, 180),
                ("KA-KOS-L", "L", 75000, 100, 190),
                ("KA-KOS-XL", "XL", 80000, 80, 200),
                ("KA-KOS-XXL", "XXL", 85000, 50, 215),
            ],
            {"preorder_days": 7},
        ),
        (
            "tas-kain-blacu",
            "Tas Kain Blacu (Tote Bag)",
            "tas",
            "Tote bag blacu 35 x 40 cm dengan tali panjang.\nBisa sablon logo untuk seminar dan "
            "suvenir, minimal 50 pcs.",
            [
                ("KA-TOT-POL", "Polos", 15000, 150, 90),
                ("KA-TOT-SBL", "Sablon 1 warna", 22000, 150, 95),
            ],
            {},
        ),
        (
            "kerudung-bergo-instan-jersey",
            "Kerudung Bergo Instan Jersey",
            "busana-muslim",
            "Kerudung instan tanpa peniti, bahan jersey yang lembut dan tidak gerah.\nPad antem "
            "di dahi, panjang menutup dada. Putih untuk sekolah, warna lain untuk sehari-hari.",
            [
                ("KA-BRG-PTH", "Putih", 35000, 50, 110),
                ("KA-BRG-HTM", "Hitam", 35000, 45, 110),
                ("KA-BRG-NVY", "Navy", 35000, 20, 110),
                ("KA-BRG-MCA", "Mocca", 35000, 0, 110),
            ],
            {},
        ),
        (
            "kaos-polos-cotton-combed",
            "Kaos Polos Cotton Combed 30s",
            "kaos",
            "Kaos polos lengan pendek cotton combed 30s, jahitan rantai di bahu dan tidak "
            "melar.\nBisa beli satuan atau per lusin untuk disablon sendiri.",
            [
                ("KA-KPL-HTM-M", "Hitam, M", 38000, 60, 170),
                ("KA-KPL-HTM-L", "Hitam, L", 38000, 60, 180),
                ("KA-KPL-HTM-XL", "Hitam, XL", 42000, 30, 190),
                ("KA-KPL-PTH-M", "Putih, M", 38000, 40, 170),
                ("KA-KPL-PTH-L", "Putih, L", 38000, 40, 180),
            ],
            {},
        ),
    ],
    "rajut-bendan-kergon": [
        (
            "tas-rajut-tote",
            "Tas Rajut Tote Bag Katun",
            "tas",
            "Tote rajut tangan 35 x 30 cm dengan furing kain.\nMuat buku, dompet dan botol minum.",
            [
                ("RBK-TOT-CRM", "Krem", 185000, 4, 400),
                ("RBK-TOT-CKL", "Cokelat", 185000, 6, 400),
            ],
            {},
        ),
        (
            "tas-hp-rajut-mini",
            "Tas HP Rajut Selempang Mini",
            "tas",
            "Tas kecil untuk HP dan kartu, tali rajut panjang. Ukuran 12 x 19 cm.",
            [
                ("RBK-HP-HTM", "Hitam", 75000, 12, 120),
                ("RBK-HP-MRB", "Merah Bata", 75000, 9, 120),
                ("RBK-HP-BRU", "Biru Denim", 75000, 7, 120),
            ],
            {},
        ),
        (
            "dompet-koin-rajut",
            "Dompet Koin Rajut Mini",
            "aksesoris",
            "Dompet koin rajut beresleting dengan lapisan furing. Ukuran 12 x 9 cm.",
            [
                ("RBK-DMP-CRM", "Krem", 35000, 20, 60),
                ("RBK-DMP-SGE", "Sage", 35000, 15, 60),
                ("RBK-DMP-TRK", "Terakota", 35000, 0, 60),
            ],
            {},
        ),
        (
            "topi-bucket-rajut",
            "Topi Bucket Rajut",
            "aksesoris",
            "Topi bucket rajut benang katun, lingkar kepala 54-58 cm.",
            [
                ("RBK-TPI-CRM", "Krem", 65000, 10, 100),
                ("RBK-TPI-HTM", "Hitam", 65000, 8, 100),
            ],
            {},
        ),
        (
            "bros-bunga-rajut",
            "Bros Bunga Rajut",
            "aksesoris",
            "Bros rajut bentuk mawar, daisy dan tulip dengan peniti di belakang.\nWarna campur.",
            [
                ("RBK-BRS-3", "Isi 3", 30000, 40, 50),
                ("RBK-BRS-6", "Isi 6", 55000, 25, 80),
            ],
            {},
        ),
        (
            "gantungan-kunci-boneka-rajut",
            "Gantungan Kunci Boneka Rajut (Amigurumi)",
            "aksesoris",
            "Boneka rajut mungil tinggi 7 cm dengan ring gantungan kunci.",
            [
                ("RBK-GTK-KCG", "Kucing", 25000, 30, 30),
                ("RBK-GTK-BRG", "Beruang", 25000, 22, 30),
                ("RBK-GTK-KLC", "Kelinci", 25000, 0, 30),
            ],
            {},
        ),
        (
            "tatakan-gelas-rajut",
            "Tatakan Gelas Rajut isi 6",
            "aksesoris",
            "Tatakan gelas rajut bulat diameter 10 cm, bisa dicuci.",
            [("RBK-TTK-6", "Isi 6", 45000, 18, 90)],
            {},
        ),
        (
            "bucket-bunga-rajut-besar",
            "Bucket Bunga Rajut Wisuda Besar",
            "aksesoris",
            "Bucket bunga rajut dengan kertas buket dan pita, bisa tambah kartu nama dan "
            "ucapan.\nWarna bunga bisa request.",
            [
                ("RBK-BKT-10", "Isi 10 tangkai", 175000, 6, 500),
                ("RBK-BKT-15", "Isi 15 tangkai", 245000, 3, 650),
            ],
            {"preorder_days": 5},
        ),
        (
            "set-hantaran-rajut",
            "Set Hiasan Hantaran Pernikahan Rajut",
            "aksesoris",
            "Hiasan seserahan: bunga rajut, boneka pengantin mini dan kotak mika.\nWarna "
            "disesuaikan dengan tema acara.",
            [
                ("RBK-HTR-3", "3 kotak", 350000, 5, 1800),
                ("RBK-HTR-5", "5 kotak", 550000, 3, 3000),
            ],
            {"preorder_days": 14},
        ),
        (
            "tas-anyam-tali-kur",
            "Tas Anyam Tali Kur",
            "anyaman",
            "Tas jinjing dianyam tangan dari tali kur nilon, kuat dan tidak berubah bentuk.\n"
            "Ukuran 30 x 25 cm dengan tutup kancing magnet, bisa dicuci.",
            [
                ("RBK-ANY-CKL", "Cokelat Susu", 145000, 6, 350),
                ("RBK-ANY-HTM", "Hitam", 145000, 4, 350),
            ],
            {"preorder_days": 5},
        ),
    ],
    "batik-tulis-pesindon": [
        (
            "kain-batik-tulis-buketan",
            "Kain Batik Tulis Motif Buketan",
            "batik",
            "Motif buketan (rangkaian bunga) khas pesisir Pekalongan, katun primisima 2 m x "
            "1,15 m.",
            [
                ("BTP-BKT-SOG", "Sogan", 750000, 2, 380),
                ("BTP-BKT-BRU", "Biru", 750000, 0, 380),
            ],
            {},
        ),
        (
            "kain-batik-tulis-semen",
            "Kain Batik Tulis Halus Motif Semen",
            "batik",
            "Batik tulis halus motif semen dengan isen-isen rapat, 2,5 m x 1,15 m.\nDibuat "
            "setelah pesanan masuk.",
            [("BTP-SMN-01", "2,5 m", 1250000, 3, 420)],
            {"preorder_days": 21},
        ),
        (
            "kain-batik-cap-jlamprang",
            "Kain Batik Cap Motif Jlamprang",
            "batik",
            "Kain batik cap motif jlamprang, katun prima 2 m x 1,15 m.",
            [
                ("BTP-CJL-MRH", "Merah", 165000, 20, 350),
                ("BTP-CJL-HJU", "Hijau", 165000, 14, 350),
                ("BTP-CJL-BRU", "Biru", 165000, 9, 350),
            ],
            {},
        ),
        (
            "kain-batik-kombinasi-terang-bulan",
            "Kain Batik Kombinasi Tulis-Cap Motif Terang Bulan",
            "batik",
            "Badan kain dicap, tumpal terang bulan ditulis tangan. Ukuran 2 m x 1,15 m.",
            [("BTP-TRB-01", "2 m", 325000, 8, 380)],
            {},
        ),
        (
            "kemeja-batik-tulis-pria-lengan-panjang",
            "Kemeja Batik Tulis Pria Lengan Panjang",
            "batik",
            "Kemeja batik tulis motif buketan, katun primisima, furing penuh.\nDijahit setelah "
            "pesanan masuk.",
            [
                ("BTP-KTL-M", "M", 550000, 5, 380),
                ("BTP-KTL-L", "L", 550000, 5, 400),
                ("BTP-KTL-XL", "XL", 575000, 3, 420),
            ],
            {"preorder_days": 14},
        ),
        (
            "blus-batik-cap-wanita",
            "Blus Batik Cap Wanita",
            "batik",
            "Blus lengan tiga perempat, katun batik cap motif lung-lungan.",
            [
                ("BTP-BLS-M", "M", 165000, 12, 250),
                ("BTP-BLS-L", "L", 165000, 10, 270),
                ("BTP-BLS-XL", "XL", 175000, 0, 290),
            ],
            {},
        ),
        (
            "daster-batik-cap-rayon",
            "Daster Batik Cap Rayon",
            "batik",
            "Daster rayon adem motif batik cap, kancing depan busui friendly.",
            [
                ("BTP-DST-AS", "All size (LD 120 cm)", 85000, 40, 230),
                ("BTP-DST-JMB", "Jumbo (LD 130 cm)", 95000, 25, 260),
            ],
            {},
        ),
        (
            "selendang-batik-tulis-sutra",
            "Selendang Batik Tulis Sutra",
            "batik",
            "Selendang sutra 2 m x 50 cm motif buketan, pewarna alam.",
            [
                ("BTP-SLD-MRN", "Merah Marun", 425000, 4, 150),
                ("BTP-SLD-IDG", "Biru Indigo", 425000, 2, 150),
            ],
            {},
        ),
        (
            "sarung-batik-cap-pesisiran",
            "Sarung Batik Cap Motif Pesisiran",
            "batik",
            "Sarung katun sudah dijahit, 1,1 m x 2 m, motif pesisiran warna cerah.",
            [("BTP-SRG-01", "Dewasa", 135000, 15, 480)],
            {},
        ),
        (
            "masker-kain-batik",
            "Masker Kain Batik 3 Lapis",
            "batik",
            "Masker katun 3 lapis dari kain batik cap, tali telinga elastis.\nMotif dikirim acak.",
            [
                ("BTP-MSK-DWS", "Dewasa isi 5", 35000, 60, 90),
                ("BTP-MSK-ANK", "Anak isi 5", 30000, 30, 80),
            ],
            {},
        ),
        (
            "baju-batik-anak-laki-laki",
            "Baju Batik Anak Laki-laki Lengan Pendek",
            "batik",
            "Kemeja batik cap untuk anak laki-laki, motif jlamprang pada katun primisima yang "
            "adem.\nCocok untuk hari batik di sekolah, kondangan dan Lebaran.",
            [
                ("BTP-BAL-2", "Usia 2-4 tahun", 65000, 15, 150),
                ("BTP-BAL-5", "Usia 5-7 tahun", 75000, 15, 170),
                ("BTP-BAL-8", "Usia 8-10 tahun", 85000, 10, 190),
            ],
            {},
        ),
        (
            "dress-batik-anak-perempuan",
            "Dress Batik Anak Perempuan Motif Buketan",
            "batik",
            "Baju anak perempuan model dress lengan pendek dari batik cap motif buketan, rok "
            "mengembang dengan tali di pinggang.\nResleting di punggung, katun adem untuk "
            "dipakai seharian.",
            [
                ("BTP-DRA-2", "Usia 2-4 tahun", 85000, 12, 170),
                ("BTP-DRA-5", "Usia 5-7 tahun", 95000, 10, 190),
                ("BTP-DRA-8", "Usia 8-10 tahun", 105000, 6, 210),
            ],
            {},
        ),
        (
            "mukena-batik-cap-lung-lungan",
            "Mukena Batik Cap Motif Lung-lungan",
            "mukena",
            "Mukena katun rayon bermotif batik cap lung-lungan dengan warna lembut dan renda di "
            "tepi.\nLengkap dengan tas dari kain yang sama, cocok untuk hadiah.",
            [
                ("BTP-MKN-BRU", "Biru Muda", 235000, 6, 650),
                ("BTP-MKN-UNG", "Ungu", 235000, 4, 650),
            ],
            {},
        ),
        (
            "kaos-kombinasi-batik",
            "Kaos Kombinasi Batik Cap",
            "kaos",
            "Kaos cotton combed 24s dengan kain batik cap di bagian dada dan lengan.\nNyaman "
            "dipakai santai, bisa juga untuk seragam komunitas.",
            [
                ("BTP-KOS-M", "M", 95000, 15, 200),
                ("BTP-KOS-L", "L", 95000, 15, 210),
                ("BTP-KOS-XL", "XL", 100000, 8, 220),
            ],
            {},
        ),
    ],
    "dapur-kak-rina": [
        (
            "bolu-gulung-premium",
            "Bolu Gulung Premium",
            "kue-roti",
            "Bolu gulung lembut dengan isian mentega pilihan rasa.\nDipanggang pagi hari, kirim "
            "di hari yang sama untuk Kota Medan.",
            [
                ("DKR-BLG-KJU", "Keju", 85000, 15, 550),
                ("DKR-BLG-CKL", "Cokelat", 80000, 12, 550),
                ("DKR-BLG-MCA", "Moka", 80000, 0, 550),
            ],
            {
                "halal": _HALAL_KAK_RINA_KUE,
                "shelf_life": 5,
                "preorder_days": 1,
                "ingredients": "Tepung terigu, telur, gula, mentega, susu bubuk (varian keju: keju "
                "cheddar; cokelat: bubuk kakao; moka: kopi bubuk)",
                "allergens": "telur, gluten, susu",
            },
        ),
        (
            "bika-ambon-aneka-rasa",
            "Bika Ambon Aneka Rasa",
            "oleh-oleh",
            "Bika ambon berserat rapat, dibuat dengan nira dan santan segar.\nKotak 20 x 20 cm.",
            [
                ("DKR-BKA-PDN", "Pandan", 95000, 18, 900),
                ("DKR-BKA-KJU", "Keju", 105000, 10, 920),
                ("DKR-BKA-DRN", "Durian", 115000, 3, 950),
            ],
            {
                "halal": _HALAL_KAK_RINA_KUE,
                "shelf_life": 4,
                "preorder_days": 2,
                "ingredients": "Tepung tapioka, telur, santan, gula, nira, ragi, daun pandan "
                "(varian keju: keju cheddar; durian: daging durian)",
                "allergens": "telur, susu",
            },
        ),
        (
            "lapis-legit-original",
            "Lapis Legit Original",
            "kue-roti",
            "Lapis legit 18 lapis, dipanggang lapis demi lapis dengan mentega dan bumbu spekuk.",
            [
                ("DKR-LPL-10", "Setengah loyang 10 x 20 cm", 185000, 8, 650),
                ("DKR-LPL-20", "1 loyang 20 x 20 cm", 350000, 4, 1200),
            ],
            {
                "halal": _HALAL_KAK_RINA_KUE,
                "pirt": "206127101678930",
                "shelf_life": 21,
                "preorder_days": 2,
                "ingredients": "Kuning telur, mentega, gula, tepung terigu, susu kental manis, "
                "bumbu spekuk",
                "allergens": "telur, susu, gluten",
            },
        ),
        (
            "brownies-panggang-almond",
            "Brownies Panggang Topping Almond",
            "kue-roti",
            "Brownies cokelat panggang bertekstur fudgy dengan taburan almond.\nLoyang 20 x 20 cm, "
            "sudah dipotong 16.",
            [("DKR-BRW-20", "1 loyang", 95000, 10, 750)],
            {
                "halal": _HALAL_KAK_RINA_KUE,
                "shelf_life": 5,
                "preorder_days": 1,
                "ingredients": "Cokelat masak, tepung terigu, telur, gula, mentega, almond",
                "allergens": "telur, gluten, susu, kacang",
            },
        ),
        (
            "lapet-batak",
            "Lapet Batak Gula Merah isi 10",
            "kue-roti",
            "Kue lapet dari tepung beras dan kelapa parut, dibungkus daun pisang lalu dikukus.",
            [("DKR-LPT-10", "Isi 10", 35000, 20, 500)],
            {
                "halal": _HALAL_KAK_RINA_KUE,
                "shelf_life": 2,
                "preorder_days": 1,
                "ingredients": "Tepung beras, kelapa parut, gula merah, garam, daun pisang",
            },
        ),
        (
            "nastar-nanas",
            "Nastar Nanas Toples",
            "kue-roti",
            "Nastar lembut lumer dengan selai nanas masak sendiri.\nKue kering andalan untuk "
            "toples Lebaran dan hantaran.",
            [
                ("DKR-NST-250", "Toples 250 g", 75000, 25, 450),
                ("DKR-NST-500", "Toples 500 g", 135000, 10, 800),
            ],
            {
                "halal": _HALAL_KAK_RINA_KUE,
                "pirt": "206127102678930",
                "shelf_life": 90,
                "ingredients": "Tepung terigu, mentega, kuning telur, susu bubuk, gula halus, "
                "selai nanas",
                "allergens": "gluten, telur, susu",
            },
        ),
        (
            "kue-bawang-renyah",
            "Kue Bawang Renyah",
            "keripik-camilan",
            "Kue bawang tipis dengan daun seledri, renyah dan gurih.\nKue kering asin untuk "
            "camilan toples Lebaran.",
            [
                ("DKR-KBW-250", "250 g", 25000, 45, 280),
                ("DKR-KBW-500", "Toples 500 g", 55000, 20, 750),
            ],
            {
                "halal": _HALAL_KAK_RINA_CAMILAN,
                "pirt": "206127103678930",
                "shelf_life": 90,
                "ingredients": "Tepung terigu, telur, margarin, bawang putih, daun seledri, garam, "
                "minyak sawit",
                "allergens": "gluten, telur",
            },
        ),
        (
            "keripik-pisang-medan",
            "Keripik Pisang Medan 250 g",
            "keripik-camilan",
            "Keripik pisang tipis renyah, oleh-oleh wajib dari Medan.",
            [
                ("DKR-KPS-ORI", "Original", 28000, 60, 270),
                ("DKR-KPS-CKL", "Cokelat", 32000, 40, 280),
                ("DKR-KPS-BLD", "Balado", 30000, 2, 270),
            ],
            {
                "halal": _HALAL_KAK_RINA_CAMILAN,
                "pirt": "214127104678930",
                "shelf_life": 120,
                "ingredients": "Pisang kepok, minyak sawit, gula, garam (varian cokelat: bubuk "
                "kakao, susu bubuk; balado: cabai merah)",
                "allergens": "susu (varian cokelat)",
            },
        ),
        (
            "sambal-andaliman",
            "Sambal Andaliman Khas Batak 150 ml",
            "sambal-bumbu",
            "Sambal dengan andaliman segar, rasa getir dan kebas khas Tapanuli.\nCocok untuk ikan "
            "bakar dan arsik.",
            [("DKR-SAN-150", "150 ml", 35000, 35, 310)],
            {
                "halal": _HALAL_KAK_RINA_CAMILAN,
                "pirt": "211127105678930",
                "shelf_life": 90,
                "ingredients": "Cabai merah, cabai rawit, andaliman, bawang merah, bawang putih, "
                "kemiri, minyak kelapa, garam",
            },
        ),
        (
            "teri-medan-balado-kacang",
            "Teri Medan Balado Kacang",
            "sambal-bumbu",
            "Teri Medan goreng kering dengan kacang tanah dan sambal balado, tahan lama dalam "
            "toples.",
            [("DKR-TMB-200", "Toples 200 g", 45000, 25, 330)],
            {
                "halal": _HALAL_KAK_RINA_CAMILAN,
                "pirt": "202127106678930",
                "shelf_life": 60,
                "ingredients": "Ikan teri Medan, kacang tanah, cabai merah, bawang merah, gula, "
                "garam, minyak sawit",
                "allergens": "ikan, kacang",
            },
        ),
        (
            "risoles-ragout-frozen",
            "Risoles Ragout Ayam Frozen isi 10",
            "frozen-food",
            "Risoles isi ragout ayam dan sayur, sudah dibalur tepung roti.\nGoreng langsung dari "
            "freezer. Dikirim dengan ice gel, khusus Kota Medan.",
            [("DKR-RSL-10", "Isi 10", 45000, 20, 800)],
            {
                "halal": _HALAL_KAK_RINA_CAMILAN,
                "shelf_life": 60,
                "ingredients": "Tepung terigu, telur, susu, daging ayam, wortel, kentang, "
                "margarin, tepung roti",
                "allergens": "gluten, telur, susu",
            },
        ),
        (
            "kopi-bubuk-robusta-sidikalang",
            "Kopi Bubuk Robusta Sidikalang 250 g",
            "minuman",
            "Robusta Sidikalang sangrai gelap, giling halus untuk kopi tubruk dan kopi susu.\n"
            "Teman makan bolu.",
            [("DKR-KOP-250", "250 g", 40000, 30, 270)],
            {
                "halal": _HALAL_KAK_RINA_CAMILAN,
                "pirt": "210127107678930",
                "shelf_life": 270,
                "ingredients": "Kopi robusta Sidikalang sangrai",
            },
        ),
    ],
    "roastery-kopi-deli": [
        (
            "kopi-arabika-gayo-biji",
            "Kopi Arabika Gayo Biji Sangrai",
            "minuman",
            "Biji utuh sangrai medium, catatan rasa jeruk, karamel dan cokelat.",
            [
                ("RKD-GYO-200", "200 g", 70000, 35, 220),
                ("RKD-GYO-1KG", "1 kg", 310000, 6, 1030),
            ],
            {
                "halal": _HALAL_KOPI_DELI,
                "pirt": "212127102234530",
                "shelf_life": 365,
                "ingredients": "Biji kopi arabika Gayo sangrai",
            },
        ),
        (
            "kopi-arabika-mandailing",
            "Kopi Arabika Mandailing 200 g",
            "minuman",
            "Arabika Mandailing sangrai medium-dark, body tebal dengan rasa rempah dan gula aren.",
            [
                ("RKD-MDL-BJI", "Biji 200 g", 75000, 30, 220),
                ("RKD-MDL-BBK", "Bubuk 200 g", 75000, 22, 220),
            ],
            {
                "halal": _HALAL_KOPI_DELI,
                "pirt": "212127103234530",
                "shelf_life": 270,
                "ingredients": "Kopi arabika Mandailing sangrai",
            },
        ),
        (
            "kopi-arabika-lintong-natural",
            "Kopi Arabika Lintong Natural 200 g",
            "minuman",
            "Microlot proses natural dari Lintong Nihuta, rasa buah dan manis anggur.\nStok "
            "terbatas tiap panen.",
            [("RKD-LTG-200", "Biji 200 g", 85000, 3, 220)],
            {
                "halal": _HALAL_KOPI_DELI,
                "pirt": "212127104234530",
                "shelf_life": 365,
                "ingredients": "Biji kopi arabika Lintong sangrai",
            },
        ),
        (
            "kopi-robusta-sidikalang-bubuk",
            "Kopi Robusta Sidikalang Bubuk",
            "minuman",
            "Robusta Sidikalang sangrai dark, pahit mantap untuk kopi tubruk dan kopi susu.",
            [
                ("RKD-RBS-250", "250 g", 45000, 60, 270),
                ("RKD-RBS-1KG", "1 kg", 160000, 15, 1030),
            ],
            {
                "halal": _HALAL_KOPI_DELI,
                "pirt": "212127105234530",
                "shelf_life": 270,
                "ingredients": "Kopi robusta Sidikalang sangrai",
            },
        ),
        (
            "espresso-blend-deli",
            "Espresso Blend Deli untuk Kafe",
            "minuman",
            "Campuran arabika Sidikalang dan robusta, sangrai medium-dark untuk espresso dan kopi "
            "susu.\nPengiriman rutin untuk kafe dan hotel bisa dijadwalkan.",
            [
                ("RKD-ESP-500", "500 g", 130000, 18, 520),
                ("RKD-ESP-1KG", "1 kg", 245000, 10, 1030),
            ],
            {
                "halal": _HALAL_KOPI_DELI,
                "pirt": "212127106234530",
                "shelf_life": 270,
                "ingredients": "Biji kopi arabika Sidikalang dan robusta sangrai",
            },
        ),
        (
            "green-beans-arabika-sidikalang",
            "Green Beans Arabika Sidikalang Grade 1",
            "minuman",
            "Biji kopi mentah proses giling basah, sortir tangan, kadar air 12%.\nUntuk roaster "
            "rumahan dan kafe.",
            [
                ("RKD-GB-1KG", "1 kg", 165000, 20, 1020),
                ("RKD-GB-5KG", "5 kg", 790000, 4, 5050),
            ],
            {
                "halal": _HALAL_KOPI_DELI,
                "shelf_life": 365,
                "ingredients": "Biji kopi arabika Sidikalang mentah (green beans)",
            },
        ),
        (
            "drip-bag-kopi-sumut",
            "Drip Bag Kopi Arabika Sumatera Utara",
            "minuman",
            "Sachet drip bag 10 g, gantung di cangkir lalu seduh dengan 150 ml air panas.",
            [
                ("RKD-DRP-10", "Sidikalang isi 10", 55000, 40, 180),
                ("RKD-DRP-5", "Sampler 5 daerah isi 5", 30000, 25, 100),
            ],
            {
                "halal": _HALAL_KOPI_DELI,
                "pirt": "212127107234530",
                "shelf_life": 180,
                "ingredients": "Kopi arabika sangrai giling (Sidikalang; sampler: Sidikalang, "
                "Gayo, Mandailing, Lintong, Karo)",
            },
        ),
        (
            "cold-brew-concentrate",
            "Cold Brew Concentrate Arabika",
            "minuman",
            "Konsentrat cold brew diseduh 18 jam, campur 1:2 dengan air atau susu.\nSimpan di "
            "kulkas, dikirim dengan ice gel.",
            [
                ("RKD-CBC-500", "500 ml", 85000, 12, 700),
                ("RKD-CBC-1L", "1 liter", 155000, 6, 1250),
            ],
            {
                "halal": _HALAL_KOPI_DELI,
                "shelf_life": 14,
                "preorder_days": 1,
                "ingredients": "Kopi arabika Sidikalang, air",
            },
        ),
        (
            "paket-sampler-kopi-sumut",
            "Paket Sampler Kopi Sumut 4 x 100 g",
            "minuman",
            "Empat kopi dalam satu kotak: Sidikalang, Gayo, Mandailing dan Lintong.\nPilih biji "
            "atau bubuk di catatan pesanan.",
            [("RKD-SMP-4", "4 x 100 g", 135000, 10, 480)],
            {
                "halal": _HALAL_KOPI_DELI,
                "shelf_life": 270,
                "ingredients": "Kopi arabika Sidikalang, Gayo, Mandailing dan Lintong sangrai",
            },
        ),
        (
            "gula-aren-cair",
            "Gula Aren Cair Tapanuli",
            "minuman",
            "Sirup gula aren dari nira aren Tapanuli, dimasak sendiri tanpa pemanis buatan.\n"
            "Takaran 15-20 ml untuk segelas es kopi susu gula aren.",
            [
                ("RKD-GAC-250", "250 ml", 35000, 30, 330),
                ("RKD-GAC-1L", "1 liter", 110000, 10, 1200),
            ],
            {
                "halal": _HALAL_KOPI_DELI,
                "pirt": "209127108234530",
                "shelf_life": 180,
                "ingredients": "Gula aren (nira aren), air, garam",
            },
        ),
    ],
    "kulit-medan-rahmat": [
        (
            "dompet-kulit-wanita-panjang",
            "Dompet Kulit Wanita Panjang",
            "aksesoris",
            "Dompet panjang kulit sapi, 12 slot kartu dan ruang koin beresleting.",
            [
                ("KKR-DWP-MRN", "Maroon", 265000, 6, 220),
                ("KKR-DWP-HTM", "Hitam", 265000, 8, 220),
                ("KKR-DWP-TAN", "Tan", 265000, 0, 220),
            ],
            {},
        ),
        (
            "dompet-kartu-kulit-slim",
            "Dompet Kartu Kulit Slim",
            "aksesoris",
            "Dompet kartu tipis 4 slot, muat di saku depan celana.",
            [
                ("KKR-CRD-CKL", "Cokelat", 85000, 20, 50),
                ("KKR-CRD-HTM", "Hitam", 85000, 15, 50),
            ],
            {},
        ),
        (
            "tas-selempang-kulit-pria",
            "Tas Selempang Kulit Pria",
            "tas",
            "Kulit sapi crazy horse, muat tablet 8 inci, tali bisa diatur.",
            [
                ("KKR-TSP-CKL", "Cokelat", 385000, 5, 550),
                ("KKR-TSP-HTM", "Hitam", 385000, 3, 550),
            ],
            {},
        ),
        (
            "tas-selempang-kulit-wanita-mini",
            "Tas Selempang Kulit Wanita Mini",
            "tas",
            "Tas mini kulit sapi nabati dengan tali rantai dan tali kulit, ukuran 20 x 14 cm.",
            [
                ("KKR-TSW-TAN", "Tan", 325000, 4, 420),
                ("KKR-TSW-MRN", "Maroon", 325000, 2, 420),
            ],
            {},
        ),
        (
            "tas-kerja-kulit-pria",
            "Tas Kerja Kulit Pria",
            "tas",
            "Tas kerja kulit sapi, muat laptop 14 inci dan berkas folio.\nDijahit tangan setelah "
            "pesanan masuk.",
            [("KKR-BRF-CKL", "Cokelat", 650000, 3, 1300)],
            {"preorder_days": 10},
        ),
        (
            "ikat-pinggang-kulit-sapi",
            "Ikat Pinggang Kulit Sapi Gesper Kuningan",
            "aksesoris",
            "Sabuk kulit sapi utuh lebar 3,5 cm dengan gesper kuningan.\nPanjang dipotong sesuai "
            "ukuran pinggang, tulis di catatan pesanan.",
            [
                ("KKR-IKP-CKL", "Cokelat", 175000, 15, 350),
                ("KKR-IKP-HTM", "Hitam", 175000, 12, 350),
            ],
            {},
        ),
        (
            "gantungan-kunci-kulit-nama",
            "Gantungan Kunci Kulit Cetak Nama",
            "aksesoris",
            "Gantungan kunci kulit sapi dengan emboss nama atau inisial.\nCocok untuk suvenir "
            "kantor dan acara.",
            [
                ("KKR-GTK-1", "Satuan", 30000, 100, 30),
                ("KKR-GTK-50", "Paket 50 pcs", 1250000, 4, 1500),
            ],
            {"preorder_days": 3},
        ),
        (
            "sarung-hp-kulit",
            "Sarung HP Kulit Pinggang",
            "aksesoris",
            "Sarung HP kulit sapi dengan klip ikat pinggang, muat HP layar 6,7 inci.",
            [
                ("KKR-SHP-CKL", "Cokelat", 120000, 10, 110),
                ("KKR-SHP-HTM", "Hitam", 120000, 7, 110),
            ],
            {},
        ),
        (
            "sandal-kulit-pria-selop",
            "Sandal Kulit Pria Selop",
            "aksesoris",
            "Sandal selop kulit sapi dengan sol karet antiselip.",
            [
                ("KKR-SDL-40", "40", 195000, 6, 700),
                ("KKR-SDL-41", "41", 195000, 8, 700),
                ("KKR-SDL-42", "42", 195000, 4, 720),
                ("KKR-SDL-43", "43", 195000, 0, 740),
            ],
            {},
        ),
    ],
}
