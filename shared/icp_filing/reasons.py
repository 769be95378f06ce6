"""Every code the service answers with, and what it tells the user.

One table of truth: eligibility reason codes (with message, remedy and the FAQ
entry that explains them) and error codes (with their message). Handlers and the
FAQ refer to these codes; nobody else writes these texts. Chinese is the default
language, English is given on request.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"


@dataclass(frozen=True)
class Text:
    zh: str
    en: str

    def in_(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class Reason:
    """Why a resource may not get service numbers, and what to do about it."""

    code: str
    message: Text
    remedy: Text
    faq_id: str


def _reason(code: str, faq_id: str, msg_zh: str, msg_en: str, fix_zh: str, fix_en: str) -> Reason:
    return Reason(code, Text(msg_zh, msg_en), Text(fix_zh, fix_en), faq_id)


# In the order domain.md evaluates and reports them.
REASONS: Mapping[str, Reason] = {r.code: r for r in (
    _reason("not_owner", "service-number-no-apply-button",
            "当前登录的账号不是购买该实例的账号。",
            "The account you are signed in with did not buy this instance.",
            "请登录购买该服务器的账号申请备案服务号。",
            "Sign in with the account that purchased the server to apply for service numbers."),
    _reason("non_mainland_region", "service-number-no-apply-button",
            "该实例不在中国内地（大陆）地域。",
            "The instance is not in a mainland China region.",
            "域名解析至中国内地（大陆）的服务器且开放网站访问时才需要备案；解析到非中国内地服务器无需备案。",
            "No ICP filing is needed unless the domain resolves to a server in mainland China and the website is open to visitors."),
    _reason("unsupported_product", "service-number-without-server",
            "该产品不能用于备案。",
            "This product cannot be used for an ICP filing.",
            "请先购买可备案的服务器（云服务器 ECS、轻量应用服务器、云虚拟主机或符合条件的物联网套餐包）。",
            "Buy a fileable product first (ECS, a lightweight application server, a virtual host, or a qualifying IoT package)."),
    _reason("pay_as_you_go", "service-number-no-apply-button",
            "按量付费的实例不支持备案。",
            "Pay-as-you-go instances cannot be used for filing.",
            "请将计费方式由按量付费转为包年包月，并且包月 3 个月及以上。",
            "Convert the billing method from pay-as-you-go to subscription, for 3 months or more."),
    _reason("term_too_short", "service-number-no-apply-button",
            "包年包月的购买时长不足备案要求。",
            "The subscription is shorter than filing requires.",
            "请及时续费，使购买时长满足备案要求。",
            "Renew the subscription so that its length meets the filing requirement."),
    _reason("order_amount_too_low", "service-number-iot-package",
            "物联网套餐包的单笔订单金额不足 90 元。",
            "The IoT package was bought in a single order under 90 yuan.",
            "请购买包月 6 个月及以上、单笔订单金额 90 元及以上的物联网套餐包。",
            "Buy an IoT package of 6 months or more in a single order of 90 yuan or more."),
    _reason("no_public_bandwidth", "service-number-no-fileable-ip",
            "该实例没有公网带宽，无可备案的 IP。",
            "The instance has no public bandwidth, so it has no fileable IP.",
            "请先为实例购买公网带宽。",
            "Buy public bandwidth for the instance first."),
    _reason("expired", "service-number-no-apply-button",
            "该实例已到期，已过期的服务器无法申请备案服务号。",
            "The instance has expired; an expired server cannot get service numbers.",
            "请及时续费。",
            "Renew the instance."),
    _reason("released", "service-number-without-server",
            "该实例已释放。",
            "The instance has been released.",
            "请购买新的可备案服务器。",
            "Buy a new fileable server."),
    _reason("quota_exhausted", "service-number-used-up",
            "该实例可申请的备案服务号已用完。",
            "This instance has used up its service numbers.",
            "请购买新的服务器，在新的服务器上申请备案服务号。",
            "Buy a new server and apply for service numbers on it."),
    _reason("no_fileable_resource", "service-number-without-server",
            "您的账号下没有可申请备案服务号的实例。",
            "Your account has no instance that can get service numbers.",
            "请先购买可备案的服务器。",
            "Buy a fileable server first."),
)}

# Where the FAQ that explains a reason depends on the product.
PRODUCT_FAQ_IDS: Mapping[tuple[str, str], str] = {
    ("term_too_short", "iot_package"): "service-number-iot-package",
}


def faq_id_for(code: str, product: str | None = None) -> str:
    return PRODUCT_FAQ_IDS.get((code, product or ""), REASONS[code].faq_id)


def describe(codes: Iterable[str], lang: str, product: str | None = None) -> list[dict[str, str]]:
    """Reasons as the API shows them: code, message, remedy and FAQ entry."""
    return [
        {"code": c, "message": REASONS[c].message.in_(lang), "remedy": REASONS[c].remedy.in_(lang),
         "faq_id": faq_id_for(c, product)}
        for c in codes
    ]


# Error codes (the envelope's `code`) and their messages.
ERRORS: Mapping[str, Text] = {
    "invalid_json": Text("请求体不是合法的 JSON 对象。", "The request body is not a JSON object."),
    "invalid_request": Text("请求参数有误。", "The request is invalid."),
    "invalid_domain": Text("域名格式不正确。", "The domain name is not valid."),
    "invalid_id_number": Text("证件号码不正确。", "The ID number is not valid."),
    "invalid_province": Text("省份简称不正确。", "The province abbreviation is not valid."),
    "not_found": Text("请求的路径不存在。", "No such path."),
    "method_not_allowed": Text("该路径不支持此请求方法。", "This method is not allowed on this path."),
    "unauthenticated": Text("缺少或无效的身份凭证。", "Missing or invalid credentials."),
    "forbidden": Text("您无权执行此操作。", "You are not allowed to do this."),
    "resource_not_found": Text("实例不存在。", "No such resource."),
    "service_number_not_found": Text("备案服务号不存在。", "No such service number."),
    "filing_not_found": Text("备案不存在。", "No such filing."),
    "not_eligible": Text("该实例不满足申请备案服务号的条件。", "This resource cannot get service numbers."),
    "quota_exhausted": Text("该实例可申请的备案服务号数量不足。", "Not enough service numbers left on this resource."),
    "service_number_used": Text("该备案服务号已被使用，不能再用于其他备案。", "This service number has been used and cannot be used again."),
    "resource_not_eligible": Text("备案服务号所属的实例已不满足备案条件。", "The service number's resource no longer qualifies for filing."),
    "domain_already_filed": Text("该域名已有有效备案。", "This domain already has an active filing."),
    "subject_blacklisted": Text("该证件号码已被列入黑名单，不可再进行备案。", "This ID number is blacklisted and can no longer file."),
    "subject_bound": Text("该证件号码的备案主体属于另一个账号；请使用该账号备案，或请其授权您的账号。",
                          "This subject (ID number) belongs to another account: file from that account, or ask it to grant yours the subject."),
    "subject_not_found": Text("您的账号下没有该证件号码的备案主体（主体在其首个备案通过时归属于该备案的账号）。",
                              "Your account holds no subject with this ID number (a subject belongs to the account of its first approved filing)."),
    "grant_not_found": Text("没有该授权。", "No such grant."),
    "rate_limited": Text("请求过于频繁，请稍后重试。", "Too many requests; retry later."),
    "website_name_blacklisted": Text("该网站名称已被列入黑名单，不可再进行备案。", "This website name is blacklisted and can no longer be filed."),
    "filing_cancelled": Text("该备案已注销，不可恢复；请使用新的备案服务号重新备案。", "This filing was cancelled and cannot be restored; file anew with a new service number."),
    "invalid_transition": Text("当前状态不允许此操作。", "This change is not allowed in the current state."),
    "request_in_progress": Text("相同幂等键的请求仍在处理中，请稍后重试。", "A request with this idempotency key is still in progress; retry later."),
    "payload_too_large": Text("请求体过大。", "The request body is too large."),
    "idempotency_key_reused": Text("该幂等键已用于另一个请求体。", "This idempotency key was used with another request body."),
    "unavailable": Text("服务暂时不可用，请稍后重试。", "The service is temporarily unavailable; retry later."),
    "internal": Text("服务内部错误。", "Internal error."),
}


# Why a filing was cancelled, its access revoked, or it was rejected by a rule
# (a bureau's own rejection reason is free text, shown as written).
CHANGE_REASONS: Mapping[str, Text] = {
    "subject_request": Text("备案主体申请注销", "the subject asked for it"),
    "domain_expired": Text("域名过期后新持有者申请注销", "the domain lapsed and its new holder asked"),
    "illegal_content": Text("网站含有违法信息", "the website carried illegal content"),
    "subject_illegal_content": Text("同一备案主体的另一网站含有违法信息，该主体的全部备案随之注销或驳回",
                                    "another website of the same subject carried illegal content, so every filing of the subject was cancelled or rejected"),
    "access_not_renewed": Text("取消接入后长时间未重新接入", "its access was not renewed in time"),
    "inaccurate_info": Text("网站信息不真实、不准确", "the website's information was untrue or inaccurate"),
    "missing_info": Text("备案信息缺失", "the filing information was incomplete"),
    "resource_released": Text("接入的服务器已到期释放", "its server expired and was released"),
}


def change_reason(reason: str, lang: str) -> str:
    text = CHANGE_REASONS.get(reason)
    return text.in_(lang) if text else reason
