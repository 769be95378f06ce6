"""The load-and-fault harness: real `scripts/serve` processes on loopback, a bounded
mixed workload of clients that retry like real ones, and the invariants checked
afterwards by reading the store directly.

A *logical operation* (issue numbers, submit, approve, ...) is one Idempotency-Key; the
client retries it on a 5xx or a dropped connection with the same key and body, a few
times within a deadline. Its outcome is ``ack`` (a 2xx), ``refused`` (a 409 of the
rules) or ``unknown`` (it never got an answer; or a retry found its key still claimed,
409 ``request_in_progress``, after an earlier attempt failed: the first attempt's
effect may or may not exist, and the key stays claimed until the function's time
limit has passed). ``Workload.settle_unknown`` retries those after that expiry.
"""
from __future__ import annotations

import itertools
import random
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import jwt
import requests

from conftest import AWS_TEST_ENV
from icp_filing import due, identity, records, times
from local.conftest import Server
from kvstore import Store

SECRET = "reliability-secret-" + "z" * 48
QUOTA = 5
ECS = {"product": "ecs", "billing": "subscription", "term_months": 12, "public_bandwidth_mbps": 5,
       "region": "cn-hangzhou", "expires_at": "2030-01-01T00:00:00Z"}
ACTIVE = ("in_review", "approved", "access_revoked")
RULE_CONFLICTS = {"quota_exhausted", "not_eligible", "service_number_used", "invalid_transition",
                  "filing_cancelled", "resource_not_eligible", "domain_already_filed"}


# Processes.

class Serve(Server):
    """`scripts/serve` on a loopback port over ``store_url``, quiet (no request log)."""

    def __init__(self, store_url: str, log_dir: Path, **env: str):
        super().__init__(log_dir, **AWS_TEST_ENV, ICP_STORE_URL=store_url, ICP_JWT_SECRET=SECRET,
                         ICP_LOG_LEVEL="WARNING", **env)

    def internal_errors(self) -> int:
        return self.log_path.read_text(errors="replace").count("unexpected failure")


def token(sub: str, role: str) -> str:
    now = int(time.time())
    return jwt.encode({"sub": sub, "role": role, "iat": now, "exp": now + 3600}, SECRET, algorithm="HS256")


# Valid filing bodies (a resident ID with its MOD 11-2 check character, unique per call).

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_serial = itertools.count(1)


def resident_id(n: int) -> str:
    body17 = f"3301061990{1 + n % 12:02d}{1 + n // 12 % 28:02d}{n // 336 % 1000:03d}"
    return body17 + "10X98765432"[sum(int(d) * w for d, w in zip(body17, _WEIGHTS)) % 11]


def application(sn: str, tag: str) -> dict:
    n = next(_serial)
    return {"service_number": sn, "domain": f"r{tag}-{n}.example.com", "website_name": f"可靠{tag}{n}",
            "province": "浙", "subject": {"type": "individual", "name": "张三", "id_number": resident_id(n)}}


# What the clients saw.

@dataclass
class Op:
    kind: str                    # issue, submit, approve, reject, revoke, cancel, upsert
    key: str | None
    method: str
    path: str
    body: dict
    account: str
    attempts: int = 0
    outcome: str = "unknown"     # ack, refused, unknown
    status: int | None = None
    response: Any = None
    failed_attempts: int = 0     # 5xx or dropped connection before the outcome
    in_progress_after_failure: bool = False


@dataclass
class Log:
    ops: list[Op] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)        # every HTTP answer
    codes: Counter = field(default_factory=Counter)           # error codes of non-2xx answers
    connection_errors: int = 0
    replayed_errors: int = 0                                    # a stored 4xx answered again
    violations: list[str] = field(default_factory=list)       # answers that break the contract
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def requests(self) -> int:
        return sum(self.statuses.values()) + self.connection_errors


