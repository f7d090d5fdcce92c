"""Indonesian text analysis shared by the search backends: tokens, stop words, stems, synonyms.

Both backends index `analyze(text)` and turn queries into `parse_query(text)`, so a product and
a query meet on the same stems whichever backend runs. Pure Python plus PySastrawi: no Whoosh,
no SQLAlchemy. The word lists live in ``data/`` (their headers say how they were compiled).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
from Sastrawi.Stemmer.Stemmer import Stemmer
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

DATA_DIR = Path(__file__).resolve().parent / "data"
STOPWORDS_FILE = DATA_DIR / "stopwords-id.txt"
SYNONYMS_FILE = DATA_DIR / "synonyms.txt"

MAX_QUERY_TERMS = 12
# Shorter tokens are mostly abbreviations, sizes and short roots ("xl", "tas", "mie"): Sastrawi
# has nothing to take off them but can still mangle them.
MIN_STEM_LENGTH = 4

# Runs of letters/digits, with hyphen-joined parts kept together ("oleh-oleh", "t-shirt").
_TOKEN_RE = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
# Sastrawi's rules and dictionary are for plain lower-case Latin letters.
_STEMMABLE_RE = re.compile(r"[a-z]+(?:-[a-z]+)*")
# Chat spelling of a reduplication: "oleh2", "kue2" mean "oleh-oleh", "kue-kue".
_CHAT_REDUPLICATION_RE = re.compile(r"([a-z]{3,})2")

# Invisible characters that would otherwise split a word; hyphen look-alikes that should join.
_CHAR_FIXES = str.maketrans(
    {
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero width space
        "\u200c": None,  # zero width non-joiner
        "\u200d": None,  # zero width joiner
        "\u2060": None,  # word joiner
        "\ufeff": None,  # BOM / zero width no-break space
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
    }
)
# Latin letters that have no decomposition to a base letter plus accent.
_LATIN_FOLDS = {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}


# -- Tokens -----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in _LATIN_FOLDS:
        return _LATIN_FOLDS[char]
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    # Only fold when an ASCII letter remains: other scripts keep their own letters.
    return base if base and base.isascii() else char


def _fold_accents(text: str) -> str:
    if text.isascii():
        return text
    return "".join(c if c.isascii() else _fold_char(c) for c in text)


def tokenize(text: str) -> list[str]:
    """Lower-cased tokens: runs of letters/digits, hyphen-joined parts kept, accents folded."""
    text = unicodedata.normalize("NFKC", text).translate(_CHAR_FIXES).casefold()
    return _TOKEN_RE.findall(_fold_accents(text))


def _join_reduplications(tokens: list[str]) -> list[str]:
    # Shoppers type "oleh oleh" and "oleh2" for "oleh-oleh"; without this the first would be
    # two stop words and the second an unstemmable token, and neither would find oleh-oleh.
    joined: list[str] = []
    for token in tokens:
        chat = _CHAT_REDUPLICATION_RE.fullmatch(token)
        if chat:
            token = f"{chat.group(1)}-{chat.group(1)}"
        if joined and token == joined[-1] and token.isalpha():
            joined[-1] = f"{token}-{token}"
        else:
            joined.append(token)
    return joined


def _words(text: str) -> list[str]:
    return _join_reduplications(tokenize(text))


# -- Stems ------------------------------------------------------------------------------------


@functools.cache
def _stemmer() -> Stemmer:
    # The bare stemmer, not StemmerFactory.create_stemmer(): that one wraps it in a cache that
    # never evicts, and `stem` below already keeps a bounded one.
    return Stemmer(ArrayDictionary(StemmerFactory().get_words()))


def _stem_word(word: str) -> str:
    if len(word) < MIN_STEM_LENGTH or not _STEMMABLE_RE.fullmatch(word):
        return word
    parts = word.split("-")
    if len(parts) > 1 and len(set(parts)) == 1:
        # Full reduplication means "many of": index the base word. Sastrawi misses this for
        # words outside its dictionary ("cumi-cumi").
        return _stem_word(parts[0])
    # Never an empty stem: an empty term would match nothing, or everything.
    return _stemmer().stem_word(word) or word


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Sastrawi stem of one token (cached); short or digit-bearing tokens stay as they are."""
    return _stem_word(word)


