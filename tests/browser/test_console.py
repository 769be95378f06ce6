"""The console in headless Chromium: what the FAQ describes, seen by each role.

Each test starts its own `scripts/serve` (SQLite under tmp), sets facts up through the
API where the console is not what is tested, and checks the browser's view against
the API. No console errors are tolerated; axe-core finds no serious or critical
violation on any page.
"""
from __future__ import annotations

import os
import re

import pytest
import requests

from api.filing_support import resident_id

from .conftest import ECS, INELIGIBLE, SCREENSHOTS, Backend

pytestmark = pytest.mark.slow

QUESTION = "为什么我申请不了备案服务号？"
QUESTION_EN = "Why can't I apply for a service number?"


def numbers_of(backend: Backend, token: str, resource_id: str) -> list[dict]:
    response = backend.call("GET", f"/v1/resources/{resource_id}/service-numbers", token)
    assert response.status_code == 200
    return response.json()["service_numbers"]


def test_customer_files_and_the_bureau_approves(backend):
    # Given alice's two servers: one that may get service numbers, one that may not.
    backend.resource("i-good", "alice", **ECS)
    backend.resource("i-hk", "alice", **INELIGIBLE)
    alice_token = backend.token("alice", "customer")
    expected = backend.call("GET", "/v1/resources/i-hk/eligibility", alice_token).json()
    assert not expected["eligible"] and len(expected["reasons"]) == 3

    customer = backend.console().sign_in("alice", "customer")
    page = customer.page

    # The ineligible one: every reason with its remedy and FAQ entry, and no apply button.
    bad = page.locator("article[data-resource='i-hk']")
    assert "不可申请备案服务号" in bad.locator("h3").inner_text()
    reasons = bad.locator("ul.reasons > li")
    assert reasons.count() == 3
    for n, reason in enumerate(expected["reasons"]):
        item = reasons.nth(n)
        assert reason["message"] in item.inner_text() and reason["remedy"] in item.inner_text()
        assert item.get_by_role("button", name=re.compile("^常见问题：")).count() == 1
    assert bad.get_by_role("button", name="申请备案服务号", exact=True).count() == 0

    # The eligible one has the button; a double click on the dialog's confirm issues two, not four.
    good = page.locator("article[data-resource='i-good']")
    assert "可申请备案服务号" in good.locator("h3").inner_text()
    good.get_by_role("button", name="申请备案服务号", exact=True).click()
    dialog = page.locator("dialog[open]")
    dialog.locator("input[type=number]").fill("2")
    dialog.get_by_role("button", name="确认申请").dblclick()
    page.get_by_text("已申请 2 个备案服务号。").wait_for()
    issued = numbers_of(backend, alice_token, "i-good")
    assert len(issued) == 2
    good = page.locator("article[data-resource='i-good']")
    rows = good.locator("tr.sn")
    rows.nth(1).wait_for()  # the list is read again after the answer: wait for it, then count
    assert rows.count() == 2
    assert {rows.nth(i).locator("td.mono").inner_text() for i in range(2)} == {sn["service_number"] for sn in issued}
    assert "额度：已申请 2 / 5，剩余 3" in good.inner_text()

    # The copy button puts the number on the clipboard.
    first = rows.nth(0).locator("td.mono").inner_text()
    rows.nth(0).get_by_role("button", name=f"复制 {first}").click()
    assert page.evaluate("navigator.clipboard.readText()") == first

    # Submit a filing with one of them.
    form = page.locator("#submit-form form")
    form.get_by_label("备案服务号").select_option(first)
    form.get_by_label("网站域名").fill("blog.example.com")
    form.get_by_label("网站名称", exact=True).fill("爱丽丝的博客")
    form.get_by_label("主体名称").fill("张三")
    form.get_by_label("证件号码").fill(resident_id("33010619900101123"))
    form.get_by_role("button", name="提交备案").click()
    page.get_by_text("备案已提交，等待管局审核。").wait_for()
    [filing] = backend.call("GET", "/v1/filings", alice_token).json()["filings"]
    card = page.locator(f"#filing-list article[data-filing='{filing['filing_id']}']")
    assert "审核中" in card.locator("h3").inner_text()

    # The bureau approves it from the review queue.
    regulator = backend.console().sign_in("bureau-1", "regulator")
    queued = regulator.page.locator(f"#queue article[data-filing='{filing['filing_id']}']")
    assert "blog.example.com" in queued.inner_text()
    queued.get_by_role("button", name="通过").click()
    regulator.page.get_by_text(re.compile("已通过：浙ICP备")).wait_for()
    number = backend.call("GET", f"/v1/filings/{filing['filing_id']}", alice_token).json()["filing_number"]
    assert number and number.startswith("浙ICP备")
    assert regulator.page.locator(f"#queue article[data-filing='{filing['filing_id']}']").count() == 0

    # The customer sees the filing number, its history and the notification.
    customer.reload()
    card = page.locator(f"#filing-list article[data-filing='{filing['filing_id']}']")
    assert "已通过" in card.locator("h3").inner_text()
    assert card.locator(".filing-number").inner_text() == number
    card.get_by_role("button", name="历史记录").click()
    timeline = card.locator("ol.timeline")
    timeline.locator("li").nth(2).wait_for()
    assert "提交" in timeline.inner_text() and "审核通过" in timeline.inner_text()
    assert number in page.locator("#notification-list").inner_text()

    # The assistant answers with the live diagnosis of the selected resource.
    bad = page.locator("article[data-resource='i-hk']")
    bad.get_by_role("button", name="在助手中诊断此实例").click()
    assert page.locator("#assistant-resource").input_value() == "i-hk"
    page.locator("#assistant-question").fill(QUESTION)
    page.locator("#assistant-form").get_by_role("button", name="提问").click()
    diagnosis = page.locator("#assistant-output .diagnosis")
    diagnosis.wait_for()
    assert "实例 i-hk 的实时诊断" in diagnosis.inner_text() and "不可申请备案服务号" in diagnosis.inner_text()
    assert diagnosis.locator("ul.reasons > li").count() == 3
    answer = backend.call("POST", "/v1/faq/answer", alice_token, {"question": QUESTION}).json()["answer"]
    assert answer["question"] in page.locator("#assistant-output .answer").inner_text()

    assert customer.errors == [] and regulator.errors == []
    assert customer.axe_violations() == []
    assert regulator.axe_violations() == []


