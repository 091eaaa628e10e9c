"""covering indexes on complaint_daily for the complaint page at 10 M complaints

ix_complaint_daily_day (day) becomes ix_complaint_daily_day_cover (day) INCLUDE (the keys and the
counts), and ix_complaint_daily_division_day (division_id, day) INCLUDE (...) is added, so the
complaint page's aggregates over a day range - office-wide or for one division - are index-only
scans on PostgreSQL once the table is vacuumed (gen-scale vacuums it). At 10 M complaints (ten
years of rollup rows) a two-year by-month aggregate for one division reads ~9 k index entries
instead of ~52 k heap rows. SQLite ignores INCLUDE and gets plain indexes on the same keys.

Revision ID: 0003
Revises: 0002
"""
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

COUNTS = ['received', 'due', 'delayed', 'closed']


def upgrade() -> None:
    with op.batch_alter_table('complaint_daily', schema=None) as batch_op:
        batch_op.drop_index('ix_complaint_daily_day')
        batch_op.create_index('ix_complaint_daily_day_cover', ['day'], unique=False,
                              postgresql_include=['division_id', 'department_id', 'channel_id', *COUNTS])
        batch_op.create_index('ix_complaint_daily_division_day', ['division_id', 'day'], unique=False,
                              postgresql_include=['department_id', 'channel_id', *COUNTS])


def downgrade() -> None:
    with op.batch_alter_table('complaint_daily', schema=None) as batch_op:
        batch_op.drop_index('ix_complaint_daily_division_day')
        batch_op.drop_index('ix_complaint_daily_day_cover')
        batch_op.create_index('ix_complaint_daily_day', ['day'], unique=False)
