"""agency stats summary: the whole-agency dashboard figures kept per agency

Revision ID: 7341e3ef7312
Revises: bf265d1b9fb6
Create Date: 2026-11-23 18:37:43.563817

"""
from alembic import op
import sqlalchemy as sa


revision = '7341e3ef7312'
down_revision = 'bf265d1b9fb6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('agency_stats_summaries',
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('records_key', sa.String(length=120), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_agency_stats_summaries_agency_id_agencies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('agency_id', name=op.f('pk_agency_stats_summaries'))
    )


def downgrade():
    op.drop_table('agency_stats_summaries')
