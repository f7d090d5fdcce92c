"""The search relevance set (issue #6): what shoppers type and what must come back.

Each case is (query, product slugs that must ALL be among the first 5 results, kind). The corpus
is the demo catalog (`flask seed-demo`: marketplace/demo/data.py and catalog_data.py), whose
product slugs are unique across stores. Expected products are the answers a shopper would miss
if they were not on the first screen of a phone, not merely products that happen to match.

Kinds:
- exact: the words appear as typed in the product's name.
- stemming: the query and the product use different forms of a word (bordiran/bordir,
  rajutan/rajut, anyaman/anyam, sablonan/sablon, jahitan/dijahit, pewarna/warna).
- synonym: another word for the same goods (hijab/jilbab/kerudung, telekung/mukena,
  dodol/jenang, gula merah/gula jawa/gula aren, buah tangan/oleh-oleh).
- spelling_variant: an accepted other spelling (kripik, sambel, mukenah, kaus, sendal).
- typo: one letter missing, extra, swapped or mistyped in a word of 5 letters or more.
- multi_word: several words that together pick out a few products among many that match one.
- region: goods and a city; the city is in the store's address, not in the product's name,
  and the same goods are also sold in another city.
- english: English words for Indonesian goods.
"""

from __future__ import annotations

KINDS = (
    "exact",
    "stemming",
    "synonym",
    "spelling_variant",
    "typo",
    "multi_word",
    "region",
    "english",
)

MUKENA_DEMAK = ["mukena-katun-bordir", "mukena-anak-katun", "mukena-travel-parasut"]
MUKENA = [*MUKENA_DEMAK, "mukena-batik-cap-lung-lungan"]
BIKA_AMBON = ["bika-ambon-medan", "bika-ambon-aneka-rasa"]
KAOS = ["kaos-polos-cotton-combed", "kaos-sablon-custom", "kaos-kombinasi-batik"]

