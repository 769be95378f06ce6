"""Entities that change carry the version they were read at: a reader returns the entity
alone, its one item builder round-trips it, and a write of it is guarded by that version."""
from __future__ import annotations

import ast
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest

from icp_filing import filings, records, resources, service_numbers, subjects
from icp_filing.config import load
from icp_filing.context import Context
from kvstore import TransactionCanceled, open_store

AT = datetime(2026, 3, 1, 8, 0, tzinfo=timezone.utc)
DOMAIN = Path(__file__).resolve().parents[2] / "shared" / "icp_filing"


def entities() -> list[records.Versioned]:
    return [
        resources.Resource("i-1", "alice", "ecs", "subscription", 12, 100.0, 5, "cn-hangzhou", AT, issued=3,
                           version=4),
        service_numbers.ServiceNumber("A" * 24, "i-1", "alice", "filed", None, "f-0123456789abcdef", AT, AT,
                                      version=2),
        filings.Filing("f-0123456789abcdef", "alice", "example.com", "example.com", "site", "浙", "individual",
                       "张三", "330106199001011234", "A" * 24, "i-1", "approved", AT, AT, filing_number="浙ICP备1号-1",
                       service_numbers_used=("A" * 24,), version=3),
    ]


@pytest.mark.parametrize("entity", entities(), ids=lambda e: type(e).__name__)
def test_the_item_builder_round_trips_the_entity_with_its_version(entity):
    item = entity.to_item()
    assert (item["pk"], item["sk"]) == entity.key() and item["version"] == entity.version
    assert type(entity).from_item(item) == entity


def test_a_subject_round_trips_too():
    subject = subjects.Subject("hash", "浙", "2026000001", 3, "alice", version=2)
    assert subjects.Subject.from_item("hash", subject.to_item()) == subject


def test_what_clients_see_of_a_resource_is_its_facts_not_its_counter_or_version():
    shown = entities()[0].to_dict()
    assert set(shown) == set(resources.FACTS) and "version" not in entities()[1].to_dict()
    # The item is built from FACTS: a field of the dataclass left out of it would not be stored.
    assert set(resources.FACTS) | {"issued", "version"} == set(resources.Resource.__dataclass_fields__)


def test_a_write_is_guarded_by_the_version_read():
    ctx = Context(open_store("memory://"), load({}))
    first = replace(entities()[0], version=1)
    ctx.store.transact([first.put()])  # version 1: only if absent
    with pytest.raises(TransactionCanceled):
        ctx.store.transact([first.put()])
    read = resources.load(ctx, "i-1")
    assert read == first
    ctx.store.transact([read.succeeded(issued=5).put()])
    assert resources.load(ctx, "i-1").issued == 5 and resources.load(ctx, "i-1").version == 2
    # A write decided on the stale read loses, and so does a guard on it.
    with pytest.raises(TransactionCanceled):
        ctx.store.transact([read.succeeded(issued=9).put()])
    with pytest.raises(TransactionCanceled):
        ctx.store.transact([read.unchanged()])
    ctx.store.transact([resources.load(ctx, "i-1").unchanged()])


def test_an_entity_never_stored_cannot_be_written_as_is():
    with pytest.raises(ValueError):
        replace(entities()[0], version=0).put()


def test_readers_return_the_entity_alone_or_none():
    ctx = Context(open_store("memory://"), load({}))
    assert resources.load(ctx, "i-1") is None and filings.load(ctx, "f-0123456789abcdef") is None
    assert service_numbers.find(ctx, "A" * 24) is None and subjects.load(ctx, "hash") is None


def test_each_item_kind_is_built_in_one_place():
    """Only an entity's ``to_item`` lays out its item: no other ``records.item(...)`` call
    in the domain names a resource, service number, filing or subject key."""
    kinds = {"resource_key", "service_number_key", "filing_key", "subject_key"}
    found = []
    for path in DOMAIN.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "item"
                    and node.args and isinstance(node.args[0], ast.Call)
                    and isinstance(node.args[0].func, ast.Attribute) and node.args[0].func.attr in kinds):
                found.append(f"{path.name}:{node.lineno}")
    assert found == []
