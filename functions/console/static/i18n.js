// The console's own words, Chinese (default) and English. Messages about rules
// (reasons, remedies, errors, notifications, FAQ answers) come from the API in the
// language asked for with Accept-Language, so they are never duplicated here.
const TEXTS = {
  zh: {
    skip: "跳到主要内容", title: "备案控制台", signOut: "退出", langSwitch: "English",
    signInTitle: "登录", tokenLabel: "访问令牌（Bearer token）", tokenHelp: "粘贴管理员或系统签发的令牌。",
    signIn: "登录", localSignInTitle: "本地登录（仅 scripts/serve）", accountLabel: "账号 ID", roleLabel: "角色",
    localSignIn: "本地登录", badToken: "令牌格式不正确。",
    role_customer: "客户", role_operator: "运营人员", role_regulator: "管局审核员",
    signedInAs: "{account}（{role}）",
    tabResources: "我的实例", tabFilings: "我的备案", tabNotifications: "通知", tabAssistant: "智能助手",
    resourcesTitle: "我的实例与备案服务号", noResources: "您还没有实例。", more: "加载更多",
    product: "产品", region: "地域", billing: "计费方式", term: "购买时长", bandwidth: "公网带宽", expires: "到期时间",
    resourceStatus: "实例状态", owner: "所属账号", orderAmount: "订单金额",
    billing_subscription: "包年包月", billing_pay_as_you_go: "按量付费", months: "{n} 个月", mbps: "{n} Mbps",
    eligible: "可申请备案服务号", notEligible: "不可申请备案服务号", quota: "额度：已申请 {issued} / {limit}，剩余 {remaining}",
    reasonsTitle: "原因与解决办法", faqEntry: "常见问题：{question}", askThis: "问助手",
    apply: "申请备案服务号", numbersTitle: "备案服务号", noNumbers: "尚未申请备案服务号。", copy: "复制", copied: "已复制 {sn}",
    copyFailed: "无法访问剪贴板，请手动选择复制：{sn}", selectForAssistant: "在助手中诊断此实例",
    sn_issued: "未使用", sn_in_review: "审核中", sn_filed: "已备案", sn_void: "已作废",
    issueTitle: "申请备案服务号", issueCount: "数量（1–{max}）", issueConfirm: "确认申请", cancel: "取消", close: "关闭",
    issuedOk: "已申请 {n} 个备案服务号。", retrying: "请求处理中，正在重试…",
    submitTitle: "提交备案", snLabel: "备案服务号", domainLabel: "网站域名", siteNameLabel: "网站名称", provinceLabel: "省份（备案号前缀）",
    subjectType: "主体类型", subject_individual: "个人", subject_enterprise: "企业", subjectName: "主体名称", idNumber: "证件号码",
    submit: "提交备案", submittedOk: "备案已提交，等待管局审核。", noIssued: "没有可用的备案服务号，请先在“我的实例”中申请。",
    filingsTitle: "我的备案", noFilings: "暂无备案。", domain: "域名", websiteName: "网站名称", filingNumber: "备案号",
    submittedAt: "提交时间", subject: "主体", status: "状态", history: "历史记录", hideHistory: "收起历史",
    st_in_review: "审核中", st_approved: "已通过", st_rejected: "未通过", st_access_revoked: "已取消接入", st_cancelled: "已注销",
    act_submitted: "提交", act_approved: "审核通过", act_rejected: "审核驳回", act_access_revoked: "取消接入",
    act_access_restored: "重新接入", act_cancelled: "注销", act_issued: "申请服务号", act_filing_submitted: "用于提交备案",
    act_filing_approved: "备案通过", act_filing_rejected: "备案驳回", act_replaced: "被替换", act_filing_reaccessed: "用于重新接入",
    act_voided: "作废", act_released: "实例释放",
    reaccess: "重新接入", reaccessWith: "使用新的备案服务号重新接入", reaccessOk: "已重新接入。",
    cancelOwn: "注销此备案", cancelConfirm: "确认注销（不可恢复）", cancelledOk: "已注销 {n} 个备案。",
    notificationsTitle: "通知", noNotifications: "暂无通知。",
    assistantTitle: "智能助手", question: "您的问题（任何语言）", diagnoseResource: "诊断实例（可选）", none: "（不诊断）", ask: "提问",
    answer: "回答", noAnswer: "抱歉，这个问题我还不能回答。请换个说法，或联系客服。", alternatives: "相关问题",
    diagnosis: "实例 {id} 的实时诊断",
    opTitle: "运营：实例与接入", findOwner: "按账号查找实例", ownerLabel: "账号 ID（留空为全部）", find: "查找",
    edit: "编辑计费信息", newResource: "新增/更新实例", resourceId: "实例 ID", save: "保存", savedOk: "已保存实例 {id}。",
    ownerFilings: "备案（按上面的账号筛选）", revoke: "取消接入", revokeReason: "取消接入原因", revokedOk: "已取消接入。",
    rr_inaccurate_info: "备案信息不准确", rr_missing_info: "备案信息缺失", rr_resource_released: "实例已释放",
    resourceStatus_running: "运行中", resourceStatus_released: "已释放",
    opCancelNote: "注销备案由管局或备案主体本人办理；运营人员可取消接入。",
    regTitle: "管局：审核队列", queueTitle: "待审核（先提交的在前）", emptyQueue: "没有待审核的备案。",
    approve: "通过", reject: "驳回", rejectReason: "驳回原因", rejectConfirm: "确认驳回", approvedOk: "已通过：{number}",
    rejectedOk: "已驳回。", allFilings: "全部备案", statusFilter: "按状态筛选", all: "全部",
    cancelFiling: "注销", cancelReason: "注销原因", blacklist: "列入黑名单（仅违法违规）",
    cr_subject_request: "主体申请注销", cr_domain_expired: "域名过期", cr_illegal_content: "违法违规", cr_access_not_renewed: "未重新接入",
    error: "出错了：{message}", loading: "加载中…",
  },
  en: {
    skip: "Skip to main content", title: "ICP filing console", signOut: "Sign out", langSwitch: "中文",
    signInTitle: "Sign in", tokenLabel: "Access token (Bearer token)", tokenHelp: "Paste a token issued to you.",
    signIn: "Sign in", localSignInTitle: "Local sign-in (scripts/serve only)", accountLabel: "Account id", roleLabel: "Role",
    localSignIn: "Sign in locally", badToken: "That is not a well-formed token.",
    role_customer: "customer", role_operator: "operator", role_regulator: "bureau reviewer",
    signedInAs: "{account} ({role})",
    tabResources: "My resources", tabFilings: "My filings", tabNotifications: "Notifications", tabAssistant: "Assistant",
    resourcesTitle: "My resources and service numbers", noResources: "You have no resources yet.", more: "Load more",
    product: "Product", region: "Region", billing: "Billing", term: "Term", bandwidth: "Public bandwidth", expires: "Expires",
    resourceStatus: "Status", owner: "Owner", orderAmount: "Order amount",
    billing_subscription: "Subscription", billing_pay_as_you_go: "Pay as you go", months: "{n} months", mbps: "{n} Mbps",
    eligible: "Eligible for service numbers", notEligible: "Not eligible for service numbers",
    quota: "Quota: {issued} of {limit} issued, {remaining} left",
    reasonsTitle: "Why, and what to do", faqEntry: "FAQ: {question}", askThis: "Ask the assistant",
    apply: "Apply for service numbers", numbersTitle: "Service numbers", noNumbers: "No service numbers yet.", copy: "Copy",
    copied: "Copied {sn}", copyFailed: "The clipboard is not available; select and copy: {sn}",
    selectForAssistant: "Diagnose in the assistant",
    sn_issued: "unused", sn_in_review: "in review", sn_filed: "filed", sn_void: "void",
    issueTitle: "Apply for service numbers", issueCount: "How many (1–{max})", issueConfirm: "Apply", cancel: "Cancel", close: "Close",
    issuedOk: "{n} service number(s) issued.", retrying: "Still being processed, retrying…",
    submitTitle: "Submit a filing", snLabel: "Service number", domainLabel: "Domain", siteNameLabel: "Website name",
    provinceLabel: "Province (filing number prefix)", subjectType: "Subject type", subject_individual: "Individual",
    subject_enterprise: "Enterprise", subjectName: "Subject name", idNumber: "ID number", submit: "Submit filing",
    submittedOk: "Filing submitted; the bureau will review it.", noIssued: "No unused service number: apply for one under My resources first.",
    filingsTitle: "My filings", noFilings: "No filings yet.", domain: "Domain", websiteName: "Website name", filingNumber: "Filing number",
    submittedAt: "Submitted", subject: "Subject", status: "Status", history: "History", hideHistory: "Hide history",
    st_in_review: "in review", st_approved: "approved", st_rejected: "rejected", st_access_revoked: "access revoked", st_cancelled: "cancelled",
    act_submitted: "submitted", act_approved: "approved", act_rejected: "rejected", act_access_revoked: "access revoked",
    act_access_restored: "access restored", act_cancelled: "cancelled", act_issued: "service number issued",
    act_filing_submitted: "used for the filing", act_filing_approved: "filing approved", act_filing_rejected: "filing rejected",
    act_replaced: "replaced", act_filing_reaccessed: "used to re-access", act_voided: "voided", act_released: "resource released",
    reaccess: "Re-access", reaccessWith: "Re-access with a new service number", reaccessOk: "Access restored.",
    cancelOwn: "Cancel this filing", cancelConfirm: "Cancel it (final)", cancelledOk: "{n} filing(s) cancelled.",
    notificationsTitle: "Notifications", noNotifications: "No notifications.",
    assistantTitle: "Assistant", question: "Your question (any language)", diagnoseResource: "Diagnose a resource (optional)",
    none: "(none)", ask: "Ask", answer: "Answer", noAnswer: "Sorry, I cannot answer that yet. Try other words, or contact support.",
    alternatives: "Related questions", diagnosis: "Live diagnosis of {id}",
    opTitle: "Operations: resources and access", findOwner: "Find resources by account", ownerLabel: "Account id (empty: all)",
    find: "Find", edit: "Edit billing facts", newResource: "Add or update a resource", resourceId: "Resource id", save: "Save",
    savedOk: "Saved {id}.", ownerFilings: "Filings (of the account above, if any)", revoke: "Revoke access", revokeReason: "Reason",
    revokedOk: "Access revoked.", rr_inaccurate_info: "inaccurate information", rr_missing_info: "missing information",
    rr_resource_released: "resource released", resourceStatus_running: "running", resourceStatus_released: "released",
    opCancelNote: "Filings are cancelled by the bureau or their owner; operators revoke access.",
    regTitle: "Bureau: review queue", queueTitle: "Awaiting review (oldest first)", emptyQueue: "Nothing awaits review.",
    approve: "Approve", reject: "Reject", rejectReason: "Reason for rejection", rejectConfirm: "Reject",
    approvedOk: "Approved: {number}", rejectedOk: "Rejected.", allFilings: "All filings", statusFilter: "Status", all: "all",
    cancelFiling: "Cancel", cancelReason: "Reason", blacklist: "Blacklist (illegal content only)",
    cr_subject_request: "the subject asked", cr_domain_expired: "domain expired", cr_illegal_content: "illegal content",
    cr_access_not_renewed: "access not renewed",
    error: "Something went wrong: {message}", loading: "Loading…",
  },
};

let current = localStorage.getItem("icp.lang") === "en" ? "en" : "zh";

export function lang() { return current; }

export function setLang(value) {
  current = value === "en" ? "en" : "zh";
  localStorage.setItem("icp.lang", current);
  document.documentElement.lang = current === "en" ? "en" : "zh-CN";
  document.title = t("title");
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
}

export function t(key, vars = {}) {
  const text = TEXTS[current][key] ?? TEXTS.zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

export function has(key) { return key in TEXTS[current]; }
