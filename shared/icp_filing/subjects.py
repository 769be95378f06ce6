"""Subjects (备案主体) belong to accounts (domain.md, "Submit").

The first approved filing of a subject (its ID number or credit code) binds the
subject to that filing's account: the binding is the ``account`` of the subject's
item, written in the approving transaction. From then on another account may file
(and be approved) for the subject only while the owning account grants it the
subject. Without this, anyone knowing a company's credit code could file under it,
receive its subject number and, by having that site cancelled for illegal content,
take the company's own filings and name down with it (issue 15).

Grants are managed by the owning account: grant, revoke, list. A subject is named by
its ID number in requests and shown masked in answers; the store keys it by hash.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from kvstore import Check, Delete, Put, absent, exists

from . import identity, records, times
from .access import Caller
from .context import Context, retrying
from .errors import DomainError, invalid
from .resources import ACCOUNT_ID


@dataclass(frozen=True)
class Subject(records.Versioned):
    """A subject on record: numbered at its first approval, which binds it to an account."""

    subject: str                  # the key of its ID number (identity.subject_key)
    province: str                 # of its subject number, kept for every later website
    subject_number: str
    next_site: int                # the site number its next approved website gets
    account: str | None           # the account it belongs to

    def key(self) -> tuple[str, str]:
        return records.subject_key(self.subject)

    def to_item(self) -> dict[str, Any]:
        """The one way a subject's item is built."""
        return records.item(self.key(), province=self.province, subject_number=self.subject_number,
                            next_site=self.next_site, account=self.account, version=self.version)

    @classmethod
    def from_item(cls, subject: str, item: Mapping[str, Any]) -> Subject:
        return cls(subject, item["province"], item["subject_number"], item["next_site"], item.get("account"),
                   version=item["version"])


def load(ctx: Context, subject: str) -> Subject | None:
    item = ctx.store.get(*records.subject_key(subject))
    return Subject.from_item(subject, item) if item else None


def bound_account(subject: Subject | None) -> str | None:
    """The account a subject belongs to (None until its first approval)."""
    return subject.account if subject is not None else None


def may_file(ctx: Context, account: str, subject: str, subject_read: Subject | None,
             guard_subject: bool = True) -> list[Check]:
    """``subject_bound`` unless ``account`` may file for the subject: it is unbound, bound
    to ``account``, or bound to an account that granted ``account`` the subject. The
    guards keep that true until the write (``guard_subject`` False when the write itself
    puts the subject's item, conditioned on the version read)."""
    owner = bound_account(subject_read)
    if owner is None:
        return [Check(*records.subject_key(subject), absent())] if guard_subject and subject_read is None else []
    if owner == account:
        return []
    grant = records.subject_grant_key(subject, account)
    if ctx.store.get(*grant) is None:
        raise DomainError("subject_bound")
    return [Check(*grant, exists())]


# Grants.

@dataclass(frozen=True)
class Grant:
    owner: str
    grantee: str
    id_number_masked: str
    granted_at: str

    def to_dict(self) -> dict[str, Any]:
        return {"subject": {"id_number_masked": self.id_number_masked}, "owner": self.owner,
                "grantee": self.grantee, "granted_at": self.granted_at}

    @classmethod
    def from_item(cls, item: Mapping[str, Any]) -> "Grant":
        return cls(item["owner"], item["grantee"], item["id_number_masked"], item["granted_at"])


def _request(caller: Caller, id_number: str, grantee: str) -> tuple[str, str, str]:
    """(normalised ID number, its subject key, grantee), checked."""
    number = identity.normalize(id_number)
    if not any(identity.valid(kind, number) for kind in identity.SUBJECT_TYPES):
        raise invalid("id_number", "证件号码格式或校验位不正确。", "The ID number or its check character is wrong.",
                      code="invalid_id_number")
    if not ACCOUNT_ID.fullmatch(grantee):
        raise invalid("grantee", "账号 ID 格式不正确。", "The grantee account id is malformed.")
    if grantee == caller.account:
        raise invalid("grantee", "不能授权给自己。", "must be another account than yours.")
    return number, identity.subject_key(number), grantee


def _owned(ctx: Context, caller: Caller, subject: str) -> Subject:
    """The subject, if it is bound to the caller; another account's subject or an
    unbound one are the same 404, so that nobody learns whom a subject belongs to."""
    found = load(ctx, subject)
    if found is None or found.account != caller.account:
        raise DomainError("subject_not_found")
    return found


def grant(ctx: Context, caller: Caller, id_number: str, grantee: str) -> tuple[Grant, bool]:
    """Let ``grantee`` file for the caller's subject. (The grant, whether it is new.)"""
    number, subject, grantee = _request(caller, id_number, grantee)

    def attempt() -> tuple[Grant, bool]:
        owned = _owned(ctx, caller, subject)
        existing = ctx.store.get(*records.subject_grant_key(subject, grantee))
        if existing is not None:
            return Grant.from_item(existing), False
        given = Grant(caller.account, grantee, identity.masked(number), times.format(ctx.now()))
        attrs = {"owner": given.owner, "grantee": grantee, "id_number_masked": given.id_number_masked,
                 "granted_at": given.granted_at, "subject": subject}
        ctx.commit([
            Put(records.item(records.subject_grant_key(subject, grantee), **attrs), absent()),
            Put(records.item(records.grant_given_key(caller.account, subject, grantee), **attrs)),
            Put(records.item(records.grant_received_key(grantee, subject, caller.account), **attrs)),
            owned.unchanged(),
        ], (given, True))
        return given, True

    return retrying(attempt)


def revoke(ctx: Context, caller: Caller, id_number: str, grantee: str) -> Grant:
    """Withdraw a grant. The grantee's filings on record stay (they were filed with leave);
    its filings in review can no longer be approved, and it cannot file anew."""
    _, subject, grantee = _request(caller, id_number, grantee)

    def attempt() -> Grant:
        _owned(ctx, caller, subject)
        existing = ctx.store.get(*records.subject_grant_key(subject, grantee))
        if existing is None:
            raise DomainError("grant_not_found")
        revoked = Grant.from_item(existing)
        ctx.commit([
            Delete(*records.subject_grant_key(subject, grantee), exists()),
            Delete(*records.grant_given_key(caller.account, subject, grantee)),
            Delete(*records.grant_received_key(grantee, subject, caller.account)),
        ], revoked)
        return revoked

    return retrying(attempt)


def of_account(ctx: Context, caller: Caller) -> dict[str, list[dict[str, Any]]]:
    """The grants the caller gave and those it received."""
    items = list(ctx.store.query_all(records.grants_partition(caller.account)))
    return {"given": [Grant.from_item(i).to_dict() for i in items if i["sk"].startswith("GIVEN#")],
            "received": [Grant.from_item(i).to_dict() for i in items if i["sk"].startswith("RECEIVED#")]}
