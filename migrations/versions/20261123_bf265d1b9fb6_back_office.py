"""back office: commission rates, payouts, moderation, audit log; mentoring visits and sales consent

Revision ID: bf265d1b9fb6
Revises: 5084f395f4db
Create Date: 2026-11-23 17:30:43.005458

"""
from alembic import op
import sqlalchemy as sa

# PostgreSQL: the audit log is append-only (the one change allowed: the actor's account was
# deleted, ON DELETE SET NULL). The same statements as marketplace/core/audit/models.py.
AUDIT_APPEND_ONLY = (
    """
CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.actor_user_id IS NOT NULL AND NEW.actor_user_id IS NULL
       AND (to_jsonb(NEW) - 'actor_user_id') = (to_jsonb(OLD) - 'actor_user_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_entries is append-only'
        USING ERRCODE = 'insufficient_privilege', DETAIL = TG_OP || ' refused';
END
$$
""",
    "CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries "
    "FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()",
    "CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()",
)


# revision identifiers, used by Alembic.
revision = 'bf265d1b9fb6'
down_revision = '5084f395f4db'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('payout_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=10), nullable=False),
    sa.Column('cutoff_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('minimum_idr', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_run_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payout_runs')),
    sa.UniqueConstraint('period', name=op.f('uq_payout_runs_period'))
    )
    op.create_table('audit_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_user_id', sa.Integer(), nullable=True),
    sa.Column('actor_kind', sa.String(length=20), nullable=False),
    sa.Column('ip', sa.String(length=45), nullable=True),
    sa.Column('action', sa.String(length=120), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=True),
    sa.Column('path', sa.String(length=300), nullable=True),
    sa.Column('object_type', sa.String(length=64), nullable=False),
    sa.Column('object_id', sa.String(length=64), nullable=True),
    sa.Column('change', sa.String(length=10), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_user_id'], ['users.id'], name=op.f('fk_audit_entries_actor_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries'))
    )
    if op.get_bind().dialect.name == 'postgresql':
        for statement in AUDIT_APPEND_ONLY:
            op.execute(statement)
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entries_actor_user_id'), ['actor_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_change'), ['change'], unique=False)
        batch_op.create_index('ix_audit_entries_object_type_object_id', ['object_type', 'object_id'], unique=False)

    op.create_table('commission_rates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=True),
    sa.Column('rate_bps', sa.Integer(), nullable=False),
    sa.Column('effective_from', sa.DateTime(timezone=True), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('rate_bps >= 0 AND rate_bps <= 3000', name=op.f('ck_commission_rates_rate_bps_range')),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_commission_rates_category_id_categories')),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_commission_rates_set_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commission_rates'))
    )
    with op.batch_alter_table('commission_rates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commission_rates_category_id'), ['category_id'], unique=False)
        batch_op.create_index('ix_commission_rates_category_id_effective_from', ['category_id', 'effective_from'], unique=False)
        batch_op.create_index(batch_op.f('ix_commission_rates_effective_from'), ['effective_from'], unique=False)
        batch_op.create_index(batch_op.f('ix_commission_rates_set_by_id'), ['set_by_id'], unique=False)

    op.create_table('moderation_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('target_kind', sa.String(length=10), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('actor_user_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reports_closed', sa.Integer(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['actor_user_id'], ['users.id'], name=op.f('fk_moderation_actions_actor_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_actions'))
    )
    with op.batch_alter_table('moderation_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_moderation_actions_actor_user_id'), ['actor_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_moderation_actions_at'), ['at'], unique=False)
        batch_op.create_index('ix_moderation_actions_target', ['target_kind', 'target_id'], unique=False)

    op.create_table('mentoring_visits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('visit_date', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('topic', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('next_step', sa.String(length=300), nullable=False),
    sa.Column('next_date', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_mentoring_visits_agency_id_agencies')),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_mentoring_visits_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_mentoring_visits_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentoring_visits'))
    )
    with op.batch_alter_table('mentoring_visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentoring_visits_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index('ix_mentoring_visits_agency_id_participant_id_visit_date', ['agency_id', 'participant_id', 'visit_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentoring_visits_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentoring_visits_recorded_by_id'), ['recorded_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentoring_visits_visit_date'), ['visit_date'], unique=False)

    op.create_table('store_bank_accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('store_id', sa.Integer(), nullable=False),
    sa.Column('bank_code', sa.String(length=3), nullable=False),
    sa.Column('account_number', sa.String(length=20), nullable=False),
    sa.Column('holder_name', sa.String(length=100), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('status_reason', sa.String(length=300), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('verified_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_store_bank_accounts_changed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_store_bank_accounts_store_id_stores'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['verified_by_id'], ['users.id'], name=op.f('fk_store_bank_accounts_verified_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_store_bank_accounts')),
    sa.UniqueConstraint('store_id', name=op.f('uq_store_bank_accounts_store_id'))
    )
    with op.batch_alter_table('store_bank_accounts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_store_bank_accounts_changed_by_id'), ['changed_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_store_bank_accounts_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_store_bank_accounts_verified_by_id'), ['verified_by_id'], unique=False)

    op.create_table('bank_account_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('actor_user_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['store_bank_accounts.id'], name=op.f('fk_bank_account_events_account_id_store_bank_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['actor_user_id'], ['users.id'], name=op.f('fk_bank_account_events_actor_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_account_events'))
    )
    with op.batch_alter_table('bank_account_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bank_account_events_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bank_account_events_actor_user_id'), ['actor_user_id'], unique=False)

    op.create_table('payouts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('store_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=10), nullable=False),
    sa.Column('amount_idr', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('bank_account_id', sa.Integer(), nullable=True),
    sa.Column('bank_code', sa.String(length=3), nullable=False),
    sa.Column('account_number', sa.String(length=20), nullable=False),
    sa.Column('holder_name', sa.String(length=100), nullable=False),
    sa.Column('exported_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('transfer_reference', sa.String(length=60), nullable=True),
    sa.Column('paid_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('paid_by_id', sa.Integer(), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled_by_id', sa.Integer(), nullable=True),
    sa.Column('cancel_reason', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['bank_account_id'], ['store_bank_accounts.id'], name=op.f('fk_payouts_bank_account_id_store_bank_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['cancelled_by_id'], ['users.id'], name=op.f('fk_payouts_cancelled_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['paid_by_id'], ['users.id'], name=op.f('fk_payouts_paid_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['run_id'], ['payout_runs.id'], name=op.f('fk_payouts_run_id_payout_runs')),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_payouts_store_id_stores')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payouts')),
    sa.UniqueConstraint('store_id', 'period', name=op.f('uq_payouts_store_id_period'))
    )
    with op.batch_alter_table('payouts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payouts_bank_account_id'), ['bank_account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payouts_cancelled_by_id'), ['cancelled_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payouts_paid_by_id'), ['paid_by_id'], unique=False)
        batch_op.create_index('ix_payouts_period_status', ['period', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_payouts_run_id'), ['run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payouts_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_payouts_store_id'), ['store_id'], unique=False)
        batch_op.create_index('uq_payouts_store_id_open', ['store_id'], unique=True, sqlite_where=sa.text("status = 'proposed'"), postgresql_where=sa.text("status = 'proposed'"))

    op.create_table('payout_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('payout_id', sa.Integer(), nullable=False),
    sa.Column('actor_user_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('from_status', sa.String(length=10), nullable=True),
    sa.Column('to_status', sa.String(length=10), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['actor_user_id'], ['users.id'], name=op.f('fk_payout_events_actor_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['payout_id'], ['payouts.id'], name=op.f('fk_payout_events_payout_id_payouts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payout_events'))
    )
    with op.batch_alter_table('payout_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payout_events_actor_user_id'), ['actor_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_payout_events_payout_id'), ['payout_id'], unique=False)

    op.create_table('content_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=True),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('review_id', sa.Integer(), nullable=True),
    sa.Column('category', sa.String(length=12), nullable=False),
    sa.Column('text', sa.String(length=1000), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('handled_by_id', sa.Integer(), nullable=True),
    sa.Column('handled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(product_id IS NULL) <> (review_id IS NULL)', name=op.f('ck_content_reports_one_target')),
    sa.ForeignKeyConstraint(['handled_by_id'], ['users.id'], name=op.f('fk_content_reports_handled_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_content_reports_product_id_products'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reporter_id'], ['users.id'], name=op.f('fk_content_reports_reporter_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['review_id'], ['reviews.id'], name=op.f('fk_content_reports_review_id_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_reports'))
    )
    with op.batch_alter_table('content_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_content_reports_handled_by_id'), ['handled_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_content_reports_product_id'), ['product_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_content_reports_reporter_id'), ['reporter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_content_reports_review_id'), ['review_id'], unique=False)
        batch_op.create_index('ix_content_reports_status_created_at', ['status', 'created_at'], unique=False)
        batch_op.create_index('uq_content_reports_open_product', ['reporter_id', 'product_id'], unique=True, sqlite_where=sa.text("status = 'open' AND product_id IS NOT NULL"), postgresql_where=sa.text("status = 'open' AND product_id IS NOT NULL"))
        batch_op.create_index('uq_content_reports_open_review', ['reporter_id', 'review_id'], unique=True, sqlite_where=sa.text("status = 'open' AND review_id IS NOT NULL"), postgresql_where=sa.text("status = 'open' AND review_id IS NOT NULL"))

    with op.batch_alter_table('ledger_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('payout_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_ledger_entries_payout_id'), ['payout_id'])
        batch_op.create_foreign_key(batch_op.f('fk_ledger_entries_payout_id_payouts'), 'payouts', ['payout_id'], ['id'])

    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('commission_bps', sa.Integer(), nullable=True))

    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sales_consent_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.alter_column('hidden_reason',
               existing_type=sa.VARCHAR(length=60),
               type_=sa.String(length=300),
               existing_nullable=True)

    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden_reason', sa.String(length=300), nullable=True))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('suspended_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('suspension_reason', sa.String(length=300), nullable=True))



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('suspension_reason')
        batch_op.drop_column('suspended_at')

    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_column('hidden_reason')

    # Moderation reasons may be longer than the old column: cut them to fit.
    op.execute("UPDATE products SET hidden_reason = substr(hidden_reason, 1, 60)")
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.alter_column('hidden_reason',
               existing_type=sa.String(length=300),
               type_=sa.VARCHAR(length=60),
               existing_nullable=True)

    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_column('sales_consent_at')

    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_column('commission_bps')

    with op.batch_alter_table('ledger_entries', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_ledger_entries_payout_id_payouts'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_ledger_entries_payout_id'), type_='unique')
        batch_op.drop_column('payout_id')

    with op.batch_alter_table('content_reports', schema=None) as batch_op:
        batch_op.drop_index('uq_content_reports_open_review', sqlite_where=sa.text("status = 'open' AND review_id IS NOT NULL"), postgresql_where=sa.text("status = 'open' AND review_id IS NOT NULL"))
        batch_op.drop_index('uq_content_reports_open_product', sqlite_where=sa.text("status = 'open' AND product_id IS NOT NULL"), postgresql_where=sa.text("status = 'open' AND product_id IS NOT NULL"))
        batch_op.drop_index('ix_content_reports_status_created_at')
        batch_op.drop_index(batch_op.f('ix_content_reports_review_id'))
        batch_op.drop_index(batch_op.f('ix_content_reports_reporter_id'))
        batch_op.drop_index(batch_op.f('ix_content_reports_product_id'))
        batch_op.drop_index(batch_op.f('ix_content_reports_handled_by_id'))

    op.drop_table('content_reports')
    with op.batch_alter_table('payout_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payout_events_payout_id'))
        batch_op.drop_index(batch_op.f('ix_payout_events_actor_user_id'))

    op.drop_table('payout_events')
    with op.batch_alter_table('payouts', schema=None) as batch_op:
        batch_op.drop_index('uq_payouts_store_id_open', sqlite_where=sa.text("status = 'proposed'"), postgresql_where=sa.text("status = 'proposed'"))
        batch_op.drop_index(batch_op.f('ix_payouts_store_id'))
        batch_op.drop_index(batch_op.f('ix_payouts_status'))
        batch_op.drop_index(batch_op.f('ix_payouts_run_id'))
        batch_op.drop_index('ix_payouts_period_status')
        batch_op.drop_index(batch_op.f('ix_payouts_paid_by_id'))
        batch_op.drop_index(batch_op.f('ix_payouts_cancelled_by_id'))
        batch_op.drop_index(batch_op.f('ix_payouts_bank_account_id'))

    op.drop_table('payouts')
    with op.batch_alter_table('bank_account_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bank_account_events_actor_user_id'))
        batch_op.drop_index(batch_op.f('ix_bank_account_events_account_id'))

    op.drop_table('bank_account_events')
    with op.batch_alter_table('store_bank_accounts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_store_bank_accounts_verified_by_id'))
        batch_op.drop_index(batch_op.f('ix_store_bank_accounts_status'))
        batch_op.drop_index(batch_op.f('ix_store_bank_accounts_changed_by_id'))

    op.drop_table('store_bank_accounts')
    with op.batch_alter_table('mentoring_visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentoring_visits_visit_date'))
        batch_op.drop_index(batch_op.f('ix_mentoring_visits_recorded_by_id'))
        batch_op.drop_index(batch_op.f('ix_mentoring_visits_participant_id'))
        batch_op.drop_index('ix_mentoring_visits_agency_id_participant_id_visit_date')
        batch_op.drop_index(batch_op.f('ix_mentoring_visits_agency_id'))

    op.drop_table('mentoring_visits')
    with op.batch_alter_table('moderation_actions', schema=None) as batch_op:
        batch_op.drop_index('ix_moderation_actions_target')
        batch_op.drop_index(batch_op.f('ix_moderation_actions_at'))
        batch_op.drop_index(batch_op.f('ix_moderation_actions_actor_user_id'))

    op.drop_table('moderation_actions')
    with op.batch_alter_table('commission_rates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commission_rates_set_by_id'))
        batch_op.drop_index(batch_op.f('ix_commission_rates_effective_from'))
        batch_op.drop_index('ix_commission_rates_category_id_effective_from')
        batch_op.drop_index(batch_op.f('ix_commission_rates_category_id'))

    op.drop_table('commission_rates')
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entries_object_type_object_id')
        batch_op.drop_index(batch_op.f('ix_audit_entries_change'))
        batch_op.drop_index(batch_op.f('ix_audit_entries_at'))
        batch_op.drop_index(batch_op.f('ix_audit_entries_actor_user_id'))

    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP TRIGGER IF EXISTS audit_entries_no_truncate ON audit_entries')
        op.execute('DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries')
        op.execute('DROP FUNCTION IF EXISTS audit_entries_append_only()')
    op.drop_table('audit_entries')
    op.drop_table('payout_runs')

