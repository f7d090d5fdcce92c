"""Quick order: rows of SKU and quantity (typed, pasted or uploaded as CSV), resolved to the
variants of wholesale sellers, priced and checked now, then placed as one purchase.

`parse_csv` is pure (bytes in, rows out). `build_preview` reads (a fixed handful of queries
whatever the number of rows) and says, row by row, what would be ordered and at what price or
why not. `place_quick_order` checks again and places through `ordering.place_wholesale_order`;
problems found there come back on the rows the buyer typed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.catalog.models import ProductVariant
from marketplace.core.db import utcnow
from marketplace.core.errors import DomainError
from marketplace.core.imports import csv_records, decode_csv
from marketplace.extensions import db
from marketplace.orders.cart import Sellable, load_sellable
from marketplace.orders.models import Checkout, Order, OrderChannel, OrderLine, PaymentMethod
from marketplace.orders.services import find_checkout
from marketplace.shipping.rates import ShippingQuote
from marketplace.stores.models import Store
from marketplace.wholesale.access import require
from marketplace.wholesale.errors import InvalidRequest, OrderRowsInvalid
from marketplace.wholesale.models import (
    TERM_DAYS,
    Business,
    BusinessLocation,
    SupplierProfile,
    WholesaleOffer,
)
from marketplace.wholesale.ordering import (
    CLOSED_ORDER_STATUSES,
    MAX_ROWS,
    WantedLine,
    WholesalePurchase,
    _wholesale_shipping,
    load_offers,
    open_balance,
    place_wholesale_order,
    week_bounds,
)
from marketplace.wholesale.pricing import MAX_QUANTITY, Tax, ppn, quantity_problem, tier_for

MAX_CSV_BYTES = 200 * 1024
SKU_MAX = 40
_QUANTITY = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+")  # 250 or 1.500
_HEADER_NAMES = {
    "sku": "sku",
    "kode": "sku",
    "kode_sku": "sku",
    "quantity": "quantity",
    "qty": "quantity",
    "jumlah": "quantity",
    "store": "store",
    "toko": "store",
}


class QuickOrderFileError(DomainError):
    """A pasted or uploaded order file cannot be read as a whole (encoding, size, rows)."""

    code = "quick_order_file"
    message = _l("Berkas pesanan tidak dapat dibaca.")


@dataclass(frozen=True)
class RowInput:
    """A row as the buyer gave it: its number in the form, the SKU, the quantity as typed,
    the store's slug (only needed when several stores use the SKU), and its line in the CSV
    file when it came from one (header = line 1)."""

    row: int
    sku: str
    quantity: str
    store: str = ""
    line: int | None = None

    @property
    def is_blank(self) -> bool:
        return not (self.sku.strip() or self.quantity.strip() or self.store.strip())


# -- Reading rows ------------------------------------------------------------------------------


def parse_quantity(text: str) -> int | None:
    """A whole quantity of 1 to 1,000,000 ("250", "1.500"), or None."""
    value = (text or "").strip().replace(" ", "")
    if not _QUANTITY.fullmatch(value):
        return None
    number = int(value.replace(".", ""))
    return number if 1 <= number <= MAX_QUANTITY else None


def parse_csv(data: bytes) -> list[RowInput]:
    """Rows of an order file: `sku,quantity[,store]`, header optional, comma or semicolon,
    UTF-8 with or without BOM, at most 200 rows and 200 KB. Raises QuickOrderFileError."""
    if len(data) > MAX_CSV_BYTES:
        raise QuickOrderFileError(
            _l("Berkas terlalu besar (paling besar %(n)d KB).", n=MAX_CSV_BYTES // 1024),
            reason="too_big",
        )
    empty = _l("Berkas kosong. Isi satu baris per produk: sku,jumlah (kolom toko boleh).")
    text = decode_csv(data, error=QuickOrderFileError, empty=empty)
    records = list(csv_records(text, error=QuickOrderFileError)[1])
    columns = {"sku": 0, "quantity": 1, "store": 2}
    if records and _is_header(records[0][1]):
        columns = _header_columns(records[0][1])
        records = records[1:]
    if not records:
        raise QuickOrderFileError(empty, reason="empty")
    if len(records) > MAX_ROWS:
        raise QuickOrderFileError(
            _l(
                "Berkas berisi %(n)d baris; paling banyak %(max)d baris per pesanan.",
                n=len(records),
                max=MAX_ROWS,
            ),
            reason="too_many_rows",
        )

    def cell(cells: list[str], name: str) -> str:
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    return [
        RowInput(
            row=number,
            sku=cell(cells, "sku"),
            quantity=cell(cells, "quantity"),
            store=cell(cells, "store"),
            line=line,
        )
        for number, (line, cells) in enumerate(records, start=1)
    ]


def _header_key(label: str) -> str:
    return re.sub(r"\s+", "_", label.strip().strip("\ufeff").casefold())


def _is_header(cells: list[str]) -> bool:
    return (
        any(_header_key(c) in _HEADER_NAMES for c in cells)
        and parse_quantity(cells[1] if len(cells) > 1 else "") is None
    )


def _header_columns(cells: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, label in enumerate(cells):
        name = _HEADER_NAMES.get(_header_key(label))
        if name and name not in columns:
            columns[name] = index
    if "sku" not in columns or "quantity" not in columns:
        raise QuickOrderFileError(
            _l("Baris judul harus memuat kolom sku dan quantity (atau jumlah)."),
            reason="missing_columns",
        )
    return columns


# -- Preview -----------------------------------------------------------------------------------


@dataclass
class PreviewRow:
    """What one row of the buyer's would order, or why it cannot."""

    input: RowInput
    quantity: int | None = None
    item: Sellable | None = None
    offer: WholesaleOffer | None = None
    unit_price_idr: int | None = None
    error: Any = None
    # A later row of the same product, added to this one (merged_into: the row it went to).
    merged_into: int | None = None
    merged_rows: list[int] = field(default_factory=list)

    @property
    def row(self) -> int:
        return self.input.row

    @property
    def line_total_idr(self) -> int | None:
        if self.unit_price_idr is None or self.quantity is None:
            return None
        return self.unit_price_idr * self.quantity

    @property
    def is_orderable(self) -> bool:
        return self.error is None and self.merged_into is None and self.item is not None


