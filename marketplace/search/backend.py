"""The search interface: what is indexed, what a query asks, what comes back.

Two implementations sit behind `SearchBackend`: Whoosh (embedded, the default) and PostgreSQL
full text (for deployments with several app servers). Neither is imported outside this package.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol


class Sort(StrEnum):
    """Orders a shopper can choose."""

    RELEVANCE = "relevance"
    NEWEST = "newest"
    PRICE_ASC = "price_asc"
    PRICE_DESC = "price_desc"
    RATING = "rating"


# Price facet buckets in Rupiah: [low, high) with None for no upper bound. The key of a bucket
# in `SearchResult.facets["price"]` is "low-high" ("250000-" for the last one).
PRICE_BUCKETS: tuple[tuple[int, int | None], ...] = (
    (0, 25_000),
    (25_000, 50_000),
    (50_000, 100_000),
    (100_000, 250_000),
    (250_000, None),
)

MAX_PER_PAGE = 60
# Fewer hits than this for an exact query turns on typo tolerance (fuzzy terms).
FEW_RESULTS = 3


def price_bucket_key(low: int, high: int | None) -> str:
    """The facet key of a price bucket."""
    return f"{low}-{'' if high is None else high}"


@dataclass(frozen=True)
class ProductDocument:
    """What the index holds of one public product (built by `documents.load_documents`)."""

    product_id: int
    name: str
    description: str
    category_id: int
    top_category_id: int
    # Names of the category and its parent, Indonesian and English ("Kuliner Keripik ...").
    category_text: str
    store_id: int
    store_name: str
    region_code: str  # kabupaten/kota code, e.g. "33.21"
    city_name: str  # "Kabupaten Demak"
    province_code: str
    place_text: str  # what a region query matches: "Kabupaten Demak Jawa Tengah"
    skills: tuple[str, ...]  # skill fields of the owners' completed trainings ("kuliner")
    agency_ids: tuple[int, ...]  # agencies that trained the owners
    is_halal: bool  # carries a halal certificate
    # Food with a halal certificate drops out of results after its expiry date without a
    # reindex (the daily job hides it later); None when nothing expires.
    visible_until: date | None
    price_idr: int  # lowest variant price
    in_stock: bool
    sale_type: str  # "ready" or "preorder"
    rating: float  # average 1-5, 0.0 without reviews
    rating_count: int
    created_at: datetime
    # Latest change of the product, its variants, store or category.
    updated_at: datetime

    def fingerprint(self) -> str:
        """A digest of everything indexed: `flask search check` compares it with the index."""
        return hashlib.sha1(repr(astuple(self)).encode(), usedforsecurity=False).hexdigest()


@dataclass(frozen=True)
class SearchQuery:
    """A validated search request. Filters are exact; empty text lists everything visible."""

    text: str = ""
    category_ids: tuple[int, ...] = ()  # a category and its children, resolved by the caller
    region_code: str | None = None
    halal: bool | None = None  # True: only products with a halal certificate
    min_price: int | None = None
    max_price: int | None = None  # inclusive
    # "ready": ready stock that is in stock; "preorder": made to order (stock or not).
    sale_type: str | None = None
    agency_id: int | None = None  # stores whose owners this agency trained
    sort: Sort = Sort.RELEVANCE
    page: int = 1
    per_page: int = 24
    today: date = field(default_factory=date.today)


@dataclass(frozen=True)
class SearchHit:
    """A matching product and its relevance score (0 when sorting ignores relevance)."""

    product_id: int
    score: float


@dataclass(frozen=True)
class SearchResult:
    """One page of hits, the total, facet counts over all hits, and a spelling suggestion.

    `facets` maps "category" (category id as str), "city" (region code), "price" (bucket key),
    "halal" ("1"), "sale_type" ("ready"/"preorder") and "agency" (agency id as str) to counts.
    `fuzzy` is True when typo tolerance produced the hits; `exact_total` counts the hits of
    the words as typed (0 when nothing matched them exactly).
    """

    hits: list[SearchHit]
    total: int
    facets: dict[str, dict[str, int]]
    suggestion: str | None = None
    fuzzy: bool = False
    exact_total: int = 0


@dataclass(frozen=True)
class IndexCheck:
    """What `flask search check` reports: products missing from, stale in or extra in the index."""

    missing: list[int]
    stale: list[int]
    extra: list[int]

    @property
    def ok(self) -> bool:
        """True when the index matches the database exactly."""
        return not (self.missing or self.stale or self.extra)


class SearchBackend(Protocol):
    """One search engine. Every method may be called from several processes at once."""

    name: str

    def search(self, query: SearchQuery) -> SearchResult:
        """Hits for the query with facets; a spelling suggestion when a word looks misspelt."""
        ...

    def autocomplete(self, prefix: str, *, limit: int = 8) -> list[str]:
        """Names of visible products whose words start with the prefix's words, best first."""
        ...

    def index_products(self, product_ids: Iterable[int]) -> None:
        """Bring these products up to date with the database (add, replace or remove)."""
        ...

    def rebuild(self) -> int:
        """Index every visible product afresh; searches keep working meanwhile. Returns count."""
        ...

    def indexed_versions(self) -> dict[int, str]:
        """product id -> `ProductDocument.fingerprint()` of every indexed product (for `check`)."""
        ...

    def clear(self) -> None:
        """Remove every document (tests, and before a rebuild where the engine needs it)."""
        ...


def availability(document: ProductDocument) -> str | None:
    """The "sale_type" facet value: ready stock in stock, pre-order, or neither (sold out)."""
    if document.sale_type == "preorder":
        return "preorder"
    return "ready" if document.in_stock else None


def facet_keys_for(document: ProductDocument) -> dict[str, Sequence[str]]:
    """The facet values one document counts towards (shared by both backends)."""
    price = next(
        price_bucket_key(low, high)
        for low, high in PRICE_BUCKETS
        if document.price_idr >= low and (high is None or document.price_idr < high)
    )
    return {
        "category": [str(document.category_id)],
        "city": [document.region_code],
        "price": [price],
        "halal": ["1"] if document.is_halal else [],
        "sale_type": [availability(document)] if availability(document) else [],
        "agency": [str(a) for a in document.agency_ids],
    }
