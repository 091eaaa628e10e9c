"""every load is a version: the before-image of what it changed, and who reverted it

load_log gains previous_as_of (the dataset's as-of date before the load), revertible (the load
kept its before-image), reverted_at and reverted_by. load_change holds the before-image: the
rows a load changed (all their columns, JSON), the rows it added, and the complaint id ranges it
added. `manage.py revert LOAD_ID` and the load history page (/admin-loads) restore them.

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('load_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('previous_as_of', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('revertible', sa.Boolean(), server_default=sa.text('false'), nullable=False))
        batch_op.add_column(sa.Column('reverted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('reverted_by', sa.String(length=60), nullable=True))
    op.create_table(
        'load_change',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('load_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('table_name', sa.String(length=40), nullable=False),
        sa.Column('kind', sa.String(length=12), nullable=False),
        sa.Column('pk', sa.Text(), nullable=False),
        sa.Column('before', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['load_id'], ['load_log.id'], name=op.f('fk_load_change_load_id_load_log'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_load_change')),
    )
    with op.batch_alter_table('load_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_load_change_load_id'), ['load_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('load_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_load_change_load_id'))
    op.drop_table('load_change')
    with op.batch_alter_table('load_log', schema=None) as batch_op:
        batch_op.drop_column('reverted_by')
        batch_op.drop_column('reverted_at')
        batch_op.drop_column('revertible')
        batch_op.drop_column('previous_as_of')
