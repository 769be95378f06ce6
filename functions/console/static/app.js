// The filing console: one page per role, built on the public API only.
import { t, lang, setLang } from "./i18n.js";
import { ApiError, call, getToken, newKey, once, setToken } from "./api.js";

const main = document.getElementById("main");
const statusBox = document.getElementById("status");
const PROVINCES = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝蜀黔滇藏陕陇青宁新";
const STATUSES = ["in_review", "approved", "rejected", "access_revoked", "cancelled"];
let caller = null;       // {account, role} read from the token (the server verifies it)
let faqQuestions = {};   // FAQ entry id -> question, in the current language
let resourcesCache = []; // the customer's resources as last loaded (assistant, filing form)

// DOM helpers: text is always set as text, never parsed as HTML.
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") el.className = value;
    else if (name === "text") el.textContent = value;
    else if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

let ids = 0;
function uid(prefix) { ids += 1; return `${prefix}-${ids}`; }

function field(labelText, control, help) {
  const id = control.id || uid("f");
  control.id = id;
  const parts = [h("label", { for: id, text: labelText }), control];
  if (help) {
    const helpId = uid("help");
    control.setAttribute("aria-describedby", helpId);
    parts.push(h("div", { id: helpId, class: "muted", text: help }));
  }
  return h("div", {}, parts);
}

function select(options, value) {
  return h("select", {}, options.map(([v, label]) => h("option", { value: v, selected: v === value, text: label })));
}

function say(text, isError = false) {
  statusBox.replaceChildren(h("div", { class: isError ? "msg error" : "msg", text }));
}

function sayError(err) {
  const reasons = (err.reasons || []).map((r) => r.message).join("；");
  say(t("error", { message: err.message + (reasons ? ` (${reasons})` : "") }), true);
}

function when(text) {
  return text ? text.replace("T", " ").replace("Z", " UTC") : "—";
}

function badge(kind, text) { return h("span", { class: `badge ${kind}`, text }); }

function statusBadge(status) {
  const kind = { approved: "ok", in_review: "warn", rejected: "bad", access_revoked: "bad", cancelled: "plain" }[status];
  return badge(kind || "plain", t(`st_${status}`));
}

function facts(pairs) {
  return h("dl", { class: "facts" }, pairs.flatMap(([k, v]) => [h("dt", { text: k }), h("dd", {}, v)]));
}

function section(id, title, ...children) {
  const headingId = uid("h");
  return h("section", { id, "aria-labelledby": headingId }, h("h2", { id: headingId, text: title }), ...children);
}

// A list read a page at a time: "load more" asks for the next cursor.
function pagedList(container, path, params, renderItem, emptyText, key, items = null) {
  let cursor = null;
  const more = h("button", { type: "button", class: "secondary", text: t("more"), hidden: true });
  const empty = h("p", { class: "muted", text: emptyText, hidden: true });
  if (items) container.replaceChildren(empty, more);
  else {
    items = h("div", { class: "items" });
    container.replaceChildren(items, empty, more);
  }
  async function next() {
    more.disabled = true;
    try {
      const data = await call("GET", path, { params: { ...params, cursor } });
      for (const item of data[key]) items.append(renderItem(item));
      empty.hidden = items.childElementCount > 0;
      cursor = data.next_cursor;
      more.hidden = !cursor;
      return data[key];
    } catch (err) {
      sayError(err);
      return [];
    } finally {
      more.disabled = false;
    }
  }
  more.addEventListener("click", next);
  return next();
}

// A modal dialog; resolves when closed.
function openDialog(title, body, actions) {
  const headingId = uid("dlg");
  const dialog = h("dialog", { "aria-labelledby": headingId },
    h("h2", { id: headingId, text: title }), body, h("div", { class: "row-actions" }, actions));
  document.body.append(dialog);
  dialog.addEventListener("close", () => dialog.remove());
  dialog.showModal();
  return dialog;
}

