"""DynamoDB store: one table keyed by ``pk`` (HASH) and ``sk`` (RANGE), through the low-level client.

Each store operation maps onto one DynamoDB call (``query`` onto a few, see there):
GetItem, conditional PutItem/DeleteItem, TransactWriteItems and Query, all with
strongly consistent reads. boto3/botocore are imported only here, so the other
backends work without them. The same code talks to AWS or to an emulator such as
moto's server (``endpoint_url``).
"""
from __future__ import annotations

import functools
import logging
import math
import os
import random
import time
import uuid
from contextlib import contextmanager
from decimal import Decimal
from typing import Any, Iterator, Mapping, Sequence
from urllib.parse import urlencode

import botocore.session
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.config import Config
from botocore.exceptions import ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotoConnectionError
from botocore.loaders import Loader, create_loader

from .base import (
    Check, ConditionFailed, Delete, Item, KeyRange, Operation, Page, Put, Store, StoreError,
    StoreUnavailable, TransactionCanceled, decode_cursor, encode_cursor, remaining_seconds, validate_item,
    validate_key, validate_query, validate_transaction,
)
from .conditions import Absent, AllOf, AnyOf, Compare, Condition, Exists

log = logging.getLogger(__name__)

# The table, as CreateTable takes it; template.yml must declare the same.
KEY_SCHEMA = [
    {"AttributeName": "pk", "KeyType": "HASH"},
    {"AttributeName": "sk", "KeyType": "RANGE"},
]
ATTRIBUTE_DEFINITIONS = [
    {"AttributeName": "pk", "AttributeType": "S"},
    {"AttributeName": "sk", "AttributeType": "S"},
]
BILLING_MODE = "PAY_PER_REQUEST"
TTL_ATTRIBUTE = "ttl"

DEFAULT_REGION = "us-east-1"
# botocore retries throttling, 5xx and connection errors itself (with backoff) before
# we report StoreUnavailable. Worst case of one call: 3 attempts x (0.5 s to connect +
# 2 s to read) + backoff < 8.5 s, inside the functions' 10 s (template.yml); DynamoDB
# answers in milliseconds, so 2 s without an answer is a lost one.
MAX_RETRIES = 3
CONNECT_TIMEOUT_S = 0.5
READ_TIMEOUT_S = 2.0
# Our own retries of a transaction whose outcome is unknown (same ClientRequestToken,
# so DynamoDB applies it at most once within its 10-minute window), while time remains.
TRANSACTION_TRIES = 4
BATCH_GET_KEYS = 100

# Errors that mean "try again later". For a write they are of unknown outcome (a
# time-out or a 5xx may follow a commit): the caller must not assume it was not applied.
_UNAVAILABLE_CODES = frozenset({
    "ThrottlingException", "ProvisionedThroughputExceededException", "RequestLimitExceeded",
    "ServiceUnavailable", "InternalServerError", "InternalFailure",
    # A single write that ran into a pending transaction on the same item.
    "TransactionConflictException",
    # The same ClientRequestToken is still being applied: its outcome is not known yet.
    "TransactionInProgressException",
})
# Per-operation cancellation codes of TransactWriteItems that mean the same (botocore
# does not retry a TransactionCanceledException, whatever its reasons).
_UNAVAILABLE_REASONS = frozenset({"ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded"})
# Errors that are our own mistakes, not the service's state: raised as they are.
_CALLER_ERRORS = frozenset({"ValidationException", "IdempotentParameterMismatchException",
                            "SerializationException"})

_serializer = TypeSerializer()
_deserializer = TypeDeserializer()


@functools.cache
def _data_loader() -> Loader:
    # Parsing DynamoDB's service model costs ~0.1 s a client; the stores of a process
    # share it (it is read-only once loaded), as clients of one session would.
    return create_loader(os.environ.get("AWS_DATA_PATH"))


def table_definition() -> dict[str, Any]:
    """CreateTable's arguments, less the table name."""
    return {
        "KeySchema": KEY_SCHEMA,
        "AttributeDefinitions": ATTRIBUTE_DEFINITIONS,
        "BillingMode": BILLING_MODE,
    }


