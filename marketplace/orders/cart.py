"""The cart: in the database for signed-in shoppers, in the session for guests.

Both keep the same facts per variant (quantity, the price seen when added, saved for later);
`view_cart` re-reads prices and stock on every view and says what changed.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.catalog.models import Category, Product, ProductStatus, ProductVariant
from marketplace.catalog.queries import first_images, halal_valid_today
from marketplace.extensions import db
from marketplace.orders.errors import InvalidQuantity, NotAvailable
from marketplace.orders.models import CartItem
from marketplace.stores.models import Store, StoreStatus

MAX_QUANTITY = 9_999
MAX_LINES = 100
SESSION_KEY = "cart"


@dataclass
class CartLine:
    """One variant in a cart."""

    variant_id: int
    quantity: int
    price_seen_idr: int
    saved: bool = False


class CartStore(Protocol):
    """Where a cart's lines live."""

    def lines(self) -> list[CartLine]:
        """Every line, in the order added."""
        ...

    def put(self, line: CartLine) -> None:
        """Add or replace the line of its variant."""
        ...

    def remove(self, variant_id: int) -> None:
        """Drop the line of a variant (nothing if absent)."""
        ...


class DbCart:
    """A signed-in shopper's cart (cart_items rows); changes are flushed, the view commits."""

    def __init__(self, user_id: int) -> None:
        self.user_id = user_id

    def _items(self) -> list[CartItem]:
        return list(
            db.session.scalars(
                select(CartItem).where(CartItem.user_id == self.user_id).order_by(CartItem.id)
            )
        )

    def lines(self) -> list[CartLine]:
        """Every line, in the order added."""
        return [
            CartLine(i.variant_id, i.quantity, i.price_seen_idr, i.is_saved_for_later)
            for i in self._items()
        ]

    def put(self, line: CartLine) -> None:
        """Add or replace the line of its variant."""
        item = db.session.scalar(
            select(CartItem).where(
                CartItem.user_id == self.user_id, CartItem.variant_id == line.variant_id
            )
        )
        if item is None:
            item = CartItem(
                user_id=self.user_id,
                variant_id=line.variant_id,
                quantity=line.quantity,
                price_seen_idr=line.price_seen_idr,
                is_saved_for_later=line.saved,
            )
            try:
                with db.session.begin_nested():
                    db.session.add(item)
            except IntegrityError:
                # A double click's twin request added the same variant a moment ago.
                item = db.session.scalar(
                    select(CartItem).where(
                        CartItem.user_id == self.user_id, CartItem.variant_id == line.variant_id
                    )
                )
                if item is None:
                    raise
        item.quantity = line.quantity
        item.price_seen_idr = line.price_seen_idr
        item.is_saved_for_later = line.saved
        db.session.flush()

    def remove(self, variant_id: int) -> None:
        """Drop the line of a variant."""
        for item in self._items():
            if item.variant_id == variant_id:
                db.session.delete(item)
        db.session.flush()


class SessionCart:
    """A guest's cart, kept in the signed session cookie as short lists."""

    def __init__(self, session: MutableMapping[str, Any]) -> None:
        self.session = session

    def lines(self) -> list[CartLine]:
        """Every line, in the order added (malformed entries are dropped)."""
        lines = []
        for raw in self.session.get(SESSION_KEY, []):
            try:
                variant_id, quantity, price, saved = (int(v) for v in raw)
            except (TypeError, ValueError):
                continue
            lines.append(CartLine(variant_id, quantity, price, bool(saved)))
        return lines

    def _save(self, lines: list[CartLine]) -> None:
        self.session[SESSION_KEY] = [
            [ln.variant_id, ln.quantity, ln.price_seen_idr, int(ln.saved)] for ln in lines
        ]

    def put(self, line: CartLine) -> None:
        """Add or replace the line of its variant."""
        lines = [ln for ln in self.lines() if ln.variant_id != line.variant_id]
        self._save([*lines, line][-MAX_LINES:])

    def remove(self, variant_id: int) -> None:
        """Drop the line of a variant."""
        self._save([ln for ln in self.lines() if ln.variant_id != variant_id])

    def clear(self) -> None:
        """Forget the guest cart (after it merged into an account)."""
        self.session.pop(SESSION_KEY, None)


