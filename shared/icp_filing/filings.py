"""Filings (备案): submission, the bureau's review, and access (接入).

Each change reads what it depends on, applies the rules of domain.md, and writes
every affected item (filing, service number, locks, history, notification) in one
transaction guarded by what it read, retried if a concurrent change got there first.
"""
from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Callable, Mapping

from kvstore import Check, Delete, Operation, Put, absent

from . import (domains, due, history, identity, indexes, names, notifications, records, resources, service_numbers,
               subjects, times)
from .access import Caller
from .config import Config
from .context import Context, retrying
from .eligibility import evaluate
from .errors import DomainError, invalid

IN_REVIEW, APPROVED, REJECTED, ACCESS_REVOKED, CANCELLED = (
    "in_review", "approved", "rejected", "access_revoked", "cancelled")
ACTIVE = frozenset({IN_REVIEW, APPROVED, ACCESS_REVOKED})
PROVINCES = frozenset("京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝蜀黔滇藏陕陇青宁新")
REVOCATION_REASONS = ("inaccurate_info", "missing_info", "resource_released")


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]   # the statuses the action may start from
    target: str


# The filing's state machine, the one table every use case reads (domain.md, "Filings"):
# each action, where it may start and where it leads; a cancellation per reason.
TRANSITIONS: Mapping[str, Transition] = {
    "approve": Transition(frozenset({IN_REVIEW}), APPROVED),
    "reject": Transition(frozenset({IN_REVIEW}), REJECTED),
    "revoke_access": Transition(frozenset({APPROVED}), ACCESS_REVOKED),
    "restore_access": Transition(frozenset({ACCESS_REVOKED}), APPROVED),
    "cancel:subject_request": Transition(frozenset({APPROVED, ACCESS_REVOKED}), CANCELLED),
    "cancel:domain_expired": Transition(frozenset({APPROVED, ACCESS_REVOKED}), CANCELLED),
    "cancel:illegal_content": Transition(frozenset({APPROVED, ACCESS_REVOKED}), CANCELLED),
    "cancel:access_not_renewed": Transition(frozenset({ACCESS_REVOKED}), CANCELLED),
}


def may(filing: Filing, action: str) -> bool:
    """Whether the state machine lets ``action`` start from the filing's status."""
    return filing.status in TRANSITIONS[action].sources


@dataclass(frozen=True)
class Filing(records.Versioned):
    filing_id: str
    owner: str
    domain: str
    domain_key: str               # IDNA (punycode) form: what uniqueness compares
    website_name: str
    province: str
    subject_type: str
    subject_name: str
    id_number: str                # never leaves the store
    service_number: str
    resource_id: str
    status: str
    created_at: datetime
    updated_at: datetime
    filing_number: str | None = None
    access_revoked_at: datetime | None = None
    cancel_reason: str | None = None
    service_numbers_used: tuple[str, ...] = field(default=())

    @property
    def subject(self) -> str:
        return identity.subject_key(self.id_number)

    def to_dict(self) -> dict[str, Any]:
        """What clients see: the ID number masked."""
        return {
            "filing_id": self.filing_id, "owner": self.owner, "domain": self.domain,
            "website_name": self.website_name, "province": self.province,
            "subject": {"type": self.subject_type, "name": self.subject_name,
                        "id_number_masked": identity.masked(self.id_number)},
            "service_number": self.service_number, "status": self.status, "filing_number": self.filing_number,
            "access_revoked_at": times.format(self.access_revoked_at) if self.access_revoked_at else None,
            "cancel_reason": self.cancel_reason, "created_at": times.format(self.created_at),
            "updated_at": times.format(self.updated_at),
        }

    def key(self) -> tuple[str, str]:
        return records.filing_key(self.filing_id)

    def to_item(self) -> dict[str, Any]:
        """The one way a filing's item is built (its version included)."""
        data = asdict(self)
        for name in ("created_at", "updated_at", "access_revoked_at"):
            data[name] = times.format_precise(data[name]) if data[name] else None
        data["service_numbers_used"] = list(self.service_numbers_used)
        return records.item(self.key(), **data)

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> Filing:
        data = {k: item[k] for k in cls.__dataclass_fields__ if k in item}
        for name in ("created_at", "updated_at", "access_revoked_at"):
            data[name] = times.parse(data[name]) if data.get(name) else None
        data["service_numbers_used"] = tuple(data.get("service_numbers_used", ()))
        return cls(**data)


