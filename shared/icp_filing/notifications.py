"""Notifications to a resource's or filing's owner, one per change that affects them.

Stored per account, newest readable first; the message is rendered in the reader's
language from the kind and its facts.
"""
from __future__ import annotations

import secrets
import time
from datetime import datetime
from typing import Any

from kvstore import Put, absent

from . import times
from .context import Context
from .reasons import Text, change_reason

KINDS: dict[str, Text] = {
    "filing_approved": Text("您的网站 {domain} 的备案已通过审核，备案号 {filing_number}。",
                            "The filing of {domain} was approved: {filing_number}."),
    "filing_rejected": Text("您的网站 {domain} 的备案未通过审核：{reason}。备案服务号可再次使用。",
                            "The filing of {domain} was rejected: {reason}. Its service number can be used again."),
    "access_revoked": Text("您的网站 {domain}（{filing_number}）已被取消接入（{reason}）。请在 {days} 天内使用新的备案服务号重新接入，否则备案将被注销。",
                           "Access of {domain} ({filing_number}) was revoked ({reason}). Re-access it with a new service number within {days} days, or the filing will be cancelled."),
    "access_restored": Text("您的网站 {domain}（{filing_number}）已重新接入。",
                            "{domain} ({filing_number}) has access again."),
    "filing_cancelled": Text("您的网站 {domain} 的备案号 {filing_number} 已注销（{reason}），不可恢复。如需继续开放访问，请使用新的备案服务号重新备案。",
                             "Filing {filing_number} of {domain} was cancelled ({reason}) and cannot be restored. File anew with a new service number to open the site again."),
    "resource_released": Text("您的实例 {resource_id} 已到期释放，其上未使用的备案服务号已作废。",
                              "Your instance {resource_id} expired and was released; its unused service numbers are void."),
    "renewal_reminder": Text("您的实例 {resource_id} 将于 {expires_at} 到期，其上有备案中的网站，请及时续费。",
                             "Your instance {resource_id}, which backs a filed website, expires at {expires_at}: renew it in time."),
}


def partition(account: str) -> str:
    return f"NOTIFY#{account}"


def notify(account: str, kind: str, now: datetime, *, resource_id: str | None = None, filing_id: str | None = None,
           **facts: Any) -> Put:
    """The write that notifies ``account``; it goes in the same transaction as the change."""
    if kind not in KINDS:
        raise ValueError(kind)
    notification_id = "n-" + secrets.token_hex(8)
    # Notifications of one instant (a scan's "now") keep the order they were written in.
    sk = f"{times.format_precise(now)}#{time.time_ns():020d}#{notification_id}"
    return Put({"pk": partition(account), "sk": sk,
                "notification_id": notification_id, "kind": kind, "resource_id": resource_id,
                "filing_id": filing_id, "facts": {k: v for k, v in facts.items() if v is not None},
                "created_at": times.format(now)}, absent())


def render(item: dict[str, Any], lang: str) -> dict[str, Any]:
    facts = {"domain": "", "filing_number": "", "reason": "", "resource_id": item.get("resource_id") or "",
             "expires_at": "", "days": "", **item.get("facts", {})}
    facts["reason"] = change_reason(facts["reason"], lang)
    return {"notification_id": item["notification_id"], "kind": item["kind"], "resource_id": item.get("resource_id"),
            "filing_id": item.get("filing_id"), "message": KINDS[item["kind"]].in_(lang).format(**facts),
            "created_at": item["created_at"]}


def of_account(ctx: Context, account: str, lang: str, limit: int = 100) -> list[dict[str, Any]]:
    """The account's notifications, newest first."""
    return [render(i, lang) for i in ctx.store.query(partition(account), reverse=True, limit=limit).items]
