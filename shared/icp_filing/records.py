"""How domain facts are laid out in the store's single table.

Every lookup the service needs is an item written in the same transaction as the
fact it indexes, so reads are strongly consistent and no secondary index is needed:

| item                          | pk                    | sk                        |
|-------------------------------|-----------------------|---------------------------|
| resource (+ issued counter)   | RES#{resource_id}     | RESOURCE                  |
| service number of a resource  | RES#{resource_id}     | SN#{service_number}       |
| an account's resources        | ACCT#{owner}          | RES#{resource_id}         |
| every resource (staff list)   | RESOURCES#{shard}     | RES#{resource_id}         |
| an account's filings (+status)| FILINGS#OWNER#{owner} | {created_at}#{filing_id}  |
| every filing (staff list)     | FILINGS#ALL#{shard}   | {created_at}#{filing_id}  |
| filings by status             | FILINGS#STATUS#{status}#{shard} | {created_at}#{filing_id} |
| key that signs list cursors   | CURSOR#KEY            | KEY                       |
| where an SN lives             | SN#{service_number}   | SN                        |
| filing                        | FILING#{filing_id}    | FILING                    |
| a domain's active filing      | DOMAIN#{idna form}    | ACTIVE                    |
| subject (number, next site,   | SUBJECT#{id hash}     | SUBJECT                   |
|   the account it is bound to) |                       |                           |
| a subject's filings           | SUBJECT#{id hash}     | FILING#{filing_id}        |
| an account granted a subject  | SUBJECT#{id hash}     | GRANT#{grantee}           |
| grants an account gave / got  | GRANTS#{account}      | GIVEN#{hash}#{grantee} / RECEIVED#{hash}#{owner} |
| subject numbers of a province | SEQUENCE#{prov}#{year}| SEQUENCE                  |
| blacklisted ID number / name  | BLACKLIST#ID#{hash} / BLACKLIST#NAME#{name} | BLACKLIST |
| history event                 | FILING#… or SN#…      | EVENT#{version}           |
| notification                  | NOTIFY#{account}      | {created_at}#{id}         |
| filings a resource backed     | RES#{resource_id}     | FILING#{filing_id}        |
| due-time indexes of the scan  | DUE#{index}#{shard}   | {due time}#{ref}          |
| its reminder-index entry      | RES#{resource_id}     | DUE#REMIND                |
| reminder sent                 | REMINDED#{resource_id}| {expires_at}              |
| idempotency record            | IDEMPOTENCY#{hash}    | RECORD                    |

Items that change (resources, service numbers, filings, subjects, sequences,
markers) carry a ``version`` that every update bumps and every write is conditioned
on (optimistic concurrency); write-once items (history, notifications, blacklist
and index entries) are written in the same transaction as the change they follow.
The entities stored as such items (``Versioned``) carry the version they were read
at, so that what a use case decides on and what its write is guarded by are one value.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from kvstore import Check, Condition, Item, Put, absent, attr_eq

RESOURCE_SK = "RESOURCE"


def resource_partition(resource_id: str) -> str:
    """The resource, its service numbers, the filings it backed and its reminder marker."""
    return f"RES#{resource_id}"


def resource_key(resource_id: str) -> tuple[str, str]:
    return (resource_partition(resource_id), RESOURCE_SK)


def account_resource_key(owner: str, resource_id: str) -> tuple[str, str]:
    return (f"ACCT#{owner}", f"RES#{resource_id}")


def account_partition(owner: str) -> str:
    return f"ACCT#{owner}"


def service_number_key(resource_id: str, service_number: str) -> tuple[str, str]:
    return (resource_partition(resource_id), f"SN#{service_number}")


def service_number_pointer_key(service_number: str) -> tuple[str, str]:
    return (f"SN#{service_number}", "SN")


def item(key: tuple[str, str], **attrs: Any) -> Item:
    return {"pk": key[0], "sk": key[1], **attrs}


def next_version(current: Item | None) -> int:
    return (current or {}).get("version", 0) + 1


def at_version(version: int) -> Condition:
    """The item is still at ``version``, the one it was read at (0: it did not exist)."""
    return absent() if version == 0 else attr_eq("version", version)


def put_version(item: Item) -> Put:
    """The one way an item that changes is written: its ``version`` is one more than the
    version its writer read, and the write commits only if the item is still at that
    one (a concurrent change cancels the transaction, which then runs again)."""
    if item["version"] < 1:
        raise ValueError(f"an item is written at version 1 or later, not {item['version']}")
    return Put(item, at_version(item["version"] - 1))


V = TypeVar("V", bound="Versioned")


@dataclass(frozen=True)
class Versioned:
    """An entity stored as one item that changes. ``version`` is that item's version:
    the one it was read at, or the one a write of it makes; 0 for facts never stored."""

    version: int = field(default=0, kw_only=True)

    def key(self) -> tuple[str, str]:  # pragma: no cover - every entity says where it lives
        raise NotImplementedError

    def to_item(self) -> Item:  # pragma: no cover - every entity builds its one item
        raise NotImplementedError

    def succeeded(self: V, **changes: Any) -> V:
        """The next version, with ``changes``: what a change of the entity writes."""
        return replace(self, version=self.version + 1, **changes)

    def put(self) -> Put:
        """The write of this version, over the version before it (nothing, for version 1)."""
        return put_version(self.to_item())

    def unchanged(self) -> Check:
        """A guard: the item is still at this version when the transaction commits."""
        return Check(*self.key(), at_version(self.version))


def filing_key(filing_id: str) -> tuple[str, str]:
    return (f"FILING#{filing_id}", "FILING")


def active_domain_key(domain_key: str) -> tuple[str, str]:
    """Held while a filing of the domain is active: the domain's uniqueness."""
    return (f"DOMAIN#{domain_key}", "ACTIVE")


