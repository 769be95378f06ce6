"""How domain facts are laid out in the store's single table.

Every lookup the service needs is an item written in the same transaction as the
fact it indexes, so reads are strongly consistent and no secondary index is needed:

| item                          | pk                    | sk                        |
|-------------------------------|-----------------------|---------------------------|
| resource (+ issued counter)   | RES#{resource_id}     | RESOURCE                  |
| service number of a resource  | RES#{resource_id}     | SN#{service_number}       |
| an account's resources        | ACCT#{owner}          | RES#{resource_id}         |
| where an SN lives             | SN#{service_number}   | SN                        |
| filing                        | FILING#{filing_id}    | FILING                    |
| a domain's active filing      | DOMAIN#{idna form}    | ACTIVE                    |
| subject (number, next site)   | SUBJECT#{id hash}     | SUBJECT                   |
| a subject's filings           | SUBJECT#{id hash}     | FILING#{filing_id}        |
| subject numbers of a province | SEQUENCE#{prov}#{year}| SEQUENCE                  |
| blacklisted ID number / name  | BLACKLIST#ID#{hash} / BLACKLIST#NAME#{name} | BLACKLIST |
| history event                 | FILING#… or SN#…      | EVENT#{version}           |
| notification                  | NOTIFY#{account}      | {created_at}#{id}         |
| idempotency record            | IDEMPOTENCY#{hash}    | RECORD                    |

Items carry a ``version`` that every update bumps and every write is conditioned
on (optimistic concurrency).
"""
from __future__ import annotations

from typing import Any

from kvstore import Item, absent, attr_eq, Condition

RESOURCE_SK = "RESOURCE"


def resource_key(resource_id: str) -> tuple[str, str]:
    return (f"RES#{resource_id}", RESOURCE_SK)


def account_resource_key(owner: str, resource_id: str) -> tuple[str, str]:
    return (f"ACCT#{owner}", f"RES#{resource_id}")


def account_partition(owner: str) -> str:
    return f"ACCT#{owner}"


def service_number_key(resource_id: str, service_number: str) -> tuple[str, str]:
    return (f"RES#{resource_id}", f"SN#{service_number}")


def service_number_pointer_key(service_number: str) -> tuple[str, str]:
    return (f"SN#{service_number}", "SN")


def item(key: tuple[str, str], **attrs: Any) -> Item:
    return {"pk": key[0], "sk": key[1], **attrs}


def next_version(current: Item | None) -> int:
    return (current or {}).get("version", 0) + 1


def as_read(current: Item | None) -> Condition:
    """The write commits only if the item is still as it was read."""
    return absent() if current is None else attr_eq("version", current["version"])


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


def subject_sequence_key(province: str, year: int) -> tuple[str, str]:
    return (f"SEQUENCE#{province}#{year}", "SEQUENCE")


def blacklisted_id_key(subject: str) -> tuple[str, str]:
    return (f"BLACKLIST#ID#{subject}", "BLACKLIST")


def blacklisted_name_key(name: str) -> tuple[str, str]:
    return (f"BLACKLIST#NAME#{name}", "BLACKLIST")
