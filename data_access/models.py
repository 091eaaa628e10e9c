"""SQLAlchemy 2.0 typed models of the shared reporting database.

Money is stored in won as integers (BigInteger), never floats. Timestamps are stored in UTC
(timestamptz on PostgreSQL) and shown in Asia/Seoul. Calendar facts (a day's visitors, a
snapshot's as-of date) are plain dates in Seoul local time.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# A 64-bit key that still auto-increments on SQLite (which only does so for INTEGER PRIMARY KEY).
BigId = BigInteger().with_variant(Integer, "sqlite")
Won = BigInteger  # money in won

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


UtcTimestamp = DateTime(timezone=True)


# --- organisation -------------------------------------------------------------------------


class Division(Base):
    """One of the five 담당관 of 시민소통기획관."""

    __tablename__ = "division"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name_ko: Mapped[str] = mapped_column(String(60))
    name_en: Mapped[str] = mapped_column(String(80))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Department(Base):
    """A team (팀) inside a division; complaints are assigned to departments."""

    __tablename__ = "department"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    division_id: Mapped[int] = mapped_column(ForeignKey("division.id"), index=True)
    name_ko: Mapped[str] = mapped_column(String(60))
    name_en: Mapped[str] = mapped_column(String(80))


class StaffCount(Base):
    """정원/현원 by division, job group and grade, as of a date (the report's 인력 table)."""

    __tablename__ = "staff_count"
    __table_args__ = (UniqueConstraint("division_id", "as_of", "job_group", "grade"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    division_id: Mapped[int] = mapped_column(ForeignKey("division.id"))
    as_of: Mapped[dt.date] = mapped_column(Date)
    job_group: Mapped[str] = mapped_column(String(20))  # admin_tech | fixed_term | other
    grade: Mapped[str] = mapped_column(String(20))  # 2급, 4급, ..., 7급 이하, 관리운영·전문경력
    quota: Mapped[int] = mapped_column(Integer, CheckConstraint("quota >= 0", name="quota_nonneg"))
    current: Mapped[int] = mapped_column(Integer, CheckConstraint("current >= 0", name="current_nonneg"))


class Holiday(Base):
    """Public holidays (Seoul), for working-day averages and Citizen Hall closures."""

    __tablename__ = "holiday"
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    name_ko: Mapped[str] = mapped_column(String(40))
    name_en: Mapped[str] = mapped_column(String(60))


# --- budget -------------------------------------------------------------------------------


class BudgetItem(Base):
    """A row of the budget hierarchy: policy goal > unit programme, plus 기본경비 rows.

    level: 'policy' (정책사업/목표), 'programme' (단위사업), 'basic' (기본경비, 행정운영경비).
    category: 'programme' for 사업비 rows, 'basic' for 기본경비 rows.
    """

    __tablename__ = "budget_item"
    __table_args__ = (UniqueConstraint("fiscal_year", "code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(40))
    division_id: Mapped[int] = mapped_column(ForeignKey("division.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("budget_item.id"), nullable=True)
    level: Mapped[str] = mapped_column(String(12))
    category: Mapped[str] = mapped_column(String(12))
    name_ko: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(160))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class BudgetSnapshot(Base):
    """Execution of one leaf budget item as of a date: 예산액, 예산현액 and 집행액 in won.

    Only leaves (unit programmes and 기본경비 rows) have snapshots; every total is a SUM in SQL.
    """

    __tablename__ = "budget_snapshot"
    __table_args__ = (
        UniqueConstraint("item_id", "as_of"),
        CheckConstraint("budget_won >= 0 AND current_budget_won >= 0 AND executed_won >= 0", name="nonneg"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("budget_item.id"), index=True)
    as_of: Mapped[dt.date] = mapped_column(Date, index=True)
    budget_won: Mapped[int] = mapped_column(Won)  # 예산액 (A)
    current_budget_won: Mapped[int] = mapped_column(Won)  # 예산현액 (A+B)
    executed_won: Mapped[int] = mapped_column(Won)  # 집행액


class BudgetAnnualTotal(Base):
    """A prior year's budget by category (사업비 / 기본경비), for year-over-year comparison."""

    __tablename__ = "budget_annual_total"
    __table_args__ = (UniqueConstraint("fiscal_year", "category"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(12))  # programme | basic
    budget_won: Mapped[int] = mapped_column(Won)


# --- complaints ---------------------------------------------------------------------------


class ComplaintChannel(Base):
    __tablename__ = "complaint_channel"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name_ko: Mapped[str] = mapped_column(String(40))
    name_en: Mapped[str] = mapped_column(String(60))


class Complaint(Base):
    """One complaint (민원) with its received, due and closed timestamps (UTC)."""

    __tablename__ = "complaint"
    __table_args__ = (
        Index("ix_complaint_due_at", "due_at"),
        Index("ix_complaint_received_at", "received_at"),
        # The open-complaint signal: `closed_at IS NULL OR closed_at >= end of the as-of day` (migration 0002).
        Index("ix_complaint_closed_at", "closed_at"),
        Index("ix_complaint_open", "due_at", postgresql_where=text("closed_at IS NULL"), sqlite_where=text("closed_at IS NULL")),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    external_id: Mapped[str] = mapped_column(String(40), unique=True)
    received_at: Mapped[dt.datetime] = mapped_column(UtcTimestamp)
    due_at: Mapped[dt.datetime] = mapped_column(UtcTimestamp)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UtcTimestamp, nullable=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("complaint_channel.id"))
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    division_id: Mapped[int] = mapped_column(ForeignKey("division.id"), index=True)


class ComplaintDaily(Base):
    """Daily rollup of complaints by Seoul-local day, division, department and channel.

    received: complaints received that day; due: complaints due that day; delayed: of those due
    that day, closed after their deadline or still open past it at the rollup's as-of date;
    closed: complaints closed that day.
    """

    __tablename__ = "complaint_daily"
    __table_args__ = (
        UniqueConstraint("day", "department_id", "channel_id"),
        # Covering indexes (PostgreSQL INCLUDE; plain on SQLite) so the pages' aggregates over a day
        # range, office-wide or for one division, are index-only scans (migration 0003).
        Index("ix_complaint_daily_day_cover", "day",
              postgresql_include=["division_id", "department_id", "channel_id", "received", "due", "delayed",
                                  "closed"]),
        Index("ix_complaint_daily_division_day", "division_id", "day",
              postgresql_include=["department_id", "channel_id", "received", "due", "delayed", "closed"]),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date)
    division_id: Mapped[int] = mapped_column(ForeignKey("division.id"))
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    channel_id: Mapped[int] = mapped_column(ForeignKey("complaint_channel.id"))
    received: Mapped[int] = mapped_column(Integer, default=0)
    due: Mapped[int] = mapped_column(Integer, default=0)
    delayed: Mapped[int] = mapped_column(Integer, default=0)
    closed: Mapped[int] = mapped_column(Integer, default=0)


# --- Citizen Hall (시민청) ------------------------------------------------------------------


class CitizenHallDay(Base):
    """One day of 시민청: visitors, closure, programmes held, rentals and weddings."""

    __tablename__ = "citizen_hall_day"
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    visitors: Mapped[int] = mapped_column(Integer, CheckConstraint("visitors >= 0", name="visitors_nonneg"))
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    closure_reason: Mapped[str | None] = mapped_column(String(40), nullable=True)
    programmes: Mapped[int] = mapped_column(Integer, default=0)
    rentals: Mapped[int] = mapped_column(Integer, default=0)
    weddings: Mapped[int] = mapped_column(Integer, default=0)


class CitizenHallSurvey(Base):
    """A satisfaction survey of 시민청 (percent satisfied, one decimal)."""

    __tablename__ = "citizen_hall_survey"
    survey_date: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    satisfaction_pct: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    respondents: Mapped[int] = mapped_column(Integer)


# --- city brand and foreign-language channels ----------------------------------------------


class BrandCampaign(Base):
    """An I·SEOUL·U marketing campaign, a festival tie-in or an overseas event."""

    __tablename__ = "brand_campaign"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # festival | overseas | marketing
    name_ko: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(160))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)


class BrandCampaignReach(Base):
    """Participants of a campaign on a day."""

    __tablename__ = "brand_campaign_reach"
    __table_args__ = (UniqueConstraint("campaign_id", "day"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("brand_campaign.id"), index=True)
    day: Mapped[dt.date] = mapped_column(Date)
    participants: Mapped[int] = mapped_column(Integer)


class ForeignChannel(Base):
    """A foreign-language website or SNS channel of the city."""

    __tablename__ = "foreign_channel"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # site | sns
    language: Mapped[str] = mapped_column(String(10))  # en, zh-CN, zh-TW, ja, fr, es
    platform: Mapped[str] = mapped_column(String(30))
    name_ko: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))


class ForeignChannelDaily(Base):
    """Reach of a foreign-language channel on a day: visits (sites) or views (SNS), items posted."""

    __tablename__ = "foreign_channel_daily"
    __table_args__ = (UniqueConstraint("channel_id", "day"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("foreign_channel.id"), index=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    reach: Mapped[int] = mapped_column(BigInteger)
    items: Mapped[int] = mapped_column(Integer, default=0)


# --- SNS ----------------------------------------------------------------------------------


class SnsChannel(Base):
    """A Korean-language SNS channel, blog or messenger account of the city."""

    __tablename__ = "sns_channel"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(12))  # sns | blog | messenger
    platform: Mapped[str] = mapped_column(String(30))
    language: Mapped[str] = mapped_column(String(10), default="ko")
    name_ko: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    opened_on: Mapped[dt.date] = mapped_column(Date)
    posts_per_week_plan: Mapped[int | None] = mapped_column(Integer, nullable=True)


class SnsSnapshot(Base):
    """Followers of a channel at the end of a day, and the posts published that day."""

    __tablename__ = "sns_snapshot"
    __table_args__ = (UniqueConstraint("channel_id", "day"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("sns_channel.id"), index=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    followers: Mapped[int] = mapped_column(Integer)
    posts: Mapped[int] = mapped_column(Integer, default=0)


# --- administrative support services (행정서비스 밀착지원) -----------------------------------


class ServiceActivity(Base):
    """Daily counts of support services: 신속행정, 민원도우미, 시청트럭, 민원법률자문."""

    __tablename__ = "service_activity"
    __table_args__ = (UniqueConstraint("day", "service", "category"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    division_id: Mapped[int] = mapped_column(ForeignKey("division.id"))
    service: Mapped[str] = mapped_column(String(20))  # rapid_admin | helper | truck | legal
    category: Mapped[str] = mapped_column(String(20))
    cases: Mapped[int] = mapped_column(Integer)


# --- targets and load log -----------------------------------------------------------------


class KpiTarget(Base):
    """What "on track" means for a metric, per division (NULL: the office) and year."""

    __tablename__ = "kpi_target"
    __table_args__ = (UniqueConstraint("metric", "division_code", "year"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    metric: Mapped[str] = mapped_column(String(40))
    division_code: Mapped[str] = mapped_column(String(20), default="")  # "" = whole office
    year: Mapped[int] = mapped_column(Integer)
    target: Mapped[Decimal] = mapped_column(Numeric(14, 4))
    direction: Mapped[str] = mapped_column(String(6))  # higher | lower (which way is better)
    tolerance: Mapped[Decimal] = mapped_column(Numeric(14, 4), default=0)  # amber band width


class LoadLog(Base):
    """Every load of a dataset; the pages' 기준일 (as-of date) comes from here."""

    __tablename__ = "load_log"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    dataset: Mapped[str] = mapped_column(String(30), index=True)
    source: Mapped[str] = mapped_column(String(255))
    file_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    rows: Mapped[int] = mapped_column(Integer)
    rows_inserted: Mapped[int] = mapped_column(Integer, default=0)
    rows_updated: Mapped[int] = mapped_column(Integer, default=0)
    as_of: Mapped[dt.date] = mapped_column(Date)
    loaded_at: Mapped[dt.datetime] = mapped_column(UtcTimestamp)
    loaded_by: Mapped[str] = mapped_column(String(60), default="system")
    # Versions (issue 18): the dataset's as-of date before this load, whether the load kept the
    # before-image of what it changed (load_change; imports do, the demo and gen-scale do not), and
    # who reverted it when. A reverted load no longer counts for any as-of date.
    previous_as_of: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    revertible: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    reverted_at: Mapped[dt.datetime | None] = mapped_column(UtcTimestamp, nullable=True)
    reverted_by: Mapped[str | None] = mapped_column(String(60), nullable=True)
    # The dataset's rows in the database when this load (or the revert of a later one) committed,
    # counted by the loader (data_access.status.record_db_rows); None: not counted (an older load).
    db_rows: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class LoadChange(Base):
    """The before-image of one load: what reverting it restores exactly.

    kind 'update': a row the load changed; `pk` (JSON) names it and `before` (JSON) holds all its
    columns as they were. kind 'insert': a row the load added (`pk`), deleted on revert. kind
    'insert_range': complaint rows with ids `pk` = [first, last] the load added (a large load would
    otherwise need a row per complaint).
    """

    __tablename__ = "load_change"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    load_id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                         ForeignKey("load_log.id", ondelete="CASCADE"), index=True)
    table_name: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(12))  # update | insert | insert_range
    pk: Mapped[str] = mapped_column(Text)
    before: Mapped[str | None] = mapped_column(Text, nullable=True)


class AlertHistory(Base):
    """An early warning (config/alerts.py) as seen at the data loads: one row per spell of a rule
    holding for a division ("" = the office), written by the loaders (writer role), read by /alerts.

    since: the first period the rule held (as evaluated); first_seen / last_seen: the as-of dates of
    the loads that first and last saw it; cleared_on: the as-of date of the first load that no
    longer did (NULL while it holds). text_ko / text_en: the latest wording with its numbers.
    """

    __tablename__ = "alert_history"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    rule_id: Mapped[str] = mapped_column(String(40))
    division_code: Mapped[str] = mapped_column(String(20), default="")
    severity: Mapped[str] = mapped_column(String(10))
    since: Mapped[dt.date] = mapped_column(Date)
    first_seen: Mapped[dt.date] = mapped_column(Date)
    last_seen: Mapped[dt.date] = mapped_column(Date)
    cleared_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    text_ko: Mapped[str] = mapped_column(String(500))
    text_en: Mapped[str] = mapped_column(String(500))
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcTimestamp)

    __table_args__ = (Index("ix_alert_history_rule_division", "rule_id", "division_code"),)


# --- sign-in (owned by the app, written by it) ----------------------------------------------


class AppUser(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    email: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))  # admin | executive | division_head | display
    division_code: Mapped[str | None] = mapped_column(String(20), nullable=True)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # Cookies issued before this instant are refused (logout, disable, password reset).
    sessions_valid_after: Mapped[dt.datetime | None] = mapped_column(UtcTimestamp, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcTimestamp)


class AuthSession(Base):
    """A signed-in browser session; its id travels in the signed cookie and can be revoked."""

    __tablename__ = "auth_session"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(String(60), index=True)
    issued_at: Mapped[dt.datetime] = mapped_column(UtcTimestamp)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcTimestamp)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcTimestamp, nullable=True)


class LoginFailure(Base):
    """A failed sign-in attempt on a username (known or not), for the 15-minute lockout."""

    __tablename__ = "login_failure"
    __table_args__ = (Index("ix_login_failure_user_time", "username", "attempted_at"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    username: Mapped[str] = mapped_column(String(60))
    attempted_at: Mapped[dt.datetime] = mapped_column(UtcTimestamp)


class AuditEvent(Base):
    """Sign-ins, failures, lockouts, sign-outs and admin actions."""

    __tablename__ = "audit_event"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(UtcTimestamp, index=True)
    username: Mapped[str] = mapped_column(String(60))
    event: Mapped[str] = mapped_column(String(30))  # login | login_failed | locked | logout | ...
    detail: Mapped[str] = mapped_column(Text, default="")


# --- explanations (부진사유·대책; written by the app, versions never edited) ----------------------


class Explanation(Base):
    """A division's reason and action plan (부진사유·대책) for one of its figures.

    Versions, not edits: every save inserts a row and no row is ever updated or deleted (the app
    role may only INSERT and SELECT this table). The latest row of a subject is its current text;
    the earlier ones are its history. subject_kind: 'metric' (a KPI id), 'programme' (a unit
    programme's budget code) or 'alert' (an early-warning rule id); subject_key names it.
    """

    __tablename__ = "explanation"
    __table_args__ = (
        CheckConstraint("subject_kind IN ('metric', 'programme', 'alert')", name="subject_kind"),
        CheckConstraint("length(reason) <= 1000", name="reason_length"),
        CheckConstraint("length(plan) <= 1000", name="plan_length"),
        Index("ix_explanation_subject", "division_code", "subject_kind", "subject_key", "id"),
    )
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    division_code: Mapped[str] = mapped_column(String(20))
    subject_kind: Mapped[str] = mapped_column(String(10))
    subject_key: Mapped[str] = mapped_column(String(60))
    reason: Mapped[str] = mapped_column(Text)
    plan: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(60))  # username
    author_name: Mapped[str] = mapped_column(String(80))  # display name at the time of writing
    author_role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(UtcTimestamp)


# --- the briefing by mail (written by manage.py) --------------------------------------------------


class MailSubscription(Base):
    """An address that gets the briefing of a scope on a schedule (briefing.subscriptions)."""

    __tablename__ = "mail_subscription"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    address: Mapped[str] = mapped_column(String(254))
    division_code: Mapped[str | None] = mapped_column(String(20), nullable=True)  # None: the whole office
    schedule: Mapped[str] = mapped_column(String(20))  # weekly:MON:08 | monthly:1:08 (Asia/Seoul)
    lang: Mapped[str] = mapped_column(String(2), default="ko")
    created_at: Mapped[dt.datetime] = mapped_column(UtcTimestamp)
    created_by: Mapped[str] = mapped_column(String(60), default="cli")
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(UtcTimestamp, nullable=True)


class MailDelivery(Base):
    """One subscription's briefing for one period: claimed ('sending') before the mail goes out,
    then 'sent' (or 'refused' when the server refused the address for good). The unique key on
    (subscription, period) makes each period's mail go out once however many send-due runs race."""

    __tablename__ = "mail_delivery"
    __table_args__ = (UniqueConstraint("subscription_id", "period_start"),)
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("mail_subscription.id"), index=True)
    period_start: Mapped[dt.datetime] = mapped_column(UtcTimestamp)
    status: Mapped[str] = mapped_column(String(10))  # sending | sent | refused
    claimed_at: Mapped[dt.datetime] = mapped_column(UtcTimestamp)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UtcTimestamp, nullable=True)
    as_of: Mapped[dt.date | None] = mapped_column(Date, nullable=True)  # the briefing's data date
    detail: Mapped[str] = mapped_column(Text, default="")
