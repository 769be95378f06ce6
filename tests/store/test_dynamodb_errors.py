"""What the DynamoDB store does with the real service's answers that moto never gives:
throttling inside TransactionCanceledException, TransactionInProgressException, errors
it does not know, UnprocessedKeys, a missing table. The client's calls are scripted;
everything else is the store's own code on moto (mock_aws)."""
from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from kvstore import Put, StoreUnavailable, TransactionCanceled, open_store
from kvstore.base import set_deadline


def client_error(code: str, operation: str = "TransactWriteItems", reasons: list[str] | None = None) -> ClientError:
    response = {"Error": {"Code": code, "Message": code}, "ResponseMetadata": {"HTTPStatusCode": 400}}
    if reasons is not None:
        response["CancellationReasons"] = [{"Code": r} for r in reasons]
    return ClientError(response, operation)


@pytest.fixture
def dynamo(store_url_for):
    store = open_store(store_url_for("dynamodb-mock"))
    yield store
    store.close()


def script(store, monkeypatch, answers):
    """The next transact_write_items calls raise ``answers`` in turn (None: the real call)."""
    real = store._client.transact_write_items
    tokens: list[str] = []

    def call(**kwargs):
        tokens.append(kwargs["ClientRequestToken"])
        answer = answers.pop(0) if answers else None
        if answer is None:
            return real(**kwargs)
        raise answer

    monkeypatch.setattr(store._client, "transact_write_items", call)
    monkeypatch.setattr("kvstore.dynamodb.time.sleep", lambda s: None)
    return tokens


@pytest.mark.parametrize("error", [
    client_error("TransactionInProgressException"),
    client_error("TransactionCanceledException", reasons=["None", "ThrottlingError"]),
    client_error("TransactionCanceledException", reasons=["ProvisionedThroughputExceeded", "None"]),
    client_error("InternalServerError"),
    client_error("SomethingNewException"),
], ids=["in progress", "throttled reason", "throughput reason", "5xx", "unknown code"])
def test_an_unknown_outcome_is_retried_with_the_same_token_then_applies_once(dynamo, monkeypatch, error):
    tokens = script(dynamo, monkeypatch, [error, error])
    dynamo.transact([Put({"pk": "P", "sk": "a", "v": 1}), Put({"pk": "P", "sk": "b", "v": 2})])
    assert dynamo.get("P", "a")["v"] == 1 and dynamo.get("P", "b")["v"] == 2
    assert len(tokens) == 3 and len(set(tokens)) == 1  # one logical commit, one ClientRequestToken


def test_a_commit_that_stays_unknown_is_store_unavailable_never_a_refusal(dynamo, monkeypatch):
    tokens = script(dynamo, monkeypatch, [client_error("TransactionInProgressException")] * 10)
    with pytest.raises(StoreUnavailable):
        dynamo.transact([Put({"pk": "P", "sk": "a"})])
    assert len(tokens) == 4 and len(set(tokens)) == 1


def test_retries_stop_when_the_invocation_has_no_time_left(dynamo, monkeypatch):
    tokens = script(dynamo, monkeypatch, [client_error("InternalServerError")] * 10)
    set_deadline(0.5)
    try:
        with pytest.raises(StoreUnavailable):
            dynamo.transact([Put({"pk": "P", "sk": "a"})])
    finally:
        set_deadline(None)
    assert len(tokens) == 1


def test_each_commit_has_its_own_token(dynamo, monkeypatch):
    tokens = script(dynamo, monkeypatch, [])
    dynamo.transact([Put({"pk": "P", "sk": "a"})])
    dynamo.transact([Put({"pk": "P", "sk": "b"})])
    assert len(set(tokens)) == 2


def test_conditions_and_conflicts_are_still_what_they_were(dynamo, monkeypatch):
    script(dynamo, monkeypatch, [
        client_error("TransactionCanceledException", reasons=["None", "ConditionalCheckFailed"]),
        client_error("TransactionCanceledException", reasons=["TransactionConflict", "None"])])
    with pytest.raises(TransactionCanceled) as failed:
        dynamo.transact([Put({"pk": "P", "sk": "a"}), Put({"pk": "P", "sk": "b"})])
    assert failed.value.failed == [1] and not failed.value.retryable
    with pytest.raises(TransactionCanceled) as conflict:
        dynamo.transact([Put({"pk": "P", "sk": "a"}), Put({"pk": "P", "sk": "b"})])
    assert conflict.value.retryable


def test_a_validation_error_is_a_bug_and_raised_as_it_is(dynamo, monkeypatch):
    script(dynamo, monkeypatch, [client_error("ValidationException")])
    with pytest.raises(ClientError):
        dynamo.transact([Put({"pk": "P", "sk": "a"})])


def test_an_unknown_error_of_a_single_write_is_store_unavailable(dynamo, monkeypatch):
    def put_item(**kwargs):
        raise client_error("AccessDeniedException", "PutItem")

    monkeypatch.setattr(dynamo._client, "put_item", put_item)
    with pytest.raises(StoreUnavailable):
        dynamo.put({"pk": "P", "sk": "a"})


def test_unprocessed_keys_are_read_again(dynamo, monkeypatch):
    for n in range(150):
        dynamo.put({"pk": "P", "sk": f"{n:03d}", "n": n})
    real = dynamo._client.batch_get_item
    calls = []

    def batch_get_item(RequestItems):
        keys = RequestItems[dynamo.table]["Keys"]
        assert RequestItems[dynamo.table]["ConsistentRead"] is True and len(keys) <= 100
        calls.append(len(keys))
        served, left = keys[: len(keys) // 2 or 1], keys[len(keys) // 2 or 1:]
        response = real(RequestItems={dynamo.table: {"Keys": served, "ConsistentRead": True}})
        if left:
            response["UnprocessedKeys"] = {dynamo.table: {"Keys": left, "ConsistentRead": True}}
        return response

    monkeypatch.setattr(dynamo._client, "batch_get_item", batch_get_item)
    monkeypatch.setattr("kvstore.dynamodb.time.sleep", lambda s: None)
    found = dynamo.get_many([("P", f"{n:03d}") for n in range(150)])
    assert len(found) == 150 and calls[0] == 100 and len(calls) > 2


def test_a_missing_table_is_store_unavailable_with_a_one_line_reason(store_url_for):
    url = store_url_for("dynamodb-mock").replace("create=true", "create=false")
    store = open_store(url)
    with pytest.raises(StoreUnavailable) as missing:
        store.get("P", "a")
    assert "does not exist" in str(missing.value) and "\n" not in str(missing.value)
