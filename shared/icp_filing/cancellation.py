"""Cancel filing (注销备案): the four ways a filing number is cancelled, and the blacklist.

| reason               | who                 | from                     |
|----------------------|---------------------|--------------------------|
| subject_request      | owner or regulator  | approved, access_revoked |
| domain_expired       | regulator           | approved, access_revoked |
| illegal_content      | regulator           | approved, access_revoked |
| access_not_renewed   | regulator (or scan) | access_revoked           |

``illegal_content`` cancels every approved or access_revoked filing of the subject
(any account) and rejects its in-review ones; with ``blacklist`` the subject's ID
number and the website names of the filings this cascade cancelled can never be
filed again: what the bureau proved, never the names of filings in review or
rejected (anyone could have typed those), never another subject's. Cancellation is final;
the filing's service number becomes ``void`` and still counts against its quota.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable

from kvstore import Delete, Put

from . import due, filings, identity, notifications, records, service_numbers, times
from .access import CUSTOMER, REGULATOR, Caller
from .context import Context, retrying
from .errors import DomainError, invalid
from .filings import CANCELLED, Filing


@dataclass(frozen=True)
class CancelReason:
    roles: frozenset[str]          # customers only for their own filings
    action: str                    # its row of the filing state machine (filings.TRANSITIONS)


SUBJECT_REQUEST, DOMAIN_EXPIRED, ILLEGAL_CONTENT, ACCESS_NOT_RENEWED = (
    "subject_request", "domain_expired", "illegal_content", "access_not_renewed")
# What the owner of another filing of the subject is told: not that its own site was illegal.
SUBJECT_ILLEGAL_CONTENT = "subject_illegal_content"
REASONS: dict[str, CancelReason] = {
    SUBJECT_REQUEST: CancelReason(frozenset({CUSTOMER, REGULATOR}), "cancel:subject_request"),
    DOMAIN_EXPIRED: CancelReason(frozenset({REGULATOR}), "cancel:domain_expired"),
    ILLEGAL_CONTENT: CancelReason(frozenset({REGULATOR}), "cancel:illegal_content"),
    ACCESS_NOT_RENEWED: CancelReason(frozenset({REGULATOR}), "cancel:access_not_renewed"),
}


@dataclass(frozen=True)
class Cancellation:
    """What a cancellation did: the filings it cancelled (the named one first) and, with
    the blacklist, the subject and the website names it blacklisted."""

    cancelled: list[Filing]
    blacklisted_subject: str | None = None     # the ID number, masked
    blacklisted_names: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        blacklisted = None
        if self.blacklisted_subject is not None:
            blacklisted = {"id_number_masked": self.blacklisted_subject, "website_names": list(self.blacklisted_names)}
        return {"cancelled": [f.to_dict() for f in self.cancelled], "blacklisted": blacklisted}


def cancel(ctx: Context, caller: Caller, filing_id: str, reason: str, blacklist: bool | None = None) -> Cancellation:
    """Cancel the filing (and, for illegal content, every filing of its subject)."""
    rule = REASONS.get(reason)
    if rule is None:
        raise invalid("reason", "应为 " + " / ".join(REASONS) + "。", "must be one of " + ", ".join(REASONS) + ".")
    if blacklist and reason != ILLEGAL_CONTENT:
        raise invalid("blacklist", "只有 illegal_content 可以列入黑名单。", "is only allowed with illegal_content.")
    if caller.role not in rule.roles:
        raise DomainError("forbidden")
    filing = filings.get_for(ctx, caller, filing_id)
    filings.require_transition(filing, rule.action)
    if reason != ILLEGAL_CONTENT:
        return Cancellation([cancel_one(ctx, filing_id, reason, caller.actor)])
    # The cascade runs in steps, the filing named in the request last: if it is cut
    # short, the same request again finds that filing still active and completes it.
    # The subject is blacklisted first (nothing new can be filed for it meanwhile);
    # each cancelled filing's name in the same transaction as its cancellation.
    if blacklist:
        _blacklist_subject(ctx, filing, caller.actor)
    cancelled = []
    for other in filings.listed(ctx, records.subject_partition(filing.subject)):
        if other == filing_id:
            continue
        done = _cascade_one(ctx, other, caller.actor, bool(blacklist), filing_id)
        if done is not None:
            cancelled.append(done)

    def answer(named: Filing) -> Cancellation:
        everything = [named, *cancelled]
        if not blacklist:
            return Cancellation(everything)
        names = sorted({f.website_name for f in everything})
        return Cancellation(everything, identity.masked(filing.id_number), tuple(names))

    # The last step carries the request's answer (and, for a keyed request, its record).
    return answer(cancel_one(ctx, filing_id, reason, caller.actor, bool(blacklist), outcome=answer))


def cancel_one(ctx: Context, filing_id: str, reason: str, actor: str, blacklist_name: bool = False,
               outcome: Callable[[Filing], Any] = lambda done: Cancellation([done])) -> Filing:
    def find() -> Filing:
        found = filings.load(ctx, filing_id)
        if found is None:
            raise DomainError("filing_not_found")
        return found

    return filings.apply_change(ctx, find, REASONS[reason].action,
                                lambda filing, now: cancellation_writes(ctx, filing, now, actor, reason,
                                                                        blacklist_name=blacklist_name),
                                outcome)


def cancellation_writes(ctx: Context, filing: Filing, now: datetime, actor: str,
                        reason: str, *, blacklist_name: bool = False, told: str | None = None) -> tuple[Filing, list]:
    """Cancelled, its number void, the domain free; with ``blacklist_name`` its website name
    blacklisted in the same commit. The owner is told ``told`` (default: ``reason``)."""
    cancelled, ops = filings.transition(filing, now, actor, "cancelled", reason, status=CANCELLED,
                                        cancel_reason=reason)
    sn = filings.bound_service_number(ctx, filing)
    if sn.status != service_numbers.VOID:
        ops += service_numbers.changed(sn, service_numbers.VOID, now, actor, "filing_cancelled", reason,
                                       void_reason="filing_cancelled")
    ops.append(Delete(*records.active_domain_key(filing.domain_key)))
    ops += due.access_entry_removal(filing.filing_id, filing.access_revoked_at, ctx.config.due_shards)
    if blacklist_name:
        name = filings.website_name_key(filing.website_name)
        ops.append(Put(records.item(records.blacklisted_name_key(name), name=filing.website_name,
                                    at=times.format(now), actor=actor, filing_id=filing.filing_id)))
    ops.append(notifications.filing_cancelled(ctx, filing, now, told or reason,
                                              filings.website_name_key(filing.website_name),
                                              blacklisting_name=blacklist_name))
    return cancelled, ops


def _cascade_one(ctx: Context, filing_id: str, actor: str, blacklist: bool, cause: str) -> Filing | None:
    """Another filing of an illegal subject: cancelled if it is on record (its name
    blacklisted with it, if asked), rejected if in review, left alone if already final.
    Its owner is told the truth: another website of the subject was found illegal, not
    this one. The cancelled filing, if any."""

    def attempt() -> Filing | None:
        filing = filings.load(ctx, filing_id)
        if filing is None:
            return None
        now = ctx.now()
        if filings.may(filing, REASONS[ILLEGAL_CONTENT].action):
            cancelled, ops = cancellation_writes(ctx, filing, now, actor, ILLEGAL_CONTENT,
                                                 blacklist_name=blacklist, told=SUBJECT_ILLEGAL_CONTENT)
            ctx.commit(ops, final=False)
            return cancelled
        if filings.may(filing, "reject"):
            _, ops = filings.rejection_writes(ctx, filing, now, actor, SUBJECT_ILLEGAL_CONTENT)
            ctx.commit(ops, final=False)
        return None

    return retrying(attempt)


def _blacklist_subject(ctx: Context, filing: Filing, actor: str) -> None:
    """The subject's ID number, for good (its names follow with each cancellation)."""
    ctx.commit([Put(records.item(records.blacklisted_id_key(filing.subject), at=times.format(ctx.now()),
                                 actor=actor, filing_id=filing.filing_id))], final=False)
