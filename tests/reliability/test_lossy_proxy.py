"""A lossy network between `scripts/serve` and DynamoDB (moto's server): a proxy forwards
every call, and for a seeded share of the write calls (TransactWriteItems, PutItem,
DeleteItem) drops the answer AFTER moto applied the write, as a lost packet or a
timed-out connection does. botocore retries those calls (moto ignores
ClientRequestToken, so the retries hit what the real service does after its 10-minute
window); the service retries its own transactions too. Customers retry each keyed
request (Idempotency-Key) until they get an answer. Afterwards the store holds exactly
the acknowledged effects: every number and filing a customer was given, and nothing
else. Also with a SIGKILL of the server mid-run and a fresh one on the same table.
"""
from __future__ import annotations

import http.client
import random
import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, unquote, urlsplit

import pytest
import requests

from icp_filing import records
from kvstore import open_store

from .conftest import FIGURES
from .harness import ECS, Serve, application, token

DROPPED_CALLS = {"TransactWriteItems", "PutItem", "DeleteItem"}
DROP_RATE = 0.2
CUSTOMERS, RESOURCES_EACH, ISSUES_EACH, SUBMITS_EACH = 6, 1, 3, 1  # 4 numbers of a quota of 5
OP_DEADLINE_S = 45.0   # a killed server's marks expire after 15 s (Timeout 10 s + 5 s)


class LossyProxy:
    """HTTP proxy to ``upstream``; drops the answer of a seeded share of write calls."""

    def __init__(self, upstream: str, rate: float, seed: int):
        self.upstream = urlsplit(upstream)
        self.rate, self.random, self.lock = rate, random.Random(seed), threading.Lock()
        self.forwarded: Counter[str] = Counter()
        self.dropped: Counter[str] = Counter()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_POST(self) -> None:  # DynamoDB's JSON protocol is POST only
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                target = (self.headers.get("X-Amz-Target") or "").rpartition(".")[2]
                upstream = http.client.HTTPConnection(proxy.upstream.hostname, proxy.upstream.port, timeout=30)
                try:
                    upstream.request("POST", self.path, body, {k: v for k, v in self.headers.items()
                                                               if k.lower() not in ("connection", "host")})
                    answer = upstream.getresponse()
                    payload = answer.read()
                finally:
                    upstream.close()
                with proxy.lock:
                    proxy.forwarded[target] += 1
                    drop = target in DROPPED_CALLS and proxy.random.random() < proxy.rate
                    if drop:
                        proxy.dropped[target] += 1
                if drop:
                    # Applied upstream; the caller never hears of it.
                    self.close_connection = True
                    try:
                        self.connection.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                    return
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in ("content-length", "connection", "transfer-encoding", "server", "date"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Customer:
    """Retries each keyed request with its key and body until it gets a final answer."""

    def __init__(self, account: str, bases, seen: Counter, lock: threading.Lock):
        self.account, self.bases, self.seen, self.lock = account, bases, seen, lock
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token(account, 'customer')}"

    def keyed(self, path: str, body: dict, key: str) -> requests.Response:
        deadline = time.monotonic() + OP_DEADLINE_S
        while time.monotonic() < deadline:
            try:
                r = self.session.post(self.bases()[0] + path, json=body, headers={"Idempotency-Key": key}, timeout=15)
            except requests.RequestException:
                with self.lock:
                    self.seen["connection_error"] += 1
                time.sleep(0.2)
                continue
            with self.lock:
                self.seen[str(r.status_code)] += 1
            if r.status_code >= 500 or (r.status_code == 409 and r.json()["error"]["code"] == "request_in_progress"):
                time.sleep(0.3)
                continue
            return r
        raise AssertionError(f"{path} with key {key}: no answer within {OP_DEADLINE_S} s")


