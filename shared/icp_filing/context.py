"""What a domain service needs from outside: a store, the configuration, a clock."""
from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Protocol, Sequence, TypeVar

from kvstore import Operation, Store, TransactionCanceled

from . import times
from .config import Config, load


class Completion(Protocol):
    """What a keyed request (Idempotency-Key) adds to the transaction that carries its
    effect: the completed record with the response rendered from the use case's outcome.
    The API layer provides it; the domain only hands it the commit."""

    @property
    def done(self) -> bool:
        """Whether the commit is done (a later step of the same request then commits alone)."""

    def commit(self, store: Store, operations: Sequence[Operation], outcome: Any) -> None:
        """Commit ``operations`` with the completed record, all or nothing."""


@dataclass
class Context:
    store: Store
    config: Config = field(default_factory=load)
    clock: Callable[[], datetime] = times.utcnow
    completion: Completion | None = None  # per request: set by the API layer for a keyed request

    def now(self) -> datetime:
        return self.clock()

    def commit(self, operations: Sequence[Operation], outcome: Any = None, *, final: bool = True) -> None:
        """The one way a use case writes its effect. The final commit of a use case passes
        the ``outcome`` it is about to return: a keyed request's response is rendered from
        it and stored in the same transaction, so the effect and "this key is done" are
        one fact (exactly once, whatever the store answers). Intermediate steps of a use
        case that spans several transactions pass ``final=False``: they must be safe to
        repeat when the same key runs again."""
        completion = self.completion
        if completion is None or not final or completion.done:
            self.store.transact(operations)
        else:
            completion.commit(self.store, operations, outcome)


class Contention(Exception):
    """Too many concurrent writers on one item; the request may be retried."""


T = TypeVar("T")


def retrying(attempt: Callable[[], T], tries: int = 60) -> T:
    """Run an optimistic read-decide-write ``attempt`` until its transaction commits.

    Every write is guarded by conditions on what the attempt read, so a canceled
    transaction means a concurrent writer changed those facts: the attempt runs
    again, re-reading them and re-applying the rules (which may now refuse)."""
    for n in range(tries):
        try:
            return attempt()
        except TransactionCanceled:
            time.sleep(random.uniform(0, min(0.001 * (2 ** min(n, 7)), 0.05)))
    raise Contention("too much contention")
