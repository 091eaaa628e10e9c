"""Validation of an import file before anything is written: pure, no database access.

The validator is fed the header, then the data rows chunk by chunk (see reader.py), and collects
every problem with its spreadsheet row number (header = row 1) and column name: required and
unknown columns, types (integers, decimals, dates, timestamps, booleans, choices), real calendar
dates, non-negative amounts, known codes (from a `Reference` the caller loads), duplicate keys in
the file, oversized cells and each dataset's own rules. It keeps the first MAX_PROBLEMS problems
and counts the rest. Each chunk comes back typed, ready for the writer.

Memory: per row only a 64-bit hash of the key and the row number are kept (for duplicate keys);
budget files (small by nature) also keep one entry per budget item for consistency checks.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from config.i18n import t
from loading.importing.specs import HUGE_FIELD, MAX_DATE, MAX_YEAR, MIN_DATE, MIN_YEAR, SPECS, Column, DatasetSpec

SEOUL = ZoneInfo("Asia/Seoul")
MAX_PROBLEMS = 200
# A date this many days after every other date of the file (held by a few rows) is a review item:
# the file's latest date becomes the dataset's as-of date, so one mistyped date moves every screen.
OUTLIER_GAP_DAYS = 45
TOP_DAYS = 10  # the latest distinct dates kept per file for that check
TRUE_WORDS = {"true", "1", "yes", "y", "t", "o", "예"}
FALSE_WORDS = {"false", "0", "no", "n", "f", "x", "아니오"}


# --- problems and reports -------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One problem: file row (header = 1; None for the file as a whole), column, message key and values."""

    row: int | None
    column: str | None
    key: str
    values: dict = field(default_factory=dict)
    severity: str = "error"  # error | warning | review (imported only once confirmed; see import_file)

    def message(self, lang: str = "ko") -> str:
        return t(self.key, lang, **self.values)

    def line(self, lang: str = "ko") -> str:
        text = self.message(lang)
        if self.row is not None and self.column:
            return t("import.line_row_column", lang, row=f"{self.row:,}", column=self.column, message=text)
        if self.row is not None:
            return t("import.line_row", lang, row=f"{self.row:,}", message=text)
        return text


class ProblemSink:
    """Keeps the first `cap` problems and counts all of them."""

    def __init__(self, cap: int = MAX_PROBLEMS):
        self.cap = cap
        self.items: list[Problem] = []
        self.total = 0

    def add(self, problem: Problem) -> None:
        self.total += 1
        if len(self.items) < self.cap:
            self.items.append(problem)

    def count(self, n: int) -> None:
        """Problems found but not materialised (beyond the cap)."""
        self.total += n

    @property
    def omitted(self) -> int:
        return self.total - len(self.items)


@dataclass
class ValidationReport:
    """The outcome of checking a file: errors and warnings (each list capped) and their totals."""

    dataset: str
    filename: str
    rows: int = 0  # data rows read (blank and comment rows excluded)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    error_count: int = 0
    warning_count: int = 0
    fmt: str = ""
    encoding: str | None = None
    sha256: str = ""

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def lines(self, lang: str = "ko", *, warnings: bool = False) -> list[str]:
        """One line per problem, then "…and N more" when the list was capped."""
        items, total = (self.warnings, self.warning_count) if warnings else (self.errors, self.error_count)
        out = [p.line(lang) for p in items]
        if total > len(items):
            out.append(t("import.more", lang, count=f"{total - len(items):,}"))
        return out

    def summary(self, lang: str = "ko") -> str:
        if self.ok:
            return t("import.valid", lang, filename=self.filename, rows=f"{self.rows:,}",
                     warnings=f"{self.warning_count:,}")
        return t("import.refused", lang, filename=self.filename, errors=f"{self.error_count:,}")


# --- reference data (known codes), loaded by the caller -------------------------------------


@dataclass(frozen=True)
class BudgetItemRef:
    id: int
    division_code: str
    level: str
    parent_code: str | None


@dataclass(frozen=True)
class Reference:
    """Codes that already exist in the database, with what the checks need to know about them."""

    divisions: dict[str, int] = field(default_factory=dict)  # code -> id
    division_order: dict[str, int] = field(default_factory=dict)  # code -> sort_order
    departments: dict[str, tuple[int, int]] = field(default_factory=dict)  # code -> (id, division id)
    complaint_channels: dict[str, int] = field(default_factory=dict)
    campaigns: dict[str, tuple[int, dt.date, dt.date]] = field(default_factory=dict)  # code -> (id, start, end)
    foreign_channels: dict[str, int] = field(default_factory=dict)
    sns_channels: dict[str, tuple[int, dt.date]] = field(default_factory=dict)  # code -> (id, opened_on)
    budget_items: dict[tuple[int, str], BudgetItemRef] = field(default_factory=dict)  # (fiscal_year, code)
    metrics: dict[str, str] = field(default_factory=dict)  # code -> direction


