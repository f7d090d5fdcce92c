"""Indonesian text analysis: tokens, stems, stop words, synonyms and query parsing."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from marketplace.search import analysis
from marketplace.search.analysis import (
    STOPWORDS,
    QueryTerm,
    analyze,
    is_stopword,
    parse_query,
    stem,
    surface_words,
    synonym_groups,
    tokenize,
)

# Words a shopper means: dropping one changes the results.
MEANINGFUL_WORDS = (
    "anak", "besar", "kecil", "sedang", "manis", "asin", "pedas", "asli", "baru", "isi",
    "tanpa", "bebas", "tidak", "kurang", "murah", "putih", "hitam", "merah", "panjang",
    "pendek", "dalam", "atas", "bawah", "dewasa", "wanita", "pria", "halal", "original",
    "premium", "khas", "jadi",
)  # fmt: skip


def raw_synonym_lines() -> list[list[str]]:
    """The synonym file's groups as written, before any stemming or deduplication."""
    groups = []
    for raw in analysis.SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            groups.append([entry.strip() for entry in line.split("|")])
    return groups


def entry_stems(entry: str) -> tuple[str, ...]:
    return tuple(stem(word) for word in tokenize(entry))


class FakeStemmer:
    """Stands in for Sastrawi to show which tokens `stem` hands over at all."""

    def __init__(self, result: str | None = None) -> None:
        self.result = result
        self.seen: list[str] = []

    def stem_word(self, word: str) -> str:
        self.seen.append(word)
        return word.upper() if self.result is None else self.result


@pytest.fixture
def fake_stemmer(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeStemmer]:
    fake = FakeStemmer()
    monkeypatch.setattr(analysis, "_stemmer", lambda: fake)
    # Cached stems of the real stemmer would hide the fake, and the fake's must not leak out.
    stem.cache_clear()
    yield fake
    stem.cache_clear()


# -- tokenize ---------------------------------------------------------------------------------


def test_tokenize_lowercases_and_splits_on_punctuation() -> None:
    assert tokenize("Keripik Tempe 200g!") == ["keripik", "tempe", "200g"]
    assert tokenize("Sambal(bawang),pedas;level.5") == ["sambal", "bawang", "pedas", "level", "5"]


def test_tokenize_keeps_hyphen_joined_parts_together() -> None:
    assert tokenize("Oleh-oleh kue-kue T-Shirt") == ["oleh-oleh", "kue-kue", "t-shirt"]


def test_tokenize_drops_stray_hyphens_and_splits_on_underscores_and_apostrophes() -> None:
    assert tokenize("- batik -- tulis- _rajut_ jum'at") == ["batik", "tulis", "rajut", "jum", "at"]


def test_tokenize_folds_accents_and_width() -> None:
    assert tokenize("Café Crème brûlée") == ["cafe", "creme", "brulee"]
    assert tokenize("ＫＥＲＩＰＩＫ Straße") == ["keripik", "strasse"]


def test_tokenize_keeps_other_scripts() -> None:
    assert tokenize("teh 日本茶") == ["teh", "日本茶"]


def test_tokenize_joins_words_split_by_invisible_characters() -> None:
    assert tokenize("kera\u00adjinan oleh\u2011oleh") == ["kerajinan", "oleh-oleh"]


