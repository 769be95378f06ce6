"""What a customer is told (告知): the one place that turns what happened into words.

Every remedy of an eligibility reason, every notification, and the message of each
refusal whose truth depends on the facts (a quota asked beyond, a number that cannot
be used, a cancelled filing) is decided here, from the facts of the event: the number's
new status (given back or void), whether the subject or the website name is now
blacklisted, how many numbers the instance has left and whether it can still issue
them, why a filing was cancelled. Nothing here reads the store: the code that makes
a change gathers the facts (notifications.py for notices), so the words are a pure
function of what happened and can be tested against the stored facts.

reasons.py keeps the codes and their base texts; this module picks and completes
them. The seed (icp-filing-faq.txt) is the authority on what each outcome means:
a cancelled filing cannot be restored, its number cannot be deleted and applied for
again, a blacklisted ID number or website name can never be filed again, and when
an instance's numbers are used up the remedy is a new server.
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

from .config import DEFAULT_PRODUCTS
from .reasons import REASONS, Text, change_reason, faq_id_for

# --- Eligibility reasons: message and remedy as the facts make them true. ---------

# Reasons the owner could fix on the instance itself (renew, convert, add bandwidth):
# once it is released that is no longer possible, and saying "renew" would be a lie.
FIXABLE_ON_THE_INSTANCE = frozenset({"pay_as_you_go", "term_too_short", "no_public_bandwidth", "expired"})
RELEASED_REMEDY = Text("该实例已释放，无法再续费或变更配置；请购买新的可备案服务器。",
                       "The instance has been released and can no longer be renewed or changed: buy a new fileable server.")

# The account-wide reason, when the account does have instances: each one's own
# reasons may be fixable (renew, convert), so "buy a server" is not the only way.
NO_FILEABLE_WITH_INSTANCES = Text(
    "您的账号下有 {instances} 个实例，目前都不能申请备案服务号。",
    "None of the {instances} instance{instances_s} of your account can get service numbers at present.")
NO_FILEABLE_WITH_INSTANCES_REMEDY = Text(
    "请按各实例列出的原因处理（例如续费、转为包年包月、购买公网带宽），或购买新的可备案服务器。",
    "Fix what each instance's reasons say (for example renew, convert to subscription, buy public bandwidth), "
    "or buy a new fileable server.")

QUOTA_PARTIAL_MESSAGE = Text(
    "该实例还可申请 {remaining} 个备案服务号（共 {limit} 个，已申请 {issued} 个），少于本次申请的 {requested} 个。",
    "This instance has {remaining} service number{remaining_s} left (of {limit}, {issued} issued), fewer than the "
    "{requested} requested.")
QUOTA_PARTIAL_REMEDY = Text(
    "请一次申请不超过 {remaining} 个；需要更多时，请购买新的服务器，在新的服务器上申请备案服务号。",
    "Ask for at most {remaining} at a time; for more, buy a new server and apply for service numbers on it.")
QUOTA_USED_UP_MESSAGE = Text(
    "该实例可申请的 {limit} 个备案服务号已全部申请，已用完。",
    "This instance has used up its service numbers: all {limit} have been issued.")


def _thresholds(product: str | None, facts: Mapping[str, Any]) -> dict[str, Any]:
    """The product's minimums as the texts quote them (configured values when given)."""
    rule = DEFAULT_PRODUCTS.get(product or "") or DEFAULT_PRODUCTS["ecs"]
    months = facts.get("min_term_months", rule.min_term_months)
    amount = facts.get("min_order_amount", rule.min_order_amount or DEFAULT_PRODUCTS["iot_package"].min_order_amount)
    if isinstance(amount, float) and amount.is_integer():
        amount = int(amount)
    return {"min_term_months": months, "min_order_amount": amount}


def quota_partial(quota: Mapping[str, int] | None, requested: int | None) -> bool:
    """An issue request asked for more than remain, though some remain."""
    return bool(quota and requested and 0 < quota["remaining"] < requested)