# --- cell parsers (vectorised; a slow path only for cells the fast path rejects) ------------

# ASCII digits only ([0-9], never \d): cells are NFKC-normalised first, so full-width digits arrive
# as ASCII, and any other Unicode digit is refused with a message instead of reaching the parsers.
_DEC = re.compile(r"^(-?)([0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:\.([0-9]+))?$")
# 2016-08-12, 2016/8/12, 2016.08.12, the official Korean style 2016. 8. 12. and 2016년 8월 12일.
_DAY = r"([0-9]{4})\s*[-/.]\s*([0-9]{1,2})\s*[-/.]\s*([0-9]{1,2})\.?"
_DAY_KO = r"([0-9]{4})\s*년\s*([0-9]{1,2})\s*월\s*([0-9]{1,2})\s*일"
_DATE = re.compile(rf"^(?:{_DAY}|{_DAY_KO})(?:(?:\s*T\s*|\s+)00:00(?::00(?:\.0+)?)?)?$")
# A date as above, then the time (24-hour, or 12-hour with 오전/오후 or AM/PM before or after it),
# then an optional offset: 2016-08-10T09:15:00+09:00, 2016. 8. 10. 오후 3:15, 2016-08-10 3:15 PM.
_MERIDIEM = r"(오전|오후|[AaPp][Mm])"
_TS = re.compile(rf"^(?:{_DAY}|{_DAY_KO})(?:\s*T\s*|\s+){_MERIDIEM}?\s*([0-9]{{1,2}}):([0-9]{{2}})"
                 r"(?::([0-9]{2})(?:[.,]([0-9]{1,9}))?)?"
                 rf"\s*{_MERIDIEM}?\s*(Z|z|[+-][0-9]{{2}}(?::?[0-9]{{2}})?)?$")
_NON_ASCII = r"[^\x00-\x7f]"


def _ymd(m: re.Match) -> tuple[int, int, int]:
    """Year, month and day of a _DATE/_TS match (either spelling)."""
    groups = m.groups()
    first = groups[0:3] if groups[0] is not None else groups[3:6]
    return int(first[0]), int(first[1]), int(first[2])


def _ints(s: pd.Series, active: np.ndarray, column: Column, err: np.ndarray) -> pd.Series:
    values = np.zeros(len(s), dtype=np.int64)
    parsed = np.zeros(len(s), dtype=bool)
    if active.any():
        sub = s[active]
        m = sub.str.match(r"^-?(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)$").to_numpy(dtype=bool)
        idx = np.flatnonzero(active)
        err[idx[~m]] = "import.not_integer"
        good = idx[m]
        if len(good):
            digits = s.iloc[good].str.replace(",", "", regex=False)
            too_long = digits.str.lstrip("-").str.len().to_numpy() > 15
            err[good[too_long]] = "import.too_large"
            ok = good[~too_long]
            nums = pd.to_numeric(digits[~too_long]).to_numpy(dtype=np.int64) if len(ok) else np.array([], np.int64)
            values[ok] = nums
            neg = nums < 0
            err[ok[neg]] = "import.negative"
            big = nums > column.max_value
            err[ok[big]] = "import.too_large"
            parsed[ok[~neg & ~big]] = True
    result = pd.Series(values, index=s.index).astype("Int64")
    result[~parsed] = pd.NA
    return result


def _decimals(s: pd.Series, active: np.ndarray, column: Column, err: np.ndarray) -> pd.Series:
    values: list[Decimal | None] = [None] * len(s)
    for i in np.flatnonzero(active):
        text = s.iat[i]
        m = _DEC.match(text)
        if not m:
            err[i] = "import.not_number"
            continue
        sign, whole, frac = m.group(1), m.group(2).replace(",", ""), m.group(3) or ""
        if sign:
            err[i] = "import.negative"
        elif len(frac.rstrip("0")) > column.places:
            err[i] = "import.too_many_decimals"
        elif len(whole.lstrip("0")) > 10:
            err[i] = "import.too_large"
        else:
            try:
                values[i] = Decimal(f"{whole}.{frac}" if frac else whole)
            except InvalidOperation:  # pragma: no cover - the pattern admits only digits
                err[i] = "import.not_number"
    return pd.Series(values, index=s.index, dtype=object)


def _dates(s: pd.Series, active: np.ndarray, err: np.ndarray) -> pd.Series:
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[s]")
    if not active.any():
        return out
    sub = s[active]
    fast = pd.to_datetime(sub, format="%Y-%m-%d", errors="coerce")
    out[active] = fast.astype("datetime64[s]").to_numpy()
    for i in np.flatnonzero(active & out.isna().to_numpy()):
        text = s.iat[i]
        m = _DATE.match(text)
        if not m:
            err[i] = "import.not_date"
            continue
        try:
            out.iat[i] = pd.Timestamp(dt.date(*_ymd(m)))
        except ValueError:
            err[i] = "import.invalid_date"
    found = out.notna().to_numpy()
    outside = found & ((out < pd.Timestamp(MIN_DATE)) | (out > pd.Timestamp(MAX_DATE))).to_numpy()
    err[outside] = "import.date_out_of_range"
    out[outside] = pd.NaT
    return out


