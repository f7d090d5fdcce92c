"""Realistic, deterministic catalogue data and a fixed query set for `search_bench.py`.

Products are composed from per-category vocabularies in popularity order and drawn with Zipf
weights, so that a few words ("keripik", "batik", "kaos") are very common and many are rare
("purun", "klanceng", "sonokeling"), as in a real catalogue. Stores sit in real kabupaten/kota
of eleven provinces, craft centres where the craft is made (batik in Pekalongan, carving in
Jepara). Everything comes from `random.Random(seed)`: the same seed gives the same rows.

Rows are plain dicts for bulk Core INSERTs; ids are assigned here (1..n) so that related rows
can be written without reading anything back.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import random
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from marketplace.regions.reference import Regency, get_province, list_regencies

# -- Vocabulary --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """What one leaf category sells and how its products are named, priced and described."""

    slug: str  # leaf category slug (marketplace.demo.data.CATEGORIES)
    top: str  # top category slug
    weight: float  # share of stores whose main line this is
    bases: Sequence[str]  # product types, most common first
    mods: Sequence[str]  # flavour / ingredient / material / motif, most common first
    extras: Sequence[str] = ()  # optional third part (colour, variant), most common first
    extra_share: float = 0.0  # how often a name carries an extra
    sizes: Sequence[str] = ()  # a size in the name (food)
    size_share: float = 0.0
    variants: Sequence[Sequence[str]] = (("",),)  # variant label sets to choose from
    price: int = 25_000  # typical lowest price in Rupiah
    preorder_share: float = 0.02
    khas_share: float = 0.0  # "... Khas Demak" in the name
    food: bool = False
    hubs: Sequence[str] = ()  # kabupaten/kota where this craft concentrates


FOOD_SIZES = ("250 g", "200 g", "100 g", "500 g", "150 g", "1 kg")
WEIGHTS_G = (("100 g", "250 g"), ("250 g", "500 g"), ("150 g", "300 g", "1 kg"), ("200 g",))
CLOTH_SIZES = (("S", "M", "L", "XL"), ("M", "L", "XL", "XXL"), ("All size",), ("M", "L"))
COLOURS = (
    "Hitam",
    "Putih",
    "Navy",
    "Maroon",
    "Abu-abu",
    "Mocca",
    "Sage",
    "Dusty Pink",
    "Army",
    "Mustard",
    "Lilac",
    "Terracotta",
)


def _v(*parts: str) -> tuple[str, ...]:
    """A vocabulary written as comma-separated text: "Keripik Tempe, Keripik Singkong"."""
    return tuple(w.strip() for w in " ".join(parts).split(",") if w.strip())


KINDS: tuple[Kind, ...] = (
    Kind(
        slug="keripik-camilan",
        top="kuliner",
        weight=16,
        bases=_v(
            "Keripik Tempe, Keripik Singkong, Keripik Pisang, Kerupuk Udang, Kerupuk Ikan,",
            "Peyek Kacang, Basreng, Makaroni, Keripik Kentang, Kacang Bawang, Rengginang,",
            "Keripik Talas, Kerupuk Rambak, Emping Melinjo, Keripik Usus, Keripik Bayam,",
            "Stik Keju, Keripik Tahu, Peyek Teri, Kerupuk Bawang, Keripik Sukun,",
            "Keripik Ubi Ungu, Kerupuk Kemplang, Keripik Nangka, Keripik Jamur Tiram,",
            "Sale Pisang, Keripik Salak, Kerupuk Puli, Opak Singkong, Keripik Kulit Ikan,",
            "Keciput, Kerupuk Gendar",
        ),
        mods=_v(
            "Original, Pedas, Balado, Pedas Manis, Asin Gurih, Daun Jeruk, Bawang, Keju,",
            "Jagung Bakar, Manis, Rumput Laut, Level 5, Barbeque, Sapi Panggang, Cabai Hijau, Ebi",
        ),
        sizes=FOOD_SIZES,
        size_share=0.6,
        variants=WEIGHTS_G,
        price=17_000,
        khas_share=0.08,
        food=True,
    ),
    Kind(
        slug="kue-roti",
        top="kuliner",
        weight=9,
        bases=_v(
            "Bolu, Brownies, Roti, Nastar, Kastengel, Bakpia, Kue Kering, Putri Salju,",
            "Lapis Legit, Bolu Gulung, Lidah Kucing, Onde-onde, Kue Lapis, Molen, Pia,",
            "Roti Sobek, Bolu Kukus, Klepon, Bika Ambon, Wingko, Kue Bawang, Bolu Meranti,",
            "Cucur, Kue Semprit, Bolu Tape",
        ),
        mods=_v(
            "Pandan, Cokelat, Keju, Original, Kacang Hijau, Nanas, Pisang, Ketan Hitam,",
            "Gula Aren, Kelapa, Mocca, Red Velvet, Susu, Ubi Ungu, Durian, Kayu Manis",
        ),
        sizes=_v("Toples 500 g, Isi 10, 1 Loyang, Kotak 20 x 20 cm, Toples 250 g"),
        size_share=0.4,
        variants=(("Toples 250 g", "Toples 500 g"), ("Isi 10", "Isi 20"), ("1 Loyang",)),
        price=45_000,
        preorder_share=0.08,
        khas_share=0.05,
        food=True,
    ),
    Kind(
        slug="sambal-bumbu",
        top="kuliner",
        weight=7,
        bases=_v(
            "Sambal Bawang, Sambal Terasi, Sambal Bajak, Sambal Ijo, Sambal Cumi, Sambal Roa,",
            "Abon Sapi, Bawang Goreng, Sambal Teri, Bumbu Pecel, Abon Ayam, Terasi Udang,",
            "Bumbu Rendang, Sambal Matah, Kecap Manis, Petis Udang, Bumbu Rujak,",
            "Abon Ikan Tuna, Serundeng, Sambal Cakalang, Bumbu Soto, Bumbu Rawon, Abon Lele,",
            "Sambal Tempe",
        ),
        mods=_v(
            "Pedas, Original, Extra Pedas, Rumahan, Tanpa Pengawet, Super, Manis, Cabai Rawit,",
            "Daun Jeruk, Asap",
        ),
        sizes=_v("150 ml, 200 g, Botol 250 ml, 100 g, 250 g"),
        size_share=0.6,
        variants=(("150 ml",), ("100 g", "250 g"), ("Botol 250 ml", "Jerigen 1 l")),
        price=25_000,
        khas_share=0.12,
        food=True,
    ),
    Kind(
        slug="minuman",
        top="kuliner",
        weight=7,
        bases=_v(
            "Kopi Robusta, Kopi Arabika, Teh, Jahe Merah Instan, Madu, Gula Aren, Wedang Uwuh,",
            "Teh Hijau, Kopi Bubuk, Sirup, Temulawak Instan, Kunyit Asam, Teh Rosella,",
            "Kopi Luwak, Wedang Jahe, Bandrek, Teh Telang, Susu Kedelai, Cokelat Bubuk, Bajigur",
        ),
        mods=_v(
            "Temanggung, Gayo, Toraja, Murni, Melati, Kintamani, Sidikalang, Hutan, Cair,",
            "Semut, Lampung, Biji Sangrai, Markisa, Randu, Daun Kelor, Klanceng, Kawis, Secang",
        ),
        sizes=_v("200 g, 250 g, 500 ml, 100 g, 1 kg"),
        size_share=0.5,
        variants=(("200 g", "500 g"), ("250 ml", "500 ml"), ("Sachet isi 10",)),
        price=40_000,
        khas_share=0.05,
        food=True,
        hubs=_v("Kabupaten Temanggung, Kabupaten Tana Toraja, Kabupaten Aceh Tengah"),
    ),
    Kind(
        slug="frozen-food",
        top="kuliner",
        weight=5,
        bases=_v(
            "Bakso Sapi, Nugget Ayam, Dimsum, Pempek, Risoles, Otak-otak, Siomay, Sosis Ayam,",
            "Cireng, Bakso Ikan, Lumpia, Tahu Bakso, Bandeng Presto, Dumpling Ayam,",
            "Rendang Beku, Bakso Urat, Nugget Sayur, Kebab Frozen",
        ),
        mods=_v(
            "Isi 10, Isi 25, Kapal Selam, Mayo, Keju, Ayam, Udang, Isi Ayam, Pedas, Tenggiri,",
            "Rujak, Ragout",
        ),
        variants=(("Isi 10", "Isi 25"), ("500 g", "1 kg"), ("Isi 20",)),
        price=35_000,
        preorder_share=0.05,
        khas_share=0.05,
        food=True,
    ),
    Kind(
        slug="oleh-oleh",
        top="kuliner",
        weight=6,
        bases=_v(
            "Dodol, Jenang, Wingko Babat, Bakpia Pathok, Ikan Asin, Amplang, Geplak, Brem,",
            "Lempok Durian, Kacang Disko, Enting-enting Gepuk, Carang Mas, Yangko, Madumongso,",
            "Lanting, Getuk, Dendeng Sapi, Kue Bangkit, Teri Medan, Jambal Roti",
        ),
        mods=_v(
            "Durian, Original, Nanas, Ketan, Gula Jawa, Wijen, Kelapa Muda, Balado, Susu,",
            "Pandan, Sirsak",
        ),
        sizes=_v("500 g, 250 g, Besek 500 g, Kotak Isi 10"),
        size_share=0.4,
        variants=(("250 g", "500 g"), ("Besek 500 g",), ("Kotak Isi 10", "Kotak Isi 20")),
        price=30_000,
        khas_share=0.45,
        food=True,
    ),
    Kind(
        slug="batik",
        top="kerajinan",
        weight=9,
        bases=_v(
            "Kain Batik Tulis, Kain Batik Cap, Kemeja Batik, Batik Printing, Blus Batik,",
            "Selendang Batik, Dress Batik, Sarung Batik, Outer Batik, Batik Kombinasi,",
            "Kain Jumputan, Kain Tenun, Kain Songket, Kain Ikat",
        ),
        mods=_v(
            "Motif Parang, Motif Kawung, Mega Mendung, Motif Jlamprang, Sekar Jagad, Truntum,",
            "Motif Buketan, Lasem, Sidomukti, Tujuh Rupa, Motif Liong, Semen Rama, Gentongan,",
            "Encim, Tambal, Sogan, Pewarna Alam, Indigo",
        ),
        extras=_v("Katun Primisima, Sutra, Katun Prima, Dobby, Lengan Pendek, Pria"),
        extra_share=0.35,
        variants=(("2 m",), ("M", "L", "XL"), ("2 m x 1,15 m",), ("All size",)),
        price=175_000,
        preorder_share=0.12,
        hubs=_v(
            "Kota Pekalongan, Kabupaten Pekalongan, Kota Surakarta, Kabupaten Rembang,",
            "Kota Yogyakarta, Kabupaten Cirebon, Kabupaten Pamekasan, Kabupaten Bangkalan",
        ),
    ),
    Kind(
        slug="anyaman",
        top="kerajinan",
        weight=4,
        bases=_v(
            "Tas Anyaman, Keranjang, Tikar, Topi, Tempat Tisu, Tudung Saji, Kap Lampu, Nampan,",
            "Bakul, Vas, Box Hampers, Kipas",
        ),
        mods=_v("Rotan, Bambu, Pandan, Mendong, Eceng Gondok, Lidi, Purun, Agel, Pelepah Pisang"),
        extras=_v("Natural, Handmade, Set Isi 3, Besar, Kecil"),
        extra_share=0.3,
        variants=(("Kecil", "Sedang", "Besar"), ("Set Isi 3",), ("Diameter 30 cm",)),
        price=65_000,
        preorder_share=0.2,
        hubs=_v("Kabupaten Tasikmalaya, Kabupaten Sleman, Kabupaten Lombok Barat"),
    ),
    Kind(
        slug="kayu",
        top="kerajinan",
        weight=4,
        bases=_v(
            "Ukiran, Talenan, Sendok Kayu, Kotak Perhiasan, Hiasan Dinding, Patung,",
            "Miniatur Kapal, Jam Dinding, Rak Bumbu, Nampan Kayu, Meja Lipat, Asbak, Kaligrafi",
        ),
        mods=_v(
            "Jati, Mahoni, Ukir Jepara, Sonokeling, Trembesi, Akar Jati, Pinus, Minimalis,",
            "Finishing Natural",
        ),
        extras=_v("Besar, Kecil, Set Isi 6, Custom Nama"),
        extra_share=0.25,
        variants=(("Kecil", "Besar"), ("30 x 20 cm",), ("Set Isi 6",)),
        price=95_000,
        preorder_share=0.25,
        hubs=_v("Kabupaten Jepara, Kabupaten Gianyar, Kabupaten Bantul"),
    ),
    Kind(
        slug="gerabah",
        top="kerajinan",
        weight=3,
        bases=_v(
            "Gerabah, Pot Bunga, Cobek, Kendi, Vas Bunga, Celengan, Guci, Tungku, Anglo,",
            "Piring Keramik, Cangkir Keramik",
        ),
        mods=_v("Tanah Liat, Kasongan, Terakota, Plered, Glasir, Motif Ukir, Banyumulek, Klampok"),
        extras=_v("Besar, Kecil, Set Isi 2, Diameter 25 cm"),
        extra_share=0.3,
        variants=(("Kecil", "Sedang", "Besar"), ("Diameter 25 cm",)),
        price=45_000,
        preorder_share=0.15,
        hubs=_v(
            "Kabupaten Bantul, Kabupaten Purwakarta, Kabupaten Lombok Barat,",
            "Kabupaten Banjarnegara",
        ),
    ),
    Kind(
        slug="aksesoris",
        top="kerajinan",
        weight=4,
        bases=_v(
            "Gelang, Kalung, Bros, Anting, Gantungan Kunci, Dompet, Bucket Bunga, Ikat Rambut,",
            "Cincin, Sabuk, Strap Masker",
        ),
        mods=_v(
            "Rajut, Perak, Manik-manik, Kulit Sapi, Resin, Batok Kelapa, Kerang, Tembaga, Kayu,",
            "Mutiara Lombok",
        ),
        extras=COLOURS,
        extra_share=0.25,
        variants=(("",), ("Set Isi 3",), ("Kecil", "Besar")),
        price=35_000,
        preorder_share=0.1,
        hubs=_v("Kabupaten Lombok Barat, Kabupaten Gianyar, Kota Yogyakarta"),
    ),
    Kind(
        slug="seragam",
        top="konveksi",
        weight=5,
        bases=_v(
            "Seragam SD, Seragam Kerja, Kemeja PDH, Seragam SMP, Seragam SMA, Wearpack,",
            "Seragam Pramuka, Jas Almamater, Rompi, Baju Perawat, Seragam Batik Sekolah,",
            "Kaos Olahraga Sekolah",
        ),
        mods=_v(
            "Putih Merah, Putih Biru, Putih Abu-abu, Drill, American Drill, Tropical, Katun,",
            "Navy, Coklat, Nagata",
        ),
        extras=_v("Lengan Panjang, Lengan Pendek, Bordir Logo, Custom"),
        extra_share=0.3,
        variants=(*CLOTH_SIZES, ("Nomor 8", "Nomor 10", "Nomor 12", "Nomor 14")),
        price=85_000,
        preorder_share=0.3,
    ),
    Kind(
        slug="kaos",
        top="konveksi",
        weight=6,
        bases=_v(
            "Kaos Polos, Kaos Sablon, Kaos Polo, Kaos Oblong, Kaos Anak, Kaos Distro,",
            "Kaos Lengan Panjang, Kaos Komunitas, Kaos Raglan, Kaos Couple, Hoodie, Jaket Bomber",
        ),
        mods=_v(
            "Cotton Combed 30s, Cotton Combed 24s, Lacoste Pique, Cotton Bamboo, Motif Wayang,",
            "Aksara Jawa, Tulisan Lucu, PE, Fleece, Sablon Plastisol",
        ),
        extras=COLOURS,
        extra_share=0.5,
        variants=CLOTH_SIZES,
        price=55_000,
        preorder_share=0.1,
    ),
    Kind(
        slug="busana-muslim",
        top="konveksi",
        weight=6,
        bases=_v(
            "Gamis, Jilbab Segi Empat, Pashmina, Tunik, Kemeja Koko, Hijab Bergo, Daster,",
            "Khimar, Abaya, Sarung Tenun, Peci, Celana Kulot, Kopiah Rajut",
        ),
        mods=_v(
            "Wolfis, Ceruti, Voal, Katun Jepang, Rayon, Polos, Bordir, Moscrepe, Linen, Plisket,",
            "Motif Bunga, Diamond",
        ),
        extras=COLOURS,
        extra_share=0.45,
        variants=CLOTH_SIZES,
        price=75_000,
        preorder_share=0.12,
        hubs=_v("Kabupaten Tasikmalaya, Kota Bandung, Kabupaten Pekalongan"),
    ),
    Kind(
        slug="tas",
        top="konveksi",
        weight=5,
        bases=_v(
            "Tas Rajut, Tote Bag, Tas Selempang, Tas Kulit, Dompet Kulit, Tas Ransel, Pouch,",
            "Tas Laptop, Goodie Bag, Tas Batik, Tas Sekolah, Sling Bag",
        ),
        mods=_v(
            "Kanvas, Kulit Sapi, Blacu, Benang Katun, Spunbond, Kulit Domba, Goni, Waterproof,",
            "Custom Sablon",
        ),
        extras=COLOURS,
        extra_share=0.45,
        variants=(("",), ("Kecil", "Besar"), ("Hitam", "Coklat", "Krem")),
        price=85_000,
        preorder_share=0.15,
        hubs=_v("Kabupaten Sidoarjo, Kota Bogor, Kabupaten Garut"),
    ),
    Kind(
        slug="mukena",
        top="konveksi",
        weight=4,
        bases=_v(
            "Mukena, Mukena Dewasa, Mukena Anak, Mukena Traveling, Mukena Bali, Sajadah,",
            "Mukena Parasut",
        ),
        mods=_v("Katun Rayon, Silk, Bordir, Renda, Katun Jepang, Polos, Motif Bunga, Lukis, Batik"),
        extras=COLOURS,
        extra_share=0.5,
        variants=(("Putih", "Sage", "Mocca"), ("All size",), ("Dewasa", "Anak")),
        price=150_000,
        preorder_share=0.1,
        hubs=_v("Kabupaten Tasikmalaya"),
    ),
)

KIND_BY_SLUG = {k.slug: k for k in KINDS}
# Goods sold only by stores that state their products are not halal.
NON_HALAL_BASES = (
    "Dendeng Babi",
    "Sosis Babi",
    "Babi Kecap",
    "Sate Babi",
    "Lapchiong",
    "Saksang",
    "Kerupuk Kulit Babi",
)
NON_HALAL_PROVINCES = ("12", "51", "71")

# Provinces with their share of stores (Java heavy, as the IKM programmes are).
PROVINCES = (
    ("33", 30),
    ("35", 18),
    ("32", 14),
    ("34", 8),
    ("12", 8),
    ("13", 5),
    ("51", 5),
    ("73", 4),
    ("52", 3),
    ("63", 2),
    ("71", 2),
    ("11", 1),
)

OWNER_NAMES = (
    "Sri Wahyuni",
    "Siti Aminah",
    "Dewi Lestari",
    "Nur Hidayah",
    "Rina Marpaung",
    "Budi Siregar",
    "Sutini",
    "Yati Rahayu",
    "Ani Suryani",
    "Euis Kurniasih",
    "Ema Yusnita",
    "Made Sukarni",
    "Ketut Ariani",
    "Darto",
    "Ijah Maryam",
    "Lia Amelia",
    "Parlin Harahap",
    "Wayan Sudarta",
    "Asih Pratiwi",
    "Tuti Handayani",
    "Ratna Sari",
    "Hartono",
    "Slamet Riyadi",
    "Daeng Rahman",
    "Andi Tenri",
    "Yusuf Hamzah",
    "Agus Salim",
    "Murni",
    "Endang Susilowati",
    "Fitri Handayani",
)
HONORIFICS = ("Bu", "Mbak", "Pak", "Mak", "Kak", "Uni", "Teh", "Bunda", "Mbok", "Mas")
BRANDS = (
    "Berkah",
    "Barokah",
    "Sari Rasa",
    "Sekar Arum",
    "Lestari",
    "Jaya Makmur",
    "Mandiri",
    "Sumber Rejeki",
    "Cita Rasa",
    "Amanah",
    "Sinar Jaya",
    "Rizki",
    "Melati",
    "Mekar Sari",
    "Tunas Harapan",
    "Karya Ibu",
    "Putri",
    "Srikandi",
    "Nusantara",
    "Cahaya",
    "Sejahtera",
    "Arum Dalu",
    "Sido Mulyo",
    "Maju Bersama",
    "Ayu",
    "Kenanga",
)
STORE_PREFIXES = {
    "kuliner": ("Dapur", "Keripik", "Kue", "Omah", "Pawon", "Warung", "Sambal", "UD", "Kopi"),
    "kerajinan": ("Batik", "Griya Batik", "Sanggar", "Kriya", "Galeri", "Rumah", "Ukir", "Anyaman"),
    "konveksi": ("Konveksi", "Butik", "Jahit", "Rajut", "Griya Busana", "Tas", "Sablon", "Mukena"),
}

# Description phrase banks: {name}, {what}, {mod}, {city}, {days}, {year}, {material}.
PHRASES = {
    "kuliner": (
        (
            "{name} dibuat dari {what} pilihan.",
            "Kami mengolah {what} sendiri setiap hari di dapur kami di {city}.",
            "Resep keluarga sejak {year}, dibuat dalam jumlah kecil agar rasanya terjaga.",
            "Produk rumahan dari {city}, diolah oleh alumni pelatihan olahan pangan.",
        ),
        (
            "Rasa {mod} yang pas, renyah dan gurih.",
            "Tanpa pengawet, tanpa pewarna buatan dan tanpa MSG.",
            "Digoreng dengan minyak baru sehingga tidak berminyak dan tidak tengik.",
            "Dimasak lama dengan api kecil supaya bumbunya meresap.",
            "Bahan baku dari petani sekitar, dipilih yang segar.",
        ),
        (
            "Cocok untuk camilan keluarga, oleh-oleh, atau isian hampers Lebaran.",
            "Dikemas dalam standing pouch ziplock agar tetap renyah.",
            "Tahan {days} hari di suhu ruang; simpan di tempat kering.",
            "Teman makan nasi, teman ngopi, atau bekal perjalanan.",
            "Melayani pesanan partai untuk warung, reseller dan acara kantor.",
            "Simpan di kulkas setelah dibuka agar tahan lebih lama.",
        ),
    ),
    "kerajinan": (
        (
            "{name} buatan tangan perajin {city}.",
            "Dikerjakan satu per satu oleh perajin di sentra {what} {city}.",
            "Karya perajin binaan dinas perindustrian, bahan {material} pilihan.",
        ),
        (
            "Setiap produk sedikit berbeda karena dikerjakan manual.",
            "Finishing rapi dan halus, warna tahan lama.",
            "Motif {mod} yang khas, diwariskan turun-temurun sejak {year}.",
            "Bahan {material} yang kuat dan ramah lingkungan.",
        ),
        (
            "Cocok untuk hadiah, suvenir pernikahan, atau dekorasi rumah.",
            "Menerima pesanan custom dan partai besar untuk instansi.",
            "Dikirim dengan bubble wrap dan kardus tebal.",
            "Pre-order untuk jumlah banyak, waktu pengerjaan menyesuaikan.",
        ),
    ),
    "konveksi": (
        (
            "{name} jahitan rapi dari konveksi kami di {city}.",
            "Diproduksi sendiri oleh penjahit berpengalaman di {city}.",
            "Produksi konveksi rumahan alumni pelatihan menjahit sejak {year}.",
        ),
        (
            "Bahan {material} yang adem, lembut dan tidak menerawang.",
            "Jahitan rantai dan obras rapi, kuat untuk dipakai sehari-hari.",
            "Ukuran sesuai tabel; silakan tanya ukuran lewat WhatsApp.",
            "Warna tidak mudah luntur setelah dicuci berkali-kali.",
        ),
        (
            "Menerima pesanan seragam sekolah, kantor dan komunitas.",
            "Bisa custom bordir atau sablon logo untuk pesanan partai.",
            "Cocok untuk hadiah, seragam keluarga, atau dijual kembali.",
            "Harga grosir untuk reseller mulai 12 potong.",
        ),
    ),
}


def zipf_weights(n: int, s: float = 1.0) -> list[float]:
    """Weights 1/rank^s for n items in popularity order."""
    return [1.0 / (i + 1) ** s for i in range(n)]


def slugify(text: str) -> str:
    """Lower-case words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def short_place(city_name: str) -> str:
    """ "Kabupaten Demak" -> "Demak"."""
    return city_name.removeprefix("Kabupaten ").removeprefix("Kota ")


