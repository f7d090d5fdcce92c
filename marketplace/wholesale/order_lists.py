"""Saved order lists ("daftar belanja rutin"): a business's usual rows, reordered in one
click through the quick order (priced and checked again then)."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.catalog.models import ProductVariant
from marketplace.extensions import db
from marketplace.stores.models import Store
from marketplace.wholesale.access import require
from marketplace.wholesale.errors import InvalidRequest, OrderRowsInvalid
from marketplace.wholesale.models import Business, OrderList, OrderListItem
from marketplace.wholesale.ordering import MAX_ROWS
from marketplace.wholesale.quick_order import RowInput, resolve_rows

NAME_MAX = 80


def _name(name: str) -> str:
    cleaned = " ".join((name or "").split())
    if not 1 <= len(cleaned) <= NAME_MAX:
        raise InvalidRequest(_l("Nama daftar harus 1 sampai %(n)d huruf.", n=NAME_MAX))
    return cleaned


def _items(rows: Sequence[RowInput]) -> list[tuple[int, int]]:
    """(variant id, quantity) of the rows, merged by variant. Raises OrderRowsInvalid for rows
    whose SKU, store or quantity is wrong (minimum and pack are checked when ordering)."""
    resolved = resolve_rows(rows)
    if not resolved:
        raise InvalidRequest(_l("Isi paling sedikit satu produk."))
    if len(resolved) > MAX_ROWS:
        raise InvalidRequest(_l("Paling banyak %(n)d baris per pesanan.", n=MAX_ROWS))
    problems = {r.row: r.error for r in resolved if r.error is not None}
    if problems:
        raise OrderRowsInvalid(problems)
    return [
        (r.item.variant.id, r.quantity)  # type: ignore[union-attr, misc]
        for r in resolved
        if r.merged_into is None
    ]


def _check_owner(order_list: OrderList, business: Business, actor: User) -> None:
    require(business, actor, "order", verified=True)
    if order_list.business_id != business.id:
        raise InvalidRequest()


def create_order_list(
    business: Business, *, actor: User, name: str, rows: Sequence[RowInput]
) -> OrderList:
    """A new saved list of the business from quick-order rows. Raises NotAllowed, NotVerified,
    InvalidRequest, OrderRowsInvalid. Flushes."""
    require(business, actor, "order", verified=True)
    order_list = OrderList(business_id=business.id, name=_name(name), created_by_id=actor.id)
    order_list.items = [
        OrderListItem(variant_id=variant_id, quantity=quantity)
        for variant_id, quantity in _items(rows)
    ]
    db.session.add(order_list)
    db.session.flush()
    return order_list


def update_order_list(
    order_list: OrderList,
    *,
    business: Business,
    actor: User,
    name: str,
    rows: Sequence[RowInput],
) -> OrderList:
    """Rename a list of the business and replace its rows. Raises NotAllowed, NotVerified,
    InvalidRequest, OrderRowsInvalid. Flushes."""
    _check_owner(order_list, business, actor)
    order_list.name = _name(name)
    wanted = dict(_items(rows))
    for item in list(order_list.items):
        if item.variant_id in wanted:
            item.quantity = wanted.pop(item.variant_id)
        else:
            order_list.items.remove(item)
    # Removals first: a variant moved out and back in must not meet its old row.
    db.session.flush()
    for variant_id, quantity in wanted.items():
        order_list.items.append(OrderListItem(variant_id=variant_id, quantity=quantity))
    db.session.flush()
    return order_list


def delete_order_list(order_list: OrderList, *, business: Business, actor: User) -> None:
    """Delete a list of the business. Raises NotAllowed, NotVerified, InvalidRequest."""
    _check_owner(order_list, business, actor)
    db.session.delete(order_list)
    db.session.flush()


def list_rows(order_list: OrderList) -> list[RowInput]:
    """The list as quick-order rows (SKU, quantity and the store's slug); one query."""
    records = db.session.execute(
        select(ProductVariant.sku, Store.slug, OrderListItem.quantity)
        .join(ProductVariant, ProductVariant.id == OrderListItem.variant_id)
        .join(Store, Store.id == ProductVariant.store_id)
        .where(OrderListItem.order_list_id == order_list.id)
        .order_by(OrderListItem.id)
    )
    return [
        RowInput(row=n, sku=sku, quantity=str(quantity), store=slug)
        for n, (sku, slug, quantity) in enumerate(records, start=1)
    ]