def _timestamps(s: pd.Series, active: np.ndarray, err: np.ndarray) -> pd.Series:
    """UTC timestamps; values without an offset are Seoul local time."""
    n = len(s)
    micros = np.full(n, np.iinfo(np.int64).min, dtype=np.int64)  # NaT
    if active.any():
        idx = np.flatnonzero(active)
        # Fast paths with exact formats (an offset is required by the first, refused by the second),
        # so a value can never be read in the wrong zone; anything else goes to the exact slow path.
        for fmt, localise in (("%Y-%m-%dT%H:%M:%S%z", False), ("%Y-%m-%d %H:%M:%S", True)):
            todo = idx[micros[idx] == np.iinfo(np.int64).min]
            if not len(todo):
                break
            parsed = pd.to_datetime(s.iloc[todo], format=fmt, errors="coerce", utc=not localise)
            if localise:
                parsed = parsed.dt.tz_localize(SEOUL, ambiguous="NaT", nonexistent="NaT")
            naive_utc = parsed.dt.tz_convert("UTC").dt.tz_localize(None).astype("datetime64[us]")
            micros[todo] = naive_utc.to_numpy().view(np.int64)
        for i in idx[micros[idx] == np.iinfo(np.int64).min]:
            m = _TS.match(s.iat[i])
            if not m:
                err[i] = "import.not_timestamp"
                continue
            year, month, day = _ymd(m)
            hour, minute = int(m.group(8)), int(m.group(9))
            second = int(m.group(10) or 0)
            micro = int((m.group(11) or "0")[:6].ljust(6, "0"))
            meridiem, offset = m.group(7) or m.group(12), m.group(13)
            if meridiem is not None:  # 12-hour clock: 오전 12:05 = 00:05, 오후 12:05 = 12:05, 오후 3:15 = 15:15
                if not 1 <= hour <= 12 or (m.group(7) and m.group(12)):
                    err[i] = "import.invalid_timestamp"
                    continue
                hour = hour % 12 + (12 if meridiem in ("오후", "PM", "pm", "Pm", "pM") else 0)
            try:
                if offset in (None, ""):
                    tz = SEOUL
                elif offset in ("Z", "z"):
                    tz = dt.timezone.utc
                else:
                    digits = offset[1:].replace(":", "")
                    delta = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
                    tz = dt.timezone(delta if offset[0] == "+" else -delta)
                value = dt.datetime(year, month, day, hour, minute, second, micro, tzinfo=tz)
            except ValueError:
                err[i] = "import.invalid_timestamp"
                continue
            utc = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
            micros[i] = np.datetime64(utc, "us").astype(np.int64)
    out = pd.Series(micros.view("datetime64[us]"), index=s.index).dt.tz_localize("UTC")
    found = out.notna().to_numpy()
    if found.any():
        years = out.dt.tz_convert(SEOUL).dt.year
        outside = found & ((years < MIN_YEAR) | (years > MAX_YEAR)).fillna(False).to_numpy(dtype=bool)
        if outside.any():
            err[outside] = "import.date_out_of_range"
            out[outside] = pd.NaT
    return out


def _bools(s: pd.Series, active: np.ndarray, err: np.ndarray) -> pd.Series:
    low = s.str.lower()
    true = low.isin(list(TRUE_WORDS)).to_numpy()
    false = low.isin(list(FALSE_WORDS)).to_numpy()
    err[active & ~true & ~false] = "import.not_boolean"
    out = pd.Series(pd.NA, index=s.index, dtype="boolean")
    out[active & true] = True
    out[active & false] = False
    return out