@dataclass(frozen=True)
class Application:
    """A submission's input, checked (the 400s) before anything is read."""

    service_number: str
    domain: str
    domain_key: str
    website_name: str
    province: str
    subject_type: str
    subject_name: str
    id_number: str


def website_name_key(name: str) -> str:
    """How website names are compared (the blacklist): see ``names.blacklist_key``."""
    return names.blacklist_key(name)


def check_application(body: Mapping[str, Any], config: Config) -> Application:
    subject = body["subject"]
    if subject["type"] not in identity.SUBJECT_TYPES:
        raise invalid("subject.type", "应为 individual 或 enterprise。", "must be individual or enterprise.")
    name = names.checked_text("subject.name", subject["name"], config.max_subject_name)
    website_name = names.checked_text("website_name", body["website_name"], config.max_website_name)
    domain, domain_key = domains.normalize(body["domain"])
    id_number = identity.normalize(subject["id_number"])
    if not identity.valid(subject["type"], id_number, config.id_number_allow_list):
        raise invalid("subject.id_number", "证件号码格式或校验位不正确。",
                      "The ID number or its check character is wrong.",
                      code="invalid_id_number")
    if body["province"] not in PROVINCES:
        raise invalid("province", "应为备案号所用的省份简称之一，例如 浙。",
                      "must be one of the province abbreviations of filing numbers, e.g. 浙.", code="invalid_province")
    return Application(body["service_number"].strip(), domain, domain_key, website_name, body["province"],
                       subject["type"], name, id_number)


# Reading.

def load(ctx: Context, filing_id: str) -> Filing | None:
    item = ctx.store.get(*records.filing_key(filing_id)) if _looks_like_id(filing_id) else None
    return Filing.from_item(item) if item else None


def _looks_like_id(filing_id: str) -> bool:
    return len(filing_id) == 18 and filing_id.startswith("f-") and filing_id[2:].isalnum() and filing_id.isascii()


def listed(ctx: Context, partition: str) -> list[str]:
    """The ids of the filings listed in a subject's or a resource's partition."""
    return [ref["filing_id"] for ref in ctx.store.query_all(partition, prefix="FILING#")]


def get_for(ctx: Context, caller: Caller, filing_id: str) -> Filing:
    """A filing the caller may read; another account's is reported as not found."""
    found = load(ctx, filing_id)
    if found is None or not caller.may_read(found.owner):
        raise DomainError("filing_not_found")
    return found


def history_of(ctx: Context, caller: Caller, filing_id: str) -> list[dict[str, Any]]:
    """The filing's changes and, of every service number it used, its issue and the
    changes made for this filing (not those for another filing a rejected number went
    on to), oldest first. Customers see staff by role, not by account."""
    filing = get_for(ctx, caller, filing_id)
    own = records.filing_key(filing_id)[0]
    partitions = [own] + [service_numbers.pointer_partition(sn) for sn in filing.service_numbers_used]
    events = [e for e in history.merged(ctx, partitions)
              if e["pk"] == own or e.get("filing_id") == filing_id or e["action"] == "issued"]
    return [history.public(e, hide_staff=not caller.is_staff) for e in events]


# Shared checks.

def require_transition(filing: Filing, action: str) -> None:
    """``invalid_transition`` unless the state machine allows ``action`` from the
    filing's status; cancellation is final: ``filing_cancelled`` for any later change."""
    if filing.status == CANCELLED:
        raise DomainError("filing_cancelled", facts={"cancel_reason": filing.cancel_reason})
    if not may(filing, action):
        raise DomainError("invalid_transition")