@dataclass(frozen=True)
class Sellable:
    """A variant that can be bought now, with what the cart shows of it."""

    variant: ProductVariant
    product: Product
    store: Store


def load_sellable(variant_ids: list[int]) -> dict[int, Sellable]:
    """Variants whose product is public (active, live store, valid halal status); one query."""
    if not variant_ids:
        return {}
    rows = db.session.execute(
        select(ProductVariant, Product, Store)
        .join(Product, Product.id == ProductVariant.product_id)
        .join(Store, Store.id == Product.store_id)
        .join(Category, Category.id == Product.category_id)
        .where(
            ProductVariant.id.in_(variant_ids),
            Product.status == ProductStatus.ACTIVE,
            Store.status == StoreStatus.LIVE,
            halal_valid_today(),
        )
    )
    return {v.id: Sellable(v, p, s) for v, p, s in rows}


def _check_quantity(quantity: int, variant: ProductVariant) -> None:
    if quantity < max(1, variant.min_order) or quantity > MAX_QUANTITY:
        raise InvalidQuantity(
            InvalidQuantity.message
            if quantity < 1 or quantity > MAX_QUANTITY
            else _min_order_message(variant.min_order),
            minimum=variant.min_order,
        )


def _min_order_message(minimum: int) -> Any:
    from flask_babel import lazy_gettext as _l

    return _l("Minimal pembelian %(n)d.", n=minimum)


def add_to_cart(cart: CartStore, *, variant_id: int, quantity: int) -> CartLine:
    """Add a quantity of a variant (added to what is there, capped by stock).

    Raises NotAvailable (not for sale, or no stock at all), InvalidQuantity.
    """
    sellable = load_sellable([variant_id]).get(variant_id)
    if sellable is None or sellable.variant.stock < 1:
        raise NotAvailable()
    if not 1 <= quantity <= MAX_QUANTITY:
        raise InvalidQuantity()
    existing = next((ln for ln in cart.lines() if ln.variant_id == variant_id), None)
    total = quantity + (existing.quantity if existing and not existing.saved else 0)
    total = min(total, sellable.variant.stock)
    _check_quantity(total, sellable.variant)
    line = CartLine(variant_id, total, sellable.variant.price_idr, saved=False)
    cart.put(line)
    return line


def update_quantity(cart: CartStore, *, variant_id: int, quantity: int) -> None:
    """Set a line's quantity (0 removes it). Raises InvalidQuantity, NotAvailable."""
    existing = next((ln for ln in cart.lines() if ln.variant_id == variant_id), None)
    if existing is None:
        raise NotAvailable()
    if quantity == 0:
        cart.remove(variant_id)
        return
    sellable = load_sellable([variant_id]).get(variant_id)
    if sellable is None:
        raise NotAvailable()
    _check_quantity(quantity, sellable.variant)
    existing.quantity = min(quantity, max(sellable.variant.stock, 1))
    cart.put(existing)


def set_saved_for_later(cart: CartStore, *, variant_id: int, saved: bool) -> None:
    """Move a line to "save for later" or back into the cart. Raises NotAvailable."""
    existing = next((ln for ln in cart.lines() if ln.variant_id == variant_id), None)
    if existing is None:
        raise NotAvailable()
    existing.saved = saved
    cart.put(existing)


def merge_guest_cart(guest: SessionCart, user_cart: DbCart) -> int:
    """Move a guest's lines into the account's cart (quantities added, capped by stock).

    Lines no longer for sale are dropped. Returns how many lines merged.
    """
    guest_lines = guest.lines()
    sellable = load_sellable([ln.variant_id for ln in guest_lines])
    mine = {ln.variant_id: ln for ln in user_cart.lines()}
    merged = 0
    for line in guest_lines:
        found = sellable.get(line.variant_id)
        if found is None or found.variant.stock < 1:
            continue
        current = mine.get(line.variant_id)
        quantity = line.quantity + (current.quantity if current else 0)
        quantity = max(1, min(quantity, found.variant.stock, MAX_QUANTITY))
        user_cart.put(
            CartLine(
                line.variant_id,
                quantity,
                current.price_seen_idr if current else line.price_seen_idr,
                saved=line.saved if current is None else (current.saved and line.saved),
            )
        )
        merged += 1
    guest.clear()
    return merged