# -- Names -------------------------------------------------------------------------------------


class Namer:
    """Product names of one kind, words drawn with Zipf weights (one instance per kind)."""

    def __init__(self, kind: Kind) -> None:
        self.kind = kind
        self.base_w = zipf_weights(len(kind.bases), 1.05)
        self.mod_w = zipf_weights(len(kind.mods), 0.9)
        self.extra_w = zipf_weights(len(kind.extras), 0.8) if kind.extras else []
        self.size_w = zipf_weights(len(kind.sizes), 1.0) if kind.sizes else []

    def name(self, rng: random.Random, city: str) -> tuple[str, str, str]:
        """(name, base, modifier) for a product made in `city` (a short place name)."""
        kind = self.kind
        base = rng.choices(kind.bases, self.base_w)[0]
        mod = rng.choices(kind.mods, self.mod_w)[0] if rng.random() < 0.85 else ""
        parts = [base, mod]
        if kind.extras and rng.random() < kind.extra_share:
            parts.append(rng.choices(kind.extras, self.extra_w)[0])
        if kind.khas_share and rng.random() < kind.khas_share:
            parts.append(f"Khas {city}")
        if kind.sizes and rng.random() < kind.size_share:
            parts.append(rng.choices(kind.sizes, self.size_w)[0])
        return " ".join(p for p in parts if p), base, mod


