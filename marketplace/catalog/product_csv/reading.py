"""Reading and checking a seller's product sheet (bytes in, rows and problems out)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from marketplace.catalog.models import (
    Category,
)
from marketplace.catalog.services import (
    BPOM_RE,
    PIRT_RE,
)
from marketplace.core.csv_export import FORMULA_PREFIXES
from marketplace.core.errors import DomainError
from marketplace.core.imports import (
    RowError,
    csv_records,
    decode_csv,
)
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