def resource_still_eligible(ctx: Context, resource_id: str, owner: str,
                            now: datetime) -> tuple[resources.Resource, list]:
    """Every eligibility rule but the quota passes for ``owner`` (else
    ``resource_not_eligible``; a resource that changed hands since its numbers were
    issued is ``not_owner``). Also the guard that the resource does not change before
    the write, and the resource in the expiry scan's reminder index (it backs a filing)."""
    resource = resources.load(ctx, resource_id)
    if resource is None:
        raise DomainError("resource_not_eligible", reasons=["released"])
    if resource.owner != owner:
        raise DomainError("resource_not_eligible", reasons=["not_owner"])
    verdict = evaluate(resource, resource.issued, now, ctx.config)
    reasons = verdict.without_quota()
    if reasons:
        raise DomainError("resource_not_eligible", reasons=reasons, product=resource.product,
                          facts=dict(verdict.minimums))
    return resource, [resource.unchanged(),
                      *due.reminder_writes(ctx, resource_id, resource.expires_at)]


def may_file(ctx: Context, account: str, id_number: str, website_name: str,
             subject_read: subjects.Subject | None = None, approving: bool = False) -> list[Check]:
    """The subject's checks, in domain.md's order: not blacklisted (``subject_blacklisted``),
    the subject is ``account``'s or granted to it (``subject_bound``), the website name is
    not blacklisted (``website_name_blacklisted``); guarded until the write. An approval
    passes the subject it read (it writes the subject's item itself)."""
    subject = identity.subject_key(id_number)
    subject_key = records.blacklisted_id_key(subject)
    name_key = records.blacklisted_name_key(website_name_key(website_name))
    if ctx.store.get(*subject_key) is not None:
        raise DomainError("subject_blacklisted")
    if not approving:
        subject_read = subjects.load(ctx, subject)
    guards = subjects.may_file(ctx, account, subject, subject_read, guard_subject=not approving)
    if ctx.store.get(*name_key) is not None:
        raise DomainError("website_name_blacklisted")
    return [Check(*subject_key, absent()), *guards, Check(*name_key, absent())]


def usable_service_number(ctx: Context, caller: Caller, number: str) -> service_numbers.ServiceNumber:
    sn = service_numbers.find(ctx, number)
    if sn is None or sn.owner != caller.account:
        raise DomainError("service_number_not_found")
    if sn.status != service_numbers.ISSUED:
        raise DomainError("service_number_used", facts={"status": sn.status, "void_reason": sn.void_reason})
    return sn


def bound_service_number(ctx: Context, filing: Filing) -> service_numbers.ServiceNumber:
    """The number the filing is on (it exists as long as the filing: numbers are never deleted)."""
    sn = service_numbers.find(ctx, filing.service_number)
    if sn is None:
        raise LookupError(f"filing {filing.filing_id}'s service number is not stored")
    return sn


Writes = Callable[[Filing, datetime], tuple[Filing, list]]


def apply_change(ctx: Context, find: Callable[[], Filing], action: str,
                 writes: Writes, outcome: Callable[[Filing], Any] = lambda changed: changed) -> Filing:
    """Read the filing, check the state machine allows ``action`` from its status, and
    commit ``writes`` (run again on fresh facts if a concurrent change got there first).
    ``outcome``: what the use case will answer once this commit is done (a keyed request
    stores it with it)."""

    def attempt() -> Filing:
        filing = find()
        require_transition(filing, action)
        changed, ops = writes(filing, ctx.now())
        ctx.commit(ops, outcome(changed))
        return changed

    return retrying(attempt)


def transition(filing: Filing, now: datetime, actor: str, action: str,
               reason: str | None = None, **changes: Any) -> tuple[Filing, list[Operation]]:
    """The filing (as read) after ``changes`` and the writes that record it (guarded by its version)."""
    new = filing.succeeded(updated_at=now, **changes)
    return new, [new.put(),
                 history.record(records.filing_key(filing.filing_id)[0], new.version,
                                history.Event(now, actor, action, filing.status, new.status, reason)),
                 *indexes.filing_entries(filing, new)]


# Submit.

