"""What a domain service needs from outside: a store, the configuration, a clock."""
from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, TypeVar

from kvstore import Store, TransactionCanceled

from . import times
from .config import Config, load


@dataclass
class Context:
    store: Store
    config: Config = field(default_factory=load)
    clock: Callable[[], datetime] = times.utcnow

    def now(self) -> datetime:
        return self.clock()


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