def check_error_answer(response: requests.Response) -> str | None:
    """A failure must be 409/500/503 with X-Request-Id and the envelope; what is wrong, if anything."""
    rid = response.headers.get("X-Request-Id")
    try:
        error = response.json()["error"]
        code, request_id = error["code"], error["request_id"]
        assert isinstance(error["message"], str) and error["message"]
    except Exception:  # noqa: BLE001
        return f"{response.status_code} without the error envelope: {response.text[:200]!r}"
    # A replay (Idempotent-Replayed) answers the first response again, envelope and all:
    # its request_id is the first request's, the header this request's.
    replayed = response.headers.get("Idempotent-Replayed") == "true"
    if not rid or not isinstance(request_id, str) or (request_id != rid and not replayed):
        return f"{response.status_code} {code}: X-Request-Id {rid!r} vs envelope {request_id!r}"
    if response.status_code not in (409, 500, 503):
        return f"unexpected {response.status_code} {code}"
    if response.status_code == 503 and code != "unavailable":
        return f"503 {code}"
    return None


class Client:
    """One account's HTTP session; every request retried like a careful client would."""

    def __init__(self, account: str, role: str, bases: Callable[[], list[str]], log: Log, rng: random.Random,
                 retries: int = 4, op_deadline: float = 8.0):
        self.account, self.bases, self.log, self.rng = account, bases, log, rng
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token(account, role)}"
        self.retries, self.op_deadline = retries, op_deadline

    def run(self, kind: str, method: str, path: str, body: dict | None = None, keyed: bool = True) -> Op:
        op = Op(kind, uuid.uuid4().hex if keyed and method == "POST" else None, method, path, body or {},
                self.account)
        deadline = time.monotonic() + self.op_deadline
        while op.failed_attempts <= self.retries and time.monotonic() < deadline:
            op.attempts += 1
            base = self.rng.choice(self.bases())
            headers = {"Idempotency-Key": op.key} if op.key else {}
            try:
                r = self.session.request(method, base + path, json=op.body, headers=headers, timeout=10)
            except requests.RequestException:
                with self.log.lock:
                    self.log.connection_errors += 1
                op.failed_attempts += 1
                time.sleep(min(0.05 * 2 ** op.failed_attempts, 0.5))
                continue
            with self.log.lock:
                self.log.statuses[r.status_code] += 1
            if r.status_code < 300:
                op.outcome, op.status, op.response = "ack", r.status_code, r.json()
                break
            problem = check_error_answer(r)
            try:
                code = r.json()["error"]["code"]
            except Exception:  # noqa: BLE001 - reported by check_error_answer
                code = None
            replayed = r.headers.get("Idempotent-Replayed") == "true"
            with self.log.lock:
                self.log.codes[f"{r.status_code} {code}"] += 1
                self.log.replayed_errors += replayed
                if problem:
                    self.log.violations.append(f"{method} {path}: {problem}")
            if r.status_code >= 500:
                op.failed_attempts += 1
                time.sleep(self.rng.uniform(0.02, 0.1))
                continue
            op.status, op.response = r.status_code, r.json()
            if code == "request_in_progress" and op.failed_attempts:
                op.in_progress_after_failure = True   # the first attempt's outcome is unknown
            elif code == "request_in_progress":
                op.outcome = "unknown"
            else:
                op.outcome = "refused"
                if code not in RULE_CONFLICTS:
                    with self.log.lock:
                        self.log.violations.append(f"{method} {path}: refused with {code}")
            break
        with self.log.lock:
            self.log.ops.append(op)
        return op

    def replay(self, op: Op) -> requests.Response | None:
        """The acknowledged operation again, same key and body (retrying a 5xx)."""
        for _ in range(6):
            try:
                r = self.session.request(op.method, self.rng.choice(self.bases()) + op.path, json=op.body,
                                         headers={"Idempotency-Key": op.key}, timeout=10)
            except requests.RequestException:
                time.sleep(0.2)
                continue
            if r.status_code < 500:
                return r
            time.sleep(0.05)
        return None


# The workload.

