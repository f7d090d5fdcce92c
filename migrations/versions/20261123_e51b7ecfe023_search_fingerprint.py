"""search: document fingerprint (`flask search check` compares what is indexed, not times)

Revision ID: e51b7ecfe023
Revises: 834a95d8b695
Create Date: 2026-11-23 16:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e51b7ecfe023'
down_revision = '834a95d8b695'
branch_labels = None
depends_on = None


def upgrade():
    # Rows indexed before have no fingerprint: `flask search check` lists them as stale until
    # `flask search reindex` (or `check --fix`) writes them again.
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('fingerprint', sa.String(length=40), server_default='', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.drop_column('fingerprint')
