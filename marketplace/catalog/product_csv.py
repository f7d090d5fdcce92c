"""A store's catalog as CSV: read a seller's sheet, plan it, apply it whole, export it back.

One row per variant; the rows of one product share its name and the first of them supplies
the product's fields. `parse_products_csv` is pure (bytes and categories in, rows and errors
out); `plan_import` compares the sheet with the store in three queries whatever its length;
`apply_plan` writes through the catalog services, every row or none. Uploads wait for
confirmation in private storage, named by a signed token: no table, nothing in the session.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, cast

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from marketplace.catalog.models import (
    Category,
    Product,
    ProductStatus,
    ProductVariant,
    SaleType,
)
from marketplace.catalog.services import (
    BPOM_RE,
    PIRT_RE,
    ProductData,
    VariantData,
    create_product,
    publish_problems,
    update_product,
)
from marketplace.core.csv_export import FORMULA_PREFIXES
from marketplace.core.db import after_commit
from marketplace.core.errors import DomainError
from marketplace.core.imports import (
    ImportChanged,
    ImportHasErrors,
    PlanCounts,
    Problem,
    RowError,
    csv_records,
    decode_csv,
)
from marketplace.core.storage import Storage, get_storage
from marketplace.extensions import db
from marketplace.stores.models import Store
from marketplace.training.importer import InvalidAmount, parse_rupiah

COLUMNS = (
    "sku",
    "name",
    "category",
    "description",
    "price_idr",
    "stock",
    "weight_g",
    "variant",
    "is_halal",
    "halal_cert_no",
    "pirt_no",
    "bpom_no",
    "shelf_life_days",
)
REQUIRED_COLUMNS = ("sku", "name", "category", "price_idr")
MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
NAME_MIN, NAME_MAX = 2, 160
LABEL_MAX, DESCRIPTION_MAX, CERT_MAX, SHELF_LIFE_MAX = 80, 5000, 40, 3650
SKU_RE = re.compile(r"[A-Z0-9._-]{1,40}")
_YES, _NO = ("ya", "yes", "1", "true"), ("tidak", "no", "0", "false")
_INTEGER = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+")  # 1500 or 1.500
_DASHES = re.compile(r"[-\u2013\u2014]+")  # "-" means "none" in these sheets
_STAGED_KEY = re.compile(r"imports/products/[0-9a-f]{32}\.csv")
TOKEN_MAX_AGE = 3600

# Fields the preview compares, in the order it lists them.
PRODUCT_FIELDS = (
    "name",
    "category_id",
    "description",
    "halal_cert_no",
    "halal_expires_on",
    "is_non_halal",
    "pirt_no",
    "bpom_no",
    "shelf_life_days",
)
VARIANT_FIELDS = ("label", "price_idr", "stock", "weight_grams")
FIELD_LABELS = {
    "name": _l("Nama produk"),
    "category_id": _l("Kategori"),
    "description": _l("Deskripsi"),
    "halal_cert_no": _l("Nomor sertifikat halal"),
    "halal_expires_on": _l("Halal berlaku sampai"),
    "is_non_halal": _l("Pernyataan tidak halal"),
    "pirt_no": _l("Nomor P-IRT"),
    "bpom_no": _l("Nomor BPOM (MD/ML)"),
    "shelf_life_days": _l("Masa simpan (hari)"),
    "label": _l("Varian"),
    "price_idr": _l("Harga (Rp)"),
    "stock": _l("Stok"),
    "weight_grams": _l("Berat (gram)"),
}


# -- Errors ------------------------------------------------------------------------------------


class ProductFileError(DomainError):
    """The file as a whole cannot be read; `data["reason"]` says why."""

    code = "product_file"
    message = _l("Berkas produk tidak dapat dibaca.")


class ProductImportExpired(DomainError):
    """The token is forged, expired, for another store, or its file is gone (applied)."""

    code = "product_import_expired"
    message = _l("Pratinjau impor ini sudah kedaluwarsa atau sudah diterapkan. Unggah berkas lagi.")


# -- Parsed rows -------------------------------------------------------------------------------


@dataclass(frozen=True)
class VariantRow:
    """A valid row: one variant of the product its name stands for."""

    line: int
    sku: str
    label: str
    price_idr: int
    stock: int
    weight_grams: int


@dataclass
class ProductRows:
    """A product of the sheet: fields from the first row of its name, its valid variant rows."""

    line: int
    name: str
    category_id: int
    description: str
    halal: bool | None  # ya / tidak / no statement
    halal_cert_no: str | None
    pirt_no: str | None
    bpom_no: str | None
    shelf_life_days: int | None
    variants: list[VariantRow] = field(default_factory=list)


@dataclass
class ParseResult:
    """Products with their valid rows, the errors of rejected rows, the columns present."""

    products: list[ProductRows]
    errors: list[RowError]
    total_rows: int
    columns: frozenset[str]
    ignored_columns: list[str]


# -- Reading the file --------------------------------------------------------------------------


def _read(data: bytes) -> list[tuple[int, list[str]]]:
    """(start line, cells) of each non-blank record, header first. Raises ProductFileError."""
    empty = _l("Berkas kosong. Unggah berkas CSV berisi baris judul kolom dan data produk.")
    text = decode_csv(data, error=ProductFileError, empty=empty)
    records = list(csv_records(text, error=ProductFileError)[1])
    if not records:
        raise ProductFileError(empty, reason="empty")
    return records


def _map_columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """Column -> index, and the labels of ignored columns. Raises ProductFileError."""
    found: dict[str, int] = {}
    ignored = []
    for index, label in enumerate(header):
        key = re.sub(r"\s+", "_", label.strip().casefold())
        if key in COLUMNS and key not in found:
            found[key] = index
        elif label.strip():
            ignored.append(" ".join(label.split()))
    missing = [column for column in REQUIRED_COLUMNS if column not in found]
    if missing:
        raise ProductFileError(
            _l(
                "Kolom wajib tidak ditemukan: %(columns)s. Judul kolom yang diterima: "
                "%(accepted)s.",
                columns=", ".join(missing),
                accepted=", ".join(COLUMNS),
            ),
            reason="missing_columns",
            columns=missing,
        )
    return found, ignored


def _cell(cells: list[str], index: int | None) -> str:
    value = cells[index].strip() if index is not None and index < len(cells) else ""
    # Undo the export's guard against formulas ("'=SUM(1)"), so that a round trip is exact.
    if value.startswith("'") and value[1:2] and value[1] in FORMULA_PREFIXES:
        return value[1:]
    return value


def _words(value: str) -> str:
    return " ".join(value.split())


class _Categories:
    """Finds a leaf category by slug or Indonesian name (any case)."""

    def __init__(self, categories: Iterable[Category]) -> None:
        self.all = list(categories)
        self.by_slug = {c.slug.casefold(): c for c in self.all}
        self.by_name: dict[str, list[Category]] = defaultdict(list)
        for c in self.all:
            self.by_name[_words(c.name).casefold()].append(c)

    def find(self, text: str, fail: Callable[[str, Any], None]) -> Category | None:
        key = _words(text).casefold()
        if not key:
            fail("category", _l("Kategori wajib diisi."))
            return None
        named = self.by_name.get(key, [])
        leaves = [c for c in named if c.parent_id is not None]
        found = self.by_slug.get(key) or (leaves[0] if len(leaves) == 1 else None)
        if found is not None and found.parent_id is not None:
            return found
        if len(leaves) > 1:
            fail(
                "category",
                _l(
                    "Ada beberapa kategori bernama “%(value)s”. Tulis slug-nya: %(slugs)s.",
                    value=text,
                    slugs=", ".join(c.slug for c in leaves),
                ),
            )
        elif found is not None or named:
            parent = found or named[0]
            children = [c.slug for c in self.all if c.parent_id == parent.id]
            fail(
                "category",
                _l(
                    "“%(value)s” adalah kategori utama. Tulis salah satu subkategorinya: "
                    "%(children)s.",
                    value=text,
                    children=", ".join(children) or "—",
                ),
            )
        else:
            fail(
                "category",
                _l(
                    "Kategori “%(value)s” tidak dikenal. Tulis slug atau nama subkategori, "
                    "mis. keripik-camilan.",
                    value=text[:60],
                ),
            )
        return None


def parse_products_csv(
    data: bytes, *, categories: Iterable[Category], max_rows: int = MAX_ROWS
) -> ParseResult:
    """Read and check a product sheet against the category tree.

    Raises ProductFileError for a file that cannot be read at all (empty, not UTF-8 CSV, a
    required column missing, no data rows, more than `max_rows` rows).
    """
    header, *records = _read(data)
    columns, ignored = _map_columns(header[1])
    lookup = _Categories(categories)
    products: dict[str, ProductRows | None] = {}  # None: the name's first row was rejected
    sku_lines: dict[str, int] = {}
    errors: list[RowError] = []
    if len(records) > max_rows:
        raise ProductFileError(
            _l(
                "Berkas berisi lebih dari %(max)d baris produk. Bagi menjadi beberapa berkas, "
                "lalu unggah satu per satu.",
                max=max_rows,
            ),
            reason="too_many_rows",
        )
    if not records:
        raise ProductFileError(
            _l("Berkas hanya berisi judul kolom, belum ada data produk."), reason="no_rows"
        )
    for line, cells in records:
        values = {column: _cell(cells, columns.get(column)) for column in COLUMNS}
        row_errors: list[RowError] = []

        def fail(column: str, message: Any, line: int = line, into: list = row_errors) -> None:
            into.append(RowError(line, column, message))

        name = _words(values["name"])
        if not name:
            fail("name", _l("Nama produk wajib diisi."))
        elif not NAME_MIN <= len(name) <= NAME_MAX:
            fail(
                "name",
                _l(
                    "Nama produk harus %(min)d sampai %(max)d karakter.", min=NAME_MIN, max=NAME_MAX
                ),
            )
        name_ok, key = not row_errors, name.casefold()
        # Product fields are read from the first row of a name (and checked on a row whose
        # name is wrong too, so that one upload lists every mistake).
        if not name_ok or key not in products:
            product = _check_product(line, name, values, lookup, fail)
            if name_ok:
                products[key] = product
        variant = _check_variant(line, values, sku_lines, fail)
        errors.extend(row_errors)
        product = products.get(key) if name_ok else None
        if not row_errors and product is not None and variant is not None:
            product.variants.append(variant)
    return ParseResult(
        products=[p for p in products.values() if p is not None and p.variants],
        errors=errors,
        total_rows=len(records),
        columns=frozenset(columns),
        ignored_columns=ignored,
    )


def _whole(values: dict[str, str], column: str, fail: Callable[[str, Any], None]) -> int | None:
    """A whole non-negative number ("1500", "1.500"), 0 when empty; None after a failure."""
    raw = values[column].replace(" ", "")
    if not raw:
        return 0
    if raw[0] in "-\u2212\u2013" and _INTEGER.fullmatch(raw[1:]):
        fail(column, _l("Angka tidak boleh negatif."))
        return None
    if not _INTEGER.fullmatch(raw):
        fail(column, _l("“%(value)s” bukan bilangan bulat.", value=values[column][:40]))
        return None
    return int(raw.replace(".", ""))


def _check_variant(
    line: int, values: dict[str, str], sku_lines: dict[str, int], fail: Callable[[str, Any], None]
) -> VariantRow | None:
    sku = values["sku"].upper()
    if not sku:
        fail("sku", _l("SKU wajib diisi."))
    elif not SKU_RE.fullmatch(sku):
        fail(
            "sku",
            _l("SKU hanya boleh berisi huruf, angka, titik, - atau _ (paling banyak 40 karakter)."),
        )
    elif (first := sku_lines.setdefault(sku, line)) != line:
        fail("sku", _l("SKU sama dengan baris %(line)d.", line=first))
    label = _words(values["variant"])
    if len(label) > LABEL_MAX:
        fail("variant", _l("Nama varian paling banyak %(max)d karakter.", max=LABEL_MAX))
    price = None
    if not values["price_idr"]:
        fail("price_idr", _l("Harga wajib diisi."))
    else:
        try:
            price = parse_rupiah(values["price_idr"])
        except InvalidAmount as exc:
            fail("price_idr", exc.message)
        else:
            if price <= 0:
                fail("price_idr", _l("Harga harus lebih dari 0."))
    stock = _whole(values, "stock", fail)
    weight = _whole(values, "weight_g", fail)
    if not sku or price is None or stock is None or weight is None:
        return None
    return VariantRow(line, sku, label, price, stock, weight)


def _check_product(
    line: int,
    name: str,
    values: dict[str, str],
    lookup: _Categories,
    fail: Callable[[str, Any], None],
) -> ProductRows | None:
    failures: list[Any] = []

    def check_fail(column: str, message: Any) -> None:
        failures.append(message)
        fail(column, message)

    def optional(column: str) -> str:
        return "" if _DASHES.fullmatch(values[column]) else values[column]

    category = lookup.find(values["category"], check_fail)
    description = values["description"]
    if len(description) > DESCRIPTION_MAX:
        check_fail(
            "description", _l("Deskripsi paling banyak %(max)d karakter.", max=DESCRIPTION_MAX)
        )
    halal: bool | None = None
    raw_halal = optional("is_halal").casefold()
    if raw_halal in _YES:
        halal = True
    elif raw_halal in _NO:
        halal = False
    elif raw_halal:
        check_fail("is_halal", _l("Isi is_halal dengan ya atau tidak, atau kosongkan."))
    cert = _words(optional("halal_cert_no")) or None
    if cert and len(cert) > CERT_MAX:
        check_fail(
            "halal_cert_no",
            _l("Nomor sertifikat halal paling banyak %(max)d karakter.", max=CERT_MAX),
        )
    elif halal is True and not cert:
        check_fail("halal_cert_no", _l("Nomor sertifikat halal wajib diisi jika is_halal = ya."))
    elif cert and (halal is False or not raw_halal):
        check_fail("halal_cert_no", _l("Nomor sertifikat halal hanya diisi jika is_halal = ya."))
    pirt = re.sub(r"[\s.\-]", "", optional("pirt_no")) or None
    if pirt and not PIRT_RE.match(pirt):
        check_fail("pirt_no", _l("Nomor P-IRT terdiri dari 15 digit."))
    bpom = _words(optional("bpom_no").upper()) or None
    if bpom and not BPOM_RE.match(bpom):
        check_fail(
            "bpom_no", _l("Nomor BPOM diawali MD atau ML, diikuti angka (mis. MD 224510001234).")
        )
    shelf_life = None
    if raw_shelf := optional("shelf_life_days").replace(" ", ""):
        if raw_shelf.isdigit() and 1 <= int(raw_shelf) <= SHELF_LIFE_MAX:
            shelf_life = int(raw_shelf)
        else:
            check_fail(
                "shelf_life_days",
                _l(
                    "Masa simpan harus bilangan bulat 1 sampai %(max)d (hari).",
                    max=SHELF_LIFE_MAX,
                ),
            )
    if failures or category is None:
        return None
    return ProductRows(
        line=line,
        name=name,
        category_id=category.id,
        description=description,
        halal=halal,
        halal_cert_no=cert,
        pirt_no=pirt,
        bpom_no=bpom,
        shelf_life_days=shelf_life,
    )


# -- Planning against the store -----------------------------------------------------------------


@dataclass
class PlannedRow:
    """What applying a row does to its variant (and, on a product's first row, the product)."""

    row: VariantRow
    name: str
    action: str  # "create", "update" or "unchanged"
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    new_product: bool = False


@dataclass
class PlannedProduct:
    """A product of the sheet: the store's product it updates (None: a new draft), the data."""

    product: Product | None
    data: ProductData
    rows: list[PlannedRow]

    @property
    def action(self) -> str:
        if self.product is None:
            return "create"
        return "unchanged" if all(r.action == "unchanged" for r in self.rows) else "update"


@dataclass
class ImportPlan(PlanCounts):
    """The preview: rows to create, update or leave alone, and the rejected ones."""

    store: Store
    total_rows: int
    products: list[PlannedProduct]
    problems: list[Problem]
    ignored_columns: list[str]
    categories: dict[int, Category]

    @property
    def rows(self) -> list[PlannedRow]:
        return sorted((r for p in self.products for r in p.rows), key=lambda r: r.row.line)

    def actions(self) -> Iterable[str]:
        return (r.action for p in self.products for r in p.rows)

    @property
    def new_products(self) -> int:
        return sum(1 for p in self.products if p.product is None)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def fingerprint(self) -> str:
        """A digest of what applying would write: the confirmation must match the preview."""
        shape: list[Any] = [
            (
                p.product.id if p.product else None,
                repr(p.data),
                [
                    (r.row.line, r.action, sorted((k, repr(v)) for k, v in r.changes.items()))
                    for r in p.rows
                ],
            )
            for p in self.products
        ]
        shape.append(("problems", len(self.problems)))
        return hashlib.sha256(repr(shape).encode()).hexdigest()[:32]


def plan_import(store: Store, data: bytes) -> ImportPlan:
    """Read a sheet and compare it with the store's catalog in three queries. Changes nothing.

    Raises ProductFileError for a file that cannot be read at all.
    """
    categories = {c.id: c for c in db.session.scalars(select(Category))}
    result = parse_products_csv(data, categories=categories.values())
    existing = list(
        db.session.scalars(select(Product).where(Product.store_id == store.id).order_by(Product.id))
    )
    variants: dict[int, list[ProductVariant]] = defaultdict(list)
    by_sku: dict[str, ProductVariant] = {}
    for variant in db.session.scalars(
        select(ProductVariant)
        .where(ProductVariant.store_id == store.id)
        .order_by(ProductVariant.id)
    ):
        variants[variant.product_id].append(variant)
        by_sku[variant.sku.upper()] = variant

    problems = [Problem(e.line, e.column, str(e.message)) for e in result.errors]
    targets = _match(result.products, existing, by_sku, problems)
    names = {p.id: p.name for p in existing}
    planned: list[PlannedProduct] = []
    for index, item in enumerate(result.products):
        if index not in targets:
            continue  # ambiguous name, already reported
        product = targets[index]
        kept = []
        for row in item.variants:
            owner = by_sku[row.sku].product_id if row.sku in by_sku else None
            if owner is not None and (product is None or owner != product.id):
                message = _l(
                    "SKU %(sku)s sudah dipakai produk lain di toko ini: “%(product)s”. Nama "
                    "produk diganti di halaman produknya, bukan lewat impor.",
                    sku=row.sku,
                    product=names[owner],
                )
                problems.append(Problem(row.line, "sku", str(message)))
            else:
                kept.append(row)
        if not kept:
            continue
        category = categories[item.category_id]
        existing_variants = variants[product.id] if product is not None else []
        plan = _plan_product(item, product, kept, existing_variants, category, result.columns)
        reasons = _publication_lost(plan, category)
        if reasons:
            message = _l(
                "Produk ini sedang tayang; setelah diubah tidak memenuhi syarat tayang: "
                "%(reasons)s",
                reasons=" ".join(reasons),
            )
            problems.append(Problem(item.line, "is_halal", str(message)))
        planned.append(plan)
    problems.sort(key=lambda p: (p.line, COLUMNS.index(p.column) if p.column in COLUMNS else 99))
    return ImportPlan(
        store=store,
        total_rows=result.total_rows,
        products=planned,
        problems=problems,
        ignored_columns=result.ignored_columns,
        categories=categories,
    )


def _match(
    sheet: list[ProductRows],
    existing: list[Product],
    by_sku: dict[str, ProductVariant],
    problems: list[Problem],
) -> dict[int, Product | None]:
    """Which store product each sheet product updates (None: a new one), by sheet index.

    A name maps to the store's product of that name (any case); when several share it, the
    sheet's known SKUs say which. A name still ambiguous is reported and left out.
    """
    named: dict[str, list[Product]] = defaultdict(list)
    for product in existing:
        named[_words(product.name).casefold()].append(product)
    targets: dict[int, Product | None] = {}
    for index, item in enumerate(sheet):
        candidates = named.get(item.name.casefold(), [])
        if len(candidates) > 1:
            owners = {by_sku[v.sku].product_id for v in item.variants if v.sku in by_sku}
            candidates = [p for p in candidates if p.id in owners] or candidates
        if len(candidates) > 1:
            message = _l(
                "Ada %(n)d produk bernama “%(name)s” di toko ini. Tulis SKU varian yang sudah "
                "ada agar jelas produk mana yang diubah.",
                n=len(candidates),
                name=item.name,
            )
            problems.append(Problem(item.line, "name", str(message)))
            continue
        targets[index] = candidates[0] if candidates else None
    return targets


def _same(new: str, old: str | None, key: Callable[[str], str] = _words) -> str:
    """The stored text when the sheet's differs only in spacing (keeps round trips exact)."""
    return old if old is not None and key(old) == key(new) else new


def _text_key(text: str) -> str:
    return text.replace("\r\n", "\n").strip()


def _plan_product(
    item: ProductRows,
    product: Product | None,
    rows: list[VariantRow],
    existing_variants: list[ProductVariant],
    category: Category,
    columns: frozenset[str],
) -> PlannedProduct:
    """The data to write for one sheet product. Variants missing from the sheet stay as they
    are; a column missing from the sheet keeps the stored value."""

    def old(name: str, default: Any) -> Any:
        return getattr(product, name) if product is not None else default

    def sheet_or_old(column: str, value: Any, name: str) -> Any:
        return value if column in columns else old(name, None)

    if "is_halal" not in columns:
        halal = (
            old("halal_cert_no", None),
            old("halal_expires_on", None),
            old("is_non_halal", False),
        )
    elif item.halal:
        # The expiry date is not in the sheet: a certified product keeps the one it has.
        halal = (item.halal_cert_no, old("halal_expires_on", None), False)
    elif item.halal is False:
        # The non-halal statement is about food; elsewhere the sheet leaves it as it was.
        halal = (None, None, category.is_food or old("is_non_halal", False))
    else:
        halal = (None, None, False)

    variant_data: list[VariantData] = []
    planned: list[PlannedRow] = []
    sheet_rows = {r.sku: r for r in rows}
    for variant in existing_variants:
        row = sheet_rows.pop(variant.sku.upper(), None)
        new = VariantData(
            sku=variant.sku,
            label=variant.label,
            price_idr=variant.price_idr,
            stock=variant.stock,
            weight_grams=variant.weight_grams,
            min_order=variant.min_order,
        )
        if row is not None:
            new = VariantData(
                sku=variant.sku,
                label=_same(row.label, variant.label) if "variant" in columns else variant.label,
                price_idr=row.price_idr,
                stock=row.stock if "stock" in columns else variant.stock,
                weight_grams=row.weight_grams if "weight_g" in columns else variant.weight_grams,
                min_order=variant.min_order,
            )
            changes = _diff(variant, new, VARIANT_FIELDS)
            planned.append(
                PlannedRow(row, item.name, "update" if changes else "unchanged", changes)
            )
        variant_data.append(new)
    for row in sheet_rows.values():
        variant_data.append(
            VariantData(row.sku, row.label, row.price_idr, row.stock, row.weight_grams)
        )
        planned.append(PlannedRow(row, item.name, "create", new_product=product is None))

    description = old("description", "")
    if "description" in columns:
        description = _same(item.description, description, _text_key)
    data = ProductData(
        name=_same(item.name, old("name", None)),
        category_id=item.category_id,
        description=description,
        sale_type=old("sale_type", SaleType.READY),
        preorder_days=old("preorder_days", None),
        pirt_no=sheet_or_old("pirt_no", item.pirt_no, "pirt_no"),
        halal_cert_no=halal[0],
        halal_expires_on=halal[1],
        is_non_halal=halal[2],
        bpom_no=sheet_or_old("bpom_no", item.bpom_no, "bpom_no"),
        shelf_life_days=sheet_or_old("shelf_life_days", item.shelf_life_days, "shelf_life_days"),
        ingredients=old("ingredients", ""),
        allergens=old("allergens", ""),
        variants=variant_data,
    )
    planned.sort(key=lambda r: r.row.line)
    if product is not None and (changes := _diff(product, data, PRODUCT_FIELDS)):
        # The product's changes show on its first row that already exists.
        first = next((r for r in planned if r.action != "create"), planned[0])
        first.changes = changes | first.changes
        if first.action == "unchanged":
            first.action = "update"
    return PlannedProduct(product=product, data=data, rows=planned)


def _diff(obj: Any, new: Any, fields: tuple[str, ...]) -> dict[str, tuple[Any, Any]]:
    return {
        name: (getattr(obj, name), getattr(new, name))
        for name in fields
        if getattr(obj, name) != getattr(new, name)
    }


def _publication_lost(plan: PlannedProduct, category: Category) -> list[str]:
    """Why an active product being changed would no longer meet the publication rule."""
    product = plan.product
    if product is None or product.status != ProductStatus.ACTIVE or plan.action == "unchanged":
        return []
    data = plan.data
    # The same rule the services apply on saving, checked on the data before anything is written.
    after = SimpleNamespace(
        variants=data.variants,
        category=category,
        store_id=product.store_id,
        halal_cert_no=data.halal_cert_no,
        halal_expires_on=data.halal_expires_on,
        is_non_halal=data.is_non_halal,
        pirt_no=data.pirt_no,
        bpom_no=data.bpom_no,
    )
    return publish_problems(cast(Product, after))


# -- Applying ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    """Counts of what an applied import did (rows are variants)."""

    new_products: int
    created: int
    updated: int
    unchanged: int


def apply_plan(plan: ImportPlan) -> ImportResult:
    """Write the plan through the catalog services: all of it, or nothing if a row is rejected.

    New products are drafts. Flushes; the caller commits, or rolls back on an error. Raises
    ImportHasErrors; InvalidProduct, SkuTaken, NotPublishable if the store changed
    after planning.
    """
    if not plan.ok:
        raise ImportHasErrors(problems=len(plan.problems))
    for item in plan.products:
        if item.product is None:
            create_product(plan.store, data=item.data)
        elif item.action == "update":
            update_product(item.product, data=item.data)
    return ImportResult(
        new_products=plan.new_products,
        created=plan.creates,
        updated=plan.updates,
        unchanged=plan.unchanged,
    )


# -- Staged uploads (browser: upload, preview, confirm) -----------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="product-import")


def _storage() -> Storage:
    return get_storage(current_app.config, visibility="private")


def stage_import(store: Store, *, data: bytes) -> str:
    """Keep an uploaded sheet in private storage for preview; returns the signed token.

    Raises ProductFileError (checked now, so that an unreadable file is never kept).
    """
    parse_products_csv(data, categories=db.session.scalars(select(Category)))
    key = f"imports/products/{secrets.token_hex(16)}.csv"
    _storage().save(key, data, content_type="text/csv")
    return str(_serializer().dumps({"store_id": store.id, "key": key}))


def _staged_file(store: Store, token: str) -> tuple[str, bytes]:
    """The key and bytes a token names. Raises ProductImportExpired (also for another store)."""
    try:
        payload = _serializer().loads(token, max_age=TOKEN_MAX_AGE)
    except BadSignature:  # also SignatureExpired
        raise ProductImportExpired() from None
    if not isinstance(payload, dict) or payload.get("store_id") != store.id:
        raise ProductImportExpired()
    key = str(payload.get("key"))
    if not _STAGED_KEY.fullmatch(key):
        raise ProductImportExpired()
    try:
        return key, _storage().open(key)
    except FileNotFoundError:  # applied (and deleted) already
        raise ProductImportExpired() from None


def plan_staged(store: Store, *, token: str) -> ImportPlan:
    """The current plan of a staged sheet. Raises ProductImportExpired, ProductFileError."""
    return plan_import(store, _staged_file(store, token)[1])


def apply_staged(store: Store, *, token: str, fingerprint: str) -> ImportResult:
    """Apply a staged sheet exactly as previewed; its file is deleted once committed.

    Raises ProductImportExpired, ImportChanged, ImportHasErrors, and what
    apply_plan raises. Flushes; the caller commits.
    """
    key, data = _staged_file(store, token)
    plan = plan_import(store, data)
    if fingerprint != plan.fingerprint:
        raise ImportChanged()
    result = apply_plan(plan)
    storage = _storage()
    after_commit(db.session(), lambda: storage.delete(key))
    return result


# -- Export -----------------------------------------------------------------------------------


def export_rows(store: Store) -> Iterator[list[Any]]:
    """The store's products in the import format, one row per variant, in one query.

    Importing the export changes nothing. Cells are raw: the writer neutralises formulas.
    """
    query = (
        select(ProductVariant, Product, Category)
        .join(Product, ProductVariant.product_id == Product.id)
        .join(Category, Product.category_id == Category.id)
        .where(Product.store_id == store.id)
        .order_by(Product.id, ProductVariant.id)
    )
    for variant, product, category in db.session.execute(query):
        halal = "ya" if product.halal_cert_no else "tidak" if product.is_non_halal else ""
        yield [
            variant.sku,
            product.name,
            category.slug,
            product.description,
            variant.price_idr,
            variant.stock,
            variant.weight_grams,
            variant.label,
            halal,
            product.halal_cert_no or "",
            product.pirt_no or "",
            product.bpom_no or "",
            product.shelf_life_days or "",
        ]


def export_filename(store: Store) -> str:
    return f"produk-{store.slug}.csv"
