"""Planning a product sheet against the store, and applying it whole."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, cast

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.catalog.models import (
    Category,
    Product,
    ProductStatus,
    ProductVariant,
    SaleType,
)
from marketplace.catalog.product_csv.reading import (
    COLUMNS,
    PRODUCT_FIELDS,
    VARIANT_FIELDS,
    ProductRows,
    VariantRow,
    _words,
    parse_products_csv,
)
from marketplace.catalog.services import (
    ProductData,
    VariantData,
    create_product,
    publish_problems,
    update_product,
)
from marketplace.core.imports import (
    ImportHasErrors,
    PlanCounts,
    Problem,
)
from marketplace.extensions import db
from marketplace.stores.models import Store

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
