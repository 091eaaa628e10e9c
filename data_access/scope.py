"""Division scoping, enforced in the data layer.

Every query function takes a `Scope`. A division head's scope names their division; no filter,
URL or widget value can widen it: `Scope.restrict` refuses any other division.
"""
from __future__ import annotations

from dataclasses import dataclass


class ScopeError(PermissionError):
    """A request for rows outside the caller's scope."""


@dataclass(frozen=True)
class Scope:
    division_code: str | None = None  # None: the whole office

    @classmethod
    def office(cls) -> "Scope":
        return cls(None)

    @property
    def is_office(self) -> bool:
        return self.division_code is None

    def restrict(self, requested: str | None = None) -> str | None:
        """The division a query may read: the requested one if the scope allows it.

        Office scope: whatever was requested (None = all). Division scope: always its own
        division; asking for another one raises ScopeError.
        """
        if self.division_code is None:
            return requested
        if requested not in (None, self.division_code):
            raise ScopeError(f"division {requested!r} is outside scope {self.division_code!r}")
        return self.division_code

    def allows(self, division_code: str | None) -> bool:
        return self.division_code is None or division_code == self.division_code