@dataclass
class StorePreview:
    """One seller's part of the purchase: goods, delivery, PPN and when it can arrive."""

    store: Store
    rows: list[PreviewRow]
    is_pkp: bool
    goods_idr: int = 0
    shipping: ShippingQuote | None = None
    tax: Tax | None = None
    ready_on: date | None = None
    error: Any = None

    @property
    def shipping_idr(self) -> int:
        return self.shipping.cost_idr if self.shipping else 0

    @property
    def tax_idr(self) -> int:
        return self.tax.tax_idr if self.tax else 0

    @property
    def total_idr(self) -> int:
        return self.goods_idr + self.shipping_idr + self.tax_idr

    @property
    def arrives(self) -> tuple[date, date] | None:
        """The earliest arrival window: ready (lead time) plus the courier's days."""
        if self.ready_on is None or self.shipping is None:
            return None
        low, high = self.shipping.etd_days
        return self.ready_on + timedelta(days=low), self.ready_on + timedelta(days=high)


@dataclass
class Preview:
    """The quick order as it would be placed now, row by row, store by store."""

    rows: list[PreviewRow]
    stores: list[StorePreview]
    problems: list[Any]
    delivery_on: date | None
    on_terms: bool
    open_balance_idr: int
    credit_limit_idr: int
    threshold_idr: int | None

    @property
    def row_errors(self) -> dict[int, Any]:
        return {r.row: r.error for r in self.rows if r.error is not None}

    @property
    def ok(self) -> bool:
        return (
            not self.problems
            and not self.row_errors
            and any(r.is_orderable for r in self.rows)
            and not any(s.error for s in self.stores)
        )

    @property
    def merged(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.merged_rows]

    @property
    def total_idr(self) -> int:
        return sum(s.total_idr for s in self.stores)

    @property
    def tax_idr(self) -> int:
        return sum(s.tax_idr for s in self.stores)

    @property
    def exceeds_credit(self) -> bool:
        return self.on_terms and self.open_balance_idr + self.total_idr > self.credit_limit_idr

    @property
    def credit_left_idr(self) -> int:
        return max(self.credit_limit_idr - self.open_balance_idr, 0)

    @property
    def needs_approval(self) -> bool:
        return self.threshold_idr is not None and self.total_idr > self.threshold_idr

    @property
    def orderable(self) -> list[PreviewRow]:
        """Rows that become order lines, in the buyer's order."""
        return [r for r in self.rows if r.is_orderable]

    @property
    def lines(self) -> list[WantedLine]:
        """What to pass to `place_wholesale_order` (row i of `orderable` is line i + 1)."""
        lines = []
        for row in self.orderable:
            assert row.item is not None and row.quantity is not None
            lines.append(WantedLine(variant_id=row.item.variant.id, quantity=row.quantity))
        return lines


