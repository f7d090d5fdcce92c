"""Product search for pages and the API: parameters, the backend, cards and facet labels."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.catalog.models import Category
from marketplace.catalog.queries import ProductCard, list_cards_by_ids
from marketplace.core.errors import DomainError
from marketplace.core.money import format_rupiah
from marketplace.extensions import db
from marketplace.regions.reference import get_regency
from marketplace.search.backend import (
    MAX_PER_PAGE,
    PRICE_BUCKETS,
    IndexCheck,
    SearchBackend,
    SearchQuery,
    Sort,
    price_bucket_key,
)
from marketplace.search.documents import list_visible_versions
from marketplace.training.models import Agency

MAX_QUERY_LENGTH = 100
MAX_PRICE = 1_000_000_000
MAX_PAGE = 500
DEFAULT_PER_PAGE = 24


def make_backend(app: Flask, name: str | None = None, **options: Any) -> SearchBackend:
    """The backend named by SEARCH_BACKEND (or `name`): "whoosh" (default) or "postgres"."""
    name = name or app.config.get("SEARCH_BACKEND", "whoosh")
    if name == "whoosh":
        from marketplace.search.whoosh_backend import WhooshBackend

        return WhooshBackend(
            options.get("search_dir") or app.config["SEARCH_DIR"],
            lock_timeout=float(app.config.get("SEARCH_LOCK_TIMEOUT", 30)),
        )
    if name == "postgres":
        from marketplace.search.postgres_backend import PostgresBackend

        return PostgresBackend(app)
    raise ValueError(f"unknown SEARCH_BACKEND {name!r}: use 'whoosh' or 'postgres'")


def init_search(app: Flask) -> None:
    """Create the app's backend and the indexer that follows committed changes."""
    from marketplace.search.indexing import Indexer

    app.extensions["search"] = make_backend(app)
    app.extensions["search_indexer"] = Indexer(
        app, asynchronous=bool(app.config.get("SEARCH_INDEX_ASYNC", True))
    )


def get_backend() -> SearchBackend:
    """The current app's search backend."""
    return current_app.extensions["search"]


# -- Parameters ------------------------------------------------------------------------------


class InvalidSearchParameter(DomainError):
    """A search parameter has a value we cannot use; names the parameter."""

    code = "invalid_parameter"


@dataclass(frozen=True)
class SearchParams:
    """What the shopper asked for, validated; category and agency still as the URL names them."""

    q: str = ""
    category: str | None = None  # category slug
    city: str | None = None  # kabupaten/kota code
    halal: bool | None = None
    min_price: int | None = None
    max_price: int | None = None
    sale_type: str | None = None
    agency: int | None = None
    sort: Sort = Sort.RELEVANCE
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    def url_args(self, **changes: Any) -> dict[str, Any]:
        """Query-string arguments for a link to this search with some values changed."""
        values = replace(self, **changes) if changes else self
        args: dict[str, Any] = {
            "q": values.q or None,
            "category": values.category,
            "city": values.city,
            "halal": None if values.halal is None else int(values.halal),
            "min_price": values.min_price,
            "max_price": values.max_price,
            "sale_type": values.sale_type,
            "agency": values.agency,
            "sort": None if values.sort == Sort.RELEVANCE else values.sort.value,
            "page": None if values.page == 1 else values.page,
            "per_page": None if values.per_page == DEFAULT_PER_PAGE else values.per_page,
        }
        return {k: v for k, v in args.items() if v is not None}

    @property
    def filtered(self) -> bool:
        """True when any filter (not the text) narrows the results."""
        return any(
            v is not None
            for v in (
                self.category,
                self.city,
                self.halal,
                self.min_price,
                self.max_price,
                self.sale_type,
                self.agency,
            )
        )


_DIGITS = re.compile(r"[0-9]{1,10}")
# Prices may be typed with thousands dots, as Indonesians write them: 25.000.
_RUPIAH = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3}){1,3}")


def _int(
    args: Mapping[str, str], name: str, low: int, high: int, *, rupiah: bool = False
) -> int | None:
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    if rupiah and _RUPIAH.fullmatch(raw):
        raw = raw.replace(".", "")
    if not _DIGITS.fullmatch(raw) or not low <= int(raw) <= high:
        raise InvalidSearchParameter(
            _l(
                "Nilai %(name)s harus bilangan bulat %(low)s sampai %(high)s.",
                name=name,
                low=f"{low:,}".replace(",", "."),
                high=f"{high:,}".replace(",", "."),
            ),
            parameter=name,
        )
    return int(raw)