NAMERS = {k.slug: Namer(k) for k in KINDS}


_PRODUCT_TYPES = {"keripik", "kerupuk", "peyek", "sambal", "abon", "bakso", "nugget", "kopi", "teh"}


def _material(kind: Kind, base: str) -> str:
    """What the description says a good is made of, or the craft its centre is known for."""
    first, _, rest = base.lower().partition(" ")
    if kind.top != "kuliner":
        return first  # "sentra batik", "sentra gerabah"
    return rest if first in _PRODUCT_TYPES and rest else "bahan"


def description(rng: random.Random, kind: Kind, name: str, base: str, mod: str, city: str) -> str:
    """Two or three sentences from the kind's phrase banks."""
    banks = PHRASES[kind.top]
    picked = [rng.choice(banks[0]), rng.choice(banks[1])]
    if rng.random() < 0.6:
        picked.append(rng.choice(banks[2]))
    material = mod or rng.choice(kind.mods)
    values = {
        "name": name,
        "what": _material(kind, base),
        "mod": (mod or "original").lower(),
        "material": material.lower(),
        "city": city,
        "days": rng.choice((30, 60, 90, 120, 180)),
        "year": rng.randint(1985, 2022),
    }
    return " ".join(p.format(**values) for p in picked)


# -- Rows --------------------------------------------------------------------------------------


