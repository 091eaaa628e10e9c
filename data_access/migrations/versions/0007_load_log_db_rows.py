"""load_log.db_rows: the dataset's rows in the database, counted when a load (or a revert) committed

/data-status showed the rows in the database with an exact count(*) per dataset table on every
view: 0.46 s on 10 million complaints. The loaders (import, revert, load-demo, gen-scale) are the
only writers of the dataset tables; each counts the rows once in its own transaction and stores the
count on the dataset's load in force, so the page reads it. NULL (loads from before this revision):
the page counts, as before, until the dataset's next load.

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('load_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('db_rows', sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('load_log', schema=None) as batch_op:
        batch_op.drop_column('db_rows')