def parse_search_args(
    args: Mapping[str, str], *, default_per_page: int = DEFAULT_PER_PAGE
) -> SearchParams:
    """Validate query-string arguments. Raises InvalidSearchParameter naming the bad one."""
    q = " ".join((args.get("q") or "").split())
    if len(q) > MAX_QUERY_LENGTH:
        raise InvalidSearchParameter(
            _l("Kata pencarian terlalu panjang (paling banyak %(n)d huruf).", n=MAX_QUERY_LENGTH),
            parameter="q",
        )
    halal_raw = (args.get("halal") or "").strip().lower()
    if halal_raw not in {"", "1", "0", "true", "false"}:
        raise InvalidSearchParameter(_l("Nilai halal harus 1 atau 0."), parameter="halal")
    sort_raw = (args.get("sort") or Sort.RELEVANCE.value).strip()
    if sort_raw not in {s.value for s in Sort}:
        raise InvalidSearchParameter(
            _l("Urutan tidak dikenal. Pilih salah satu: %(sorts)s.", sorts=", ".join(Sort)),
            parameter="sort",
        )
    sale_type = (args.get("sale_type") or "").strip() or None
    if sale_type not in {None, "ready", "preorder"}:
        raise InvalidSearchParameter(
            _l("Jenis penjualan harus ready atau preorder."), parameter="sale_type"
        )
    city = (args.get("city") or "").strip() or None
    if city is not None and get_regency(city) is None:
        raise InvalidSearchParameter(
            _l("Kabupaten/kota tidak dikenal (contoh kode: 33.21)."), parameter="city"
        )
    category = (args.get("category") or "").strip() or None
    if category is not None and (len(category) > 80 or not category.replace("-", "").isalnum()):
        raise InvalidSearchParameter(_l("Kategori tidak dikenal."), parameter="category")
    min_price = _int(args, "min_price", 0, MAX_PRICE, rupiah=True)
    max_price = _int(args, "max_price", 0, MAX_PRICE, rupiah=True)
    if min_price is not None and max_price is not None and min_price > max_price:
        raise InvalidSearchParameter(
            _l("Harga minimum lebih besar dari harga maksimum."), parameter="min_price"
        )
    per_page = _int(args, "per_page", 1, 1_000_000)
    return SearchParams(
        q=q,
        category=category,
        city=city,
        halal=None if not halal_raw else halal_raw in {"1", "true"},
        min_price=min_price,
        max_price=max_price,
        sale_type=sale_type,
        agency=_int(args, "agency", 1, 2**31 - 1),
        sort=Sort(sort_raw),
        page=_int(args, "page", 1, MAX_PAGE) or 1,
        # Capped, not refused: a client asking for more simply gets the most we serve.
        per_page=min(per_page or default_per_page, MAX_PER_PAGE),
    )