# Fixed, so that the data does not depend on the day it runs; never in the future, or a
# rebuild would see every product as changed during it and index it twice.
NOW = min(datetime(2026, 11, 1, 8, 0, tzinfo=UTC), datetime.now(UTC) - timedelta(days=1))
TODAY = date.today()


@dataclass
class Catalogue:
    """Rows for every table, in insert order, plus what the query set needs to know."""

    categories: list[dict[str, Any]] = field(default_factory=list)
    users: list[dict[str, Any]] = field(default_factory=list)
    stores: list[dict[str, Any]] = field(default_factory=list)
    members: list[dict[str, Any]] = field(default_factory=list)
    agencies: list[dict[str, Any]] = field(default_factory=list)
    programs: list[dict[str, Any]] = field(default_factory=list)
    participants: list[dict[str, Any]] = field(default_factory=list)
    enrollments: list[dict[str, Any]] = field(default_factory=list)
    products: list[dict[str, Any]] = field(default_factory=list)
    variants: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {k: len(v) for k, v in vars(self).items()}


def category_rows() -> tuple[list[dict[str, Any]], dict[str, int], dict[str, bool]]:
    """The demo category tree: rows, slug -> id, slug -> is_food."""
    from marketplace.demo.data import CATEGORIES

    rows: list[dict[str, Any]] = []
    ids: dict[str, int] = {}
    food: dict[str, bool] = {}
    for position, (slug, name, name_en, children) in enumerate(CATEGORIES):
        ids[slug] = len(rows) + 1
        food[slug] = slug == "kuliner"
        rows.append(
            {
                "id": ids[slug],
                "parent_id": None,
                "name": name,
                "name_en": name_en,
                "slug": slug,
                "position": position,
                "is_food": food[slug],
            }
        )
        for child_position, (child_slug, child_name, child_en) in enumerate(children):
            ids[child_slug] = len(rows) + 1
            food[child_slug] = food[slug]
            rows.append(
                {
                    "id": ids[child_slug],
                    "parent_id": ids[slug],
                    "name": child_name,
                    "name_en": child_en,
                    "slug": child_slug,
                    "position": child_position,
                    "is_food": food[slug],
                }
            )
    return rows, ids, food