def submit(ctx: Context, caller: Caller, body: Mapping[str, Any]) -> Filing:
    application = check_application(body, ctx.config)

    def attempt() -> Filing:
        sn = usable_service_number(ctx, caller, application.service_number)
        now = ctx.now()
        _, guards = resource_still_eligible(ctx, sn.resource_id, caller.account, now)
        guards += may_file(ctx, caller.account, application.id_number, application.website_name)
        if ctx.store.get(*records.active_domain_key(application.domain_key)) is not None:
            raise DomainError("domain_already_filed")
        filing = Filing(
            filing_id="f-" + secrets.token_hex(8), owner=caller.account, domain=application.domain,
            domain_key=application.domain_key, website_name=application.website_name,
            province=application.province, subject_type=application.subject_type,
            subject_name=application.subject_name, id_number=application.id_number,
            service_number=sn.service_number, resource_id=sn.resource_id, status=IN_REVIEW, created_at=now,
            updated_at=now, service_numbers_used=(sn.service_number,), version=1)
        ops = [
            filing.put(),
            history.record(records.filing_key(filing.filing_id)[0], 1,
                           history.Event(now, caller.actor, "submitted", None, IN_REVIEW)),
            Put(records.item(records.active_domain_key(filing.domain_key), filing_id=filing.filing_id), absent()),
            Put(records.item(records.subject_filing_key(filing.subject, filing.filing_id),
                             filing_id=filing.filing_id), absent()),
            Put(records.item(records.resource_filing_key(sn.resource_id, filing.filing_id),
                             filing_id=filing.filing_id), absent()),
            *service_numbers.changed(sn, service_numbers.IN_REVIEW, now, caller.actor, "filing_submitted",
                                     filing_id=filing.filing_id),
            *indexes.filing_entries(None, filing),
            *guards,
        ]
        ctx.commit(ops, filing)
        return filing

    return retrying(attempt)


# Review by the bureau.

def approve(ctx: Context, caller: Caller, filing_id: str) -> Filing:
    def attempt() -> Filing:
        filing = get_for(ctx, caller, filing_id)
        require_transition(filing, "approve")
        now = ctx.now()
        _, guards = resource_still_eligible(ctx, filing.resource_id, filing.owner, now)
        # Read once: the binding is checked on it and the numbering writes it (as read).
        subject = subjects.load(ctx, filing.subject)
        guards += may_file(ctx, filing.owner, filing.id_number, filing.website_name, subject, approving=True)
        numbering, number_ops = _allocate_filing_number(ctx, filing, subject, now)
        approved, ops = transition(filing, now, caller.actor, "approved", status=APPROVED,
                                   filing_number=numbering)
        ops += service_numbers.changed(bound_service_number(ctx, filing), service_numbers.FILED, now, caller.actor,
                                       "filing_approved")
        ops += number_ops + guards
        ops.append(notifications.filing_approved(approved, now))
        ctx.commit(ops, approved)
        return approved

    return retrying(attempt)


def _allocate_filing_number(ctx: Context, filing: Filing, subject: subjects.Subject | None,
                            now: datetime) -> tuple[str, list[Put]]:
    """``{province}ICP备{subject number}号-{site}``. A subject keeps its province and number
    for every later website; its number is the year (China Standard Time) of its first
    approval and a sequence per province and year; site numbers count up, never reused.
    The first approval also binds the subject to the filing's account."""
    ops: list[Put] = []
    if subject is None:
        year = now.astimezone(times.CHINA_STANDARD_TIME).year
        sequence_item = ctx.store.get(*records.subject_sequence_key(filing.province, year))
        sequence = (sequence_item or {}).get("value", 0) + 1
        if sequence > 999_999:
            raise RuntimeError(f"subject numbers of {filing.province} {year} are exhausted")
        ops.append(records.put_version(records.item(records.subject_sequence_key(filing.province, year),
                                                    value=sequence, version=records.next_version(sequence_item))))
        numbered = subjects.Subject(filing.subject, filing.province, f"{year}{sequence:06d}", next_site=2,
                                    account=filing.owner, version=1)
    else:
        numbered = subject.succeeded(next_site=subject.next_site + 1, account=subject.account or filing.owner)
    ops.append(numbered.put())
    site = numbered.next_site - 1
    return f"{numbered.province}ICP备{numbered.subject_number}号-{site}", ops


