"""Which division owns the single-division datasets, and whether a scope may see them.

시민청 belongs to 시민소통담당관 (civic), the brand campaigns and foreign-language channels to
도시브랜드담당관 (brand), the city's SNS channels to 뉴미디어담당관 (newmedia) and the support
services to 신속행정담당관 (rapid). Their tables carry no division column (except
service_activity), so the query modules check the scope here: a division head of another
division gets empty frames (not an error), which is what every page can render uniformly.
"""
from __future__ import annotations

from data_access.scope import Scope

HALL_OWNER = "civic"
BRAND_OWNER = "brand"
SNS_OWNER = "newmedia"
SERVICES_OWNER = "rapid"


def sees(scope: Scope, owner: str) -> bool:
    """True when `scope` may read a dataset owned by division `owner`.

    Goes through `Scope.restrict` so a division scope always resolves to its own division.
    """
    visible = scope.restrict(None)
    return visible is None or visible == owner