def resolve_rows(rows: Sequence[RowInput]) -> list[PreviewRow]:
    """Each non-blank row's quantity and wholesale variant, or why not (unknown SKU, several
    stores, not sold wholesale, bad quantity); rows of one variant merged into the first.

    Five queries whatever the number of rows."""
    given = [r for r in rows if not r.is_blank]
    wanted_skus = {r.sku.strip().upper() for r in given if 0 < len(r.sku.strip()) <= SKU_MAX}
    candidates = _candidates(wanted_skus)
    result: list[PreviewRow] = []
    first_of: dict[int, PreviewRow] = {}
    for raw in given:
        row = PreviewRow(input=raw)
        result.append(row)
        sku = raw.sku.strip().upper()
        row.quantity = parse_quantity(raw.quantity)
        if not sku:
            row.error = _l("Isi SKU produk.")
            continue
        found = candidates.get(sku, [])
        store_slug = raw.store.strip().casefold()
        if store_slug:
            found = [c for c in found if c[0].store.slug.casefold() == store_slug]
        if not found:
            row.error = (
                _l("SKU %(sku)s tidak ada di toko %(store)s.", sku=sku, store=raw.store.strip())
                if store_slug and candidates.get(sku)
                else _l("SKU %(sku)s tidak ditemukan.", sku=sku)
            )
            continue
        wholesale = [c for c in found if c[1] is not None]
        if not wholesale:
            row.item = found[0][0]
            row.error = _l("Produk ini tidak dijual grosir.")
            continue
        if len(wholesale) > 1:
            row.error = _l(
                "SKU %(sku)s dijual oleh beberapa toko (%(stores)s): isi kolom toko.",
                sku=sku,
                stores=", ".join(sorted(c[0].store.slug for c in wholesale)),
            )
            continue
        row.item, row.offer = wholesale[0]
        if row.quantity is None:
            row.error = _l("Jumlah harus angka bulat 1 sampai 1.000.000.")
            continue
        earlier = first_of.get(row.item.variant.id)
        if earlier is not None:
            row.merged_into = earlier.row
            earlier.merged_rows.append(row.row)
            if earlier.quantity is not None:
                earlier.quantity += row.quantity
            continue
        first_of[row.item.variant.id] = row
    return result


def _candidates(skus: set[str]) -> dict[str, list[tuple[Sellable, WholesaleOffer | None]]]:
    """Sellable variants by upper-case SKU, each with its active wholesale offer (None when the
    store does not sell it wholesale or has closed its wholesale listing)."""
    if not skus:
        return {}
    ids = list(
        db.session.scalars(
            select(ProductVariant.id).where(func.upper(ProductVariant.sku).in_(sorted(skus)))
        )
    )
    sellable = load_sellable(ids)
    offers = load_offers(list(sellable))
    closed = set(
        db.session.scalars(
            select(SupplierProfile.store_id).where(
                SupplierProfile.store_id.in_({s.store.id for s in sellable.values()}),
                SupplierProfile.is_open.is_(False),
            )
        )
    )
    found: dict[str, list[tuple[Sellable, WholesaleOffer | None]]] = defaultdict(list)
    for variant_id in sorted(sellable):
        item = sellable[variant_id]
        offer = offers.get(variant_id)
        if item.store.id in closed:
            offer = None
        found[item.variant.sku.upper()].append((item, offer))
    return found


