"""The page list: key (used for role access in config/auth.py), file, stable URL, icon, section."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageDef:
    key: str
    file: str
    url_path: str
    icon: str
    section: str


SECTIONS = ["briefing", "metrics", "divisions", "admin"]

PAGES: list[PageDef] = [
    PageDef("overview", "pages/overview.py", "overview", ":material/dashboard:", "briefing"),
    PageDef("wall", "pages/wall.py", "wall", ":material/tv:", "briefing"),
    PageDef("budget", "pages/budget.py", "budget", ":material/account_balance_wallet:", "metrics"),
    PageDef("complaints", "pages/complaints.py", "complaints", ":material/support_agent:", "metrics"),
    PageDef("citizen_hall", "pages/citizen_hall.py", "citizen-hall", ":material/groups:", "metrics"),
    PageDef("brand", "pages/brand.py", "brand", ":material/public:", "metrics"),
    PageDef("sns", "pages/sns.py", "sns", ":material/forum:", "metrics"),
    PageDef("metrics", "pages/metric_catalog.py", "metrics", ":material/menu_book:", "metrics"),
    PageDef("alerts", "pages/alerts.py", "alerts", ":material/notifications_active:", "briefing"),
    PageDef("divisions", "pages/divisions.py", "divisions", ":material/apartment:", "divisions"),
    PageDef("data_status", "pages/data_status.py", "data-status", ":material/database:", "admin"),
    PageDef("admin_import", "pages/admin_import.py", "admin-import", ":material/upload_file:", "admin"),
    PageDef("admin_loads", "pages/admin_loads.py", "admin-loads", ":material/history:", "admin"),
    PageDef("admin_audit", "pages/admin_audit.py", "admin-audit", ":material/lock:", "admin"),
]
