"""Import templates: a header row whose cells carry the Korean column name beside the code
(`fiscal_year (회계연도)`), one commented example row, and the valid codes.

The importer reads its own templates: a header cell's "(...)" part is ignored (validate.py), and
rows whose first cell starts with '#' are comments. The valid codes (divisions, teams, channels,
campaigns, budget items, metrics - what the dataset's code columns may hold) come from the
database when an engine is given: in a CSV template as comment rows after the example (one
quoted cell each), in an XLSX template on a second sheet "codes" (the importer reads the first).
"""
from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, func, select

from config.targets import METRICS
from data_access.models import (
    BrandCampaign,
    BudgetItem,
    ComplaintChannel,
    Department,
    Division,
    ForeignChannel,
    SnsChannel,
)
from loading.importing.export import _check_dataset, _format_of, _write_csv, _write_xlsx
from loading.importing.specs import COMMENT_PREFIX, SPECS

LABELS_KO = {
    "fiscal_year": "회계연도", "item_code": "단위사업 코드", "as_of": "기준일", "division_code": "담당관 코드",
    "parent_code": "정책사업 코드", "parent_name_ko": "정책사업명", "parent_name_en": "정책사업명(영문)",
    "level": "구분", "category": "경비 구분", "name_ko": "사업명", "name_en": "사업명(영문)", "sort_order": "표시 순서",
    "budget_won": "예산액(원)", "current_budget_won": "예산현액(원)", "executed_won": "집행액(원)",
    "external_id": "민원 번호", "received_at": "접수일시", "due_at": "처리기한", "closed_at": "처리일시",
    "channel_code": "채널 코드", "department_code": "팀 코드", "day": "날짜", "visitors": "방문객",
    "closed": "휴관", "closure_reason": "휴관 사유", "programmes": "프로그램 수", "rentals": "대관 수",
    "weddings": "결혼식 수", "target_type": "대상 구분", "code": "코드", "reach": "도달", "items": "게시물 수",
    "followers": "친구 수", "posts": "게시 수", "metric": "지표", "year": "연도", "target": "목표값",
    "direction": "방향", "tolerance": "허용 범위",
}


def header_cell(name: str) -> str:
    """`code (한국어)`: the code the importer reads, the Korean name for the person filling it in."""
    label = LABELS_KO.get(name)
    return f"{name} ({label})" if label else name


def valid_codes(engine: Engine, dataset: str) -> list[tuple[str, str, str]]:
    """(column, code, Korean name) of every code the dataset's code columns may hold."""
    out: list[tuple[str, str, str]] = []
    with engine.connect() as conn:
        def add(column: str, model, order=None) -> None:
            for code, name in conn.execute(select(model.code, model.name_ko).order_by(order or model.code)):
                out.append((column, code, name))

        if dataset in ("budget", "targets"):
            add("division_code", Division, Division.sort_order)
        if dataset == "budget":
            year = conn.execute(select(func.max(BudgetItem.fiscal_year))).scalar_one_or_none()
            if year is not None:
                for code, name, level in conn.execute(
                        select(BudgetItem.code, BudgetItem.name_ko, BudgetItem.level)
                        .where(BudgetItem.fiscal_year == year).order_by(BudgetItem.code)):
                    out.append(("parent_code" if level == "policy" else "item_code", code, f"{year} {name}"))
        if dataset == "complaints":
            add("channel_code", ComplaintChannel)
            add("department_code", Department)
        if dataset == "brand_reach":
            add("code (campaign)", BrandCampaign)
            add("code (channel)", ForeignChannel)
        if dataset == "sns_followers":
            add("channel_code", SnsChannel)
    if dataset == "targets":
        out += [("metric", code, info.name_ko) for code, info in METRICS.items()]
    return out


def write_template(dataset: str, path: str | os.PathLike, *, lang: str = "ko", engine: Engine | None = None) -> None:
    """Headers `code (한국어)`, one example row commented out, and (with `engine`) the valid codes."""
    _check_dataset(dataset, lang)
    path = Path(path)
    fmt = _format_of(path, lang)
    spec = SPECS[dataset]
    header = [header_cell(c.name) for c in spec.columns]
    example = [c.example for c in spec.columns]
    example[0] = f"{COMMENT_PREFIX} {example[0]}"
    codes = valid_codes(engine, dataset) if engine is not None else []
    if fmt == "csv":
        notes = []
        for column in dict.fromkeys(c for c, _, _ in codes):
            listed = " · ".join(f"{code} ({name})" for c, code, name in codes if c == column)
            notes.append([f"{COMMENT_PREFIX} {column}: {listed}"])
        _write_csv(path, header, iter([[example, *notes]]))
        return
    _write_xlsx(path, header, iter([[example]]), lang)
    if codes:
        from openpyxl import load_workbook

        book = load_workbook(path)
        sheet = book.create_sheet("codes")
        sheet.append(["column (열)", "code (코드)", "name (이름)"])
        for row in codes:
            sheet.append(list(row))
        book.save(path)