function reasonsList(reasons) {
  return h("ul", { class: "reasons" }, reasons.map((r) => h("li", {},
    h("strong", { text: r.message }),
    r.remedy ? h("span", { class: "remedy", text: r.remedy }) : null,
    r.faq_id ? h("button", {
      type: "button", class: "link", text: t("faqEntry", { question: faqQuestions[r.faq_id] || r.faq_id }),
      onclick: () => askAssistant(faqQuestions[r.faq_id] || r.faq_id),
    }) : null)));
}

// Sign-in.

function decodeToken(token) {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  try {
    const json = atob(parts[1].replace(/-/g, "+").replace(/_/g, "/"));
    const claims = JSON.parse(decodeURIComponent(Array.from(json, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`).join("")));
    return typeof claims.sub === "string" && typeof claims.role === "string" ? { account: claims.sub, role: claims.role } : null;
  } catch {
    return null;
  }
}

function signIn(token) {
  const claims = decodeToken(token.trim());
  if (!claims) { say(t("badToken"), true); return; }
  setToken(token.trim());
  caller = claims;
  statusBox.replaceChildren();
  render();
}

async function renderSignIn() {
  const tokenInput = h("textarea", { rows: 4, required: true, autocomplete: "off", spellcheck: "false" });
  const pasted = h("form", { id: "token-sign-in", class: "panel", onsubmit: (e) => { e.preventDefault(); signIn(tokenInput.value); } },
    h("h2", { text: t("signInTitle") }), field(t("tokenLabel"), tokenInput, t("tokenHelp")),
    h("div", { class: "row-actions" }, h("button", { type: "submit", text: t("signIn") })));
  const grid = h("div", { class: "sign-in" }, pasted);
  main.replaceChildren(grid);
  // Only scripts/serve offers the local sign-in, and only on loopback: a deployed
  // console does not even ask (no 404 in its log).
  let local = false;
  if (["127.0.0.1", "localhost", "[::1]"].includes(location.hostname)) {
    try {
      local = (await fetch("/local/sign-in")).ok;
    } catch { local = false; }
  }
  if (!local) return;
  const account = h("input", { type: "text", required: true, autocomplete: "username", value: "alice" });
  const role = select(["customer", "operator", "regulator"].map((r) => [r, t(`role_${r}`)]), "customer");
  grid.append(h("form", {
    id: "local-sign-in", class: "panel", onsubmit: async (e) => {
      e.preventDefault();
      const response = await fetch("/local/sign-in", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ account: account.value.trim(), role: role.value }),
      });
      const data = await response.json().catch(() => ({}));
      if (response.ok) signIn(data.token); else say(data.error?.message || "sign-in failed", true);
    },
  }, h("h2", { text: t("localSignInTitle") }), field(t("accountLabel"), account), field(t("roleLabel"), role),
  h("div", { class: "row-actions" }, h("button", { type: "submit", text: t("localSignIn") }))));
}

// Customer.

async function loadFaq() {
  try {
    const data = await call("GET", "/v1/faq");
    faqQuestions = Object.fromEntries(data.entries.map((e) => [e.id, e.question]));
  } catch (err) { sayError(err); }
}

function resourceCard(resource, eligibility, numbers) {
  const headingId = uid("res");
  const eligible = eligibility.eligible;
  const card = h("article", { class: "card resource", "aria-labelledby": headingId, "data-resource": resource.resource_id });
  card.append(
    h("h3", { id: headingId }, h("span", { class: "mono", text: resource.resource_id }), " ",
      badge(eligible ? "ok" : "bad", eligible ? t("eligible") : t("notEligible"))),
    facts([
      [t("product"), resource.product], [t("region"), resource.region],
      [t("billing"), t(`billing_${resource.billing}`)], [t("term"), t("months", { n: resource.term_months })],
      [t("bandwidth"), t("mbps", { n: resource.public_bandwidth_mbps })], [t("expires"), when(resource.expires_at)],
      [t("resourceStatus"), t(`resourceStatus_${resource.status}`)],
    ]),
    eligibility.quota ? h("p", { text: t("quota", eligibility.quota) }) : null,
  );
  if (!eligible) {
    card.append(h("h4", { text: t("reasonsTitle") }), reasonsList(eligibility.reasons));
  }
  const actions = h("div", { class: "row-actions" });
  if (eligible) {
    actions.append(h("button", { type: "button", class: "apply", text: t("apply"),
      onclick: () => issueDialog(resource, eligibility.quota) }));
  }
  actions.append(h("button", { type: "button", class: "secondary", text: t("selectForAssistant"),
    onclick: () => { selectForAssistant(resource.resource_id); } }));
  card.append(actions, h("h4", { text: t("numbersTitle") }));
  if (!numbers.length) card.append(h("p", { class: "muted", text: t("noNumbers") }));
  else {
    card.append(h("table", {},
      h("thead", {}, h("tr", {}, h("th", { scope: "col", text: t("snLabel") }), h("th", { scope: "col", text: t("status") }),
        h("th", { scope: "col", text: t("copy") }))),
      h("tbody", {}, numbers.map((sn) => h("tr", { class: "sn" },
        h("td", { class: "mono", text: sn.service_number }),
        h("td", {}, badge(sn.status === "issued" ? "ok" : sn.status === "void" ? "plain" : "warn", t(`sn_${sn.status}`))),
        h("td", {}, h("button", { type: "button", class: "secondary", text: t("copy"),
          "aria-label": `${t("copy")} ${sn.service_number}`, onclick: () => copy(sn.service_number) })))))));
  }
  return card;
}

async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    say(t("copied", { sn: text }));
  } catch {
    say(t("copyFailed", { sn: text }), true);
  }
}

function issueDialog(resource, quota) {
  // One Idempotency-Key per dialog: a double click, or a retry after a lost answer,
  // is the same request and issues once. A new key only after a definitive answer.
  let key = newKey();
  const max = Math.max(1, Math.min(20, quota?.remaining ?? 1));
  const count = h("input", { type: "number", min: 1, max, value: 1, required: true, inputmode: "numeric" });
  const error = h("div", { class: "error", role: "alert" });
  let busy = false;
  const confirm = h("button", { type: "button", class: "issue-confirm", text: t("issueConfirm") });
  const dialog = openDialog(t("issueTitle"),
    h("div", {}, h("p", { class: "mono", text: resource.resource_id }), field(t("issueCount", { max }), count), error),
    [confirm, h("button", { type: "button", class: "secondary", text: t("cancel"), onclick: () => dialog.close() })]);
  confirm.addEventListener("click", async () => {
    if (busy) return;
    busy = true;
    confirm.disabled = true;
    error.replaceChildren();
    try {
      const data = await once(`/v1/resources/${encodeURIComponent(resource.resource_id)}/service-numbers`,
        { count: Number(count.value) }, key);
      dialog.close();
      say(t("issuedOk", { n: data.service_numbers.length }));
      await loadResources();
      await renderSubmitForm();
    } catch (err) {
      if (err.status && err.status < 500) key = newKey();
      error.replaceChildren(err.message, err.reasons?.length ? reasonsList(err.reasons) : "");
    } finally {
      busy = false;
      confirm.disabled = false;
    }
  });
}

async function loadResources() {
  const box = document.getElementById("resource-list");
  if (!box) return;
  const loaded = [];
  const cards = [];
  const grid = h("div", { class: "cards" });
  await pagedList(box, "/v1/resources", {}, (resource) => {
    const slot = h("div", { class: "slot", text: t("loading") });
    loaded.push(resource);
    cards.push(Promise.all([
      call("GET", `/v1/resources/${encodeURIComponent(resource.resource_id)}/eligibility`),
      call("GET", `/v1/resources/${encodeURIComponent(resource.resource_id)}/service-numbers`),
    ]).then(([eligibility, numbers]) => slot.replaceWith(resourceCard(resource, eligibility, numbers.service_numbers)))
      .catch(sayError));
    return slot;
  }, t("noResources"), "resources", grid);
  box.prepend(grid);
  await Promise.all(cards);
  resourcesCache = loaded;
  fillResourceChoices();
}

async function renderSubmitForm() {
  const box = document.getElementById("submit-form");
  if (!box) return;
  const numbers = [];
  for (const resource of resourcesCache) {
    try {
      const data = await call("GET", `/v1/resources/${encodeURIComponent(resource.resource_id)}/service-numbers`);
      numbers.push(...data.service_numbers.filter((sn) => sn.status === "issued"));
    } catch (err) { sayError(err); }
  }
  if (!numbers.length) { box.replaceChildren(h("p", { class: "muted", text: t("noIssued") })); return; }
  let key = newKey();
  const sn = select(numbers.map((n) => [n.service_number, `${n.service_number} (${n.resource_id})`]));
  const domain = h("input", { type: "text", required: true, autocomplete: "url", placeholder: "example.com" });
  const siteName = h("input", { type: "text", required: true, maxlength: 64 });
  const province = select(Array.from(PROVINCES, (p) => [p, p]), "浙");
  const subjectType = select([["individual", t("subject_individual")], ["enterprise", t("subject_enterprise")]]);
  const subjectName = h("input", { type: "text", required: true, autocomplete: "name" });
  const idNumber = h("input", { type: "text", required: true, autocomplete: "off", spellcheck: "false" });
  const button = h("button", { type: "submit", text: t("submit") });
  const form = h("form", {
    class: "panel", onsubmit: async (e) => {
      e.preventDefault();
      if (button.disabled) return;
      button.disabled = true;
      const body = { service_number: sn.value, domain: domain.value.trim(), website_name: siteName.value.trim(),
        province: province.value, subject: { type: subjectType.value, name: subjectName.value.trim(), id_number: idNumber.value.trim() } };
      try {
        await once("/v1/filings", body, key);
        say(t("submittedOk"));
        await loadResources();
        await Promise.all([loadFilings(), loadNotifications(), renderSubmitForm()]);
      } catch (err) {
        if (err.status && err.status < 500) key = newKey();
        sayError(err);
      } finally {
        button.disabled = false;
      }
    },
  }, field(t("snLabel"), sn), field(t("domainLabel"), domain), field(t("siteNameLabel"), siteName),
  field(t("provinceLabel"), province), field(t("subjectType"), subjectType), field(t("subjectName"), subjectName),
  field(t("idNumber"), idNumber), h("div", { class: "row-actions" }, button));
  box.replaceChildren(form);
}

function historyToggle(filing) {
  const list = h("ol", { class: "timeline", hidden: true, "aria-label": t("history") });
  const button = h("button", { type: "button", class: "secondary", "aria-expanded": "false", text: t("history") });
  button.addEventListener("click", async () => {
    if (!list.hidden) { list.hidden = true; button.textContent = t("history"); button.setAttribute("aria-expanded", "false"); return; }
    try {
      const data = await call("GET", `/v1/filings/${filing.filing_id}/history`);
      list.replaceChildren(...data.events.map((e) => h("li", {},
        h("time", { datetime: e.at, text: when(e.at) }), " · ", t(`act_${e.action}`), " · ",
        e.to_status ? (t(`st_${e.to_status}`) || e.to_status) : "", e.reason ? ` · ${e.reason}` : "",
        h("span", { class: "muted", text: ` (${e.actor})` }))));
      list.hidden = false;
      button.textContent = t("hideHistory");
      button.setAttribute("aria-expanded", "true");
    } catch (err) { sayError(err); }
  });
  return [button, list];
}

function filingFacts(filing, withOwner = false) {
  return facts([
    [t("websiteName"), filing.website_name],
    [t("filingNumber"), filing.filing_number ? h("strong", { class: "filing-number", text: filing.filing_number }) : "—"],
    ...(withOwner ? [[t("owner"), filing.owner]] : []),
    [t("subject"), `${filing.subject.name} · ${filing.subject.id_number_masked}`],
    [t("snLabel"), h("span", { class: "mono", text: filing.service_number })],
    [t("submittedAt"), when(filing.created_at)],
  ]);
}

function filingCard(filing, extraActions = []) {
  const headingId = uid("fil");
  const [historyButton, timeline] = historyToggle(filing);
  return h("article", { class: "card filing", "aria-labelledby": headingId, "data-filing": filing.filing_id },
    h("h3", { id: headingId }, filing.domain, " ", statusBadge(filing.status)), filingFacts(filing, caller.role !== "customer"),
    h("div", { class: "row-actions" }, historyButton, ...extraActions), timeline);
}

function customerFilingActions(filing) {
  const actions = [];
  if (filing.status === "access_revoked") {
    actions.push(h("button", { type: "button", text: t("reaccess"), onclick: () => reaccessDialog(filing) }));
  }
  if (filing.status === "approved" || filing.status === "access_revoked") {
    actions.push(h("button", { type: "button", class: "danger", text: t("cancelOwn"),
      onclick: () => cancelDialog(filing, ["subject_request"]) }));
  }
  return actions;
}

async function reaccessDialog(filing) {
  const numbers = [];
  for (const resource of resourcesCache) {
    const data = await call("GET", `/v1/resources/${encodeURIComponent(resource.resource_id)}/service-numbers`);
    numbers.push(...data.service_numbers.filter((sn) => sn.status === "issued"));
  }
  const key = newKey();
  const sn = select(numbers.map((n) => [n.service_number, n.service_number]));
  const go = h("button", { type: "button", text: t("reaccess"), disabled: !numbers.length });
  const dialog = openDialog(t("reaccessWith"), h("div", {}, numbers.length ? field(t("snLabel"), sn) : h("p", { text: t("noIssued") })),
    [go, h("button", { type: "button", class: "secondary", text: t("cancel"), onclick: () => dialog.close() })]);
  go.addEventListener("click", async () => {
    go.disabled = true;
    try {
      await once(`/v1/filings/${filing.filing_id}/access`, { service_number: sn.value }, key);
      dialog.close();
      say(t("reaccessOk"));
      await refresh();
    } catch (err) { sayError(err); go.disabled = false; }
  });
}

function cancelDialog(filing, reasons) {
  const key = newKey();
  const reason = select(reasons.map((r) => [r, t(`cr_${r}`)]));
  const blacklist = h("input", { type: "checkbox" });
  const go = h("button", { type: "button", class: "danger", text: t("cancelConfirm") });
  const body = h("div", {}, h("p", { text: filing.domain }), field(t("cancelReason"), reason));
  if (reasons.includes("illegal_content")) {
    const id = uid("bl");
    blacklist.id = id;
    body.append(h("div", { class: "inline" }, blacklist, h("label", { for: id, text: t("blacklist") })));
  }
  const dialog = openDialog(t("cancelFiling"), body,
    [go, h("button", { type: "button", class: "secondary", text: t("cancel"), onclick: () => dialog.close() })]);
  go.addEventListener("click", async () => {
    go.disabled = true;
    const payload = { reason: reason.value };
    if (blacklist.checked && reason.value === "illegal_content") payload.blacklist = true;
    try {
      const data = await once(`/v1/filings/${filing.filing_id}/cancel`, payload, key);
      dialog.close();
      say(t("cancelledOk", { n: data.cancelled.length }));
      await refresh();
    } catch (err) { sayError(err); go.disabled = false; }
  });
}

async function loadFilings() {
  const box = document.getElementById("filing-list");
  if (!box) return;
  await pagedList(box, "/v1/filings", {}, (f) => filingCard(f, customerFilingActions(f)), t("noFilings"), "filings");
}

async function loadNotifications() {
  const box = document.getElementById("notification-list");
  if (!box) return;
  await pagedList(box, "/v1/notifications", {}, (n) => h("article", { class: "card notification" },
    h("p", { text: n.message }), h("time", { class: "muted", datetime: n.created_at, text: when(n.created_at) })),
  t("noNotifications"), "notifications");
}

function fillResourceChoices() {
  const chooser = document.getElementById("assistant-resource");
  if (!chooser) return;
  const selected = chooser.value;
  chooser.replaceChildren(h("option", { value: "", text: t("none") }),
    ...resourcesCache.map((r) => h("option", { value: r.resource_id, text: r.resource_id, selected: r.resource_id === selected })));
}

function selectForAssistant(resourceId) {
  const chooser = document.getElementById("assistant-resource");
  chooser.value = resourceId;
  document.getElementById("assistant-question").focus();
}

function askAssistant(question) {
  const input = document.getElementById("assistant-question");
  if (!input) return;
  input.value = question;
  document.getElementById("assistant").scrollIntoView();
  document.getElementById("assistant-form").requestSubmit();
}

function assistantSection() {
  const question = h("textarea", { id: "assistant-question", rows: 2, required: true, maxlength: 4000 });
  const resource = h("select", { id: "assistant-resource" });
  const output = h("div", { id: "assistant-output", "aria-live": "polite" });
  const ask = h("button", { type: "submit", text: t("ask") });
  const form = h("form", {
    id: "assistant-form", class: "panel", onsubmit: async (e) => {
      e.preventDefault();
      ask.disabled = true;
      try {
        const body = { question: question.value };
        if (resource.value) body.resource_id = resource.value;
        const data = await call("POST", "/v1/faq/answer", { body });
        output.replaceChildren(...renderAnswer(data));
      } catch (err) { sayError(err); } finally { ask.disabled = false; }
    },
  }, field(t("question"), question), field(t("diagnoseResource"), resource), h("div", { class: "row-actions" }, ask));
  return section("assistant", t("assistantTitle"), form, output);
}

function renderAnswer(data) {
  const parts = [];
  if (data.answer) {
    parts.push(h("div", { class: "answer" }, h("h3", { text: data.answer.question }), h("p", { text: data.answer.answer })));
  } else {
    parts.push(h("p", { class: "answer", text: t("noAnswer") }));
  }
  if (data.alternatives?.length) {
    parts.push(h("h4", { text: t("alternatives") }), h("ul", {}, data.alternatives.map((a) => h("li", {},
      h("button", { type: "button", class: "link", text: a.question, onclick: () => askAssistant(a.question) })))));
  }
  if (data.diagnosis) {
    const d = data.diagnosis;
    parts.push(h("div", { class: "panel diagnosis" },
      h("h4", {}, t("diagnosis", { id: d.resource_id }), " ", badge(d.eligible ? "ok" : "bad", d.eligible ? t("eligible") : t("notEligible"))),
      d.quota ? h("p", { text: t("quota", d.quota) }) : null,
      d.reasons?.length ? reasonsList(d.reasons) : null));
  }
  return parts;
}

async function renderCustomer() {
  const nav = h("nav", { "aria-label": t("title") }, h("div", { class: "tabs" },
    [["resources", "tabResources"], ["filings", "tabFilings"], ["notifications", "tabNotifications"], ["assistant", "tabAssistant"]]
      .map(([id, key]) => h("a", { class: "button secondary", href: `#${id}`, text: t(key) }))));
  main.replaceChildren(nav,
    section("resources", t("resourcesTitle"), h("div", { id: "resource-list" })),
    section("submit", t("submitTitle"), h("div", { id: "submit-form" })),
    section("filings", t("filingsTitle"), h("div", { id: "filing-list" })),
    section("notifications", t("notificationsTitle"), h("div", { id: "notification-list" })),
    assistantSection());
  await loadFaq();
  await loadResources();
  await Promise.all([renderSubmitForm(), loadFilings(), loadNotifications()]);
}

// Operator.

const FACTS = [
  ["owner", "text"], ["product", "text"], ["billing", "billing"], ["term_months", "number"], ["order_amount", "number"],
  ["public_bandwidth_mbps", "number"], ["region", "text"], ["expires_at", "text"], ["status", "status"],
];
const FACT_LABELS = { owner: "owner", product: "product", billing: "billing", term_months: "term", order_amount: "orderAmount",
  public_bandwidth_mbps: "bandwidth", region: "region", expires_at: "expires", status: "resourceStatus" };

function editResourceDialog(resource) {
  const controls = {};
  const idInput = h("input", { type: "text", required: true, value: resource?.resource_id || "", readonly: Boolean(resource) });
  const body = h("div", {}, field(t("resourceId"), idInput));
  for (const [name, kind] of FACTS) {
    const value = resource ? resource[name] : { billing: "subscription", status: "running", product: "ecs", region: "cn-hangzhou" }[name];
    let control;
    if (kind === "billing") control = select([["subscription", t("billing_subscription")], ["pay_as_you_go", t("billing_pay_as_you_go")]], value);
    else if (kind === "status") control = select([["running", t("resourceStatus_running")], ["released", t("resourceStatus_released")]], value);
    else control = h("input", { type: kind === "number" ? "number" : "text", step: kind === "number" ? "any" : undefined,
      min: kind === "number" ? 0 : undefined, value: value ?? "" });
    controls[name] = control;
    body.append(field(t(FACT_LABELS[name]), control));
  }
  const save = h("button", { type: "button", text: t("save") });
  const dialog = openDialog(resource ? t("edit") : t("newResource"), body,
    [save, h("button", { type: "button", class: "secondary", text: t("cancel"), onclick: () => dialog.close() })]);
  save.addEventListener("click", async () => {
    const payload = {};
    for (const [name, kind] of FACTS) {
      const raw = controls[name].value.trim();
      if (raw === "") continue;
      payload[name] = kind === "number" ? Number(raw) : raw;
    }
    save.disabled = true;
    try {
      await call("PUT", `/v1/resources/${encodeURIComponent(idInput.value.trim())}`, { body: payload });
      dialog.close();
      say(t("savedOk", { id: idInput.value.trim() }));
      await refresh();
    } catch (err) { sayError(err); save.disabled = false; }
  });
}

function revokeControls(filing) {
  if (filing.status !== "approved") return [];
  const reason = select(["inaccurate_info", "missing_info", "resource_released"].map((r) => [r, t(`rr_${r}`)]));
  const key = newKey();
  const go = h("button", { type: "button", class: "danger", text: t("revoke") });
  go.addEventListener("click", async () => {
    go.disabled = true;
    try {
      await once(`/v1/filings/${filing.filing_id}/access-revocation`, { reason: reason.value }, key);
      say(t("revokedOk"));
      await refresh();
    } catch (err) { sayError(err); go.disabled = false; }
  });
  return [h("div", { class: "inline" }, field(t("revokeReason"), reason), go)];
}

let operatorOwner = "";

async function renderOperator() {
  const owner = h("input", { type: "text", value: operatorOwner, autocomplete: "off" });
  const results = h("div", { id: "op-resources" });
  const filingsBox = h("div", { id: "op-filings" });
  const search = h("form", { class: "panel inline", onsubmit: (e) => { e.preventDefault(); operatorOwner = owner.value.trim(); load(); } },
    field(t("ownerLabel"), owner), h("button", { type: "submit", text: t("find") }),
    h("button", { type: "button", class: "secondary", text: t("newResource"), onclick: () => editResourceDialog(null) }));
  main.replaceChildren(section("operator", t("opTitle"), h("h3", { text: t("findOwner") }), search, results,
    h("h3", { text: t("ownerFilings") }), h("p", { class: "muted", text: t("opCancelNote") }), filingsBox));
  async function load() {
    const params = operatorOwner ? { owner: operatorOwner } : {};
    const table = h("table", {}, h("thead", {}, h("tr", {}, ["resourceId", "owner", "product", "billing", "term", "bandwidth",
      "region", "expires", "resourceStatus", "edit"].map((k) => h("th", { scope: "col", text: t(k) })))));
    const body = h("tbody");
    table.append(body);
    const holder = h("div");
    results.replaceChildren(table, holder);
    await pagedList(holder, "/v1/resources", params, (r) => h("tr", {}, h("td", { class: "mono", text: r.resource_id }), h("td", { text: r.owner }), h("td", { text: r.product }),
        h("td", { text: t(`billing_${r.billing}`) }), h("td", { text: t("months", { n: r.term_months }) }),
        h("td", { text: t("mbps", { n: r.public_bandwidth_mbps }) }), h("td", { text: r.region }), h("td", { text: when(r.expires_at) }),
        h("td", { text: t(`resourceStatus_${r.status}`) }),
        h("td", {}, h("button", { type: "button", class: "secondary", text: t("edit"), "aria-label": `${t("edit")} ${r.resource_id}`,
          onclick: () => editResourceDialog(r) }))), t("noResources"), "resources", body);
    await pagedList(filingsBox, "/v1/filings", params, (f) => filingCard(f, revokeControls(f)), t("noFilings"), "filings");
  }
  await load();
}

// Regulator.

function reviewActions(filing) {
  const approveKey = newKey();
  const approve = h("button", { type: "button", class: "approve", text: t("approve") });
  approve.addEventListener("click", async () => {
    approve.disabled = true;
    try {
      const data = await once(`/v1/filings/${filing.filing_id}/approve`, {}, approveKey);
      say(t("approvedOk", { number: data.filing_number }));
      await refresh();
    } catch (err) { sayError(err); approve.disabled = false; }
  });
  const reject = h("button", { type: "button", class: "danger", text: t("reject"), onclick: () => rejectDialog(filing) });
  return [approve, reject];
}

function rejectDialog(filing) {
  const key = newKey();
  const reason = h("textarea", { rows: 3, required: true, maxlength: 500 });
  const go = h("button", { type: "button", class: "danger", text: t("rejectConfirm") });
  const dialog = openDialog(t("reject"), h("div", {}, h("p", { text: filing.domain }), field(t("rejectReason"), reason)),
    [go, h("button", { type: "button", class: "secondary", text: t("cancel"), onclick: () => dialog.close() })]);
  go.addEventListener("click", async () => {
    go.disabled = true;
    try {
      await once(`/v1/filings/${filing.filing_id}/reject`, { reason: reason.value }, key);
      dialog.close();
      say(t("rejectedOk"));
      await refresh();
    } catch (err) { sayError(err); go.disabled = false; }
  });
}

let regulatorStatus = "";

async function renderRegulator() {
  const queue = h("div", { id: "queue" });
  const all = h("div", { id: "all-filings" });
  const filter = select([["", t("all")], ...STATUSES.map((s) => [s, t(`st_${s}`)])], regulatorStatus);
  filter.addEventListener("change", () => { regulatorStatus = filter.value; loadAll(); });
  main.replaceChildren(
    section("review", t("regTitle"), h("h3", { text: t("queueTitle") }), queue),
    section("filings-all", t("allFilings"), h("div", { class: "inline panel" }, field(t("statusFilter"), filter)), all));
  function cancelAction(f) {
    if (f.status !== "approved" && f.status !== "access_revoked") return [];
    const reasons = f.status === "access_revoked"
      ? ["subject_request", "domain_expired", "illegal_content", "access_not_renewed"]
      : ["subject_request", "domain_expired", "illegal_content"];
    return [h("button", { type: "button", class: "danger", text: t("cancelFiling"), onclick: () => cancelDialog(f, reasons) })];
  }
  function loadAll() {
    return pagedList(all, "/v1/filings", { status: regulatorStatus }, (f) => filingCard(f, cancelAction(f)), t("noFilings"), "filings");
  }
  await pagedList(queue, "/v1/filings", { status: "in_review" }, (f) => filingCard(f, reviewActions(f)), t("emptyQueue"), "filings");
  await loadAll();
}

// The page.

async function render() {
  const who = document.getElementById("who");
  const signOut = document.getElementById("sign-out");
  if (!caller) {
    who.textContent = "";
    signOut.hidden = true;
    await renderSignIn();
    return;
  }
  who.textContent = t("signedInAs", { account: caller.account, role: t(`role_${caller.role}`) });
  signOut.hidden = false;
  try {
    if (caller.role === "operator") await renderOperator();
    else if (caller.role === "regulator") await renderRegulator();
    else await renderCustomer();
  } catch (err) {
    if (err instanceof ApiError) sayError(err); else throw err;
  }
  main.dataset.ready = "true";
}

async function refresh() {
  main.dataset.ready = "false";
  await render();
}

function start() {
  setLang(lang());
  const langButton = document.getElementById("lang");
  const syncLangButton = () => {
    langButton.textContent = t("langSwitch");
    langButton.lang = lang() === "en" ? "zh-CN" : "en";
  };
  syncLangButton();
  langButton.addEventListener("click", async () => {
    setLang(lang() === "en" ? "zh" : "en");
    syncLangButton();
    statusBox.replaceChildren();
    await refresh();
  });
  document.getElementById("sign-out").addEventListener("click", () => {
    setToken("");
    caller = null;
    statusBox.replaceChildren();
    refresh();
  });
  caller = getToken() ? decodeToken(getToken()) : null;
  refresh();
}

start();