def _excel_column(position: int) -> str:
    """Spreadsheet column letter of a 0-based position (A, B, ..., Z, AA, ...)."""
    letters = ""
    position += 1
    while position:
        position, rem = divmod(position - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# --- the validator ---------------------------------------------------------------------------


class _Local:
    """Problems of one chunk, before they go (sorted by row) into the report's sinks."""

    def __init__(self, rows: np.ndarray, order: dict[str, int]):
        self.rows = rows
        self.order = order
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.omitted_errors = 0
        self.omitted_warnings = 0

    def emit(self, mask: np.ndarray, column: str | None, key: str,
             values: Callable[[int], dict] | None = None, *, severity: str = "error") -> None:
        positions = np.flatnonzero(mask)
        if not len(positions):
            return
        taken = positions[:MAX_PROBLEMS]
        target = self.errors if severity == "error" else self.warnings
        for i in taken:
            target.append(Problem(int(self.rows[i]), column, key, values(int(i)) if values else {}, severity))
        if severity == "error":
            self.omitted_errors += len(positions) - len(taken)
        else:
            self.omitted_warnings += len(positions) - len(taken)

    def flush(self, errors: ProblemSink, warnings: ProblemSink) -> None:
        def order(p: Problem):
            return (p.row or 0, self.order.get(p.column or "", 999))

        for problem in sorted(self.errors, key=order):
            errors.add(problem)
        for problem in sorted(self.warnings, key=order):
            warnings.add(problem)
        errors.count(self.omitted_errors)
        warnings.count(self.omitted_warnings)


ChunkSource = Callable[[], Iterable[tuple[pd.DataFrame, np.ndarray]]]


class Validator:
    """Checks one file of a dataset: `begin(header)`, `check_chunk(...)` per chunk, then `finish()`."""

    def __init__(self, dataset: str, reference: Reference, *, today: dt.date | None = None):
        self.spec: DatasetSpec = SPECS[dataset]
        self.ref = reference
        self.today = today or dt.datetime.now(SEOUL).date()
        self.errors = ProblemSink()
        self.warnings = ProblemSink()
        self.rows = 0
        self.fatal = False
        self.present: list[str] = []
        self._positions: dict[str, int] = {}
        self._unnamed: list[int] = []
        self._order = {name: i for i, name in enumerate(self.spec.names)}
        self._hashes: list[np.ndarray] = []
        self._hash_rows: list[np.ndarray] = []
        self.latest_day: dt.date | None = None  # the latest date in the file's data (for as_of)
        self.first_day: dt.date | None = None  # complaints: the earliest Seoul day any timestamp touches
        self.last_day: dt.date | None = None  # complaints: the latest Seoul day any timestamp touches
        self._items: dict[tuple[int, str], tuple[int, dict]] = {}  # budget: item -> (first row, attributes)
        self._late_days: dict[dt.date, list] = {}  # the TOP_DAYS latest dates: day -> [cells, first row, column]
        self.reviews: list[Problem] = []  # found by finish(): dates far beyond the file's others
        self._new_parents: dict[tuple[int, str], dict] = {}  # budget: parents the database lacks
        self._parents_seen: dict[tuple[int, str], tuple[int, str, str]] = {}  # parent -> (row, name_ko, name_en)

    # header -------------------------------------------------------------------------------

    def begin(self, header: list[str]) -> bool:
        """Map the header to the dataset's columns; False (and problems at row 1) when unusable."""
        # `fiscal_year (회계연도)`: the templates carry the Korean name beside the code; it is ignored.
        names = [re.sub(r"^([A-Za-z0-9_]+)\s*[(（].*[)）]$", r"\1", str(h).replace("\ufeff", "").strip()).lower()
                 for h in header]
        known = set(self.spec.names)
        seen: dict[str, int] = {}
        duplicated, unknown = [], []
        for position, name in enumerate(names):
            if name == "":
                self._unnamed.append(position)
            elif name in seen:
                duplicated.append(name)
            elif name not in known:
                unknown.append(header[position].strip())
                seen[name] = position
            else:
                seen[name] = position
        missing = [c for c in self.spec.required if c not in seen]
        if not any(names):
            self.errors.add(Problem(None, None, "import.empty_file"))
        if duplicated:
            self.errors.add(Problem(1, None, "import.duplicate_columns",
                                    {"columns": ", ".join(dict.fromkeys(duplicated))}))
        if missing:
            self.errors.add(Problem(1, None, "import.missing_columns", {"columns": ", ".join(missing)}))
        if unknown:
            self.errors.add(Problem(1, None, "import.unknown_columns",
                                    {"columns": ", ".join(unknown), "allowed": ", ".join(self.spec.names)}))
        self.fatal = self.errors.total > 0
        self._positions = {name: pos for name, pos in seen.items() if name in known}
        self.present = [c for c in self.spec.names if c in self._positions]
        return not self.fatal

    # rows -----------------------------------------------------------------------------------

    def check_chunk(self, frame: pd.DataFrame, rows: np.ndarray, *, record: bool = True) -> pd.DataFrame:
        """Check a chunk; returns it typed (one column per present spec column, plus `_row`)."""
        n = len(frame)
        local = _Local(rows, self._order)
        typed = pd.DataFrame({"_row": rows.astype(np.int64)}, index=frame.index)
        ok: dict[str, np.ndarray] = {}
        blank: dict[str, np.ndarray] = {}
        if record:
            self.rows += n
        for position in self._unnamed:
            if position < frame.shape[1]:
                cells = frame.iloc[:, position].astype(str).str.strip()
                mask = (cells != "").to_numpy()
                local.emit(mask, f"({_excel_column(position)})", "import.value_without_header")
        for name in self.present:
            column = self.spec.column(name)
            raw = frame.iloc[:, self._positions[name]].astype(str) if n else pd.Series([], dtype=str)
            err = np.full(n, None, dtype=object)
            lengths = raw.str.len().to_numpy()
            huge = lengths > HUGE_FIELD
            s = raw.str.strip()
            if column.kind != "text" and n:
                # Full-width digits, commas, dots, colons and letters (１３０,０００, ２０１６．８．１２) as ASCII.
                wide = s.str.contains(_NON_ASCII, regex=True).to_numpy(dtype=bool)
                if wide.any():
                    s = s.copy()
                    s[wide] = s[wide].str.normalize("NFKC").str.strip()
            is_blank = (s == "").to_numpy() & ~huge
            active = ~is_blank & ~huge
            if column.kind in ("text", "code"):
                too_long = active & (s.str.len().to_numpy() > column.max_len) if column.max_len else np.zeros(n, bool)
                err[too_long] = "import.too_long"
                typed[name] = s.where(active & ~too_long, "")
            elif column.kind == "choice":
                low = s.str.lower()
                bad = active & ~low.isin(list(column.choices)).to_numpy()
                err[bad] = "import.not_choice"
                typed[name] = low.where(active & ~bad, "")
            elif column.kind in ("int", "year"):
                values = _ints(s, active, column, err)
                if column.kind == "year":
                    outside = values.notna().to_numpy() & (
                        (values < MIN_YEAR) | (values > MAX_YEAR)).fillna(False).to_numpy()
                    err[outside] = "import.year_out_of_range"
                    values[outside] = pd.NA
                typed[name] = values
            elif column.kind == "decimal":
                typed[name] = _decimals(s, active, column, err)
            elif column.kind == "date":
                typed[name] = _dates(s, active, err)
            elif column.kind == "timestamp":
                typed[name] = _timestamps(s, active, err)
            elif column.kind == "bool":
                typed[name] = _bools(s, active, err)
            else:  # pragma: no cover - specs are fixed
                raise AssertionError(column.kind)
            err[huge] = "import.huge_field"
            if not column.blank_ok:
                err[is_blank] = "import.required"
            has_err = pd.notna(err).astype(bool) if n else np.zeros(0, bool)
            if has_err.any():
                for key in dict.fromkeys(e for e in err if e is not None):
                    mask = (err == key).astype(bool)
                    local.emit(mask, name, key, self._value_info(key, column, raw, lengths))
            ok[name] = ~has_err & ~is_blank
            blank[name] = is_blank
        if not self.fatal and n and record:
            self._check_future(typed, ok, local)
            self._check_rows(typed, ok, blank, local)
            self._collect_keys(typed, ok, blank, rows)
        if record:
            local.flush(self.errors, self.warnings)
        return typed

    @staticmethod
    def _value_info(key: str, column: Column, raw: pd.Series, lengths: np.ndarray) -> Callable[[int], dict]:
        def info(i: int) -> dict:
            value = raw.iat[i].strip()
            shown = value if len(value) <= 60 else value[:57] + "..."
            values = {"value": shown}
            if key == "import.huge_field":
                values = {"length": f"{int(lengths[i]):,}", "max": f"{HUGE_FIELD:,}"}
            elif key == "import.too_long":
                values = {"length": f"{len(value):,}", "max": f"{column.max_len:,}"}
            elif key == "import.not_choice":
                values["choices"] = ", ".join(column.choices)
            elif key == "import.too_many_decimals":
                values["places"] = column.places
            elif key == "import.year_out_of_range":
                values.update(low=MIN_YEAR, high=MAX_YEAR)
            elif key == "import.date_out_of_range":
                values.update(low=MIN_DATE.isoformat(), high=MAX_DATE.isoformat())
            elif key == "import.too_large":
                values["max"] = f"{column.max_value:,}"
            return values

        return info

    # duplicate keys ------------------------------------------------------------------------------

    def _key_frame(self, typed: pd.DataFrame) -> pd.DataFrame:
        parts = {}
        for name in self.spec.key:
            col = typed[name]
            if pd.api.types.is_datetime64_any_dtype(col):
                parts[name] = col.dt.strftime("%Y-%m-%d")
            else:
                parts[name] = col.astype(str)
        return pd.DataFrame(parts, index=typed.index)

    def _collect_keys(self, typed: pd.DataFrame, ok: dict[str, np.ndarray], blank: dict[str, np.ndarray],
                      rows: np.ndarray) -> None:
        valid = np.ones(len(typed), dtype=bool)
        for name in self.spec.key:
            valid &= ok[name] | (blank[name] & self.spec.column(name).blank_ok)
        keys = self._key_frame(typed)[valid]
        if len(keys):
            self._hashes.append(pd.util.hash_pandas_object(keys, index=False).to_numpy())
            self._hash_rows.append(rows[valid].astype(np.int64))

    def _duplicates(self, rescan: ChunkSource | None) -> None:
        if not self._hashes:
            return
        hashes = np.concatenate(self._hashes)
        rows = np.concatenate(self._hash_rows)
        order = np.argsort(hashes, kind="stable")
        sorted_h = hashes[order]
        same = sorted_h[1:] == sorted_h[:-1]
        if not same.any():
            return
        candidates = set(sorted_h[1:][same].tolist())
        candidate_rows = set(rows[np.isin(hashes, list(candidates))].tolist())
        # Confirm on the real key values (a 64-bit hash collision must not invent a duplicate).
        first_row: dict[tuple, int] = {}
        local_errors: list[Problem] = []
        for frame, chunk_rows in (rescan() if rescan else ()):
            pick = np.isin(chunk_rows, list(candidate_rows))
            if not pick.any():
                continue
            typed = self.check_chunk(frame[pick], chunk_rows[pick], record=False)
            keys = self._key_frame(typed)
            for row, key in zip(typed["_row"].tolist(), keys.itertuples(index=False, name=None)):
                if row not in candidate_rows:
                    continue
                if key in first_row:
                    local_errors.append(Problem(row, "+".join(self.spec.key), "import.duplicate_key",
                                                {"first": f"{first_row[key]:,}", "values": " / ".join(key)}))
                else:
                    first_row[key] = row
        for problem in sorted(local_errors, key=lambda p: p.row):
            self.errors.add(problem)

    # dataset rules --------------------------------------------------------------------------------

    def _check_rows(self, typed: pd.DataFrame, ok: dict, blank: dict, local: _Local) -> None:
        getattr(self, f"_rules_{self.spec.name}")(typed, ok, blank, local)

    def _check_future(self, typed: pd.DataFrame, ok: dict[str, np.ndarray], local: _Local) -> None:
        """Dates after today are refused: the file's latest date becomes the as-of date for good."""
        for name in self.present:
            column = self.spec.column(name)
            if not column.not_future:
                continue
            values = typed[name]
            days = values.dt.tz_convert(SEOUL).dt.tz_localize(None) if column.kind == "timestamp" else values
            future = ok[name] & (days.dt.normalize() > pd.Timestamp(self.today)).fillna(False).to_numpy(dtype=bool)
            if future.any():
                local.emit(future, name, "import.future_date", lambda i: {"today": self.today.isoformat()})
                ok[name] = ok[name] & ~future
            self._note_late_days(days.dt.normalize(), ok[name], typed["_row"].to_numpy(), name)

    def _note_late_days(self, days: pd.Series, mask: np.ndarray, rows: np.ndarray, column: str) -> None:
        """Keep the file's TOP_DAYS latest distinct dates with their cell count and first row."""
        if not mask.any():
            return
        values, rows = days[mask].to_numpy(), rows[mask]
        for day in np.unique(values)[-TOP_DAYS:]:
            hit = values == day
            key = pd.Timestamp(day).date()
            entry = self._late_days.setdefault(key, [0, int(rows[hit].min()), column])
            entry[0] += int(hit.sum())
            if int(rows[hit].min()) < entry[1]:
                entry[1:] = [int(rows[hit].min()), column]
        for key in sorted(self._late_days)[:-TOP_DAYS]:
            del self._late_days[key]

    def _date_outliers(self) -> None:
        """Review items: the latest dates when a few cells lie OUTLIER_GAP_DAYS beyond every other date."""
        days = sorted(self._late_days, reverse=True)
        for i in range(len(days) - 1):
            if (days[i] - days[i + 1]).days <= OUTLIER_GAP_DAYS:
                continue
            flagged = days[:i + 1]
            if sum(self._late_days[d][0] for d in flagged) <= max(3, self.rows // 100):
                for day in flagged:
                    _, row, column = self._late_days[day]
                    self.reviews.append(Problem(row, column, "import.date_outlier",
                                                {"value": day.isoformat(), "other": days[i + 1].isoformat(),
                                                 "days": f"{(day - days[i + 1]).days:,}"}, "review"))
            return

    def _note_day(self, days: pd.Series, mask: np.ndarray) -> None:
        if mask.any():
            latest = days[mask].max()
            day = latest.date() if hasattr(latest, "date") else latest
            if self.latest_day is None or day > self.latest_day:
                self.latest_day = day

    def _unknown(self, typed, ok, name: str, known, key: str, local: _Local) -> np.ndarray:
        bad = ok[name] & ~typed[name].isin(list(known)).to_numpy()
        local.emit(bad, name, key, lambda i: {"value": typed[name].iat[i]})
        return bad

    def _rules_budget(self, typed, ok, blank, local: _Local) -> None:
        ref = self.ref
        self._note_day(typed["as_of"], ok["as_of"])
        unknown_division = self._unknown(typed, ok, "division_code", ref.divisions, "import.unknown_division", local)
        both = ok["level"] & ok["category"]
        mismatch = both & (typed["level"] != typed["category"]).to_numpy()
        local.emit(mismatch, "category", "import.level_category_mismatch",
                   lambda i: {"level": typed["level"].iat[i], "category": typed["category"].iat[i]})
        amounts = ok["budget_won"] & ok["current_budget_won"] & ok["executed_won"]
        budget = typed["budget_won"].fillna(0).to_numpy(dtype=np.int64)
        current = typed["current_budget_won"].fillna(0).to_numpy(dtype=np.int64)
        executed = typed["executed_won"].fillna(0).to_numpy(dtype=np.int64)
        local.emit(amounts & (executed > current), "executed_won", "import.executed_over_current",
                   lambda i: {"executed": f"{executed[i]:,}", "current": f"{current[i]:,}"})
        local.emit(amounts & (current < budget), "current_budget_won", "import.current_below_budget",
                   lambda i: {"current": f"{current[i]:,}", "budget": f"{budget[i]:,}"}, severity="warning")

        attrs = [c for c in ("division_code", "parent_code", "level", "category", "name_ko", "name_en", "sort_order")
                 if c in self.present]
        has_parent = "parent_code" in self.present
        for i in range(len(typed)):
            if not (ok["fiscal_year"][i] and ok["item_code"][i]):
                continue
            row = int(typed["_row"].iat[i])
            year, code = int(typed["fiscal_year"].iat[i]), typed["item_code"].iat[i]
            existing = ref.budget_items.get((year, code))
            if existing is not None and existing.level == "policy":
                local.errors.append(Problem(row, "item_code", "import.item_is_policy", {"value": code}))
            values = {c: (None if pd.isna(typed[c].iat[i]) else typed[c].iat[i]) for c in attrs}
            # Only rows whose item attributes are all valid take part (no cascade of follow-on errors).
            attrs_valid = not unknown_division[i] and all(
                ok[c][i] or (blank[c][i] and self.spec.column(c).blank_ok) for c in attrs)
            first = self._items.get((year, code))
            if not attrs_valid:
                pass
            elif first is None:
                self._items[(year, code)] = (row, values)
            else:
                for c in attrs:
                    if values[c] != first[1][c]:
                        local.errors.append(Problem(row, c, "import.item_inconsistent",
                                                    {"code": code, "first": f"{first[0]:,}"}))
            if not has_parent or not ok["parent_code"][i]:
                continue
            parent = typed["parent_code"].iat[i]
            division = typed["division_code"].iat[i]
            known_parent = ref.budget_items.get((year, parent))
            name_ko = typed["parent_name_ko"].iat[i] if "parent_name_ko" in self.present else ""
            name_en = typed["parent_name_en"].iat[i] if "parent_name_en" in self.present else ""
            if known_parent is not None:
                if known_parent.level != "policy":
                    local.errors.append(Problem(row, "parent_code", "import.parent_not_policy", {"value": parent}))
                elif ok["division_code"][i] and known_parent.division_code != division:
                    local.errors.append(Problem(row, "parent_code", "import.parent_division_mismatch",
                                                {"value": parent, "division": known_parent.division_code}))
            else:
                entry = self._new_parents.setdefault((year, parent), {"rows": [], "division": division,
                                                                      "first": row})
                entry["rows"].append(row)
                if ok["division_code"][i] and entry["division"] != division:
                    local.errors.append(Problem(row, "parent_code", "import.parent_division_mismatch",
                                                {"value": parent, "division": entry["division"]}))
            if name_ko or name_en:
                seen = self._parents_seen.get((year, parent))
                if seen is None:
                    self._parents_seen[(year, parent)] = (row, name_ko, name_en)
                elif (seen[1], seen[2]) != (name_ko, name_en):
                    local.errors.append(Problem(row, "parent_name_ko", "import.parent_inconsistent",
                                                {"code": parent, "first": f"{seen[0]:,}"}))

    def _finish_budget(self) -> None:
        problems = []
        for (year, parent), entry in self._new_parents.items():
            if (year, parent) in self._items:
                problems += [Problem(r, "parent_code", "import.parent_not_policy", {"value": parent})
                             for r in entry["rows"]]
            elif not self._parents_seen.get((year, parent), (0, ""))[1]:
                problems += [Problem(r, "parent_code", "import.unknown_parent", {"value": parent})
                             for r in entry["rows"]]
        for problem in sorted(problems, key=lambda p: p.row):
            self.errors.add(problem)

    def _rules_complaints(self, typed, ok, blank, local: _Local) -> None:
        ref = self.ref
        self._unknown(typed, ok, "channel_code", ref.complaint_channels, "import.unknown_channel", local)
        self._unknown(typed, ok, "department_code", ref.departments, "import.unknown_department", local)
        received, due, closed = typed["received_at"], typed["due_at"], typed["closed_at"]
        both = ok["received_at"] & ok["due_at"]
        local.emit(both & (due < received).fillna(False).to_numpy(dtype=bool), "due_at",
                   "import.due_before_received")
        both = ok["received_at"] & ok["closed_at"]
        local.emit(both & (closed < received).fillna(False).to_numpy(dtype=bool), "closed_at",
                   "import.closed_before_received")
        for series, mask, latest in ((received, ok["received_at"], True), (due, ok["due_at"], False),
                                     (closed, ok["closed_at"], True)):
            if not mask.any():
                continue
            days = series[mask].dt.tz_convert(SEOUL)
            low, high = days.min().date(), days.max().date()
            self.first_day = low if self.first_day is None else min(self.first_day, low)
            self.last_day = high if self.last_day is None else max(self.last_day, high)
            if latest and (self.latest_day is None or high > self.latest_day):
                self.latest_day = high

    def _rules_hall_visits(self, typed, ok, blank, local: _Local) -> None:
        self._note_day(typed["day"], ok["day"])
        if "closed" in self.present:
            closed = typed["closed"].fillna(False).to_numpy(dtype=bool) & ok["closed"]
            visitors = typed["visitors"].fillna(0).to_numpy(dtype=np.int64)
            local.emit(closed & ok["visitors"] & (visitors > 0), "visitors", "import.closed_with_visitors",
                       lambda i: {"value": f"{visitors[i]:,}"}, severity="warning")
            if "closure_reason" in self.present:
                local.emit(ok["closure_reason"] & ~closed, "closure_reason", "import.reason_without_closure",
                           severity="warning")

    def _rules_brand_reach(self, typed, ok, blank, local: _Local) -> None:
        ref = self.ref
        self._note_day(typed["day"], ok["day"])
        both = ok["target_type"] & ok["code"]
        is_campaign = (typed["target_type"] == "campaign").to_numpy()
        codes = typed["code"]
        local.emit(both & is_campaign & ~codes.isin(list(ref.campaigns)).to_numpy(), "code",
                   "import.unknown_campaign", lambda i: {"value": codes.iat[i]})
        local.emit(both & ~is_campaign & ~codes.isin(list(ref.foreign_channels)).to_numpy(), "code",
                   "import.unknown_foreign_channel", lambda i: {"value": codes.iat[i]})
        if "items" in self.present:
            local.emit(ok["target_type"] & is_campaign & ~blank["items"], "items", "import.campaign_items")
        if ref.campaigns:
            start = codes.map(lambda c: ref.campaigns.get(c, (0, None, None))[1])
            end = codes.map(lambda c: ref.campaigns.get(c, (0, None, None))[2])
            day = typed["day"].dt.date
            check = both & ok["day"] & is_campaign & start.notna().to_numpy()
            outside = np.zeros(len(typed), dtype=bool)
            for i in np.flatnonzero(check):
                outside[i] = not (start.iat[i] <= day.iat[i] <= end.iat[i])
            local.emit(outside, "day", "import.outside_campaign",
                       lambda i: {"start": start.iat[i].isoformat(), "end": end.iat[i].isoformat()},
                       severity="warning")

    def _rules_sns_followers(self, typed, ok, blank, local: _Local) -> None:
        ref = self.ref
        self._note_day(typed["day"], ok["day"])
        bad = self._unknown(typed, ok, "channel_code", ref.sns_channels, "import.unknown_sns_channel", local)
        opened = typed["channel_code"].map(lambda c: ref.sns_channels.get(c, (0, None))[1])
        check = ok["channel_code"] & ~bad & ok["day"]
        day = typed["day"].dt.date
        early = np.zeros(len(typed), dtype=bool)
        for i in np.flatnonzero(check):
            early[i] = opened.iat[i] is not None and day.iat[i] < opened.iat[i]
        local.emit(early, "day", "import.before_opening", lambda i: {"opened": opened.iat[i].isoformat()},
                   severity="warning")

    def _rules_targets(self, typed, ok, blank, local: _Local) -> None:
        ref = self.ref
        bad_metric = self._unknown(typed, ok, "metric", ref.metrics, "import.unknown_metric", local)
        self._unknown(typed, ok, "division_code", ref.divisions, "import.unknown_division", local)
        if "direction" in self.present:
            expected = typed["metric"].map(lambda m: ref.metrics.get(m, ""))
            wrong = ok["direction"] & ok["metric"] & ~bad_metric & (typed["direction"] != expected).to_numpy()
            local.emit(wrong, "direction", "import.direction_mismatch",
                       lambda i: {"value": typed["direction"].iat[i], "expected": expected.iat[i]})

    # end ---------------------------------------------------------------------------------------

    def finish(self, rescan: ChunkSource | None = None) -> None:
        """File-wide checks after the last chunk: duplicate keys (and budget parents)."""
        if self.fatal:
            return
        if self.rows == 0:
            self.errors.add(Problem(None, None, "import.no_data_rows"))
            return
        self._duplicates(rescan)
        if self.spec.name == "budget":
            self._finish_budget()
        self._date_outliers()

    def report(self, filename: str, *, fmt: str = "", encoding: str | None = None,
               sha256: str = "") -> ValidationReport:
        return ValidationReport(
            dataset=self.spec.name, filename=filename, rows=self.rows, errors=list(self.errors.items),
            warnings=list(self.warnings.items), error_count=self.errors.total, warning_count=self.warnings.total,
            fmt=fmt, encoding=encoding, sha256=sha256,
        )