def build_preview(
    business: Business,
    rows: Sequence[RowInput],
    *,
    location: BusinessLocation | None,
    delivery_on: date | None,
    pay_upfront: str | None,
    today: date | None = None,
) -> Preview:
    """Rows resolved, priced at the tier for their quantity, checked (minimum, pack, weekly
    capacity, lead time, stock), grouped by store with delivery and PPN; plus the credit
    position and whether an approver must agree. Reads only."""
    today = today or utcnow().date()
    problems: list[Any] = []
    resolved = resolve_rows(rows)
    if not resolved:
        problems.append(_l("Isi paling sedikit satu produk."))
    if len(resolved) > MAX_ROWS:
        problems.append(_l("Paling banyak %(n)d baris per pesanan.", n=MAX_ROWS))
    if location is None:
        problems.append(_l("Pilih lokasi pengiriman usaha Anda."))
    if delivery_on is None or not today <= delivery_on <= today + timedelta(days=366):
        problems.append(_l("Tanggal kirim harus hari ini atau sesudahnya (paling lama 1 tahun)."))
        delivery_on = None
    on_terms = pay_upfront is None
    if on_terms and TERM_DAYS.get(business.payment_terms) is None:
        problems.append(
            _l("Usaha Anda membayar sebelum pengiriman: pilih transfer bank atau kartu.")
        )

    candidates = [r for r in resolved if r.is_orderable]
    used = _capacity_used(
        [r.offer for r in candidates if r.offer is not None], delivery_on=delivery_on
    )
    for row in candidates:
        _check_row(row, used=used, delivery_on=delivery_on, today=today)

    stores = _store_groups([r for r in resolved if r.is_orderable], location=location, today=today)
    return Preview(
        rows=resolved,
        stores=stores,
        problems=problems,
        delivery_on=delivery_on,
        on_terms=on_terms,
        open_balance_idr=open_balance(business.id),
        credit_limit_idr=business.credit_limit_idr,
        threshold_idr=business.approval_threshold_idr,
    )


def _check_row(
    row: PreviewRow, *, used: dict[int, int], delivery_on: date | None, today: date
) -> None:
    offer, item, quantity = row.offer, row.item, row.quantity
    assert offer is not None and item is not None and quantity is not None
    if delivery_on is not None and (delivery_on - today).days < offer.lead_time_days:
        row.error = _l(
            "Butuh %(n)d hari produksi: pilih tanggal kirim paling cepat %(d)s.",
            n=offer.lead_time_days,
            d=(today + timedelta(days=offer.lead_time_days)).strftime("%d-%m-%Y"),
        )
        return
    left = None
    if delivery_on is not None and offer.weekly_capacity is not None and offer.lead_time_days:
        left = offer.weekly_capacity - used.get(offer.variant_id, 0)
    problem = quantity_problem(offer, quantity, capacity_left=left)
    if problem is not None:
        row.error = problem
        return
    if offer.lead_time_days == 0 and item.variant.stock < quantity:
        row.error = _l("Stok tidak cukup (tersedia %(n)d).", n=max(item.variant.stock, 0))
        return
    tier = tier_for(offer.tiers, quantity)
    assert tier is not None
    row.unit_price_idr = tier.unit_price_idr


