"""payments: card payments of wholesale invoices

Revision ID: 5084f395f4db
Revises: 70d7c09b93ba
Create Date: 2026-11-23 16:54:08.193461

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5084f395f4db'
down_revision = '70d7c09b93ba'
branch_labels = None
depends_on = None


def upgrade():
    # A payment pays a checkout or (by card) a wholesale invoice: exactly one of the two.
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invoice_id', sa.Integer(), nullable=True))
        batch_op.alter_column('checkout_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_index(batch_op.f('ix_payments_invoice_id'), ['invoice_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_payments_invoice_id_invoices'), 'invoices', ['invoice_id'], ['id'])
        batch_op.create_check_constraint(
            'checkout_or_invoice', '(checkout_id IS NULL) != (invoice_id IS NULL)'
        )


def downgrade():
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_payments_checkout_or_invoice'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_payments_invoice_id_invoices'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_payments_invoice_id'))
        batch_op.alter_column('checkout_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('invoice_id')