def test_the_faq_link_of_a_reason_asks_the_assistant(backend):
    backend.resource("i-hk", "frank", **INELIGIBLE)
    customer = backend.console().sign_in("frank", "customer")
    page = customer.page
    link = page.locator("article[data-resource='i-hk'] ul.reasons > li").first.get_by_role("button")
    question = link.inner_text().removeprefix("常见问题：")
    link.click()
    page.locator("#assistant-output .answer h3").wait_for()
    assert page.locator("#assistant-output .answer h3").inner_text() == question
    assert customer.errors == []


def test_operator_edits_billing_facts_and_revokes_access_and_the_owner_reaccesses(backend):
    bob = backend.token("bob", "customer")
    regulator = backend.token("bureau-1", "regulator")
    backend.resource("i-b1", "bob", **INELIGIBLE)
    backend.resource("i-b2", "bob", **ECS)
    numbers = backend.call("POST", "/v1/resources/i-b2/service-numbers", bob, {"count": 2}).json()["service_numbers"]
    filing = backend.call("POST", "/v1/filings", bob, {
        "service_number": numbers[0]["service_number"], "domain": "bob.example.com", "website_name": "鲍勃的店",
        "province": "浙", "subject": {"type": "individual", "name": "李四",
                                     "id_number": resident_id("33010619900202456")}}).json()
    assert backend.call("POST", f"/v1/filings/{filing['filing_id']}/approve", regulator).status_code == 200

    operator = backend.console().sign_in("op-1", "operator")
    page = operator.page
    page.get_by_label("账号 ID（留空为全部）").fill("bob")
    page.get_by_role("button", name="查找").click()
    page.get_by_role("button", name="编辑计费信息 i-b1").click()
    dialog = page.locator("dialog[open]")
    dialog.get_by_label("计费方式").select_option("subscription")
    dialog.get_by_label("购买时长").fill("12")
    dialog.get_by_label("公网带宽").fill("5")
    dialog.get_by_label("地域").fill("cn-shanghai")
    dialog.get_by_role("button", name="保存").click()
    page.get_by_text("已保存实例 i-b1。").wait_for()
    assert backend.call("GET", "/v1/resources/i-b1/eligibility", bob).json()["eligible"] is True

    card = page.locator(f"#op-filings article[data-filing='{filing['filing_id']}']")
    card.get_by_label("取消接入原因").select_option("missing_info")
    card.get_by_role("button", name="取消接入").click()
    page.get_by_text("已取消接入。").wait_for()
    assert backend.call("GET", f"/v1/filings/{filing['filing_id']}", bob).json()["status"] == "access_revoked"

    owner = backend.console().sign_in("bob", "customer")
    mine = owner.page.locator(f"#filing-list article[data-filing='{filing['filing_id']}']")
    assert "已取消接入" in mine.locator("h3").inner_text()
    assert "已被取消接入" in owner.page.locator("#notification-list").inner_text()
    mine.get_by_role("button", name="重新接入").click()
    owner.page.locator("dialog[open]").get_by_role("button", name="重新接入").click()
    owner.page.get_by_text("已重新接入。").wait_for()
    after = backend.call("GET", f"/v1/filings/{filing['filing_id']}", bob).json()
    assert after["status"] == "approved" and after["service_number"] == numbers[1]["service_number"]
    assert operator.errors == [] and owner.errors == []
    assert operator.axe_violations() == []