def reasons_told(codes: Sequence[str], lang: str, product: str | None = None,
                 facts: Mapping[str, Any] | None = None) -> list[dict[str, str]]:
    """Reasons as the API shows them: code, message, remedy and FAQ entry.

    ``facts`` may carry ``quota`` ({limit, issued, remaining}), ``requested`` (an
    issue request's count), the product's configured ``min_term_months`` and
    ``min_order_amount``, and (account-wide) how many ``instances`` the account has."""
    facts = facts or {}
    values = _thresholds(product, facts)
    quota, requested = facts.get("quota"), facts.get("requested")
    released = "released" in codes
    told = []
    for code in codes:
        reason = REASONS[code]
        message, remedy = reason.message.in_(lang), reason.remedy.in_(lang)
        if code == "quota_exhausted" and quota_partial(quota, requested):
            message = QUOTA_PARTIAL_MESSAGE.in_(lang)
            remedy = QUOTA_PARTIAL_REMEDY.in_(lang)
        elif code == "quota_exhausted" and quota and quota["remaining"] == 0 and quota["limit"] > 0:
            message = QUOTA_USED_UP_MESSAGE.in_(lang)
        elif released and code in FIXABLE_ON_THE_INSTANCE:
            remedy = RELEASED_REMEDY.in_(lang)
        elif code == "no_fileable_resource" and facts.get("instances"):
            message = NO_FILEABLE_WITH_INSTANCES.in_(lang)
            remedy = NO_FILEABLE_WITH_INSTANCES_REMEDY.in_(lang)
        fill = _plurals({**values, **(quota or {}), "requested": requested, "instances": facts.get("instances", 0)})
        told.append({"code": code, "message": message.format(**fill), "remedy": remedy.format(**fill),
                     "faq_id": faq_id_for(code, product)})
    return told


QUOTA_ERROR_PARTIAL = Text(
    "该实例只剩 {remaining} 个备案服务号，少于本次申请的 {requested} 个；请一次申请不超过 {remaining} 个。",
    "Only {remaining} service number{remaining_s} left on this resource, fewer than the {requested} requested: "
    "ask for at most {remaining}.")
QUOTA_ERROR_USED_UP = Text(
    "该实例可申请的备案服务号已用完（{issued}/{limit}），请购买新的服务器，在新的服务器上申请备案服务号。",
    "This resource has used up its service numbers ({issued} of {limit}): buy a new server and apply on it.")


# A change refused because the filing is cancelled: "file anew" only where that is
# open to the owner (not after illegal content, which may have blacklisted the subject,
# nor after the domain passed to a new holder).
FILING_CANCELLED_FINAL = Text("该备案已注销，不可恢复。", "This filing was cancelled and cannot be restored.")
REFILE_AFTER = frozenset({"subject_request", "access_not_renewed"})


# A number that cannot be used for a filing: said according to its status, not
# "has been used" of a number a release voided before it was ever used.
NUMBER_NOT_USABLE = {
    "in_review": Text("该备案服务号正用于一个审核中的备案，不能再用于其他备案。",
                      "This service number is in use by a filing under review and cannot be used for another."),
    "filed": Text("该备案服务号已用于已通过的备案，不能再用于其他备案。",
                  "This service number is used by an approved filing and cannot be used again."),
    "void": Text("该备案服务号已作废（{void_reason}），不能再使用。",
                 "This service number is void ({void_reason}) and can no longer be used."),
}
VOID_REASONS = {
    "filing_cancelled": Text("其备案已注销", "its filing was cancelled"),
    "resource_released": Text("其实例已释放", "its instance was released"),
    "replaced_on_reaccess": Text("重新接入时已由新的备案服务号替换", "a new number replaced it on re-access"),
}


