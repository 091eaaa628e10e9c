"""The file format of each importable dataset: its columns, their types and its natural key.

This module is the single source of the formats: the validator, the writer, the exporter, the
template writer and docs/IMPORT.md all follow it. Column order here is the order of export files.

Column kinds:
  text      free text (stripped), at most `max_len` characters
  code      an identifier (stripped), at most `max_len` characters
  int       a non-negative integer; "1,234" (thousands separators) is accepted
  decimal   a non-negative decimal number with at most `places` decimal places
  year      an integer year between MIN_YEAR and MAX_YEAR
  date      a calendar date YYYY-MM-DD ('/' or '.' also accepted as separators)
  timestamp an ISO 8601 date and time; with an offset (+09:00, Z) or naive = Asia/Seoul
  bool      true/false, 1/0, yes/no, y/n, t/f, o/x (any case)
  choice    one of `choices`

`required`: the column must be in the file. Optional columns may be left out: new rows then take
the column's default, existing rows keep their stored value. `blank_ok`: an empty cell is allowed
(its meaning is given per column). `not_future`: a date after today (Seoul) is refused - the
latest date of a file becomes the dataset's as-of date, which a later import never moves back.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MIN_YEAR, MAX_YEAR = 2000, 2099
MIN_DATE, MAX_DATE = dt.date(MIN_YEAR, 1, 1), dt.date(MAX_YEAR, 12, 31)
HUGE_FIELD = 1_000  # characters; a longer cell is refused whatever its column
BIG = 999_999_999_999_999  # won and reach: 15 digits (BigInteger columns)
COMMENT_PREFIX = "#"  # a row whose first cell starts with this is a comment and skipped


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = True
    blank_ok: bool = False
    max_len: int = 0  # text/code only
    choices: tuple[str, ...] = ()
    places: int = 0  # decimal only
    max_value: int = 2_147_483_647  # int/year: the largest value the database column holds
    not_future: bool = False  # date/timestamp: must not be after today (Seoul), the import's day
    example: str = ""
    doc: str = ""


@dataclass(frozen=True)
class DatasetSpec:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    doc: str

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


BUDGET = DatasetSpec(
    name="budget",
    key=("fiscal_year", "item_code", "as_of"),
    doc="One row per leaf budget item (단위사업 or 기본경비) and snapshot date: 예산액, 예산현액 and "
        "집행액 (cumulative) in won as of that date.",
    columns=(
        Column("fiscal_year", "year", example="2016", doc="회계연도 / fiscal year"),
        Column("item_code", "code", max_len=40, example="civic.goal.01",
               doc="leaf item code, unique within the fiscal year; a new code creates the item"),
        Column("as_of", "date", not_future=True, example="2016-08-10", doc="snapshot date (기준일)"),
        Column("division_code", "code", max_len=20, example="civic", doc="division (담당관) code; must exist"),
        Column("parent_code", "code", required=False, blank_ok=True, max_len=40, example="civic.goal",
               doc="policy goal (정책사업) of the item; blank = none (기본경비 rows)"),
        Column("parent_name_ko", "text", required=False, blank_ok=True, max_len=120,
               example="시민과 함께하는 참여와 소통 시정구현",
               doc="Korean name of the policy goal; needed only to create a goal the database lacks"),
        Column("parent_name_en", "text", required=False, blank_ok=True, max_len=160,
               example="A participatory city government that communicates with citizens",
               doc="English name of the policy goal (blank: the Korean name)"),
        Column("level", "choice", choices=("programme", "basic"), example="programme",
               doc="programme = 단위사업, basic = 기본경비(행정운영경비)"),
        Column("category", "choice", choices=("programme", "basic"), example="programme",
               doc="programme = 사업비, basic = 기본경비; must match level"),
        Column("name_ko", "text", max_len=120, example="언론매체를 통한 시정정보제공", doc="Korean name"),
        Column("name_en", "text", required=False, blank_ok=True, max_len=160,
               example="City information through the press and broadcast media",
               doc="English name (blank: the Korean name)"),
        Column("sort_order", "int", required=False, blank_ok=True, example="1",
               doc="display order within the division (blank: 0)"),
        Column("budget_won", "int", max_value=BIG, example="2917000000", doc="예산액 (A), won"),
        Column("current_budget_won", "int", max_value=BIG, example="2917000000", doc="예산현액 (A+B), won"),
        Column("executed_won", "int", max_value=BIG, example="962456566", doc="집행액 (cumulative), won"),
    ),
)

COMPLAINTS = DatasetSpec(
    name="complaints",
    key=("external_id",),
    doc="One row per complaint (민원) with its received, due and closed timestamps.",
    columns=(
        Column("external_id", "code", max_len=40, example="20160810-E00002",
               doc="complaint number in the source system, unique"),
        Column("received_at", "timestamp", not_future=True, example="2016-08-10T00:04:39+09:00", doc="접수일시"),
        Column("due_at", "timestamp", example="2016-08-17T00:04:39+09:00", doc="처리기한; not before received_at"),
        Column("closed_at", "timestamp", blank_ok=True, not_future=True, example="2016-08-10T11:19:55+09:00",
               doc="처리일시; blank = still open; not before received_at"),
        Column("channel_code", "code", max_len=20, example="eungdapso", doc="complaint channel code; must exist"),
        Column("department_code", "code", max_len=30, example="service_eungdap",
               doc="department (팀) code; must exist; gives the division"),
    ),
)

HALL_VISITS = DatasetSpec(
    name="hall_visits",
    key=("day",),
    doc="One row per day of 시민청 (Citizen Hall).",
    columns=(
        Column("day", "date", not_future=True, example="2016-08-10", doc="the day"),
        Column("visitors", "int", example="4873", doc="visitors that day"),
        Column("closed", "bool", required=False, blank_ok=True, example="false",
               doc="closed that day (blank: false)"),
        Column("closure_reason", "text", required=False, blank_ok=True, max_len=40, example="",
               doc="why it was closed (e.g. 설날); blank when open"),
        Column("programmes", "int", required=False, blank_ok=True, example="7", doc="programmes held (blank: 0)"),
        Column("rentals", "int", required=False, blank_ok=True, example="3", doc="venue rentals (blank: 0)"),
        Column("weddings", "int", required=False, blank_ok=True, example="0", doc="weddings (blank: 0)"),
    ),
)

BRAND_REACH = DatasetSpec(
    name="brand_reach",
    key=("target_type", "code", "day"),
    doc="Daily reach of brand campaigns (participants) and of foreign-language channels (visits "
        "or views, and items posted), in one file told apart by target_type.",
    columns=(
        Column("target_type", "choice", choices=("campaign", "channel"), example="campaign",
               doc="campaign = an I·SEOUL·U campaign or event; channel = a foreign-language site or SNS channel"),
        Column("code", "code", max_len=40, example="fest_hangang", doc="campaign or channel code; must exist"),
        Column("day", "date", not_future=True, example="2016-08-10", doc="the day"),
        Column("reach", "int", max_value=BIG, example="236",
               doc="campaign: participants; channel: visits (sites) or views (SNS)"),
        Column("items", "int", required=False, blank_ok=True, example="",
               doc="channel: items posted (blank: 0); campaign: must be blank"),
    ),
)

SNS_FOLLOWERS = DatasetSpec(
    name="sns_followers",
    key=("channel_code", "day"),
    doc="Followers of a Korean-language SNS channel at the end of a day and the posts of that day.",
    columns=(
        Column("channel_code", "code", max_len=40, example="facebook", doc="SNS channel code; must exist"),
        Column("day", "date", not_future=True, example="2016-08-10", doc="the day"),
        Column("followers", "int", example="284391", doc="followers (친구수) at the end of the day"),
        Column("posts", "int", required=False, blank_ok=True, example="3", doc="posts published that day (blank: 0)"),
    ),
)

TARGETS = DatasetSpec(
    name="targets",
    key=("metric", "division_code", "year"),
    doc="KPI targets: what 'on track' means for a metric, per division (blank: the whole office) and year.",
    columns=(
        Column("metric", "code", max_len=40, example="budget_execution_rate",
               doc="metric code (config/targets.py METRICS)"),
        Column("division_code", "code", blank_ok=True, max_len=20, example="",
               doc="division code; blank = the whole office"),
        Column("year", "year", example="2016", doc="the year"),
        Column("target", "decimal", places=4, example="55", doc="the target value"),
        Column("direction", "choice", required=False, blank_ok=True, choices=("higher", "lower"),
               example="higher", doc="which way is better; blank = the metric's own; must agree with it"),
        Column("tolerance", "decimal", required=False, blank_ok=True, places=4, example="5",
               doc="width of the 'watch' band (blank: 0)"),
    ),
)

SPECS: dict[str, DatasetSpec] = {s.name: s for s in (BUDGET, COMPLAINTS, HALL_VISITS, BRAND_REACH, SNS_FOLLOWERS,
                                                       TARGETS)}
DATASET_NAMES: tuple[str, ...] = tuple(SPECS)
