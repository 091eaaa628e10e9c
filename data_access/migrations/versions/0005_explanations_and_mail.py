"""explanations (부진사유·대책) and the briefing by mail (subscriptions, deliveries)

explanation: versions, never edits (the app role may INSERT and SELECT only; deploy/postgres_roles.sql).
mail_subscription / mail_delivery: written by manage.py (subscribe, send-due); a delivery is unique
per (subscription, period_start), so each period's mail goes out once.

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table(
        'explanation',
        sa.Column('id', BigId, nullable=False),
        sa.Column('division_code', sa.String(length=20), nullable=False),
        sa.Column('subject_kind', sa.String(length=10), nullable=False),
        sa.Column('subject_key', sa.String(length=60), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('plan', sa.Text(), nullable=False),
        sa.Column('author', sa.String(length=60), nullable=False),
        sa.Column('author_name', sa.String(length=80), nullable=False),
        sa.Column('author_role', sa.String(length=20), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("subject_kind IN ('metric', 'programme', 'alert')", name=op.f('ck_explanation_subject_kind')),
        sa.CheckConstraint('length(reason) <= 1000', name=op.f('ck_explanation_reason_length')),
        sa.CheckConstraint('length(plan) <= 1000', name=op.f('ck_explanation_plan_length')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_explanation')),
    )
    op.create_index('ix_explanation_subject', 'explanation', ['division_code', 'subject_kind', 'subject_key', 'id'],
                    unique=False)
    op.create_table(
        'mail_subscription',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('address', sa.String(length=254), nullable=False),
        sa.Column('division_code', sa.String(length=20), nullable=True),
        sa.Column('schedule', sa.String(length=20), nullable=False),
        sa.Column('lang', sa.String(length=2), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('created_by', sa.String(length=60), nullable=False),
        sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_subscription')),
    )
    op.create_table(
        'mail_delivery',
        sa.Column('id', BigId, nullable=False),
        sa.Column('subscription_id', sa.Integer(), nullable=False),
        sa.Column('period_start', sa.DateTime(timezone=True), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('as_of', sa.Date(), nullable=True),
        sa.Column('detail', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['subscription_id'], ['mail_subscription.id'],
                                name=op.f('fk_mail_delivery_subscription_id_mail_subscription')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_delivery')),
        sa.UniqueConstraint('subscription_id', 'period_start', name=op.f('uq_mail_delivery_subscription_id')),
    )
    op.create_index(op.f('ix_mail_delivery_subscription_id'), 'mail_delivery', ['subscription_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_mail_delivery_subscription_id'), table_name='mail_delivery')
    op.drop_table('mail_delivery')
    op.drop_table('mail_subscription')
    op.drop_index('ix_explanation_subject', table_name='explanation')
    op.drop_table('explanation')
