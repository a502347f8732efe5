"""What a write changed: the value every service that writes returns, and the one thing the
window refreshes from.

A service names the children and visit records it touched; ``caseload`` says that anything on
the caseload may have changed (a bundle import, the demo, a restore), so every view reloads.
Views never work out for themselves what an operation might have touched. No Qt here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Changes:
    """The children and visit records one operation changed."""

    children: frozenset[str] = field(default_factory=frozenset)
    visits: frozenset[str] = field(default_factory=frozenset)
    caseload: bool = False  # anything on the caseload may have changed: reload it all
    decisions: bool = False  # an authorisation task was opened, decided or withdrawn

    @classmethod
    def of(
        cls,
        *,
        children: Iterable[str] = (),
        visits: Iterable[str] = (),
        caseload: bool = False,
        decisions: bool = False,
    ) -> Changes:
        """A ``Changes`` from any iterables of ids (``None`` ids are left out)."""
        return cls(
            frozenset(c for c in children if c is not None),
            frozenset(v for v in visits if v is not None),
            caseload,
            decisions,
        )

    @classmethod
    def everything(cls) -> Changes:
        """Anything may have changed: an import, the demo, a restore."""
        return cls(caseload=True, decisions=True)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.children | other.children,
            self.visits | other.visits,
            self.caseload or other.caseload,
            self.decisions or other.decisions,
        )

    def __bool__(self) -> bool:
        return bool(self.children or self.visits or self.caseload or self.decisions)

    def touches_child(self, child_id: str | None) -> bool:
        """True when a view showing ``child_id`` must reload."""
        return self.caseload or (child_id is not None and child_id in self.children)

    def touches_visit(self, visit_id: str | None) -> bool:
        """True when a view showing the record ``visit_id`` must reload."""
        return self.caseload or (visit_id is not None and visit_id in self.visits)


NOTHING = Changes()