def subject_key(subject: str) -> tuple[str, str]:
    return (subject_partition(subject), "SUBJECT")


def subject_partition(subject: str) -> str:
    return f"SUBJECT#{subject}"


def subject_filing_key(subject: str, filing_id: str) -> tuple[str, str]:
    return (subject_partition(subject), f"FILING#{filing_id}")


def subject_grant_key(subject: str, grantee: str) -> tuple[str, str]:
    """Present while the subject's account lets ``grantee`` file for the subject."""
    return (subject_partition(subject), f"GRANT#{grantee}")


def grants_partition(account: str) -> str:
    return f"GRANTS#{account}"


def grant_given_key(owner: str, subject: str, grantee: str) -> tuple[str, str]:
    return (grants_partition(owner), f"GIVEN#{subject}#{grantee}")


def grant_received_key(grantee: str, subject: str, owner: str) -> tuple[str, str]:
    return (grants_partition(grantee), f"RECEIVED#{subject}#{owner}")


def subject_sequence_key(province: str, year: int) -> tuple[str, str]:
    return (f"SEQUENCE#{province}#{year}", "SEQUENCE")


def blacklisted_id_key(subject: str) -> tuple[str, str]:
    return (f"BLACKLIST#ID#{subject}", "BLACKLIST")


# A folded website name can be far longer than the name (NFKC expands some characters
# eighteen-fold): past this many bytes the key holds its digest, so that it stays within
# the store's partition-key limit (2048 bytes) for any name the input rules admit.
MAX_NAME_KEY_BYTES = 512


def blacklisted_name_key(name: str) -> tuple[str, str]:
    if len(name.encode("utf-8")) > MAX_NAME_KEY_BYTES:
        name = "sha256:" + hashlib.sha256(name.encode("utf-8")).hexdigest()
    return (f"BLACKLIST#NAME#{name}", "BLACKLIST")


# Due-time indexes of the expiry scan: items sorted by the time they fall due, so the
# scan reads a sort-key range of what is due and never the whole table. Spread over a
# few partitions (DynamoDB throughput is per partition); the scan merges them. How many
# is configuration (Config.due_shards, ICP_DUE_SHARDS); this is its default.
DUE_SHARDS = 8
EXPIRES, REMIND, ACCESS = "EXPIRES", "REMIND", "ACCESS"


def due_partition(index: str, shard: int) -> str:
    return f"DUE#{index}#{shard}"


def due_key(index: str, due_at: str, ref: str, shards: int = DUE_SHARDS) -> tuple[str, str]:
    """``due_at`` is the canonical time text (it sorts in time order); ``ref`` the item."""
    shard = int(hashlib.sha256(ref.encode()).hexdigest()[:8], 16) % shards
    return (due_partition(index, shard), f"{due_at}#{ref}")


def resource_filing_key(resource_id: str, filing_id: str) -> tuple[str, str]:
    """The filings a resource has backed (a filing re-accessed elsewhere keeps its old entry)."""
    return (resource_partition(resource_id), f"FILING#{filing_id}")


def remind_marker_key(resource_id: str) -> tuple[str, str]:
    """Which reminder-index entry a resource has, so a renewal can move it."""
    return (resource_partition(resource_id), "DUE#REMIND")


def reminded_key(resource_id: str, expires_at: str) -> tuple[str, str]:
    """One renewal reminder per resource and expiry date."""
    return (f"REMINDED#{resource_id}", expires_at)


# List indexes (GET /v1/resources, GET /v1/filings). Lists across every account are
# sharded like the due-time indexes: one partition per list would take every write of
# the service (a hot partition); readers merge the shards in sort-key order.
LIST_SHARDS = 8


def shard_of(ref: str, shards: int = LIST_SHARDS) -> int:
    return int(hashlib.sha256(ref.encode()).hexdigest()[:8], 16) % shards


def all_resources_partition(shard: int) -> str:
    return f"RESOURCES#{shard}"


def all_resources_key(resource_id: str) -> tuple[str, str]:
    return (all_resources_partition(shard_of(resource_id)), f"RES#{resource_id}")


def filing_list_sk(created_at: str, filing_id: str) -> str:
    """``created_at`` is the precise canonical time: the sort key orders filings by age."""
    return f"{created_at}#{filing_id}"


def owner_filings_partition(owner: str) -> str:
    return f"FILINGS#OWNER#{owner}"


def all_filings_partition(shard: int) -> str:
    return f"FILINGS#ALL#{shard}"


def status_filings_partition(status: str, shard: int) -> str:
    return f"FILINGS#STATUS#{status}#{shard}"


def cursor_key_key() -> tuple[str, str]:
    return ("CURSOR#KEY", "KEY")