def _capacity_used(offers: Sequence[WholesaleOffer], *, delivery_on: date | None) -> dict[int, int]:
    """Units already ordered per made-to-order variant in the delivery week; one query."""
    limited = [o.variant_id for o in offers if o.weekly_capacity is not None and o.lead_time_days]
    if delivery_on is None or not limited:
        return {}
    monday, sunday = week_bounds(delivery_on)
    rows = db.session.execute(
        select(OrderLine.variant_id, func.coalesce(func.sum(OrderLine.quantity), 0))
        .join(Order, Order.id == OrderLine.order_id)
        .where(
            OrderLine.variant_id.in_(limited),
            Order.channel == OrderChannel.WHOLESALE,
            Order.requested_delivery_on.between(monday, sunday),
            Order.status.not_in(CLOSED_ORDER_STATUSES),
        )
        .group_by(OrderLine.variant_id)
    )
    return {variant_id: int(total) for variant_id, total in rows}


def _store_groups(
    rows: Sequence[PreviewRow], *, location: BusinessLocation | None, today: date
) -> list[StorePreview]:
    by_store: dict[int, list[PreviewRow]] = defaultdict(list)
    for row in rows:
        assert row.item is not None
        by_store[row.item.store.id].append(row)
    if not by_store:
        return []
    pkp = set(
        db.session.scalars(
            select(SupplierProfile.store_id).where(
                SupplierProfile.store_id.in_(list(by_store)), SupplierProfile.is_pkp.is_(True)
            )
        )
    )
    groups = []
    for store_id, items in sorted(by_store.items()):
        store = items[0].item.store  # type: ignore[union-attr]
        group = StorePreview(store=store, rows=items, is_pkp=store_id in pkp)
        group.goods_idr = sum(r.line_total_idr or 0 for r in items)
        group.ready_on = today + timedelta(
            days=max(r.offer.lead_time_days for r in items if r.offer is not None)
        )
        if location is not None:
            weight = sum(r.item.variant.weight_grams * (r.quantity or 0) for r in items)  # type: ignore[union-attr]
            try:
                group.shipping = _wholesale_shipping(
                    store, destination_region=location.region_code, weight=weight
                )
            except InvalidRequest as exc:
                group.error = exc.message
        group.tax = ppn(group.goods_idr + group.shipping_idr, is_pkp=group.is_pkp)
        groups.append(group)
    return groups


# -- Placing -----------------------------------------------------------------------------------


def place_quick_order(
    business: Business,
    *,
    actor: User,
    rows: Sequence[RowInput],
    purchase: WholesalePurchase,
) -> Checkout:
    """Check the rows again now and place them as one wholesale purchase.

    Idempotent per `purchase.idempotency_key` (a second submit returns the first checkout).
    Row problems, from the preview or from placing, raise OrderRowsInvalid keyed by the
    buyer's row numbers; nothing is written. Flushes; the caller commits. Raises NotAllowed,
    NotVerified, InvalidRequest, OrderRowsInvalid, OutOfStock, CreditLimitExceeded.
    """
    require(business, actor, "order", verified=True)
    existing = find_checkout(actor, (purchase.idempotency_key or "").strip())
    if existing is not None:
        return existing
    location = db.session.get(BusinessLocation, purchase.location_id)
    if location is None or location.business_id != business.id or not location.is_active:
        raise InvalidRequest(_l("Pilih lokasi pengiriman usaha Anda."))
    preview = build_preview(
        business,
        rows,
        location=location,
        delivery_on=purchase.requested_delivery_on,
        pay_upfront=purchase.pay_upfront,
        today=purchase.today,
    )
    if preview.problems:
        raise InvalidRequest(preview.problems[0])
    if preview.row_errors:
        raise OrderRowsInvalid(preview.row_errors)
    broken = next((s for s in preview.stores if s.error), None)
    if broken is not None:
        raise InvalidRequest(broken.error)
    orderable = preview.orderable
    try:
        return place_wholesale_order(business, actor=actor, purchase=purchase, lines=preview.lines)
    except OrderRowsInvalid as exc:
        raise OrderRowsInvalid(
            {orderable[line - 1].row: message for line, message in exc.problems.items()}
        ) from None


def upfront_method(choice: str) -> str | None:
    """The form's payment choice as `WholesalePurchase.pay_upfront` (None: on terms)."""
    if choice in (PaymentMethod.BANK_TRANSFER, PaymentMethod.CARD):
        return choice
    return None