def error_message(code: str, lang: str, facts: Mapping[str, Any]) -> str | None:
    """A refusal's message where it depends on the facts (else None: the code's own text)."""
    if code == "quota_exhausted" and facts.get("quota"):
        quota, requested = facts["quota"], facts.get("requested")
        text = QUOTA_ERROR_PARTIAL if quota_partial(quota, requested) else QUOTA_ERROR_USED_UP
        return text.in_(lang).format(**_plurals({**quota, "requested": requested}))
    if code == "service_number_used" and facts.get("status") in NUMBER_NOT_USABLE:
        why = VOID_REASONS.get(str(facts.get("void_reason")))
        return NUMBER_NOT_USABLE[facts["status"]].in_(lang).format(
            void_reason=why.in_(lang) if why else facts.get("void_reason") or "")
    if code == "filing_cancelled" and "cancel_reason" in facts and facts["cancel_reason"] not in REFILE_AFTER:
        return FILING_CANCELLED_FINAL.in_(lang)
    return None


# --- Notifications. -----------------------------------------------------------------
#
# A notification stores its kind and the facts of the moment it was written
# (notifications.py gathers them); the words are made here when it is read, in the
# reader's language. Facts missing from an older notification leave their sentence out.

KINDS = ("filing_approved", "filing_rejected", "access_revoked", "access_restored", "filing_cancelled",
         "resource_released", "renewal_reminder")

# Where the owner's next service number comes from (the "supply" facts): the state
# of the instance the notice is about (ok: it may issue numbers but for its quota;
# released; ineligible: another rule fails; not_yours: it changed hands), the owner's
# unused numbers of it, how many more it may issue, and, when it offers none,
# ``elsewhere``: another instance of the owner that does.
_SUPPLY = {
    "released": Text("实例 {resource_id} 已释放，不能再申请备案服务号。",
                     "Instance {resource_id} has been released and can issue no service numbers."),
    "ineligible": Text("实例 {resource_id} 目前不满足申请备案服务号的条件。",
                       "Instance {resource_id} does not qualify for service numbers at present."),
    "not_yours": Text("实例 {resource_id} 已不属于您的账号。",
                      "Instance {resource_id} no longer belongs to your account."),
    "used_up": Text("实例 {resource_id} 的备案服务号已用完。",
                    "The service numbers of instance {resource_id} are used up."),
    "unused_and_more": Text("您在实例 {resource_id} 上还有 {unused} 个未使用的备案服务号，还可再申请 {remaining} 个。",
                            "You hold {unused} unused service number{unused_s} of instance {resource_id}, and it can "
                            "issue {remaining} more."),
    "unused_only": Text("您在实例 {resource_id} 上还有 {unused} 个未使用的备案服务号（该实例已不能再申请更多）。",
                        "You hold {unused} unused service number{unused_s} of instance {resource_id} (it can issue "
                        "no more)."),
    "more": Text("实例 {resource_id} 还可申请 {remaining} 个备案服务号。",
                 "Instance {resource_id} can issue {remaining} more service number{remaining_s}."),
    "buy": Text("请购买新的服务器，在新的服务器上申请备案服务号。",
                "Buy a new server and apply for service numbers on it."),
    "fix_or_buy": Text("请先按资格检查的提示处理，或购买新的可备案服务器。",
                       "Fix what its eligibility check reports, or buy a new fileable server."),
}


def _numbers_sentence(numbers: Mapping[str, Any], lang: str) -> str:
    """What an instance that qualifies offers: unused numbers held, more to issue, or none."""
    if numbers.get("unused", 0) > 0:
        key = "unused_and_more" if numbers.get("remaining", 0) > 0 else "unused_only"
    else:
        key = "more" if numbers.get("remaining", 0) > 0 else "used_up"
    return _SUPPLY[key].in_(lang).format(**_plurals({"unused": 0, "remaining": 0, **numbers}))


def supply_sentence(supply: Mapping[str, Any] | None, lang: str) -> str:
    if not supply:
        return ""
    state = supply.get("state")
    if state == "ok":
        parts = [_numbers_sentence(supply, lang)]
        if supply.get("unused", 0) + supply.get("remaining", 0) > 0:
            return parts[0]
    else:
        key = state if state in ("released", "ineligible", "not_yours") else "ineligible"
        parts = [_SUPPLY[key].in_(lang).format(**supply)]
    elsewhere = supply.get("elsewhere")
    if elsewhere:
        parts.append(_numbers_sentence(elsewhere, lang))
    else:
        parts.append(_SUPPLY["fix_or_buy" if state == "ineligible" else "buy"].in_(lang))
    return _join(parts, lang)