# -- Stop words -------------------------------------------------------------------------------


def _data_lines(path: Path) -> list[tuple[int, str]]:
    lines = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if line:
            lines.append((number, line))
    return lines


def _load_stopwords(path: Path) -> frozenset[str]:
    return frozenset(word.casefold() for _, line in _data_lines(path) for word in line.split())


STOPWORDS: frozenset[str] = _load_stopwords(STOPWORDS_FILE)


def is_stopword(word: str) -> bool:
    """Whether a token is on the stop list (hyphenated tokens such as "oleh-oleh" are not)."""
    return word in STOPWORDS


def surface_words(text: str) -> list[str]:
    """The text's words without stop words, unstemmed (for suggestions and autocomplete)."""
    return [word for word in _words(text) if word not in STOPWORDS]


def analyze(text: str) -> list[str]:
    """What gets indexed and searched: tokens without stop words, stemmed, in order."""
    return [stem(word) for word in surface_words(text)]


# -- Synonyms and queries ---------------------------------------------------------------------

Entry = tuple[str, ...]


@dataclass(frozen=True)
class _SynonymTable:
    groups: tuple[tuple[Entry, ...], ...]
    group_of: dict[Entry, int]
    longest: int


def _load_synonyms(path: Path) -> _SynonymTable:
    groups: list[tuple[Entry, ...]] = []
    group_of: dict[Entry, int] = {}
    for number, line in _data_lines(path):
        entries: list[Entry] = []
        for text in line.split("|"):
            entry = tuple(stem(word) for word in _words(text))
            if not entry:
                raise ValueError(f"{path.name}:{number}: empty synonym entry")
            if entry not in entries:
                entries.append(entry)
            # First group wins; the data test reports entries that sit in two groups.
            group_of.setdefault(entry, len(groups))
        groups.append(tuple(entries))
    longest = max((len(entry) for entry in group_of), default=1)
    return _SynonymTable(groups=tuple(groups), group_of=group_of, longest=longest)


@functools.cache
def _synonyms() -> _SynonymTable:
    # Loaded on first use, not at import: stemming the table needs the Sastrawi dictionary.
    return _load_synonyms(SYNONYMS_FILE)


def synonym_groups() -> list[tuple[tuple[str, ...], ...]]:
    """The synonym table: each group's entries as stem sequences, in file order."""
    return list(_synonyms().groups)


@dataclass(frozen=True)
class QueryTerm:
    """One thing the shopper asked for: their own word(s) and every stem sequence that counts."""

    surface: str  # the shopper's word(s) for this term, e.g. "kripik" or "buah tangan"
    # Each a sequence of stems (one stem = a word, more = a phrase). alternatives[0] is what the
    # shopper typed; the rest are synonyms and spelling variants, without repeats.
    alternatives: tuple[tuple[str, ...], ...]


def parse_query(text: str) -> list[QueryTerm]:
    """Query text as at most 12 terms, multi-word synonyms matched longest first."""
    words = _words(text)
    kept = [word for word in words if word not in STOPWORDS]
    # A query of nothing but stop words ("yang ada") still means something to the shopper.
    if not kept:
        kept = words
    stems = [stem(word) for word in kept]
    table = _synonyms()
    terms: list[QueryTerm] = []
    i = 0
    while i < len(stems) and len(terms) < MAX_QUERY_TERMS:
        for size in range(min(table.longest, len(stems) - i), 0, -1):
            key = tuple(stems[i : i + size])
            group = table.group_of.get(key)
            if group is not None:
                others = tuple(entry for entry in table.groups[group] if entry != key)
                terms.append(QueryTerm(" ".join(kept[i : i + size]), (key, *others)))
                i += size
                break
        else:
            terms.append(QueryTerm(kept[i], ((stems[i],),)))
            i += 1
    return terms


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) from `a` to `b`, counting at
    most `limit + 1`: a phone typo such as "udnag" for "udang" is one edit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)