def test_the_bureau_rejects_with_a_reason(backend):
    carol = backend.token("carol", "customer")
    backend.resource("i-c1", "carol", **ECS)
    [sn] = backend.call("POST", "/v1/resources/i-c1/service-numbers", carol, {}).json()["service_numbers"]
    filing = backend.call("POST", "/v1/filings", carol, {
        "service_number": sn["service_number"], "domain": "carol.example.com", "website_name": "卡罗尔",
        "province": "沪", "subject": {"type": "individual", "name": "王五",
                                     "id_number": resident_id("31010119850303789")}}).json()
    regulator = backend.console().sign_in("bureau-1", "regulator")
    card = regulator.page.locator(f"#queue article[data-filing='{filing['filing_id']}']")
    card.get_by_role("button", name="驳回").click()
    dialog = regulator.page.locator("dialog[open]")
    dialog.get_by_label("驳回原因").fill("网站名称与主体不符")
    dialog.get_by_role("button", name="确认驳回").click()
    regulator.page.get_by_text("已驳回。").wait_for()
    after = backend.call("GET", f"/v1/filings/{filing['filing_id']}", carol).json()
    assert after["status"] == "rejected"
    notes = backend.call("GET", "/v1/notifications", carol).json()["notifications"]
    assert "网站名称与主体不符" in notes[0]["message"]
    assert regulator.errors == []


def test_sign_in_by_pasting_a_token_and_switching_to_english(backend):
    backend.resource("i-hk", "dave", **INELIGIBLE)
    console = backend.console()
    page = console.page
    page.goto(console.base + "/console/")
    page.get_by_label("访问令牌（Bearer token）").fill(backend.token("dave", "customer"))
    page.locator("#token-sign-in").get_by_role("button", name="登录").click()
    console.ready()
    assert "dave（客户）" in page.locator("#who").inner_text()
    page.get_by_role("button", name="English").click()
    console.ready()
    assert page.locator("html").get_attribute("lang") == "en"
    card = page.locator("article[data-resource='i-hk']")
    assert "Not eligible for service numbers" in card.inner_text()
    # The reasons are the API's own words, asked for in English.
    english = requests.get(backend.server.base + "/v1/resources/i-hk/eligibility", timeout=10,
                           headers={"Authorization": f"Bearer {backend.token('dave', 'customer')}",
                                    "Accept-Language": "en"}).json()
    shown = card.locator("ul.reasons").inner_text()
    assert all(reason["message"] in shown and reason["remedy"] in shown for reason in english["reasons"])
    page.get_by_role("button", name="Sign out").click()
    page.locator("#token-sign-in").wait_for()
    assert console.errors == []


def test_a_malformed_token_is_refused_in_words(backend):
    console = backend.console()
    page = console.page
    page.goto(console.base + "/console/")
    page.get_by_label("访问令牌（Bearer token）").fill("not a token")
    page.locator("#token-sign-in").get_by_role("button", name="登录").click()
    assert page.locator("#status").inner_text() == "令牌格式不正确。"
    assert console.errors == []