_T = {
    "approved": Text("您的网站 {domain} 的备案已通过审核，备案号 {filing_number}。",
                     "The filing of {domain} was approved: {filing_number}."),
    "approved_number": Text("备案服务号 {service_number} 已用于该备案，不能再用于其他备案。",
                            "Service number {service_number} is used by this filing and cannot be used for another."),
    "rejected": Text("您的网站 {domain} 的备案未通过审核：{reason}。", "The filing of {domain} was rejected: {reason}."),
    "number_back": Text("备案服务号 {service_number} 已退回，可再次用于提交备案。",
                        "Its service number {service_number} was given back and can be used for another submission."),
    "number_back_idle": Text("备案服务号 {service_number} 已退回，但其所属实例 {resource_id} 目前不满足备案条件，满足后才能使用。",
                             "Its service number {service_number} was given back, but its instance {resource_id} does "
                             "not qualify for filing at present; it can be used once it does."),
    "number_void": Text("备案服务号 {service_number} 已作废，不能再使用，且仍计入实例的申请数量。",
                        "Its service number {service_number} is void: it can no longer be used and still counts "
                        "against its instance's quota."),
    "subject_blacklisted": Text("该备案主体的证件号码已被列入黑名单，不可再进行备案。",
                                "The subject's ID number has been blacklisted and can never be filed again."),
    "name_blacklisted": Text("网站名称“{website_name}”已被列入黑名单，不可再进行备案。",
                             "The website name \"{website_name}\" has been blacklisted and can never be filed again."),
    "revoked": Text("您的网站 {domain}（{filing_number}）已被取消接入（{reason}）。",
                    "Access of {domain} ({filing_number}) was revoked ({reason})."),
    "revoked_remedy": Text("请在 {deadline} 前（{days} 天内）使用一个未使用的备案服务号重新接入，否则备案号将被注销。",
                           "Re-access it with an unused service number by {deadline} (within {days} day{days_s}), or "
                           "the filing will be cancelled."),
    "restored": Text("您的网站 {domain}（{filing_number}）已重新接入，备案号不变。",
                     "{domain} ({filing_number}) has access again, under the same filing number."),
    "restored_numbers": Text("备案服务号 {service_number} 已用于该备案，原备案服务号 {old_service_number} 已作废。",
                             "Service number {service_number} is now used by it; the former one, {old_service_number}, "
                             "is void."),
    "cancelled": Text("您的网站 {domain} 的备案号 {filing_number} 已注销（{reason}），不可恢复，网站无法再开放访问。",
                      "Filing {filing_number} of {domain} was cancelled ({reason}) and cannot be restored; the website "
                      "can no longer be open to visitors."),
    "cancelled_number": Text("其备案服务号 {service_number} 已作废，不能删除后重新申请。",
                             "Its service number {service_number} is void and cannot be deleted and applied for again."),
    "refile": Text("如需继续开放访问，请使用新的备案服务号重新备案。",
                   "To open the website again, file it anew with a new service number."),
    "refile_illegal": Text("请删除违法信息后，再使用新的备案服务号重新备案。",
                           "Remove the illegal content, then file it anew with a new service number."),
    "refile_domain": Text("该域名已由新的持有者申请注销；如您重新持有该域名，可使用新的备案服务号重新备案。",
                          "The domain's new holder asked for the cancellation; should you hold the domain again, file "
                          "it anew with a new service number."),
    "released": Text("您的实例 {resource_id} 已释放。", "Your instance {resource_id} has been released."),
    "released_expired": Text("您的实例 {resource_id} 已到期释放。", "Your instance {resource_id} expired and was released."),
    "released_voided": Text("其上 {voided} 个未使用的备案服务号已作废。",
                            "Its {voided} unused service number{voided_s} {voided_are} void."),
    "reminder": Text("您的实例 {resource_id} 将于 {expires_at} 到期，其上有 {sites}。",
                     "Your instance {resource_id} expires at {expires_at}; it backs {sites}."),
    "reminder_approved": Text("{approved} 个已备案网站", "{approved} filed website{approved_s}"),
    "reminder_in_review": Text("{in_review} 个备案中的网站", "{in_review} website{in_review_s} in review"),
    "reminder_and": Text("、", " and "),
    "reminder_remedy": Text("请及时续费：到期 {release_days} 天后实例将被释放，备案中的网站将被驳回，已备案网站将被取消接入。",
                            "Renew it in time: {release_days} day{release_days_s} after it expires it is released, its filings in "
                            "review are rejected and its filed websites lose access."),
}