def run(url_direct: str, url_proxied: str, proxy: LossyProxy, tmp_path, seed: int, kill_after: int | None) -> dict:
    started = time.monotonic()
    live = [Serve(url_proxied, tmp_path)]
    dead: list[Serve] = []
    seen: Counter = Counter()
    lock = threading.Lock()
    acked_numbers: dict[str, set[str]] = {}
    acked_filings: dict[str, set[str]] = {}
    answers: list[tuple[Customer, str, dict, str, requests.Response]] = []
    problems: list[str] = []
    tag = f"x{seed}"
    accounts = [f"cust-{tag}-{n}" for n in range(CUSTOMERS)]
    resources = {f"i-{tag}-{a}-{n}": a for a in accounts for n in range(RESOURCES_EACH)}
    try:
        operator = requests.Session()
        operator.headers["Authorization"] = f"Bearer {token('op-1', 'operator')}"
        for rid, owner in resources.items():
            for _ in range(20):  # a PUT is idempotent by nature: repeat until it is answered
                try:
                    if operator.put(f"{live[0].base}/v1/resources/{rid}", json={**ECS, "owner": owner},
                                    timeout=15).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                time.sleep(0.1)
            else:
                raise AssertionError(f"could not set up {rid}")

        def customer(account: str, n: int) -> None:
            me = Customer(account, lambda: [s.base for s in live], seen, lock)
            for rid in [r for r, owner in resources.items() if owner == account]:
                numbers: list[str] = []
                for i in range(ISSUES_EACH):
                    key = f"{rid}-issue-{i}"
                    r = me.keyed(f"/v1/resources/{rid}/service-numbers", {"count": 1}, key)
                    with lock:
                        answers.append((me, f"/v1/resources/{rid}/service-numbers", {"count": 1}, key, r))
                        if r.status_code != 201:
                            problems.append(f"{key}: {r.status_code} {r.text[:200]}")
                            continue
                        got = [sn["service_number"] for sn in r.json()["service_numbers"]]
                        acked_numbers.setdefault(rid, set()).update(got)
                    numbers += got
                for i, sn in enumerate(numbers[:SUBMITS_EACH]):
                    key, body = f"{rid}-submit-{i}", application(sn, tag)
                    r = me.keyed("/v1/filings", body, key)
                    with lock:
                        answers.append((me, "/v1/filings", body, key, r))
                        if r.status_code != 201:
                            problems.append(f"{key}: {r.status_code} {r.text[:200]}")
                            continue
                        acked_filings.setdefault(rid, set()).add(r.json()["filing_id"])

        workers = [threading.Thread(target=customer, args=(a, n), daemon=True) for n, a in enumerate(accounts)]
        for w in workers:
            w.start()
        if kill_after is not None:
            while len(answers) < kill_after and any(w.is_alive() for w in workers):
                time.sleep(0.01)
            victim = live[0]
            victim.kill()  # SIGKILL with requests in flight
            dead.append(victim)
            live[:] = [Serve(url_proxied, tmp_path)]
        for w in workers:
            w.join(OP_DEADLINE_S * 4)
            assert not w.is_alive(), "a customer did not finish"
        loaded = time.monotonic() - started
        # Acknowledged requests again: the same answer, replayed, no second effect.
        mismatched = 0
        for me, path, body, key, first in random.Random(seed).sample(answers, min(12, len(answers))):
            again = me.keyed(path, body, key)
            if again.status_code != first.status_code or again.json() != first.json() \
                    or again.headers.get("Idempotent-Replayed") != "true":
                mismatched += 1
                problems.append(f"replay of {key}: {again.status_code} {again.text[:200]}")
    finally:
        for s in live:
            s.stop()

    store = open_store(url_direct)
    extra = missing = 0
    for rid in resources:
        stored = {i["service_number"] for i in store.query_all(records.resource_partition(rid), prefix="SN#")}
        resource = store.get(*records.resource_key(rid))
        acked = acked_numbers.get(rid, set())
        extra += len(stored - acked)
        missing += len(acked - stored)
        if stored != acked or resource.get("issued", 0) != len(stored):
            problems.append(f"{rid}: stored {sorted(stored)} (issued {resource.get('issued')}), acked {sorted(acked)}")
        filings = {ref["filing_id"] for ref in store.query_all(records.resource_partition(rid), prefix="FILING#")}
        if filings != acked_filings.get(rid, set()):
            extra += len(filings - acked_filings.get(rid, set()))
            missing += len(acked_filings.get(rid, set()) - filings)
            problems.append(f"{rid}: filings {sorted(filings)}, acked {sorted(acked_filings.get(rid, set()))}")
    return {
        "problems": problems, "extra_effects": extra, "missing_effects": missing, "replay_mismatches": mismatched,
        "keyed_requests_acknowledged": len(answers), "http_answers": dict(sorted(seen.items())),
        "calls_forwarded": dict(sorted(proxy.forwarded.items())),
        "internal_errors_logged": sum(s.internal_errors() for s in live + dead), "kills": len(dead),
        "unavailable_logged": [line[:300] for s in live + dead
                               for line in s.log_path.read_text(errors="replace").splitlines()
                               if "unavailable" in line],
        "load_seconds": round(loaded, 1), "run_seconds": round(time.monotonic() - started, 1),
    }


@pytest.mark.slow
@pytest.mark.parametrize("kill", [False, True], ids=["lossy", "lossy+SIGKILL"])
def test_keyed_requests_through_a_lossy_network_take_effect_exactly_once(kill, store_url_for, tmp_path):
    url_direct = store_url_for("dynamodb-server")
    moto = dict(p.split("=", 1) for p in url_direct.split("?", 1)[1].split("&"))["endpoint_url"]
    proxy = LossyProxy(unquote(moto), DROP_RATE, seed=7 + kill)
    try:
        url_proxied = url_direct.replace(f"endpoint_url={moto}", f"endpoint_url={quote(proxy.url, safe='')}")
        figures = run(url_direct, url_proxied, proxy, tmp_path, seed=11 + kill, kill_after=12 if kill else None)
    finally:
        proxy.close()
    figures["answers_dropped"] = dict(sorted(proxy.dropped.items()))
    FIGURES[f"e. lossy network to DynamoDB (moto), {DROP_RATE:.0%} of write answers dropped"
            + (", SIGKILL" if kill else "")] = figures
    assert sum(proxy.dropped.values()) >= 10, proxy.dropped  # the network was lossy indeed
    assert not figures["problems"], "\n".join(figures["problems"][:30])
    assert figures["extra_effects"] == figures["missing_effects"] == figures["replay_mismatches"] == 0
    assert figures["internal_errors_logged"] == 0
    assert figures["kills"] == int(kill)