def _to_dynamo(value: Any) -> Any:
    # boto3 refuses floats; str() gives the shortest decimal that reads back as the same float.
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"DynamoDB cannot store {value!r}")
        return Decimal(str(value))
    if isinstance(value, Mapping):
        return {k: _to_dynamo(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_to_dynamo(v) for v in value]
    return value


def _from_dynamo(value: Any) -> Any:
    # DynamoDB has one number type; integral numbers come back as int, others as float.
    if isinstance(value, Decimal):
        # An exponent above zero is a float's text (1e+20); an int is written out in full.
        exponent = value.as_tuple().exponent  # 'n', 'N' or 'F' for NaN and Infinity, which DynamoDB never holds
        integral = isinstance(exponent, int) and exponent <= 0 and value == value.to_integral_value()
        return int(value) if integral else float(value)
    if isinstance(value, dict):
        return {k: _from_dynamo(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_from_dynamo(v) for v in value]
    return value


def serialize_item(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _serializer.serialize(_to_dynamo(v)) for k, v in item.items()}


def deserialize_item(attributes: Mapping[str, Any]) -> Item:
    return {k: _from_dynamo(_deserializer.deserialize(v)) for k, v in attributes.items()}


class _Expression:
    """Renders conditions into one ConditionExpression with its names and values."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.values: dict[str, Any] = {}

    def render(self, condition: Condition) -> str:
        if isinstance(condition, Absent):
            return "attribute_not_exists(pk)"
        if isinstance(condition, Exists):
            return "attribute_exists(pk)"
        if isinstance(condition, Compare):
            name, value = f"#n{len(self.names)}", f":v{len(self.values)}"
            self.names[name] = condition.attr
            self.values[value] = _serializer.serialize(_to_dynamo(condition.value))
            if condition.op == "<>":
                # DynamoDB (and moto) take a missing attribute to be "<>" any value; the
                # contract says a comparison with a missing attribute is false.
                return f"(attribute_exists({name}) AND {name} <> {value})"
            return f"{name} {condition.op} {value}"
        if isinstance(condition, (AllOf, AnyOf)):
            if not condition.parts:
                # An empty AllOf holds and an empty AnyOf does not; DynamoDB has no literals.
                joiner = "OR" if isinstance(condition, AllOf) else "AND"
                return f"(attribute_exists(pk) {joiner} attribute_not_exists(pk))"
            joiner = " AND " if isinstance(condition, AllOf) else " OR "
            return "(" + joiner.join(self.render(p) for p in condition.parts) + ")"
        raise TypeError(f"unsupported condition: {condition!r}")


def _condition_params(condition: Condition | None) -> dict[str, Any]:
    """The ConditionExpression parameters of one PutItem/DeleteItem/transaction item."""
    if condition is None:
        return {}
    expression = _Expression()
    params: dict[str, Any] = {"ConditionExpression": expression.render(condition)}
    if expression.names:
        params["ExpressionAttributeNames"] = expression.names
    if expression.values:
        params["ExpressionAttributeValues"] = expression.values
    return params


def cancellation_error(reasons: Sequence[Mapping[str, Any]]) -> StoreError | None:
    """The store error for a TransactionCanceledException's CancellationReasons, if any fits."""
    codes = [r.get("Code") for r in reasons]
    failed = [i for i, code in enumerate(codes) if code == "ConditionalCheckFailed"]
    if failed:
        return TransactionCanceled(failed)
    if "TransactionConflict" in codes:
        return TransactionCanceled([], retryable=True)
    if any(code in _UNAVAILABLE_REASONS for code in codes):
        return StoreUnavailable(f"transaction throttled: {codes}")
    return None


@contextmanager
def _translate_errors(what: str) -> Iterator[None]:
    try:
        yield
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        if code == "ConditionalCheckFailedException":
            raise ConditionFailed(f"condition failed for {what}") from exc
        if code == "TransactionCanceledException":
            error = cancellation_error(exc.response.get("CancellationReasons", []))
            if error is not None:
                raise error from exc
        if code == "ResourceNotFoundException":
            raise StoreUnavailable(f"{what}: the table does not exist (create it, or open the store with "
                                   f"create=true): {exc}") from exc
        if code in _CALLER_ERRORS:
            raise
        # Throttling, 5xx, and whatever else the service may answer: unknown outcome.
        raise StoreUnavailable(f"{what}: {exc}") from exc
    except (BotoConnectionError, HTTPClientError) as exc:
        raise StoreUnavailable(f"{what}: {exc}") from exc


class DynamoDBStore(Store):
    def __init__(
        self,
        table: str,
        *,
        endpoint_url: str | None = None,
        region: str | None = None,
        create: bool = False,
        max_retries: int = MAX_RETRIES,
        connect_timeout: float = CONNECT_TIMEOUT_S,
        read_timeout: float = READ_TIMEOUT_S,
    ) -> None:
        self.table = table
        self.region = (region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
                       or DEFAULT_REGION)
        options = {"region": self.region, **({"endpoint_url": endpoint_url} if endpoint_url else {})}
        self.read_timeout = read_timeout
        self.url = f"dynamodb://{table}?{urlencode(options)}"

        # A session per store: creating clients from a shared session is not thread-safe.
        session = botocore.session.Session()
        session.register_component("data_loader", _data_loader())
        credentials: dict[str, Any] = {}
        if endpoint_url and session.get_credentials() is None:
            # Local emulators accept any credentials but botocore insists on having some.
            credentials = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
        # Its operations are generated from the service model at run time: untyped.
        self._client: Any = session.create_client(
            "dynamodb",
            region_name=self.region,
            endpoint_url=endpoint_url,
            config=Config(
                retries={"max_attempts": max_retries, "mode": "standard"},
                connect_timeout=connect_timeout,
                read_timeout=read_timeout,
            ),
            **credentials,
        )
        if create:
            self._create_table()

    def _create_table(self) -> None:
        with _translate_errors(f"create table {self.table}"):
            try:
                self._client.create_table(TableName=self.table, **table_definition())
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") != "ResourceInUseException":
                    raise
            self._client.get_waiter("table_exists").wait(
                TableName=self.table, WaiterConfig={"Delay": 1, "MaxAttempts": 120},
            )
        try:
            self._client.update_time_to_live(
                TableName=self.table,
                TimeToLiveSpecification={"AttributeName": TTL_ATTRIBUTE, "Enabled": True},
            )
        except ClientError as exc:
            # Already enabled, or an emulator without TTL: the store works without expiry.
            log.info("TTL not enabled on %s: %s", self.table, exc)

    def close(self) -> None:
        self._client.close()

    def get(self, pk: str, sk: str) -> Item | None:
        validate_key(pk, sk)  # DynamoDB refuses an oversize key (moto does not): refuse it alike
        with _translate_errors(f"get {pk}/{sk}"):
            response = self._client.get_item(
                TableName=self.table, Key=serialize_item({"pk": pk, "sk": sk}), ConsistentRead=True,
            )
        item = response.get("Item")
        return deserialize_item(item) if item is not None else None

    def put(self, item: Mapping[str, Any], condition: Condition | None = None) -> None:
        validate_item(item)
        with _translate_errors(f"put {item['pk']}/{item['sk']}"):
            self._client.put_item(TableName=self.table, Item=serialize_item(item), **_condition_params(condition))

    def delete(self, pk: str, sk: str, condition: Condition | None = None) -> None:
        validate_key(pk, sk)
        with _translate_errors(f"delete {pk}/{sk}"):
            self._client.delete_item(
                TableName=self.table, Key=serialize_item({"pk": pk, "sk": sk}), **_condition_params(condition),
            )

    def transact(self, operations: Sequence[Operation]) -> None:
        validate_transaction(operations)
        items = [self._transact_item(op) for op in operations]
        # One token for every attempt of this commit (botocore's retries and ours): within
        # 10 minutes DynamoDB applies a token's transaction at most once. Past that, and on
        # emulators that ignore tokens, the items' own conditions keep a replay from applying.
        token = uuid.uuid4().hex
        for attempt in range(TRANSACTION_TRIES):
            try:
                with _translate_errors(f"transaction of {len(operations)}"):
                    self._client.transact_write_items(TransactItems=items, ClientRequestToken=token)
                return
            except StoreUnavailable:
                left = remaining_seconds()
                pause = random.uniform(0, min(0.05 * 2 ** attempt, 0.5))  # full jitter
                if attempt + 1 == TRANSACTION_TRIES or (left is not None and left < pause + 2 * self.read_timeout):
                    raise
                time.sleep(pause)

    def get_many(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Item]:
        wanted = list(dict.fromkeys(keys))
        for pk, sk in wanted:
            validate_key(pk, sk)
        found: dict[tuple[str, str], Item] = {}
        for start in range(0, len(wanted), BATCH_GET_KEYS):
            pending: list[dict[str, Any]] = [serialize_item({"pk": pk, "sk": sk})
                                             for pk, sk in wanted[start:start + BATCH_GET_KEYS]]
            rounds = 0
            while pending:
                with _translate_errors(f"batch get of {len(pending)}"):
                    response = self._client.batch_get_item(
                        RequestItems={self.table: {"Keys": pending, "ConsistentRead": True}})
                for attributes in response.get("Responses", {}).get(self.table, []):
                    item = deserialize_item(attributes)
                    found[(item["pk"], item["sk"])] = item
                pending = response.get("UnprocessedKeys", {}).get(self.table, {}).get("Keys", [])
                if pending:
                    # Throttled or over 16 MB: the rest again, after a jittered pause.
                    rounds += 1
                    if rounds > 8:
                        raise StoreUnavailable(f"batch get: {len(pending)} keys left unprocessed")
                    time.sleep(random.uniform(0, min(0.05 * 2 ** rounds, 1.0)))
        return found

    def purge_expired(self, now: float, limit: int = 1000) -> int:
        return 0  # the table's TimeToLiveSpecification on ``ttl`` deletes them

    def _transact_item(self, op: Operation) -> dict[str, Any]:
        target = {"TableName": self.table, **_condition_params(op.condition)}
        if isinstance(op, Put):
            return {"Put": {**target, "Item": serialize_item(op.item)}}
        target["Key"] = serialize_item({"pk": op.pk, "sk": op.sk})
        if isinstance(op, Delete):
            return {"Delete": target}
        assert isinstance(op, Check)
        return {"ConditionCheck": target}

    def query(self, pk: str, *, prefix: str | None = None, start: str | None = None, end: str | None = None,
              limit: int = 100, cursor: str | None = None, reverse: bool = False) -> Page:
        rng = validate_query(limit, prefix, start, end, pk)
        after = decode_cursor(cursor, pk) if cursor else None
        if _is_empty(rng):
            return Page([])
        key_condition, values = _key_condition(rng)
        request: dict[str, Any] = {
            "TableName": self.table,
            "KeyConditionExpression": key_condition,
            "ExpressionAttributeValues": serialize_item({":pk": pk, **values}),
            "ConsistentRead": True,
            "ScanIndexForward": not reverse,
        }
        if after is not None:
            position = _position(rng, after)
            if position == ("after" if not reverse else "before"):
                return Page([])  # the cursor lies past the range in the direction of reading
            if position == "inside":
                request["ExclusiveStartKey"] = serialize_item({"pk": pk, "sk": after})

        # One item more than a page tells whether anything follows. DynamoDB may stop short
        # of Limit (1 MB pages) and may hand back a LastEvaluatedKey with nothing after it,
        # so keep reading until that extra item is found or the range runs out.
        wanted = limit + 1
        found: list[dict[str, Any]] = []
        with _translate_errors(f"query {pk}"):
            while True:
                response = self._client.query(**request, Limit=wanted - len(found))
                found += response.get("Items", [])
                last = response.get("LastEvaluatedKey")
                if len(found) >= wanted or not last:
                    break
                request["ExclusiveStartKey"] = last
        items = [deserialize_item(a) for a in found[:limit]]
        return Page(items, encode_cursor(items[-1]) if len(found) > limit else None)


def _is_empty(rng: KeyRange) -> bool:
    # Sort keys are non-empty strings, so an end of "" admits none.
    return rng.end is not None and (rng.end == "" or (rng.start is not None and rng.start > rng.end))


def _key_condition(rng: KeyRange) -> tuple[str, dict[str, str]]:
    # DynamoDB rejects an empty string in a key condition; an empty prefix or start
    # bounds nothing, so it is left out.
    if rng.prefix:
        return "pk = :pk AND begins_with(sk, :prefix)", {":prefix": rng.prefix}
    if rng.start and rng.end is not None:
        return "pk = :pk AND sk BETWEEN :start AND :end", {":start": rng.start, ":end": rng.end}
    if rng.start:
        return "pk = :pk AND sk >= :start", {":start": rng.start}
    if rng.end is not None:
        return "pk = :pk AND sk <= :end", {":end": rng.end}
    return "pk = :pk", {}


def _position(rng: KeyRange, sk: str) -> str:
    """Where a cursor's sort key lies relative to the range: "before", "inside" or "after".

    DynamoDB refuses an ExclusiveStartKey outside the key condition, while the other
    backends simply read on from that point; a cursor reused with another range must
    behave the same everywhere.
    """
    if rng.contains(sk):
        return "inside"
    lower = rng.prefix if rng.prefix is not None else rng.start
    return "before" if lower is not None and sk < lower else "after"


# The IAM actions each Store method of this adapter calls, so that a deployment grants
# a function exactly what its store calls need (tests/deploy derives each function's
# policy from the calls it makes and compares it with template.yml). A transaction
# needs the action of each of its operations' kinds.
IAM_ACTIONS: dict[str, tuple[str, ...]] = {
    "get": ("dynamodb:GetItem",),
    "put": ("dynamodb:PutItem",),
    "delete": ("dynamodb:DeleteItem",),
    "query": ("dynamodb:Query",),
    "query_all": ("dynamodb:Query",),
    "get_many": ("dynamodb:BatchGetItem",),
    "purge_expired": (),  # the table's TTL deletes expired items; nothing is called
    "transact.Put": ("dynamodb:PutItem",),
    "transact.Delete": ("dynamodb:DeleteItem",),
    "transact.Check": ("dynamodb:ConditionCheckItem",),
    "close": (),
}