class Workload:
    """Customers issue numbers and submit and cancel filings, the regulator approves and
    rejects, the operator upserts resources and revokes access; all against ``bases()``."""

    def __init__(self, bases: Callable[[], list[str]], tag: str, customers: int = 4, resources_each: int = 5,
                 seed: int = 1, retries: int = 4, op_deadline: float = 8.0):
        self.bases, self.tag, self.seed = bases, tag, seed
        self.log = Log()
        self.accounts = [f"cust-{tag}-{n}" for n in range(customers)]
        self.resources = {f"i-{tag}-{a}-{n}": a for a in self.accounts for n in range(resources_each)}
        self.retries, self.op_deadline = retries, op_deadline
        self.lock = threading.Lock()
        self.free_sns: dict[str, list[tuple[str, str]]] = {a: [] for a in self.accounts}  # (rid, sn) acked, unused
        self.pool: dict[str, set[str]] = {s: set() for s in ("in_review", "approved")}   # filings by acked status
        self.owner_of: dict[str, str] = {}
        self.stop = threading.Event()
        self.max_ops = 10 ** 9

    def client(self, account: str, role: str, n: int) -> Client:
        return Client(account, role, self.bases, self.log, random.Random(self.seed * 1000 + n), self.retries,
                      self.op_deadline)

    def setup(self) -> None:
        operator = self.client("op-1", "operator", 0)
        operator.retries = 10  # the setup must succeed even under injected faults
        for rid, owner in self.resources.items():
            op = operator.run("upsert", "PUT", f"/v1/resources/{rid}", {**ECS, "owner": owner})
            assert op.outcome == "ack", op

    def _budget_left(self) -> bool:
        return not self.stop.is_set() and len(self.log.ops) < self.max_ops

    def _take(self, status: str, owner: str | None = None) -> str | None:
        with self.lock:
            candidates = sorted(f for f in self.pool[status] if owner is None or self.owner_of[f] == owner)
            if not candidates:
                return None
            fid = candidates[0] if owner else random.choice(candidates)
            self.pool[status].discard(fid)
            return fid

    def _settle(self, fid: str, op: Op) -> None:
        """After a transition: an acked filing goes to the pool of its new status; one of
        unknown outcome leaves the pools (its status is no longer known to the clients)."""
        if op.outcome == "ack":
            status = op.response["status"] if "status" in op.response else op.response["cancelled"][0]["status"]
            with self.lock:
                if status in self.pool:
                    self.pool[status].add(fid)

    def customer(self, account: str, n: int) -> None:
        me = self.client(account, "customer", n)
        mine = [rid for rid, owner in self.resources.items() if owner == account]
        exhausted: set[str] = set()
        while self._budget_left():
            roll = me.rng.random()
            with self.lock:
                free = self.free_sns[account]
                sn = free.pop(me.rng.randrange(len(free))) if free and roll < 0.45 else None
            if sn is not None:
                op = me.run("submit", "POST", "/v1/filings", application(sn[1], self.tag))
                if op.outcome == "ack":
                    fid = op.response["filing_id"]
                    with self.lock:
                        self.owner_of[fid] = account
                        self.pool["in_review"].add(fid)
                continue
            if roll < 0.55:
                fid = self._take("approved", account)
                if fid is not None:
                    self._settle(fid, me.run("cancel", "POST", f"/v1/filings/{fid}/cancel",
                                             {"reason": "subject_request"}))
                    continue
            open_ = [rid for rid in mine if rid not in exhausted]
            if not open_:
                time.sleep(0.02)
                continue
            rid = me.rng.choice(open_)
            op = me.run("issue", "POST", f"/v1/resources/{rid}/service-numbers", {"count": me.rng.choice([1, 2])})
            if op.outcome == "refused" and op.response["error"]["code"] == "quota_exhausted":
                exhausted.add(rid)
            if op.outcome == "ack":
                with self.lock:
                    self.free_sns[account].extend((rid, s["service_number"]) for s in op.response["service_numbers"])

    def regulator(self, n: int) -> None:
        reg = self.client("reg-1", "regulator", n)
        while self._budget_left():
            fid = self._take("in_review")
            if fid is None:
                time.sleep(0.02)
                continue
            if reg.rng.random() < 0.75:
                op = reg.run("approve", "POST", f"/v1/filings/{fid}/approve")
            else:
                op = reg.run("reject", "POST", f"/v1/filings/{fid}/reject", {"reason": "资料不全"})
                if op.outcome == "ack":   # its number is issued again: the owner may use it once more
                    with self.lock:
                        self.free_sns[self.owner_of[fid]].append((op.response.get("resource_id", ""),
                                                                   op.response["service_number"]))
            self._settle(fid, op)

    def operator(self, n: int) -> None:
        opr = self.client("op-1", "operator", n)
        while self._budget_left():
            if opr.rng.random() < 0.3:
                fid = self._take("approved")
                if fid is not None:
                    self._settle(fid, opr.run("revoke", "POST", f"/v1/filings/{fid}/access-revocation",
                                              {"reason": "inaccurate_info"}))
                    continue
            rid = opr.rng.choice(sorted(self.resources))
            opr.run("upsert", "PUT", f"/v1/resources/{rid}",
                    {**ECS, "owner": self.resources[rid], "public_bandwidth_mbps": opr.rng.choice([5, 10])})
            time.sleep(0.05)

    def threads(self) -> list[threading.Thread]:
        workers = [threading.Thread(target=self.customer, args=(a, n + 1), daemon=True)
                   for n, a in enumerate(self.accounts)]
        workers += [threading.Thread(target=self.regulator, args=(50,), daemon=True),
                    threading.Thread(target=self.operator, args=(60,), daemon=True)]
        return workers

    def run(self, seconds: float, max_ops: int, during: Callable[["Workload"], None] | None = None) -> float:
        """Run every client until ``seconds`` pass or ``max_ops`` operations are done."""
        self.max_ops = max_ops
        started = time.monotonic()
        workers = self.threads()
        for w in workers:
            w.start()
        if during is not None:
            during(self)
        deadline = started + seconds
        while time.monotonic() < deadline and len(self.log.ops) < max_ops:
            time.sleep(0.05)
        self.stop.set()
        for w in workers:
            w.join(self.op_deadline + 15)
            assert not w.is_alive(), "a client did not finish"
        return time.monotonic() - started

    # Afterwards.

    def settle_unknown(self, mark_seconds: float, rounds: int = 4) -> dict[str, int]:
        """Wait until every in-progress mark has expired, then retry each keyed operation of
        unknown outcome with its key and body until it gets an answer: a replay (its effect
        had happened, completed in the same transaction) or a first run (nothing had
        happened). A retry that meets a fault of unknown outcome again leaves a new mark:
        it is retried in the next round. Afterwards each took effect exactly once (``verify``)."""
        settled = {"retried_after_expiry": 0, "replayed": 0, "ran": 0, "rounds": 0, "still_unknown": 0}
        clients: dict[str, Client] = {}
        pending = [op for op in self.log.ops if op.outcome == "unknown" and op.key]
        for _ in range(rounds):
            if not pending:
                break
            settled["rounds"] += 1
            time.sleep(mark_seconds)
            left = []
            for op in pending:
                role = "operator" if op.account.startswith("op-") else "regulator" \
                    if op.account.startswith("reg-") else "customer"
                c = clients.setdefault(op.account, self.client(op.account, role, 700 + len(clients)))
                settled["retried_after_expiry"] += 1
                r = c.replay(op)
                if r is None or (r.status_code == 409 and r.json()["error"]["code"] == "request_in_progress"):
                    left.append(op)
                    continue
                settled["replayed" if r.headers.get("Idempotent-Replayed") == "true" else "ran"] += 1
                op.status, op.response = r.status_code, r.json()
                op.outcome = "ack" if r.status_code < 300 else "refused"
            pending = left
        settled["still_unknown"] = len(pending)
        return settled

    def replay_acknowledged(self, limit: int = 60) -> dict[str, int]:
        """Repeat acknowledged keyed operations: each must answer the first response again
        (Idempotent-Replayed), without a second effect."""
        acked = [op for op in self.log.ops if op.outcome == "ack" and op.key]
        random.Random(self.seed).shuffle(acked)
        clients: dict[str, Client] = {}
        replayed = mismatched = 0
        for op in acked[:limit]:
            role = "operator" if op.account.startswith("op-") else "regulator" if op.account.startswith("reg-") \
                else "customer"
            c = clients.setdefault(op.account, self.client(op.account, role, 900 + len(clients)))
            r = c.replay(op)
            replayed += 1
            if r is None or r.status_code != op.status or r.headers.get("Idempotent-Replayed") != "true" \
                    or r.json() != op.response:
                mismatched += 1
                self.log.violations.append(f"replay of {op.kind} {op.path}: "
                                           f"{None if r is None else (r.status_code, r.text[:200])}")
        return {"replayed": replayed, "replay_mismatches": mismatched}