CASES: list[tuple[str, list[str], str]] = [
    # -- exact ------------------------------------------------------------------------------
    ("mukena", MUKENA, "exact"),
    ("bika ambon", BIKA_AMBON, "exact"),
    ("lapis legit", ["lapis-legit-original"], "exact"),
    ("bandeng presto", ["bandeng-presto-duri-lunak"], "exact"),
    ("baju koko", ["baju-koko-bordir"], "exact"),
    ("kerupuk udang", ["kerupuk-udang-wedung"], "exact"),
    ("daster batik", ["daster-batik-cap-rayon"], "exact"),
    ("peyek", ["peyek-kacang", "peyek-teri"], "exact"),
    ("bolu", ["bolu-gulung-pandan", "bolu-gulung-premium"], "exact"),
    # Five products are named "Batik Tulis"; the fifth slot is left for the selendang or the
    # tulis-cap kombinasi. Stamped batik (cap, a third of the price) must not push them out.
    (
        "batik tulis",
        [
            "kain-batik-tulis-jlamprang",
            "kain-batik-tulis-buketan",
            "kain-batik-tulis-semen",
            "kemeja-batik-tulis-pria-lengan-panjang",
        ],
        "exact",
    ),
    # -- stemming ---------------------------------------------------------------------------
    (
        "bordiran",
        ["mukena-katun-bordir", "baju-koko-bordir", "seragam-kerja-drill-bordir-logo"],
        "stemming",
    ),
    ("tas rajutan", ["tas-rajut-selempang", "tas-rajut-tote", "tas-hp-rajut-mini"], "stemming"),
    ("tas anyaman", ["tas-anyam-tali-kur"], "stemming"),
    ("kaos sablonan", ["kaos-sablon-custom"], "stemming"),
    # "jahit tangan" (dompet) and "Dijahit tangan" (tas kerja).
    ("jahitan tangan", ["dompet-kulit-pria", "tas-kerja-kulit-pria"], "stemming"),
    (
        "rajutan bunga",
        ["bucket-bunga-rajut", "bros-bunga-rajut", "bucket-bunga-rajut-besar"],
        "stemming",
    ),
    # Both descriptions say "pewarna alam".
    (
        "batik warna alam",
        ["kain-batik-tulis-jlamprang", "selendang-batik-tulis-sutra"],
        "stemming",
    ),
    # -- synonym ----------------------------------------------------------------------------
    ("hijab", ["jilbab-segi-empat-voal", "kerudung-bergo-instan-jersey"], "synonym"),
    ("jilbab instan", ["kerudung-bergo-instan-jersey"], "synonym"),
    ("telekung", MUKENA, "synonym"),
    ("dodol", ["jenang-ketan-gula-jawa"], "synonym"),
    # Someone typing "gula merah" or "gula jawa" wants the sugar, not a cake made with it.
    ("gula merah", ["gula-aren-cair"], "synonym"),
    ("gula jawa", ["gula-aren-cair"], "synonym"),
    ("buah tangan medan", [*BIKA_AMBON, "keripik-pisang-medan"], "synonym"),
    # -- spelling variants ------------------------------------------------------------------
    ("kripik tempe pedas", ["keripik-tempe-pedas"], "spelling_variant"),
    ("kripik pisang", ["keripik-pisang-kepok-manis", "keripik-pisang-medan"], "spelling_variant"),
    ("sambel bawang", ["sambal-bawang-demak"], "spelling_variant"),
    ("mukenah", MUKENA, "spelling_variant"),
    ("kaus polos", ["kaos-polos-cotton-combed"], "spelling_variant"),
    ("kaus sablon", ["kaos-sablon-custom"], "spelling_variant"),
    ("sendal kulit", ["sandal-kulit-pria-selop"], "spelling_variant"),
    # -- typos ------------------------------------------------------------------------------
    ("mukna", MUKENA, "typo"),  # missing e
    ("keripk tempe", ["keripik-tempe-original", "keripik-tempe-pedas"], "typo"),  # missing i
    ("sambl bawang", ["sambal-bawang-demak"], "typo"),  # missing a
    ("bika ambom", BIKA_AMBON, "typo"),  # m for n, next to it on the keyboard
    ("jlbab", ["jilbab-segi-empat-voal"], "typo"),  # missing i
    (
        "kemja batik",  # missing e
        [
            "kemeja-batik-cap-pria",
            "kemeja-batik-tulis-pria-lengan-panjang",
            "kemeja-batik-kantor-pria",
        ],
        "typo",
    ),
    ("brownis", ["brownies-panggang-almond"], "typo"),  # missing e
    ("kerupuk udnag", ["kerupuk-udang-wedung"], "typo"),  # swapped a and n
    ("sambal andalimam", ["sambal-andaliman"], "typo"),  # m for n
    ("selendag batik", ["selendang-batik-tulis-sutra"], "typo"),  # missing n
    ("mukena tarvel", ["mukena-travel-parasut"], "typo"),  # swapped r and a
    # -- multi-word -------------------------------------------------------------------------
    ("baju batik anak", ["baju-batik-anak-laki-laki", "dress-batik-anak-perempuan"], "multi_word"),
    ("keripik tempe pedas", ["keripik-tempe-pedas"], "multi_word"),
    (
        "tas selempang kulit",
        ["tas-selempang-kulit-pria", "tas-selempang-kulit-wanita-mini"],
        "multi_word",
    ),
    ("kopi arabika bubuk", ["kopi-arabika-sidikalang-bubuk"], "multi_word"),
    ("mukena anak", ["mukena-anak-katun"], "multi_word"),
    (
        "kain batik tulis",
        ["kain-batik-tulis-jlamprang", "kain-batik-tulis-buketan", "kain-batik-tulis-semen"],
        "multi_word",
    ),
    ("dompet kulit wanita", ["dompet-kulit-wanita-panjang"], "multi_word"),
    ("bucket bunga wisuda", ["bucket-bunga-rajut-besar", "bucket-bunga-rajut"], "multi_word"),
    ("sambal teri", ["sambal-teri-pedas"], "multi_word"),
    (
        "seragam sekolah",
        ["seragam-sd-putih-merah", "seragam-smp-putih-biru", "seragam-sma-putih-abu"],
        "multi_word",
    ),
    ("kue kering", ["nastar-nanas", "kue-bawang-renyah"], "multi_word"),
    # -- region: the city comes from the store ----------------------------------------------
    ("keripik pisang demak", ["keripik-pisang-kepok-manis"], "region"),
    ("keripik medan", ["keripik-pisang-medan"], "region"),
    ("sambal medan", ["sambal-andaliman"], "region"),
    (
        "sambal demak",
        ["sambal-bawang-demak", "sambal-bajak-terasi", "sambal-teri-pedas"],
        "region",
    ),
    (
        "tas pekalongan",
        ["tas-rajut-selempang", "tas-rajut-tote", "tas-hp-rajut-mini", "tas-anyam-tali-kur"],
        "region",
    ),
    ("dompet pekalongan", ["dompet-koin-rajut"], "region"),
    ("batik demak", ["kemeja-batik-kantor-pria"], "region"),
    ("mukena demak", MUKENA_DEMAK, "region"),
    ("mukena pekalongan", ["mukena-batik-cap-lung-lungan"], "region"),
    ("kaos pekalongan", ["kaos-kombinasi-batik"], "region"),
    ("oleh-oleh demak", ["paket-oleh-oleh-demak", "jenang-ketan-gula-jawa"], "region"),
    # -- english ----------------------------------------------------------------------------
    ("t-shirt", KAOS, "english"),
    ("cake pandan", ["bolu-gulung-pandan"], "english"),
    ("tote bag", ["tas-kain-blacu", "tas-rajut-tote"], "english"),
    ("coffee gayo", ["kopi-arabika-gayo-biji"], "english"),
    ("souvenir demak", ["paket-oleh-oleh-demak"], "english"),
]