def _regencies() -> tuple[list[Regency], list[float], dict[str, Regency]]:
    """Regencies of the provinces used, with weights (province share x Zipf within it)."""
    regencies: list[Regency] = []
    weights: list[float] = []
    by_name: dict[str, Regency] = {}
    shuffle = random.Random(7)  # which regencies of a province are busy: fixed, not by seed
    for code, share in PROVINCES:
        found = list_regencies(code)
        shuffle.shuffle(found)
        w = zipf_weights(len(found), 0.8)
        total = sum(w)
        for regency, x in zip(found, w, strict=True):
            regencies.append(regency)
            weights.append(share * x / total)
            by_name[regency.name] = regency
    return regencies, weights, by_name


def regencies_by_name() -> dict[str, Regency]:
    """Kabupaten/kota of the provinces used, by name ("Kota Pekalongan")."""
    return _regencies()[2]


def _stamp(rng: random.Random, oldest_days: int = 900) -> datetime:
    # More recent products are more common (the catalogue grows).
    days = oldest_days * (1 - math.sqrt(rng.random()))
    return NOW - timedelta(days=30 + days, seconds=rng.randint(0, 86_399))


def _price(rng: random.Random, typical: int) -> int:
    raw = typical * math.exp(rng.gauss(0, 0.45))
    step = 500 if raw < 50_000 else 1_000 if raw < 250_000 else 5_000
    return max(step, round(raw / step) * step)