def test_screenshots_of_every_page_in_both_languages(fresh_backend, tmp_path):
    """{customer,operator,regulator}-{zh,en}.png: into docs/screenshots (shown in the README)
    when ICP_UPDATE_SCREENSHOTS=1 asks for it, else into a temporary folder, so that a test
    run leaves the checkout as it found it."""
    shots = SCREENSHOTS if os.environ.get("ICP_UPDATE_SCREENSHOTS") == "1" else tmp_path
    erin = fresh_backend.token("erin", "customer")
    fresh_backend.resource("i-erin-hk", "erin", **INELIGIBLE)
    fresh_backend.resource("i-erin-1", "erin", **ECS)
    numbers = fresh_backend.call("POST", "/v1/resources/i-erin-1/service-numbers", erin, {"count": 3}).json()
    numbers = numbers["service_numbers"]
    for n, (domain, site) in enumerate([("erin.example.com", "艾琳的博客"), ("shop.example.com", "艾琳小店")]):
        filing = fresh_backend.call("POST", "/v1/filings", erin, {
            "service_number": numbers[n]["service_number"], "domain": domain, "website_name": site, "province": "浙",
            "subject": {"type": "individual", "name": "艾琳", "id_number": resident_id("33010619920404321")}}).json()
        if n == 0:
            regulator = fresh_backend.token("bureau-1", "regulator")
            approved = fresh_backend.call("POST", f"/v1/filings/{filing['filing_id']}/approve", regulator)
            assert approved.status_code == 200
    shots.mkdir(parents=True, exist_ok=True)
    for lang in ("zh", "en"):
        for role, account in (("customer", "erin"), ("operator", "op-1"), ("regulator", "bureau-1")):
            console = fresh_backend.console(lang).sign_in(account, role)
            assert console.page.locator("html").get_attribute("lang") == ("en" if lang == "en" else "zh-CN")
            if role == "customer":
                console.page.locator("#assistant-resource").select_option("i-erin-hk")
                console.page.locator("#assistant-question").fill(QUESTION if lang == "zh" else QUESTION_EN)
                console.page.locator("#assistant-form button[type=submit]").click()
                console.page.locator("#assistant-output .diagnosis").wait_for()
                assert console.page.locator("#assistant-output .answer h3").count() == 1  # answered, not "sorry"
            assert console.axe_violations() == [], (role, lang)
            console.page.screenshot(path=str(shots / f"{role}-{lang}.png"), full_page=True)
            assert (shots / f"{role}-{lang}.png").stat().st_size > 10_000
            assert console.errors == [], (role, lang)
            console.close()


def test_a_lost_answer_is_retried_with_the_same_key_and_issues_once(backend):
    # The first answer to "apply" never reaches the page (the server did issue): the
    # console asks again with the same Idempotency-Key and is given the first answer.
    backend.resource("i-gina", "gina", **ECS)
    gina = backend.token("gina", "customer")
    console = backend.console().sign_in("gina", "customer")
    page = console.page
    keys: list[str] = []

    def lose_first_answer(route):
        keys.append(route.request.headers.get("idempotency-key", ""))
        if len(keys) == 1:
            route.fetch()      # the server receives it and issues...
            route.abort()      # ...but the answer is lost on the way back
        else:
            route.continue_()

    page.route("**/v1/resources/i-gina/service-numbers", lambda route: lose_first_answer(route)
               if route.request.method == "POST" else route.continue_())
    page.locator("article[data-resource='i-gina']").get_by_role("button", name="申请备案服务号", exact=True).click()
    dialog = page.locator("dialog[open]")
    dialog.locator("input[type=number]").fill("3")
    dialog.get_by_role("button", name="确认申请").click()
    page.get_by_text("已申请 3 个备案服务号。").wait_for()
    assert len(keys) == 2 and keys[0] and keys[0] == keys[1]
    assert len(numbers_of(backend, gina, "i-gina")) == 3
    # The one error the browser reports is the answer this test threw away.
    assert [e for e in console.errors if "ERR_FAILED" not in e] == []


def test_the_apply_dialog_works_from_the_keyboard(backend):
    backend.resource("i-hana", "hana", **ECS)
    console = backend.console().sign_in("hana", "customer")
    page = console.page
    apply = page.locator("article[data-resource='i-hana']").get_by_role("button", name="申请备案服务号", exact=True)
    apply.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog[open]")
    dialog.wait_for()
    assert page.evaluate("document.activeElement.type") == "number"  # focus moved into the dialog
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")
    apply.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")       # from the count to the confirm button
    assert page.evaluate("document.activeElement.textContent") == "确认申请"
    page.keyboard.press("Enter")
    page.get_by_text("已申请 1 个备案服务号。").wait_for()
    assert console.errors == []
