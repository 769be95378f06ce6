"""Who the caller is and what each role may do (domain.md, "Roles")."""
from __future__ import annotations

from dataclasses import dataclass

CUSTOMER = "customer"
OPERATOR = "operator"
REGULATOR = "regulator"
ROLES = frozenset({CUSTOMER, OPERATOR, REGULATOR})
# Staff roles read every resource, SN, filing and history.
STAFF = frozenset({OPERATOR, REGULATOR})


@dataclass(frozen=True)
class Caller:
    account: str   # the token's `sub`
    role: str

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF

    def owns(self, owner: str) -> bool:
        return self.role == CUSTOMER and self.account == owner

    def may_read(self, owner: str) -> bool:
        """Owners read their own things; operators and regulators read anything."""
        return self.is_staff or self.owns(owner)

    @property
    def actor(self) -> str:
        """How history records who did something."""
        return f"{self.role}:{self.account}"