# -- stem -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("kerajinan", "rajin"),
        ("jahitan", "jahit"),
        ("menjahitkan", "jahit"),
        ("pembayaran", "bayar"),
        ("anyaman", "anyam"),
        ("gorengan", "goreng"),
    ],
)
def test_stem_removes_indonesian_affixes(word: str, expected: str) -> None:
    assert stem(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [("kue-kue", "kue"), ("oleh-oleh", "oleh"), ("cumi-cumi", "cumi"), ("buah-buahan", "buah")],
)
def test_stem_reduces_reduplication_to_the_base_word(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_stem_keeps_hyphenated_words_that_are_not_reduplications() -> None:
    assert stem("t-shirt") == "t-shirt"


def test_stem_leaves_short_digit_and_non_latin_tokens_to_themselves(
    fake_stemmer: FakeStemmer,
) -> None:
    assert [stem(word) for word in ("tas", "200g", "kerajinan2", "日本茶")] == [
        "tas",
        "200g",
        "kerajinan2",
        "日本茶",
    ]
    assert fake_stemmer.seen == []
    assert stem("kain") == "KAIN"


def test_stem_falls_back_to_the_token_when_the_stemmer_returns_nothing(
    fake_stemmer: FakeStemmer,
) -> None:
    fake_stemmer.result = ""
    assert stem("kerajinan") == "kerajinan"


def test_stem_is_cached() -> None:
    stem("menjahitkan")
    hits = stem.cache_info().hits
    assert stem("menjahitkan") == "jahit"
    assert stem.cache_info().hits == hits + 1


# -- stop words, analyze, surface_words -------------------------------------------------------


def test_stopwords_hold_the_common_function_words() -> None:
    function_words = (
        "yang", "dan", "di", "ke", "dari", "untuk", "dengan", "ini", "itu", "atau", "juga",
        "ada", "pada", "saya", "kami", "nya", "lah", "kah", "pun", "dong", "sih", "deh", "aja",
    )  # fmt: skip
    assert [word for word in function_words if not is_stopword(word)] == []


def test_stopwords_hold_no_word_a_shopper_means() -> None:
    assert sorted(STOPWORDS & set(MEANINGFUL_WORDS)) == []


def test_stopwords_are_single_lower_case_tokens() -> None:
    # A stop word that tokenize would split or change could never match a token.
    assert sorted(word for word in STOPWORDS if tokenize(word) != [word]) == []


def test_oleh_is_a_stop_word_but_oleh_oleh_is_not() -> None:
    assert is_stopword("oleh")
    assert not is_stopword("oleh-oleh")
    assert analyze("Dibuat oleh ibu-ibu PKK") == ["buat", "ibu", "pkk"]
    assert analyze("Oleh-oleh khas Solo") == ["oleh", "khas", "solo"]


def test_analyze_drops_stop_words_and_stems_keeping_order_and_repeats() -> None:
    assert analyze("Kerajinan anyaman dari bambu dan kerajinan rotan") == [
        "rajin",
        "anyam",
        "bambu",
        "rajin",
        "rotan",
    ]


def test_analyze_of_nothing_but_stop_words_is_empty() -> None:
    assert analyze("yang ada di sini") == []


def test_analyze_joins_spaced_and_chat_reduplications() -> None:
    # "oleh oleh" would otherwise be two stop words, "oleh2" an unstemmable token.
    assert analyze("oleh oleh khas Jogja") == ["oleh", "khas", "jogja"]
    assert analyze("oleh2 khas Jogja") == ["oleh", "khas", "jogja"]
    assert analyze("kue2 lebaran") == ["kue", "lebaran"]


def test_analyze_leaves_digits_after_short_words_and_numbers_alone() -> None:
    assert analyze("ps2 no 22") == ["ps2", "no", "22"]


def test_surface_words_drops_stop_words_without_stemming() -> None:
    assert surface_words("Jahitan yang rapi dan kerajinan tangan") == [
        "jahitan",
        "rapi",
        "kerajinan",
        "tangan",
    ]


# -- parse_query ------------------------------------------------------------------------------


def test_parse_query_of_an_empty_text_has_no_terms() -> None:
    assert parse_query("") == []
    assert parse_query("  !?  ") == []


def test_parse_query_word_without_synonyms_is_its_own_stem() -> None:
    assert parse_query("Jahitan") == [QueryTerm(surface="jahitan", alternatives=(("jahit",),))]


def test_parse_query_expands_synonyms_with_the_typed_word_first() -> None:
    terms = parse_query("kripik tempe pedas")

    assert [term.surface for term in terms] == ["kripik", "tempe", "pedas"]
    assert terms[0].alternatives[0] == ("kripik",)
    assert ("keripik",) in terms[0].alternatives
    assert ("chips",) in terms[0].alternatives
    assert ("pedes",) in terms[2].alternatives


def test_parse_query_alternatives_have_no_repeats() -> None:
    for query in ("keripik", "oleh-oleh", "kaos", "gula merah"):
        (term,) = parse_query(query)
        assert len(set(term.alternatives)) == len(term.alternatives), query


def test_parse_query_drops_stop_words() -> None:
    terms = parse_query("jual sambal yang pedas")
    assert [term.surface for term in terms] == ["sambal", "pedas"]


def test_parse_query_of_only_stop_words_keeps_them() -> None:
    terms = parse_query("yang ada")
    assert terms == [
        QueryTerm(surface="yang", alternatives=(("yang",),)),
        QueryTerm(surface="ada", alternatives=(("ada",),)),
    ]


def test_parse_query_matches_a_multi_word_entry_as_one_term() -> None:
    terms = parse_query("Batik Tulis Madura")

    assert [term.surface for term in terms] == ["batik tulis", "madura"]
    assert terms[0].alternatives == (("batik", "tulis"), ("batik", "cap"))


def test_parse_query_prefers_the_longest_entry() -> None:
    # "kaos" alone is a T-shirt; "kaos kaki" is socks.
    (socks,) = parse_query("kaos kaki")
    assert socks.alternatives[0] == ("kaos", "kaki")
    assert ("socks",) in socks.alternatives
    assert ("t-shirt",) not in socks.alternatives


def test_parse_query_expands_oleh_oleh_to_phrases_and_back() -> None:
    (oleh_oleh,) = parse_query("oleh-oleh")
    assert oleh_oleh.alternatives[0] == ("oleh",)
    assert ("buah", "tangan") in oleh_oleh.alternatives

    (buah_tangan,) = parse_query("buah tangan")
    assert buah_tangan.surface == "buah tangan"
    assert buah_tangan.alternatives[0] == ("buah", "tangan")
    assert ("oleh",) in buah_tangan.alternatives


def test_parse_query_understands_oleh_oleh_typed_with_a_space() -> None:
    terms = parse_query("oleh oleh khas solo")
    assert [term.surface for term in terms] == ["oleh-oleh", "khas", "solo"]
    assert ("souvenir",) in terms[0].alternatives


def test_parse_query_matches_phrases_after_other_words() -> None:
    terms = parse_query("kemeja batik tulis gula jawa")
    assert [term.surface for term in terms] == ["kemeja", "batik tulis", "gula jawa"]
    assert ("gula", "aren") in terms[2].alternatives


def test_parse_query_caps_the_number_of_terms() -> None:
    words = [f"kata{n}x" for n in range(20)]
    terms = parse_query(" ".join(words))
    assert [term.surface for term in terms] == words[: analysis.MAX_QUERY_TERMS]
    assert analysis.MAX_QUERY_TERMS == 12


# -- data files -------------------------------------------------------------------------------


def test_synonym_table_has_enough_groups() -> None:
    assert len(synonym_groups()) >= 45
    assert len(synonym_groups()) == len(raw_synonym_lines())


def test_synonym_groups_have_at_least_two_entries() -> None:
    assert [group for group in raw_synonym_lines() if len(group) < 2] == []


def test_synonym_entries_within_a_group_stem_differently() -> None:
    redundant = []
    for group in raw_synonym_lines():
        stems = [entry_stems(entry) for entry in group]
        if len(set(stems)) != len(stems):
            redundant.append(group)
    assert redundant == []


def test_synonym_entries_belong_to_one_group_only() -> None:
    seen: dict[tuple[str, ...], int] = {}
    clashes = []
    for number, group in enumerate(synonym_groups()):
        for entry in group:
            if seen.setdefault(entry, number) != number:
                clashes.append(entry)
    assert clashes == []


def test_synonym_entries_contain_no_stop_words() -> None:
    # Queries lose their stop words before the lookup, so such an entry could never match.
    bad = [
        entry
        for group in raw_synonym_lines()
        for entry in group
        if any(is_stopword(word) for word in tokenize(entry))
    ]
    assert bad == []


@pytest.mark.parametrize(
    "words",
    [
        ("keripik", "kripik"),
        ("sambal", "sambel"),
        ("konveksi", "garmen"),
        ("kaos", "kaus", "t-shirt"),
        ("batik tulis", "batik cap"),
        ("oleh-oleh", "buah tangan", "souvenir"),
        ("bolu", "cake", "kue bolu"),
        ("mukena", "mukenah", "telekung"),
        ("jilbab", "kerudung", "hijab"),
        ("camilan", "cemilan", "snack"),
        ("gula aren", "gula merah", "gula jawa"),
        ("dodol", "jenang"),
        ("terasi", "belacan"),
        ("sandal", "sendal"),
        ("kopi", "coffee"),
        ("tas", "bag"),
        ("pedas", "pedes"),
        ("baju koko", "kemeja koko"),
        ("seragam", "uniform"),
        ("ikan asin", "gereh"),
        ("kue kering", "cookies"),
        ("sirup", "syrup"),
        ("madu", "honey"),
        ("frozen food", "makanan beku"),
    ],
)
def test_synonym_table_holds_the_field_vocabulary(words: tuple[str, ...]) -> None:
    wanted = {entry_stems(word) for word in words}
    assert any(wanted <= set(group) for group in synonym_groups()), words


def test_analysis_module_imports_no_search_engine_or_database() -> None:
    # Both backends share this module; it must load without either of their libraries.
    tree = ast.parse(Path(analysis.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert imported & {"whoosh", "sqlalchemy", "flask", "marketplace"} == set()