# -- Results ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FacetOption:
    """One choice of a facet, with how many results it would leave."""

    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchPage:
    """A page of product cards with totals, facets and the spelling suggestion."""

    params: SearchParams
    cards: list[ProductCard]
    scores: dict[int, float]
    total: int
    facets: dict[str, list[FacetOption]] = field(default_factory=dict)
    suggestion: str | None = None
    fuzzy: bool = False
    exact_total: int = 0
    category: Category | None = None
    agency: Agency | None = None

    @property
    def page(self) -> int:
        """The page number shown."""
        return self.params.page

    @property
    def pages(self) -> int:
        """Number of pages."""
        return max(1, min(MAX_PAGE, -(-self.total // self.params.per_page)))

    @property
    def has_prev(self) -> bool:
        """True after the first page."""
        return self.params.page > 1

    @property
    def has_next(self) -> bool:
        """True before the last page."""
        return self.params.page < self.pages


def search_products(params: SearchParams, *, locale: str = "id") -> SearchPage:
    """Run a search: backend hits, their cards from the database, labelled facets.

    A fixed number of SQL queries whatever the page size: categories, agency names (when a
    facet or filter needs them), cards and their photos. Raises InvalidSearchParameter for a
    category slug that does not exist.
    """
    categories = list(db.session.scalars(select(Category)))
    by_slug = {c.slug: c for c in categories}
    category = None
    category_ids: tuple[int, ...] = ()
    if params.category:
        category = by_slug.get(params.category)
        if category is None:
            raise InvalidSearchParameter(_l("Kategori tidak dikenal."), parameter="category")
        children = [c.id for c in categories if c.parent_id == category.id]
        category_ids = (category.id, *children)
    result = get_backend().search(
        SearchQuery(
            text=params.q,
            category_ids=category_ids,
            region_code=params.city,
            halal=params.halal,
            min_price=params.min_price,
            max_price=params.max_price,
            sale_type=params.sale_type,
            agency_id=params.agency,
            sort=params.sort,
            page=params.page,
            per_page=params.per_page,
            today=date.today(),
        )
    )
    cards = list_cards_by_ids([h.product_id for h in result.hits])
    agency_ids = {int(a) for a in result.facets.get("agency", {})}
    if params.agency:
        agency_ids.add(params.agency)
    agencies = (
        {a.id: a for a in db.session.scalars(select(Agency).where(Agency.id.in_(agency_ids)))}
        if agency_ids
        else {}
    )
    return SearchPage(
        params=params,
        cards=cards,
        scores={h.product_id: h.score for h in result.hits},
        # The index may briefly hold a product the database no longer shows.
        total=result.total,
        facets=_label_facets(result.facets, params, categories, agencies, locale),
        suggestion=result.suggestion,
        fuzzy=result.fuzzy,
        exact_total=result.exact_total,
        category=category,
        agency=agencies.get(params.agency) if params.agency else None,
    )


def _price_label(low: int, high: int | None) -> str:
    if high is None:
        return str(_l("%(low)s ke atas", low=format_rupiah(low)))
    if low == 0:
        return str(_l("Di bawah %(high)s", high=format_rupiah(high)))
    return f"{format_rupiah(low)} – {format_rupiah(high - 1)}"


def _label_facets(
    facets: dict[str, dict[str, int]],
    params: SearchParams,
    categories: list[Category],
    agencies: dict[int, Agency],
    locale: str,
) -> dict[str, list[FacetOption]]:
    by_id = {c.id: c for c in categories}

    def cat_label(c: Category) -> str:
        return c.name_en if locale == "en" else c.name

    labelled: dict[str, list[FacetOption]] = {}
    cats = [
        FacetOption(c.slug, cat_label(c), n, c.slug == params.category)
        for key, n in facets.get("category", {}).items()
        if (c := by_id.get(int(key))) is not None
    ]
    labelled["category"] = sorted(cats, key=lambda o: (-o.count, o.label))
    cities = []
    for code, n in facets.get("city", {}).items():
        regency = get_regency(code)
        if regency is not None:
            cities.append(FacetOption(code, regency.name.title(), n, code == params.city))
    labelled["city"] = sorted(cities, key=lambda o: (-o.count, o.label))
    price_counts = facets.get("price", {})
    labelled["price"] = [
        FacetOption(
            key,
            _price_label(low, high),
            price_counts[key],
            (params.min_price, params.max_price) == (low, None if high is None else high - 1),
        )
        for low, high in PRICE_BUCKETS
        if (key := price_bucket_key(low, high)) in price_counts
    ]
    labelled["halal"] = (
        [FacetOption("1", str(_l("Bersertifikat halal")), n, params.halal is True)]
        if (n := facets.get("halal", {}).get("1"))
        else []
    )
    sale_labels = {"ready": _l("Stok siap kirim"), "preorder": _l("Pre-order")}
    labelled["sale_type"] = [
        FacetOption(key, str(label), n, key == params.sale_type)
        for key, label in sale_labels.items()
        if (n := facets.get("sale_type", {}).get(key))
    ]
    labelled["agency"] = sorted(
        (
            FacetOption(key, agencies[int(key)].short_name, n, int(key) == params.agency)
            for key, n in facets.get("agency", {}).items()
            if int(key) in agencies
        ),
        key=lambda o: (-o.count, o.label),
    )
    return labelled


def autocomplete(prefix: str, *, locale: str = "id", limit: int = 8) -> list[dict[str, str]]:
    """Suggestions for the header search box: categories, then product names; one query."""
    prefix = " ".join(prefix.split())[:MAX_QUERY_LENGTH]
    if len(prefix) < 2:
        return []
    lowered = prefix.lower()
    suggestions = []
    for category in db.session.scalars(select(Category).order_by(Category.position)):
        label = category.name_en if locale == "en" else category.name
        if any(word.startswith(lowered) for word in [label.lower(), *label.lower().split()]):
            suggestions.append({"kind": "category", "label": label, "slug": category.slug})
    names = get_backend().autocomplete(prefix, limit=limit)
    suggestions += [{"kind": "product", "label": name} for name in names]
    return suggestions[:limit]


# -- Index maintenance -----------------------------------------------------------------------


def check_index() -> IndexCheck:
    """Compare the index with the database: missing, stale (older version) and extra products."""
    with Session(db.engine) as session:
        expected = list_visible_versions(session)
    indexed = get_backend().indexed_versions()
    return IndexCheck(
        missing=sorted(set(expected) - set(indexed)),
        stale=sorted(
            pid for pid, version in expected.items() if pid in indexed and indexed[pid] != version
        ),
        extra=sorted(set(indexed) - set(expected)),
    )


def reindex_all() -> int:
    """Rebuild the whole index (searches keep working meanwhile); returns the product count."""
    return get_backend().rebuild()