@dataclass
class CartRow:
    """A line as the cart page shows it, with what changed since it was added."""

    line: CartLine
    variant: ProductVariant | None
    product: Product | None
    store: Store | None
    image_digest: str | None = None
    image_widths: tuple[int, ...] = ()
    unavailable: bool = False
    price_changed_from: int | None = None
    stock_short: bool = False

    @property
    def quantity(self) -> int:
        """The quantity that can be bought now (the cart's, limited by stock)."""
        if self.variant is None:
            return 0
        return min(self.line.quantity, self.variant.stock)

    @property
    def total_idr(self) -> int:
        """Current price times the quantity that can be bought."""
        return 0 if self.variant is None else self.variant.price_idr * self.quantity


@dataclass
class StoreGroup:
    """The lines of one store, with their subtotal and weight."""

    store: Store
    rows: list[CartRow] = field(default_factory=list)

    @property
    def subtotal_idr(self) -> int:
        """Sum of the buyable lines."""
        return sum(r.total_idr for r in self.rows if not r.unavailable)

    @property
    def weight_grams(self) -> int:
        """Weight of the buyable lines."""
        return sum(
            r.variant.weight_grams * r.quantity
            for r in self.rows
            if r.variant is not None and not r.unavailable
        )


@dataclass
class CartView:
    """The cart grouped by store, saved-for-later lines apart, with notices."""

    groups: list[StoreGroup]
    saved: list[CartRow]
    unavailable: list[CartRow]

    @property
    def total_idr(self) -> int:
        """Goods total of every group (shipping comes at checkout)."""
        return sum(g.subtotal_idr for g in self.groups)

    @property
    def count(self) -> int:
        """Number of units in the cart (not saved for later)."""
        return sum(r.quantity for g in self.groups for r in g.rows)

    @property
    def changed(self) -> bool:
        """True when a price, stock or availability changed since the lines were added."""
        rows = [r for g in self.groups for r in g.rows] + self.saved + self.unavailable
        return any(r.unavailable or r.price_changed_from is not None or r.stock_short for r in rows)


def view_cart(cart: CartStore) -> CartView:
    """The cart with current prices and stock, grouped by store; two queries."""
    lines = cart.lines()
    sellable = load_sellable([ln.variant_id for ln in lines])
    covers = first_images(list({s.product.id for s in sellable.values()}))
    groups: dict[int, StoreGroup] = {}
    saved: list[CartRow] = []
    unavailable: list[CartRow] = []
    for line in lines:
        found = sellable.get(line.variant_id)
        if found is None or found.variant.stock < 1:
            row = CartRow(
                line,
                found.variant if found else None,
                found.product if found else None,
                found.store if found else None,
                unavailable=True,
            )
            unavailable.append(row)
            continue
        digest, widths = covers.get(found.product.id, (None, []))
        row = CartRow(
            line,
            found.variant,
            found.product,
            found.store,
            image_digest=digest,
            image_widths=tuple(widths),
            price_changed_from=line.price_seen_idr
            if line.price_seen_idr != found.variant.price_idr
            else None,
            stock_short=line.quantity > found.variant.stock,
        )
        if line.saved:
            saved.append(row)
        else:
            groups.setdefault(found.store.id, StoreGroup(found.store)).rows.append(row)
    return CartView(list(groups.values()), saved, unavailable)


def acknowledge_changes(cart: CartStore, view: CartView) -> None:
    """Record the prices and quantities now shown, so the notice appears once per change."""
    rows = [row for group in view.groups for row in group.rows] + view.saved
    for row in rows:
        if row.price_changed_from is not None or row.stock_short:
            row.line.price_seen_idr = row.variant.price_idr if row.variant else 0
            row.line.quantity = row.quantity
            cart.put(row.line)