def reject(ctx: Context, caller: Caller, filing_id: str, reason: str) -> Filing:
    reason = names.checked_text("reason", reason, ctx.config.max_reject_reason)

    return apply_change(ctx, lambda: get_for(ctx, caller, filing_id), "reject",
                        lambda filing, now: rejection_writes(ctx, filing, now, caller.actor, reason))


def rejection_writes(ctx: Context, filing: Filing, now: datetime, actor: str,
                     reason: str, releasing: bool = False) -> tuple[Filing, list]:
    """Rejected (final); its service number goes back to ``issued``; the domain is free again.
    ``releasing``: part of its resource's release, which voids the number next (the owner is told so)."""
    rejected, ops = transition(filing, now, actor, "rejected", reason, status=REJECTED)
    ops += service_numbers.changed(bound_service_number(ctx, filing), service_numbers.ISSUED, now, actor,
                                   "filing_rejected", reason, filing_id=None)
    ops.append(Delete(*records.active_domain_key(filing.domain_key)))
    ops.append(notifications.filing_rejected(ctx, filing, now, reason, website_name_key(filing.website_name),
                                             releasing=releasing))
    return rejected, ops


# Access (接入).

def revoke_access(ctx: Context, caller: Caller, filing_id: str, reason: str) -> Filing:
    if reason not in REVOCATION_REASONS:
        raise invalid("reason", "应为 " + " / ".join(REVOCATION_REASONS) + "。",
                      "must be one of " + ", ".join(REVOCATION_REASONS) + ".")

    return apply_change(ctx, lambda: get_for(ctx, caller, filing_id), "revoke_access",
                        lambda filing, now: revocation_writes(ctx, filing, now, caller.actor, reason))


def revocation_writes(ctx: Context, filing: Filing, now: datetime, actor: str,
                      reason: str, releasing: bool = False) -> tuple[Filing, list]:
    revoked, ops = transition(filing, now, actor, "access_revoked", reason, status=ACCESS_REVOKED,
                              access_revoked_at=now)
    ops.append(due.access_entry(filing.filing_id, now, ctx.config.due_shards))
    ops.append(notifications.access_revoked(ctx, filing, now, reason, releasing=releasing))
    return revoked, ops


def reaccess(ctx: Context, caller: Caller, filing_id: str, number: str) -> Filing:
    """The owner brings a revoked filing back with another issued service number: same
    filing number; the new number becomes ``filed``, the old one ``void``."""

    def attempt() -> Filing:
        filing = get_for(ctx, caller, filing_id)
        require_transition(filing, "restore_access")
        sn = usable_service_number(ctx, caller, number.strip())
        now = ctx.now()
        _, guards = resource_still_eligible(ctx, sn.resource_id, caller.account, now)
        if sn.resource_id != filing.resource_id:
            guards.append(Put(records.item(records.resource_filing_key(sn.resource_id, filing_id),
                                           filing_id=filing_id)))
        guards += due.access_entry_removal(filing_id, filing.access_revoked_at, ctx.config.due_shards)
        restored, ops = transition(filing, now, caller.actor, "access_restored", status=APPROVED,
                                   access_revoked_at=None, service_number=sn.service_number,
                                   resource_id=sn.resource_id,
                                   service_numbers_used=(*filing.service_numbers_used, sn.service_number))
        ops += service_numbers.changed(bound_service_number(ctx, filing), service_numbers.VOID, now, caller.actor,
                                       "replaced", "replaced_on_reaccess", void_reason="replaced_on_reaccess")
        ops += service_numbers.changed(sn, service_numbers.FILED, now, caller.actor, "filing_reaccessed",
                                       filing_id=filing_id)
        ops += guards
        ops.append(notifications.access_restored(restored, filing.service_number, now))
        ctx.commit(ops, restored)
        return restored

    return retrying(attempt)
