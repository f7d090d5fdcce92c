"""wholesale: business accounts, offers, lists, approvals, quotes, pools, standing orders, invoices

Revision ID: 70d7c09b93ba
Revises: e51b7ecfe023
Create Date: 2026-11-23 16:41:02.764421

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '70d7c09b93ba'
down_revision = 'e51b7ecfe023'
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('business_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('business_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('file_key', sa.String(length=120), nullable=False),
    sa.Column('file_type', sa.String(length=40), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['business_id'], ['businesses.id'], name=op.f('fk_business_documents_business_id_businesses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_business_documents_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_business_documents'))
    )
    with op.batch_alter_table('business_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_business_documents_business_id'), ['business_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_business_documents_uploaded_by_id'), ['uploaded_by_id'], unique=False)

    op.create_table('business_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('business_id', sa.Integer(), nullable=False),
    sa.Column('actor_user_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_user_id'], ['users.id'], name=op.f('fk_business_events_actor_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['business_id'], ['businesses.id'], name=op.f('fk_business_events_business_id_businesses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_business_events'))
    )
    with op.batch_alter_table('business_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_business_events_actor_user_id'), ['actor_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_business_events_business_id'), ['business_id'], unique=False)

    op.create_table('business_locations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('business_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=80), nullable=False),
    sa.Column('recipient_name', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('address_line', sa.String(length=200), nullable=False),
    sa.Column('province_code', sa.String(length=2), nullable=False),
    sa.Column('region_code', sa.String(length=13), nullable=False),
    sa.Column('district_code', sa.String(length=13), nullable=False),
    sa.Column('village_code', sa.String(length=16), nullable=False),
    sa.Column('postal_code', sa.String(length=5), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['business_id'], ['businesses.id'], name=op.f('fk_business_locations_business_id_businesses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_business_locations'))
    )
    with op.batch_alter_table('business_locations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_business_locations_business_id'), ['business_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_business_locations_region_code'), ['region_code'], unique=False)

    op.create_table('invoice_counters',
    sa.Column('store_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last_sequence', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_invoice_counters_store_id_stores')),
    sa.PrimaryKeyConstraint('store_id', 'year', name=op.f('pk_invoice_counters'))
    )
    op.create_table('order_lists',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('business_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['business_id'], ['businesses.id'], name=op.f('fk_order_lists_business_id_businesses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_order_lists_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_order_lists'))
    )
    with op.batch_alter_table('order_lists', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_order_lists_business_id'), ['business_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_order_lists_created_by_id'), ['created_by_id'], unique=False)

    op.create_table('supplier_profiles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('store_id', sa.Integer(), nullable=False),
    sa.Column('is_open', sa.Boolean(), nullable=False),
    sa.Column('capacity_note', sa.String(length=200), nullable=False),
    sa.Column('offers_samples', sa.Boolean(), nullable=False),
    sa.Column('sample_note', sa.String(length=200), nullable=False),
    sa.Column('delivery_province_codes', sa.JSON(), nullable=False),
    sa.Column('npwp', sa.String(length=16), nullable=True),
    sa.Column('is_pkp', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_supplier_profiles_store_id_stores'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supplier_profiles')),
    sa.UniqueConstraint('store_id', name=op.f('uq_supplier_profiles_store_id'))
    )
    with op.batch_alter_table('supplier_profiles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supplier_profiles_is_open'), ['is_open'], unique=False)

    op.create_table('pooled_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('business_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('total_quantity', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('max_unit_price_idr', sa.Integer(), nullable=True),
    sa.Column('delivery_on', sa.Date(), nullable=False),
    sa.Column('claim_until', sa.Date(), nullable=False),
    sa.Column('requires_halal', sa.Boolean(), nullable=False),
    sa.Column('requires_training', sa.Boolean(), nullable=False),
    sa.Column('coordinator_note', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['business_id'], ['businesses.id'], name=op.f('fk_pooled_requests_business_id_businesses')),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_pooled_requests_category_id_categories')),
    sa.ForeignKeyConstraint(['location_id'], ['business_locations.id'], name=op.f('fk_pooled_requests_location_id_business_locations')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_pooled_requests_requested_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pooled_requests'))
    )
    with op.batch_alter_table('pooled_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pooled_requests_business_id'), ['business_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pooled_requests_category_id'), ['category_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pooled_requests_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pooled_requests_requested_by_id'), ['requested_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pooled_requests_status'), ['status'], unique=False)

    op.create_table('purchase_approvals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('checkout_id', sa.Integer(), nullable=False),
    sa.Column('business_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('total_idr', sa.Integer(), nullable=False),
    sa.Column('threshold_idr', sa.Integer(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['business_id'], ['businesses.id'], name=op.f('fk_purchase_approvals_business_id_businesses')),
    sa.ForeignKeyConstraint(['checkout_id'], ['checkouts.id'], name=op.f('fk_purchase_approvals_checkout_id_checkouts')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_purchase_approvals_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_purchase_approvals_requested_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_purchase_approvals')),
    sa.UniqueConstraint('checkout_id', name=op.f('uq_purchase_approvals_checkout_id'))
    )
    with op.batch_alter_table('purchase_approvals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_purchase_approvals_business_id'), ['business_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_purchase_approvals_decided_by_id'), ['decided_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_purchase_approvals_requested_by_id'), ['requested_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_purchase_approvals_status'), ['status'], unique=False)

    op.create_table('rfqs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('business_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('delivery_on', sa.Date(), nullable=False),
    sa.Column('respond_by', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['business_id'], ['businesses.id'], name=op.f('fk_rfqs_business_id_businesses')),
    sa.ForeignKeyConstraint(['location_id'], ['business_locations.id'], name=op.f('fk_rfqs_location_id_business_locations')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_rfqs_product_id_products'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_rfqs_requested_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rfqs'))
    )
    with op.batch_alter_table('rfqs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rfqs_business_id'), ['business_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rfqs_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rfqs_product_id'), ['product_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rfqs_requested_by_id'), ['requested_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rfqs_status'), ['status'], unique=False)

    op.create_table('standing_orders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('business_id', sa.Integer(), nullable=False),
    sa.Column('store_id', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('pause_reason', sa.String(length=300), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approval_requested_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_total_idr', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['approval_requested_by_id'], ['users.id'], name=op.f('fk_standing_orders_approval_requested_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_standing_orders_approved_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['business_id'], ['businesses.id'], name=op.f('fk_standing_orders_business_id_businesses')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_standing_orders_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['location_id'], ['business_locations.id'], name=op.f('fk_standing_orders_location_id_business_locations')),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_standing_orders_store_id_stores')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_standing_orders'))
    )
    with op.batch_alter_table('standing_orders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_standing_orders_approval_requested_by_id'), ['approval_requested_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_standing_orders_approved_by_id'), ['approved_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_standing_orders_business_id'), ['business_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_standing_orders_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_standing_orders_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_standing_orders_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_standing_orders_store_id'), ['store_id'], unique=False)

    op.create_table('invoices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=40), nullable=False),
    sa.Column('store_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('business_id', sa.Integer(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('payment_terms', sa.String(length=6), nullable=False),
    sa.Column('seller_name', sa.String(length=200), nullable=False),
    sa.Column('seller_address', sa.Text(), nullable=False),
    sa.Column('seller_npwp', sa.String(length=16), nullable=True),
    sa.Column('seller_is_pkp', sa.Boolean(), nullable=False),
    sa.Column('buyer_name', sa.String(length=200), nullable=False),
    sa.Column('buyer_address', sa.Text(), nullable=False),
    sa.Column('buyer_npwp', sa.String(length=16), nullable=True),
    sa.Column('delivery_address', sa.Text(), nullable=False),
    sa.Column('subtotal_idr', sa.Integer(), nullable=False),
    sa.Column('dpp_idr', sa.Integer(), nullable=False),
    sa.Column('tax_idr', sa.Integer(), nullable=False),
    sa.Column('total_idr', sa.Integer(), nullable=False),
    sa.Column('paid_idr', sa.Integer(), nullable=False),
    sa.Column('paid_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('void_reason', sa.String(length=300), nullable=False),
    sa.Column('voided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['business_id'], ['businesses.id'], name=op.f('fk_invoices_business_id_businesses')),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_invoices_order_id_orders')),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_invoices_store_id_stores')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invoices')),
    sa.UniqueConstraint('number', name=op.f('uq_invoices_number')),
    sa.UniqueConstraint('order_id', name=op.f('uq_invoices_order_id')),
    sa.UniqueConstraint('store_id', 'year', 'sequence', name=op.f('uq_invoices_store_id_year_sequence'))
    )
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.create_index('ix_invoices_business_id_status', ['business_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_invoices_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_invoices_status'), ['status'], unique=False)
        batch_op.create_index('ix_invoices_store_id_status', ['store_id', 'status'], unique=False)

    op.create_table('order_list_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('order_list_id', sa.Integer(), nullable=False),
    sa.Column('variant_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['order_list_id'], ['order_lists.id'], name=op.f('fk_order_list_items_order_list_id_order_lists'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['variant_id'], ['product_variants.id'], name=op.f('fk_order_list_items_variant_id_product_variants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_order_list_items')),
    sa.UniqueConstraint('order_list_id', 'variant_id', name=op.f('uq_order_list_items_order_list_id_variant_id'))
    )
    with op.batch_alter_table('order_list_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_order_list_items_order_list_id'), ['order_list_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_order_list_items_variant_id'), ['variant_id'], unique=False)

    op.create_table('pool_shares',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pooled_request_id', sa.Integer(), nullable=False),
    sa.Column('store_id', sa.Integer(), nullable=False),
    sa.Column('variant_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit_price_idr', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('claimed_by_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['claimed_by_id'], ['users.id'], name=op.f('fk_pool_shares_claimed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_pool_shares_order_id_orders')),
    sa.ForeignKeyConstraint(['pooled_request_id'], ['pooled_requests.id'], name=op.f('fk_pool_shares_pooled_request_id_pooled_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_pool_shares_store_id_stores')),
    sa.ForeignKeyConstraint(['variant_id'], ['product_variants.id'], name=op.f('fk_pool_shares_variant_id_product_variants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pool_shares')),
    sa.UniqueConstraint('pooled_request_id', 'store_id', name=op.f('uq_pool_shares_pooled_request_id_store_id'))
    )
    with op.batch_alter_table('pool_shares', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pool_shares_claimed_by_id'), ['claimed_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pool_shares_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pool_shares_pooled_request_id'), ['pooled_request_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pool_shares_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_pool_shares_store_id'), ['store_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pool_shares_variant_id'), ['variant_id'], unique=False)

    op.create_table('quotes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rfq_id', sa.Integer(), nullable=False),
    sa.Column('store_id', sa.Integer(), nullable=False),
    sa.Column('variant_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit_price_idr', sa.Integer(), nullable=False),
    sa.Column('lead_time_days', sa.Integer(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_quotes_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_quotes_order_id_orders')),
    sa.ForeignKeyConstraint(['rfq_id'], ['rfqs.id'], name=op.f('fk_quotes_rfq_id_rfqs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_quotes_store_id_stores')),
    sa.ForeignKeyConstraint(['variant_id'], ['product_variants.id'], name=op.f('fk_quotes_variant_id_product_variants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quotes'))
    )
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quotes_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quotes_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quotes_rfq_id'), ['rfq_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quotes_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_quotes_store_id'), ['store_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quotes_variant_id'), ['variant_id'], unique=False)

    op.create_table('rfq_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rfq_id', sa.Integer(), nullable=False),
    sa.Column('store_id', sa.Integer(), nullable=True),
    sa.Column('actor_user_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['actor_user_id'], ['users.id'], name=op.f('fk_rfq_events_actor_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['rfq_id'], ['rfqs.id'], name=op.f('fk_rfq_events_rfq_id_rfqs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_rfq_events_store_id_stores')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rfq_events'))
    )
    with op.batch_alter_table('rfq_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rfq_events_actor_user_id'), ['actor_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rfq_events_rfq_id'), ['rfq_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rfq_events_store_id'), ['store_id'], unique=False)

    op.create_table('rfq_invites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rfq_id', sa.Integer(), nullable=False),
    sa.Column('store_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('decline_reason', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['rfq_id'], ['rfqs.id'], name=op.f('fk_rfq_invites_rfq_id_rfqs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_rfq_invites_store_id_stores')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rfq_invites')),
    sa.UniqueConstraint('rfq_id', 'store_id', name=op.f('uq_rfq_invites_rfq_id_store_id'))
    )
    with op.batch_alter_table('rfq_invites', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rfq_invites_rfq_id'), ['rfq_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rfq_invites_store_id'), ['store_id'], unique=False)

    op.create_table('standing_order_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('standing_order_id', sa.Integer(), nullable=False),
    sa.Column('variant_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['standing_order_id'], ['standing_orders.id'], name=op.f('fk_standing_order_lines_standing_order_id_standing_orders'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['variant_id'], ['product_variants.id'], name=op.f('fk_standing_order_lines_variant_id_product_variants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_standing_order_lines')),
    sa.UniqueConstraint('standing_order_id', 'variant_id', name=op.f('uq_standing_order_lines_standing_order_id_variant_id'))
    )
    with op.batch_alter_table('standing_order_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_standing_order_lines_standing_order_id'), ['standing_order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_standing_order_lines_variant_id'), ['variant_id'], unique=False)

    op.create_table('standing_order_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('standing_order_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=8), nullable=False),
    sa.Column('delivery_on', sa.Date(), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('skipped_reason', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_standing_order_runs_order_id_orders')),
    sa.ForeignKeyConstraint(['standing_order_id'], ['standing_orders.id'], name=op.f('fk_standing_order_runs_standing_order_id_standing_orders'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_standing_order_runs')),
    sa.UniqueConstraint('standing_order_id', 'period', name=op.f('uq_standing_order_runs_standing_order_id_period'))
    )
    with op.batch_alter_table('standing_order_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_standing_order_runs_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_standing_order_runs_standing_order_id'), ['standing_order_id'], unique=False)

    op.create_table('wholesale_offers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('variant_id', sa.Integer(), nullable=False),
    sa.Column('store_id', sa.Integer(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('min_order_qty', sa.Integer(), nullable=False),
    sa.Column('pack_size', sa.Integer(), nullable=False),
    sa.Column('lead_time_days', sa.Integer(), nullable=False),
    sa.Column('weekly_capacity', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_wholesale_offers_store_id_stores')),
    sa.ForeignKeyConstraint(['variant_id'], ['product_variants.id'], name=op.f('fk_wholesale_offers_variant_id_product_variants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wholesale_offers')),
    sa.UniqueConstraint('variant_id', name=op.f('uq_wholesale_offers_variant_id'))
    )
    with op.batch_alter_table('wholesale_offers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wholesale_offers_is_active'), ['is_active'], unique=False)
        batch_op.create_index(batch_op.f('ix_wholesale_offers_store_id'), ['store_id'], unique=False)

    op.create_table('invoice_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invoice_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=250), nullable=False),
    sa.Column('sku', sa.String(length=40), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit_price_idr', sa.Integer(), nullable=False),
    sa.Column('line_total_idr', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['invoice_id'], ['invoices.id'], name=op.f('fk_invoice_lines_invoice_id_invoices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invoice_lines'))
    )
    with op.batch_alter_table('invoice_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invoice_lines_invoice_id'), ['invoice_id'], unique=False)

    op.create_table('invoice_payments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invoice_id', sa.Integer(), nullable=False),
    sa.Column('amount_idr', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.Column('reference', sa.String(length=80), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['invoice_id'], ['invoices.id'], name=op.f('fk_invoice_payments_invoice_id_invoices'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_invoice_payments_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invoice_payments'))
    )
    with op.batch_alter_table('invoice_payments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invoice_payments_invoice_id'), ['invoice_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_invoice_payments_recorded_by_id'), ['recorded_by_id'], unique=False)

    op.create_table('invoice_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invoice_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['invoice_id'], ['invoices.id'], name=op.f('fk_invoice_reminders_invoice_id_invoices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invoice_reminders')),
    sa.UniqueConstraint('invoice_id', 'kind', name=op.f('uq_invoice_reminders_invoice_id_kind'))
    )
    with op.batch_alter_table('invoice_reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invoice_reminders_invoice_id'), ['invoice_id'], unique=False)

    op.create_table('wholesale_tiers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('min_qty', sa.Integer(), nullable=False),
    sa.Column('unit_price_idr', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['offer_id'], ['wholesale_offers.id'], name=op.f('fk_wholesale_tiers_offer_id_wholesale_offers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wholesale_tiers')),
    sa.UniqueConstraint('offer_id', 'min_qty', name=op.f('uq_wholesale_tiers_offer_id_min_qty'))
    )
    with op.batch_alter_table('wholesale_tiers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wholesale_tiers_offer_id'), ['offer_id'], unique=False)

    with op.batch_alter_table('businesses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('nib', sa.String(length=13), nullable=True))
        batch_op.add_column(sa.Column('npwp', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('is_pkp', sa.Boolean(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('address_line', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('village_code', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('postal_code', sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column('billing_email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('phone', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('status_reason', sa.String(length=300), server_default='', nullable=False))
        batch_op.add_column(sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('verified_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('payment_terms', sa.String(length=6), server_default='cbd', nullable=False))
        batch_op.add_column(sa.Column('credit_limit_idr', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('approval_threshold_idr', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_businesses_nib'), ['nib'], unique=False)
        batch_op.create_index(batch_op.f('ix_businesses_npwp'), ['npwp'], unique=False)
        batch_op.create_index(batch_op.f('ix_businesses_verified_by_id'), ['verified_by_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_businesses_verified_by_id_users'), 'users', ['verified_by_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('checkouts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('business_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_checkouts_business_id'), ['business_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_checkouts_business_id_businesses'), 'businesses', ['business_id'], ['id'])

    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stock_reserved', sa.Boolean(), server_default='1', nullable=False))

    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=10), server_default='retail', nullable=False))
        batch_op.add_column(sa.Column('business_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('requested_delivery_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('tax_idr', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('source', sa.String(length=12), nullable=True))
        batch_op.create_index(batch_op.f('ix_orders_business_id'), ['business_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_orders_requested_delivery_on'), ['requested_delivery_on'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_orders_business_id_businesses'), 'businesses', ['business_id'], ['id'])




def downgrade():

    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_orders_business_id_businesses'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_orders_requested_delivery_on'))
        batch_op.drop_index(batch_op.f('ix_orders_business_id'))
        batch_op.drop_column('source')
        batch_op.drop_column('tax_idr')
        batch_op.drop_column('requested_delivery_on')
        batch_op.drop_column('business_id')
        batch_op.drop_column('channel')

    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.drop_column('stock_reserved')

    with op.batch_alter_table('checkouts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_checkouts_business_id_businesses'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_checkouts_business_id'))
        batch_op.drop_column('business_id')

    with op.batch_alter_table('businesses', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_businesses_verified_by_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_businesses_verified_by_id'))
        batch_op.drop_index(batch_op.f('ix_businesses_npwp'))
        batch_op.drop_index(batch_op.f('ix_businesses_nib'))
        batch_op.drop_column('approval_threshold_idr')
        batch_op.drop_column('credit_limit_idr')
        batch_op.drop_column('payment_terms')
        batch_op.drop_column('verified_by_id')
        batch_op.drop_column('verified_at')
        batch_op.drop_column('status_reason')
        batch_op.drop_column('phone')
        batch_op.drop_column('billing_email')
        batch_op.drop_column('postal_code')
        batch_op.drop_column('village_code')
        batch_op.drop_column('address_line')
        batch_op.drop_column('is_pkp')
        batch_op.drop_column('npwp')
        batch_op.drop_column('nib')

    with op.batch_alter_table('wholesale_tiers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wholesale_tiers_offer_id'))

    op.drop_table('wholesale_tiers')
    with op.batch_alter_table('invoice_reminders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invoice_reminders_invoice_id'))

    op.drop_table('invoice_reminders')
    with op.batch_alter_table('invoice_payments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invoice_payments_recorded_by_id'))
        batch_op.drop_index(batch_op.f('ix_invoice_payments_invoice_id'))

    op.drop_table('invoice_payments')
    with op.batch_alter_table('invoice_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invoice_lines_invoice_id'))

    op.drop_table('invoice_lines')
    with op.batch_alter_table('wholesale_offers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wholesale_offers_store_id'))
        batch_op.drop_index(batch_op.f('ix_wholesale_offers_is_active'))

    op.drop_table('wholesale_offers')
    with op.batch_alter_table('standing_order_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_standing_order_runs_standing_order_id'))
        batch_op.drop_index(batch_op.f('ix_standing_order_runs_order_id'))

    op.drop_table('standing_order_runs')
    with op.batch_alter_table('standing_order_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_standing_order_lines_variant_id'))
        batch_op.drop_index(batch_op.f('ix_standing_order_lines_standing_order_id'))

    op.drop_table('standing_order_lines')
    with op.batch_alter_table('rfq_invites', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rfq_invites_store_id'))
        batch_op.drop_index(batch_op.f('ix_rfq_invites_rfq_id'))

    op.drop_table('rfq_invites')
    with op.batch_alter_table('rfq_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rfq_events_store_id'))
        batch_op.drop_index(batch_op.f('ix_rfq_events_rfq_id'))
        batch_op.drop_index(batch_op.f('ix_rfq_events_actor_user_id'))

    op.drop_table('rfq_events')
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quotes_variant_id'))
        batch_op.drop_index(batch_op.f('ix_quotes_store_id'))
        batch_op.drop_index(batch_op.f('ix_quotes_status'))
        batch_op.drop_index(batch_op.f('ix_quotes_rfq_id'))
        batch_op.drop_index(batch_op.f('ix_quotes_order_id'))
        batch_op.drop_index(batch_op.f('ix_quotes_created_by_id'))

    op.drop_table('quotes')
    with op.batch_alter_table('pool_shares', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pool_shares_variant_id'))
        batch_op.drop_index(batch_op.f('ix_pool_shares_store_id'))
        batch_op.drop_index(batch_op.f('ix_pool_shares_status'))
        batch_op.drop_index(batch_op.f('ix_pool_shares_pooled_request_id'))
        batch_op.drop_index(batch_op.f('ix_pool_shares_order_id'))
        batch_op.drop_index(batch_op.f('ix_pool_shares_claimed_by_id'))

    op.drop_table('pool_shares')
    with op.batch_alter_table('order_list_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_list_items_variant_id'))
        batch_op.drop_index(batch_op.f('ix_order_list_items_order_list_id'))

    op.drop_table('order_list_items')
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.drop_index('ix_invoices_store_id_status')
        batch_op.drop_index(batch_op.f('ix_invoices_status'))
        batch_op.drop_index(batch_op.f('ix_invoices_due_on'))
        batch_op.drop_index('ix_invoices_business_id_status')

    op.drop_table('invoices')
    with op.batch_alter_table('standing_orders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_standing_orders_store_id'))
        batch_op.drop_index(batch_op.f('ix_standing_orders_status'))
        batch_op.drop_index(batch_op.f('ix_standing_orders_location_id'))
        batch_op.drop_index(batch_op.f('ix_standing_orders_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_standing_orders_business_id'))
        batch_op.drop_index(batch_op.f('ix_standing_orders_approved_by_id'))
        batch_op.drop_index(batch_op.f('ix_standing_orders_approval_requested_by_id'))

    op.drop_table('standing_orders')
    with op.batch_alter_table('rfqs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rfqs_status'))
        batch_op.drop_index(batch_op.f('ix_rfqs_requested_by_id'))
        batch_op.drop_index(batch_op.f('ix_rfqs_product_id'))
        batch_op.drop_index(batch_op.f('ix_rfqs_location_id'))
        batch_op.drop_index(batch_op.f('ix_rfqs_business_id'))

    op.drop_table('rfqs')
    with op.batch_alter_table('purchase_approvals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_purchase_approvals_status'))
        batch_op.drop_index(batch_op.f('ix_purchase_approvals_requested_by_id'))
        batch_op.drop_index(batch_op.f('ix_purchase_approvals_decided_by_id'))
        batch_op.drop_index(batch_op.f('ix_purchase_approvals_business_id'))

    op.drop_table('purchase_approvals')
    with op.batch_alter_table('pooled_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pooled_requests_status'))
        batch_op.drop_index(batch_op.f('ix_pooled_requests_requested_by_id'))
        batch_op.drop_index(batch_op.f('ix_pooled_requests_location_id'))
        batch_op.drop_index(batch_op.f('ix_pooled_requests_category_id'))
        batch_op.drop_index(batch_op.f('ix_pooled_requests_business_id'))

    op.drop_table('pooled_requests')
    with op.batch_alter_table('supplier_profiles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supplier_profiles_is_open'))

    op.drop_table('supplier_profiles')
    with op.batch_alter_table('order_lists', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_order_lists_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_order_lists_business_id'))

    op.drop_table('order_lists')
    op.drop_table('invoice_counters')
    with op.batch_alter_table('business_locations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_business_locations_region_code'))
        batch_op.drop_index(batch_op.f('ix_business_locations_business_id'))

    op.drop_table('business_locations')
    with op.batch_alter_table('business_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_business_events_business_id'))
        batch_op.drop_index(batch_op.f('ix_business_events_actor_user_id'))

    op.drop_table('business_events')
    with op.batch_alter_table('business_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_business_documents_uploaded_by_id'))
        batch_op.drop_index(batch_op.f('ix_business_documents_business_id'))

    op.drop_table('business_documents')