def _plurals(facts: dict[str, Any]) -> dict[str, Any]:
    """English nouns after a count: ``{n}`` and ``{n_s}`` ("1 number", "2 numbers")."""
    counts = {k: v for k, v in facts.items() if isinstance(v, int) and not isinstance(v, bool)}
    facts.update({f"{k}_s": "" if v == 1 else "s" for k, v in counts.items()})
    facts.update({f"{k}_are": "is" if v == 1 else "are" for k, v in counts.items()})
    return facts


def _join(parts: list[str], lang: str) -> str:
    return ("" if lang != "en" else " ").join(p for p in parts if p)


def _blacklist(facts: Mapping[str, Any], lang: str) -> list[str]:
    parts = []
    if facts.get("subject_blacklisted"):
        parts.append(_T["subject_blacklisted"].in_(lang))
    if facts.get("name_blacklisted"):
        parts.append(_T["name_blacklisted"].in_(lang).format(**facts))
    return parts


def message(kind: str, facts: Mapping[str, Any], lang: str) -> str:
    """The notification's words in ``lang``, from the facts stored with it."""
    f: dict[str, Any] = {"domain": "", "filing_number": "", "resource_id": "", "service_number": "",
                         "website_name": "", "expires_at": "", "days": "", "deadline": "", **facts}
    f["reason"] = change_reason(str(f.get("reason") or ""), lang)
    _plurals(f)

    def t(key: str) -> str:
        return _T[key].in_(lang).format(**f)

    parts: list[str]
    if kind == "filing_approved":
        parts = [t("approved"), t("approved_number") if f["service_number"] else ""]
    elif kind == "filing_rejected":
        parts = [t("rejected")]
        status = f.get("number_status")
        if status == "void":
            parts += [t("number_void"), *_blacklist(f, lang), supply_sentence(f.get("supply"), lang)]
        elif status == "issued":
            usable = (f.get("supply") or {}).get("state") == "ok"
            parts += [t("number_back" if usable else "number_back_idle"), *_blacklist(f, lang)]
        else:
            parts += _blacklist(f, lang)
    elif kind == "access_revoked":
        parts = [t("revoked"), t("revoked_remedy") if f["deadline"] else "", supply_sentence(f.get("supply"), lang)]
    elif kind == "access_restored":
        parts = [t("restored"), t("restored_numbers") if f.get("old_service_number") else ""]
    elif kind == "filing_cancelled":
        parts = [t("cancelled"), t("cancelled_number") if f["service_number"] else ""]
        barred = _blacklist(f, lang)
        if barred:
            parts += barred  # nothing to file anew: that ID number or website name never can be
        elif "supply" in f:
            refile = {"illegal_content": "refile_illegal", "domain_expired": "refile_domain"}.get(
                str(facts.get("reason")), "refile")
            parts += [t(refile), supply_sentence(f["supply"], lang)]
    elif kind == "resource_released":
        parts = [t("released_expired" if f.get("expired") else "released"),
                 t("released_voided") if f.get("voided") else ""]
    elif kind == "renewal_reminder":
        sites = [_T["reminder_approved"].in_(lang).format(**f) if f.get("approved") else "",
                 _T["reminder_in_review"].in_(lang).format(**f) if f.get("in_review") else ""]
        f["sites"] = _T["reminder_and"].in_(lang).join(s for s in sites if s) or (
            "备案网站" if lang != "en" else "filed websites")
        parts = [t("reminder"), t("reminder_remedy") if f.get("release_days") is not None else ""]
    else:
        raise ValueError(kind)
    return _join(parts, lang)