def _halal_no(rng: random.Random, region_code: str) -> str:
    return f"ID{region_code.replace('.', '')}{rng.randint(10**12, 10**13 - 1)}"


def generate(n_products: int, seed: int = 20261123) -> Catalogue:
    """A catalogue with `n_products` searchable products (same seed, same rows)."""
    rng = random.Random(seed)
    out = Catalogue()
    out.categories, cat_ids, _food = category_rows()
    regencies, regency_w, by_name = _regencies()

    # Agencies: a Dinas in a dozen regencies, each with four programmes.
    agency_regencies = rng.sample(regencies[:60], 12)
    for a, regency in enumerate(agency_regencies, start=1):
        out.agencies.append(
            {
                "id": a,
                "name": f"Dinas Perindustrian dan Tenaga Kerja {regency.name}",
                "short_name": f"Disperinaker {short_place(regency.name)}",
                "region_code": regency.code,
                "region_name": regency.name,
                "created_at": NOW - timedelta(days=1000),
                "updated_at": NOW - timedelta(days=1000),
            }
        )
        for skill in ("kuliner", "konveksi", "kerajinan", "kewirausahaan"):
            out.programs.append(
                {
                    "id": len(out.programs) + 1,
                    "agency_id": a,
                    "title": f"Pelatihan {skill.title()} {short_place(regency.name)} 2025",
                    "kind": "pelatihan",
                    "skill_field": skill,
                    "start_date": date(2025, 3, 3),
                    "end_date": date(2025, 3, 28),
                    "capacity": 40,
                    "funding_source": "APBD",
                    "description": "",
                    "created_at": NOW - timedelta(days=700),
                    "updated_at": NOW - timedelta(days=700),
                }
            )
    programs_of = {
        (p["agency_id"], p["skill_field"]): p["id"] for p in out.programs
    }  # (agency, skill) -> program id

    # Stores: about one per 50 products, 300 to 2,000.
    n_stores = max(300, min(2000, n_products // 50))
    kind_w = [k.weight for k in KINDS]
    store_kinds: list[tuple[Kind, Kind | None]] = []
    store_w: list[float] = []
    store_live: list[bool] = []
    store_region: list[Regency] = []
    for s in range(1, n_stores + 1):
        kind = rng.choices(KINDS, kind_w)[0]
        same_top = [k for k in KINDS if k.top == kind.top and k is not kind]
        second = rng.choice(same_top) if rng.random() < 0.35 else None
        if kind.hubs and rng.random() < 0.55:
            regency = by_name.get(rng.choice(kind.hubs)) or rng.choices(regencies, regency_w)[0]
        else:
            regency = rng.choices(regencies, regency_w)[0]
        province = get_province(regency.province_code)
        owner = rng.choice(OWNER_NAMES)
        prefix = rng.choice(STORE_PREFIXES[kind.top])
        if rng.random() < 0.5:
            name = f"{prefix} {rng.choice(HONORIFICS)} {owner.split()[0]}"
        else:
            name = f"{prefix} {rng.choice(BRANDS)}"
        if rng.random() < 0.25:
            name += f" {short_place(regency.name)}"
        status = rng.choices(("live", "draft", "suspended"), (95, 3, 2))[0]
        created = _stamp(rng, 1200)
        out.stores.append(
            {
                "id": s,
                "name": name,
                "slug": f"{slugify(name)[:70]}-{s}",
                "description": f"{name}: produk IKM dari {regency.name}, {province.name}.",
                "address_line": f"Jl. {rng.choice(BRANDS)} No. {rng.randint(1, 200)}",
                "province_code": regency.province_code,
                "region_code": regency.code,
                "city_name": regency.name,
                "whatsapp": f"+62812{rng.randint(10_000_000, 99_999_999)}",
                "opening_hours": "",
                "is_preorder_only": False,
                "is_on_holiday": False,
                "holiday_note": "",
                "status": status,
                "live_since": created if status == "live" else None,
                "created_at": created,
                "updated_at": created + timedelta(days=rng.randint(0, 20)),
            }
        )
        store_kinds.append((kind, second))
        store_w.append(rng.paretovariate(1.1))  # a few big stores, many small ones
        store_live.append(status == "live")
        store_region.append(regency)
        out.users.append(
            {
                "id": s,
                "email": f"pemilik{s}@bench.pasarikm.example",
                "name": owner,
                "phone": f"+62813{s:08d}",
                "password_hash": "!",
                "is_admin": False,
                "timezone": "Asia/Jakarta",
                "session_version": 1,
                "created_at": created,
                "updated_at": created,
            }
        )
        out.members.append(
            {
                "id": s,
                "store_id": s,
                "user_id": s,
                "role": "owner",
                "created_at": created,
                "updated_at": created,
            }
        )
        # Most owners are alumni of a programme, usually of a Dinas in their own province.
        if rng.random() < 0.65:
            local = [
                a
                for a, r in enumerate(agency_regencies, 1)
                if r.province_code == regency.province_code
            ]
            agency = rng.choice(local) if local and rng.random() < 0.8 else rng.randint(1, 12)
            pid = len(out.participants) + 1
            out.participants.append(
                {
                    "id": pid,
                    "full_name": owner,
                    "nik_hash": hashlib.sha256(f"bench-{s}".encode()).hexdigest(),
                    "nik_last4": f"{s % 10000:04d}",
                    "gender": "P",
                    "birth_year": rng.randint(1965, 2000),
                    "user_id": s,
                    "created_at": created,
                    "updated_at": created,
                }
            )
            skills = [kind.top] + (["kewirausahaan"] if rng.random() < 0.3 else [])
            for skill in skills:
                out.enrollments.append(
                    {
                        "id": len(out.enrollments) + 1,
                        "program_id": programs_of[(agency, skill)],
                        "participant_id": pid,
                        "agency_id": agency,
                        "status": "completed",
                        "created_at": created,
                        "updated_at": created,
                    }
                )

    # Products: drafts, hidden goods, expired halal certificates and products of stores that
    # are not live come on top, until `n_products` are searchable.
    cum_w = list(itertools.accumulate(store_w))
    variant_id = 0
    pid = 0
    searchable = 0
    while searchable < n_products:
        pid += 1
        s = rng.choices(range(1, n_stores + 1), cum_weights=cum_w)[0]
        kind, second = store_kinds[s - 1]
        roll = rng.random()
        if second is not None and roll < 0.25:
            kind = second
        elif roll > 0.96:
            kind = rng.choice([k for k in KINDS if k.top == kind.top])
        regency = store_region[s - 1]
        place = short_place(regency.name)
        non_halal = (
            kind.food
            and regency.province_code in NON_HALAL_PROVINCES
            and kind.slug in ("frozen-food", "oleh-oleh", "sambal-bumbu")
            and rng.random() < 0.25
        )
        if non_halal:
            base = rng.choice(NON_HALAL_BASES)
            mod = rng.choice(("Original", "Pedas", "Manis", ""))
            name = f"{base} {mod}".strip() + (f" Khas {place}" if rng.random() < 0.4 else "")
        else:
            name, base, mod = NAMERS[kind.slug].name(rng, place)
        created = _stamp(rng)
        updated = min(created + timedelta(days=rng.expovariate(1 / 20)), NOW)
        status = rng.choices(("active", "draft", "hidden", "archived"), (94, 3, 2, 1))[0]
        preorder = rng.random() < kind.preorder_share
        rated = rng.random() < 0.45
        rating_count = min(500, int(rng.paretovariate(1.3))) if rated else 0
        rating_avg = min(5.0, max(1.0, rng.gauss(4.5, 0.45)))
        halal_no, halal_until = None, None
        halal_ok = not kind.food or non_halal
        if kind.food and not non_halal:
            roll = rng.random()
            if roll < 0.90:  # valid certificate (BPJPH certificates run four years)
                halal_no = _halal_no(rng, regency.code)
                halal_until = TODAY + timedelta(days=rng.randint(30, 1460))
                halal_ok = True
            elif roll < 0.95:  # expired: hidden from search until renewed
                halal_no = _halal_no(rng, regency.code)
                halal_until = TODAY - timedelta(days=rng.randint(1, 200))
            # else: certificate still being processed, not public yet
        searchable += status == "active" and store_live[s - 1] and halal_ok
        out.products.append(
            {
                "id": pid,
                "store_id": s,
                "category_id": cat_ids[kind.slug],
                "name": name[:160],
                "slug": f"{slugify(name)[:100]}-{pid}",
                "description": description(rng, kind, name, base, mod, regency.name),
                "status": status,
                "sale_type": "preorder" if preorder else "ready",
                "preorder_days": rng.randint(3, 30) if preorder else None,
                "pirt_no": f"{rng.randint(10**14, 10**15 - 1)}" if kind.food else None,
                "halal_cert_no": halal_no,
                "halal_expires_on": halal_until,
                "is_non_halal": non_halal,
                "shelf_life_days": rng.choice((30, 60, 90, 180)) if kind.food else None,
                "ingredients": "",
                "allergens": "",
                "rating_count": rating_count,
                "rating_sum": round(rating_avg * rating_count),
                "created_at": created,
                "updated_at": updated,
            }
        )
        labels = rng.choice(kind.variants)
        count = min(len(labels), rng.choices((1, 2, 3), (55, 30, 15))[0])
        price = _price(rng, kind.price)
        for v, label in enumerate(labels[:count]):
            variant_id += 1
            out.variants.append(
                {
                    "id": variant_id,
                    "product_id": pid,
                    "store_id": s,
                    "sku": f"P{pid}-{v + 1}",
                    "label": label,
                    "price_idr": price + v * _price(rng, max(1_000, kind.price // 4)),
                    "stock": 0 if rng.random() < 0.1 else rng.randint(1, 300),
                    "weight_grams": rng.randint(100, 1500),
                    "min_order": 1,
                    "created_at": created,
                    "updated_at": updated,
                }
            )
    return out


def chunks(rows: list[dict[str, Any]], size: int = 5000) -> Iterator[list[dict[str, Any]]]:
    """Rows in slices of `size`."""
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


# -- The fixed query set -----------------------------------------------------------------------


@dataclass(frozen=True)
class BenchQuery:
    """One benchmark query: its class, text and optional filters (resolved against the DB)."""

    klass: str  # "single", "two", "three+place", "typo", "filter/sort"
    text: str
    category: str | None = None  # category slug (the category and its children)
    city: str | None = None  # a kabupaten/kota name ("Kota Pekalongan")
    halal: bool | None = None
    min_price: int | None = None
    max_price: int | None = None
    sale_type: str | None = None
    agency: int | None = None
    sort: str = "relevance"

    def label(self) -> str:
        """How the query shows in listings."""
        extras = [
            f"{k}={v}"
            for k, v in (
                ("category", self.category),
                ("city", self.city),
                ("halal", self.halal),
                ("min", self.min_price),
                ("max", self.max_price),
                ("sale", self.sale_type),
                ("agency", self.agency),
                ("sort", None if self.sort == "relevance" else self.sort),
            )
            if v is not None
        ]
        return repr(self.text) + (f" [{', '.join(extras)}]" if extras else "")


def _sample_names(n: int = 30_000) -> list[str]:
    """Product names as the generator makes them (fixed seed): word frequencies for queries."""
    rng = random.Random(99)
    kinds = rng.choices(KINDS, [k.weight for k in KINDS], k=n)
    places = ("Demak", "Pekalongan", "Medan", "Jepara", "Malang", "Bantul")
    return [NAMERS[k.slug].name(rng, rng.choice(places))[0].lower() for k in kinds]


def _stratified(ranked: list[str], n: int, rng: random.Random) -> list[str]:
    """n items: half from the head of the ranking, a third from the middle, the rest rare."""
    head, mid, tail = n // 2, n // 3, n - n // 2 - n // 3
    third = len(ranked) // 3
    picked = ranked[:head]
    picked += rng.sample(ranked[head : head + third], min(mid, len(ranked[head : head + third])))
    rest = [w for w in ranked[head + third :] if w not in picked]
    picked += rng.sample(rest, min(tail, len(rest)))
    return picked


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice(("drop", "swap", "double"))
    if op == "drop":
        return word[:i] + word[i + 1 :]
    if op == "swap":
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


_SKIP = re.compile(r"^\d|^(g|ml|kg|isi|cm|x|l|m|s|xl|xxl|khas|motif)$")


def _head(phrase: str) -> str:
    """The word a shopper would type for a vocabulary entry: "Motif Parang" -> "parang"."""
    words = [w for w in phrase.lower().split() if not _SKIP.match(w)]
    return words[0] if words else ""


def _ranked_phrases() -> tuple[list[str], list[str]]:
    """Two- and three-word queries as shoppers type them ("keripik pedas", "batik tulis
    parang"), most likely first: the type of good, then a flavour, material or motif."""
    two: Counter[str] = Counter()
    three: Counter[str] = Counter()
    for kind in KINDS:
        base_w, mod_w = zipf_weights(len(kind.bases), 1.05), zipf_weights(len(kind.mods), 0.9)
        for base, bw in zip(kind.bases, base_w, strict=True):
            words = base.lower().split()
            for mod, mw in zip(kind.mods, mod_w, strict=True):
                head = _head(mod)
                weight = kind.weight * bw * mw
                if len(words) == 1:
                    two[f"{words[0]} {head}"] += weight
                else:
                    two[" ".join(words[:2])] += weight
                    two[f"{words[0]} {head}"] += weight / 2
                    three[f"{' '.join(words[:2])} {head}"] += weight
    ranked_two = [p for p, _ in two.most_common() if len(set(p.split())) == 2]
    ranked_three = [t for t, _ in three.most_common() if len(set(t.split())) == 3]
    return ranked_two, ranked_three


def build_queries() -> list[BenchQuery]:
    """The fixed 200 queries: 80 one-word, 80 two-word, 20 three-word/place, 20 typo/filter."""
    rng = random.Random(4242)
    words = Counter(
        t for name in _sample_names() for t in name.split() if not _SKIP.match(t) and len(t) >= 3
    )
    ranked_words = [w for w, _ in words.most_common()]
    ranked_two, ranked_three = _ranked_phrases()

    # What shoppers type that is not a name word: places, synonyms, English, broad words,
    # words that find nothing.
    extra_single = [
        "pekalongan",
        "jepara",
        "demak",
        "medan",
        "oleh-oleh",
        "kripik",
        "sambel",
        "coffee",
        "hampers",
        "handmade",
        "kerajinan",
        "halal",
        "souvenir",
        "renyah",
        "sepatu",
        "laptop",
    ]
    single = extra_single + _stratified(
        [w for w in ranked_words if w not in extra_single], 80 - len(extra_single), rng
    )
    extra_two = [
        "batik pekalongan",
        "keripik malang",
        "kopi temanggung",
        "ukiran jepara",
        "gerabah kasongan",
        "bolu medan",
        "sambal demak",
        "mukena tasikmalaya",
        "tas sidoarjo",
        "oleh-oleh jogja",
        "kripik tempe",
        "krupuk udang",
        "kaos hitam",
        "kue lebaran",
        "hampers lebaran",
        "seragam sekolah",
    ]
    two = extra_two + _stratified(
        [p for p in ranked_two if p not in extra_two], 80 - len(extra_two), rng
    )
    three = [
        "keripik tempe pedas khas demak",
        "batik tulis pekalongan",
        "bolu pandan medan",
        "kopi arabika gayo aceh",
        "tas rajut benang katun",
        "mukena katun rayon putih",
        "sambal bawang pedas jawa tengah",
        "kaos polos cotton combed hitam",
        "ukiran kayu jati jepara",
        "oleh-oleh khas yogyakarta",
        *_stratified(ranked_three, 10, rng),
    ]
    typo_words = [w for w in ranked_words[:40] if len(w) >= 6][:6]
    typos = [BenchQuery("typo", _typo(w, rng)) for w in typo_words[:5]]
    typos += [
        BenchQuery("typo", f"{_typo(typo_words[5], rng)} {ranked_words[1]}"),
        BenchQuery("typo", "kerupukk udang"),
        BenchQuery("typo", "mukenna bordir"),
    ]
    filtered = [
        BenchQuery("filter/sort", "keripik", halal=True),
        BenchQuery("filter/sort", "batik", city="Kota Pekalongan"),
        BenchQuery("filter/sort", "kaos", min_price=50_000, max_price=99_999),
        BenchQuery("filter/sort", "", category="kuliner"),
        BenchQuery("filter/sort", "tas", sort="price_asc"),
        BenchQuery("filter/sort", "kopi", sort="rating"),
        BenchQuery("filter/sort", "mukena", sale_type="preorder"),
        BenchQuery("filter/sort", "", city="Kabupaten Demak", sort="newest"),
        BenchQuery("filter/sort", "sambal", agency=1),
        BenchQuery("filter/sort", "", sort="price_desc"),
        BenchQuery("filter/sort", "kue", category="kue-roti", sort="newest"),
        BenchQuery("filter/sort", "gamis", min_price=100_000),
    ]
    queries = [BenchQuery("single", w) for w in single]
    queries += [BenchQuery("two", p) for p in two]
    queries += [BenchQuery("three+place", t) for t in three]
    queries += typos + filtered
    if len(queries) != 200:
        raise AssertionError(f"{len(queries)} queries, not 200")
    return queries


def build_prefixes() -> list[str]:
    """50 autocomplete prefixes: 2-6 letters of common and rare words, and two-word prefixes."""
    rng = random.Random(77)
    names = _sample_names(5_000)
    words = Counter(w for name in names for w in name.split() if not _SKIP.match(w))
    ranked = [w for w, _ in words.most_common() if len(w) >= 4]
    prefixes: dict[str, None] = {}
    for word in ranked[:30]:  # common words, 2-6 letters typed
        prefixes[word[: rng.randint(2, min(6, len(word)))]] = None
    for word in rng.sample(ranked[30:], 10):  # rarer words
        prefixes[word[: rng.randint(3, min(6, len(word)))]] = None
    multi = [n for n in names if len(n.split()) > 1 and len(n.split()[1]) >= 3]
    while len(prefixes) < 50:  # "keripik te"
        first, second = rng.choice(multi).split()[:2]
        prefixes[f"{first} {second[: rng.randint(1, 3)]}"] = None
    return list(prefixes)[:50]