# The invariants, read from the store.

def _events(store: Store, partition: str) -> list[dict]:
    return list(store.query_all(partition, prefix="EVENT#"))


def _check_chain(events: list[dict], item: dict, what: str, first: str, problems: list[str]) -> None:
    """One event per change: versions 1..n without a gap, each from the previous status."""
    sks = [e["sk"] for e in events]
    if sks != [f"EVENT#{v:08d}" for v in range(1, item["version"] + 1)]:
        problems.append(f"{what}: events {sks} for version {item['version']}")
        return
    if events[0]["action"] != first:
        problems.append(f"{what}: first event {events[0]['action']}")
    for before, after in zip(events, events[1:]):
        if after["from_status"] != before["to_status"]:
            problems.append(f"{what}: {before['to_status']} -> then from {after['from_status']}")
    if events[-1]["to_status"] != item["status"]:
        problems.append(f"{what}: last event to {events[-1]['to_status']} but status {item['status']}")


def verify(store: Store, workload: Workload) -> dict[str, Any]:
    """Assert-free: every invariant breach goes into ``problems``; figures beside it."""
    problems: list[str] = []
    sns: dict[str, str] = {}
    filing_ids: set[str] = set()
    over_issued = 0
    for rid in workload.resources:
        stored = store.get(*records.resource_key(rid))
        items = list(store.query_all(records.resource_key(rid)[0], prefix="SN#"))
        if stored.get("issued", 0) != len(items):
            problems.append(f"{rid}: issued {stored.get('issued')} but {len(items)} numbers")
        if len(items) > QUOTA or stored.get("issued", 0) > QUOTA:
            over_issued += 1
            problems.append(f"{rid}: {len(items)} numbers over the quota {QUOTA}")
        for sn in items:
            number = sn["service_number"]
            sns[number] = rid
            pointer = store.get(*records.service_number_pointer_key(number))
            if pointer is None or pointer["resource_id"] != rid:
                problems.append(f"SN {number}: pointer {pointer}")
            events = _events(store, f"SN#{number}")
            if not events:
                problems.append(f"SN {number}: no history")
            else:
                _check_chain(events, sn, f"SN {number}", "issued", problems)
        filing_ids |= {ref["filing_id"] for ref in store.query_all(records.resource_key(rid)[0], prefix="FILING#")}

    filings: dict[str, dict] = {}
    for fid in filing_ids:
        item = store.get(*records.filing_key(fid))
        if item is None:
            problems.append(f"filing {fid}: indexed by its resource but missing")
            continue
        filings[fid] = item
        events = _events(store, f"FILING#{fid}")
        if not events:
            problems.append(f"filing {fid}: no history")
        else:
            _check_chain(events, item, f"filing {fid}", "submitted", problems)
        lock = store.get(*records.active_domain_key(item["domain_key"]))
        if item["status"] in ACTIVE and (lock is None or lock["filing_id"] != fid):
            problems.append(f"filing {fid} ({item['status']}): domain lock {lock}")
        if item["status"] not in ACTIVE and lock is not None and lock["filing_id"] == fid:
            problems.append(f"filing {fid} ({item['status']}): still holds its domain")
        if store.get(*records.subject_filing_key(identity.subject_key(item["id_number"]), fid)) is None:
            problems.append(f"filing {fid}: not indexed by its subject")
        sn_rid = sns.get(item["service_number"])
        sn = store.get(*records.service_number_key(sn_rid, item["service_number"])) if sn_rid else None
        expected_sn = {"in_review": "in_review", "approved": "filed", "access_revoked": "filed",
                       "cancelled": "void"}.get(item["status"])
        if sn is None:
            problems.append(f"filing {fid}: its number {item['service_number']} is missing")
        elif expected_sn and (sn["status"], sn.get("filing_id")) != (expected_sn, fid):
            problems.append(f"filing {fid} ({item['status']}): number {sn['status']} for {sn.get('filing_id')}")
        if item["status"] == "access_revoked":
            entry = due.access_entry(fid, times.parse(item["access_revoked_at"])).item
            if store.get(entry["pk"], entry["sk"]) is None:
                problems.append(f"filing {fid}: revoked without its access-expiry entry")

    # What the clients were told exists, with every change they saw acknowledged.
    lost = 0
    issue_unknown_max = 0
    acked_sns: set[str] = set()
    acked_filings: dict[str, list[str]] = {}
    submit_unknown = 0
    for op in workload.log.ops:
        if op.kind == "issue" and op.outcome == "ack":
            for sn in op.response["service_numbers"]:
                acked_sns.add(sn["service_number"])
                if sn["service_number"] not in sns:
                    lost += 1
                    problems.append(f"acknowledged SN {sn['service_number']} is missing")
        elif op.kind == "issue" and op.outcome == "unknown":
            issue_unknown_max += op.body["count"]
        elif op.kind == "submit" and op.outcome == "ack":
            fid = op.response["filing_id"]
            acked_filings.setdefault(fid, []).insert(0, "submitted")
            if fid not in filings:
                lost += 1
                problems.append(f"acknowledged filing {fid} is missing")
        elif op.kind == "submit" and op.outcome == "unknown":
            submit_unknown += 1
        elif op.kind in ("approve", "reject", "revoke", "cancel") and op.outcome == "ack":
            action = {"approve": "approved", "reject": "rejected", "revoke": "access_revoked",
                      "cancel": "cancelled"}[op.kind]
            acked_filings.setdefault(op.path.split("/")[3], []).append(action)
    for fid, actions in acked_filings.items():
        if fid not in filings:
            continue
        seen = iter(e["action"] for e in _events(store, f"FILING#{fid}"))
        if not all(a in seen for a in actions):  # a subsequence, in order
            lost += 1
            problems.append(f"filing {fid}: acknowledged {actions} not all in its history")

    # Effects nobody was told about come only from operations of unknown outcome (no double effects).
    unacked_sns = len(set(sns) - acked_sns)
    if unacked_sns > issue_unknown_max:
        problems.append(f"{unacked_sns} numbers nobody was told about, but only {issue_unknown_max} "
                        "could come from issuance of unknown outcome")
    acked_submit_ids = {fid for fid, a in acked_filings.items() if a and a[0] == "submitted"}
    unacked_filings = len(set(filings) - acked_submit_ids)
    if unacked_filings > submit_unknown:
        problems.append(f"{unacked_filings} filings nobody was told about, only {submit_unknown} unknown submits")

    # Each submission carries its own ID number: its subject's filings show whether it took
    # effect, and never twice. A transition of unknown outcome took effect if its event is there.
    effects: Counter = Counter()
    actions = {"approve": "approved", "reject": "rejected", "revoke": "access_revoked", "cancel": "cancelled"}
    for op in workload.log.ops:
        if op.kind == "submit":
            subject = identity.subject_key(op.body["subject"]["id_number"])
            made = len(list(store.query_all(records.subject_partition(subject), prefix="FILING#")))
            if made > 1 or (op.outcome == "ack" and made != 1):
                problems.append(f"submission {op.key} ({op.outcome}) made {made} filings")
        elif op.kind in actions and op.outcome == "unknown":
            fid = op.path.split("/")[3]
            made = sum(e["action"] == actions[op.kind] for e in _events(store, f"FILING#{fid}"))
        else:
            continue
        if op.outcome == "unknown":
            effects[f"{op.kind} {'applied' if made else 'not applied'}"] += 1
    if unacked_sns:
        effects["issue applied (numbers)"] = unacked_sns

    ops = workload.log.ops
    return {
        "unknown_outcome_effects": dict(sorted(effects.items())),
        "acknowledged_after_5xx_retry": sum(op.outcome == "ack" and op.failed_attempts > 0 for op in ops),
        "problems": problems,
        "requests": workload.log.requests,
        "operations": len(ops),
        "operations_by_kind": dict(Counter(op.kind for op in ops)),
        "acknowledged": sum(op.outcome == "ack" for op in ops),
        "refused_409": sum(op.outcome == "refused" for op in ops),
        "unknown_outcome": sum(op.outcome == "unknown" for op in ops),
        "in_progress_409_after_failure": sum(op.in_progress_after_failure for op in ops),
        "applied_but_reported_failed": {"service_numbers": unacked_sns, "filings": unacked_filings},
        "statuses": dict(sorted(workload.log.statuses.items())),
        "error_codes": dict(sorted(workload.log.codes.items())),
        "5xx": sum(n for s, n in workload.log.statuses.items() if s >= 500),
        "500": workload.log.statuses.get(500, 0),
        "409": workload.log.statuses.get(409, 0),
        "connection_errors": workload.log.connection_errors,
        "replayed_4xx_after_5xx": workload.log.replayed_errors,
        "contract_violations": len(workload.log.violations),
        "service_numbers": len(sns),
        "filings": len(filings),
        "filings_by_status": dict(Counter(f["status"] for f in filings.values())),
        "data_lost": lost,
        "replayed": 0,
        "over_issued": over_issued,
    }
