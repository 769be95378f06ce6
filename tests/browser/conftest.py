"""The console in a real headless Chromium (Debian's package) driven by Playwright,
against a real `scripts/serve` on loopback.

Chromium comes from apt (`apt-get install -y chromium`; .ci/run installs it), never
from `playwright install`; CHROMIUM overrides its path.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Iterator

import jwt
import pytest
import requests

from local.conftest import Server

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ECS = {"product": "ecs", "billing": "subscription", "term_months": 12, "order_amount": 0,
       "public_bandwidth_mbps": 5, "region": "cn-hangzhou", "expires_at": "2027-06-01T00:00:00Z"}
# In Hong Kong, pay-as-you-go, no public bandwidth: three reasons at once.
INELIGIBLE = {**ECS, "billing": "pay_as_you_go", "term_months": 0, "public_bandwidth_mbps": 0, "region": "cn-hongkong"}


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    try:
        from playwright import sync_api
    except ImportError:
        pytest.fail("playwright is missing: pip install -r requirements-dev.txt")
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium (.ci/run does)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Console:
    """One signed-in browser tab, collecting every console error and uncaught exception."""

    def __init__(self, browser, base: str, lang: str = "zh"):
        self.context = browser.new_context(viewport={"width": 1100, "height": 860}, locale="zh-CN")
        # Generous: the whole suite shares two cores with other work; a real failure still fails.
        self.context.set_default_timeout(60_000)
        self.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
        if lang == "en":
            self.context.add_init_script("localStorage.setItem('icp.lang', 'en')")
        self.page = self.context.new_page()
        self.base = base
        self.closed = False
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}")
                     if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))

    def sign_in(self, account: str, role: str) -> "Console":
        """The local sign-in that only scripts/serve offers."""
        self.page.goto(self.base + "/console/")
        form = self.page.locator("#local-sign-in")
        form.locator("input").fill(account)
        form.locator("select").select_option(role)
        form.locator("button[type=submit]").click()
        self.ready()
        return self

    def ready(self) -> None:
        self.page.wait_for_selector("main[data-ready=true]")

    def reload(self) -> None:
        self.page.reload()
        self.ready()

    def axe_violations(self) -> list[dict]:
        """Serious and critical axe-core violations of the page as it is now."""
        self.page.evaluate(AXE.read_text(encoding="utf-8"))
        result = self.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
                for v in result["violations"] if v["impact"] in ("serious", "critical")]

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.context.close()


class Backend:
    """One `scripts/serve`: its API for setting up and checking facts beside the browser,
    and consoles (browser tabs) open on it, closed after the test."""

    def __init__(self, server: Server, browser):
        self.server, self.browser = server, browser
        self.operator = self.token("op-1", "operator")
        self.consoles: list[Console] = []

    def token(self, sub: str, role: str) -> str:
        """What `scripts/token` prints, minted here with the server's secret (no process per token)."""
        return issue_token_with(self.server.env["ICP_JWT_SECRET"], sub, role)

    def console(self, lang: str = "zh") -> Console:
        console = Console(self.browser, self.server.base, lang)
        self.consoles.append(console)
        return console

    def call(self, method: str, path: str, token: str, body: dict | None = None) -> requests.Response:
        return requests.request(method, self.server.base + path, json=body, timeout=10,
                                headers={"Authorization": f"Bearer {token}"})

    def resource(self, resource_id: str, owner: str, **facts) -> None:
        response = self.call("PUT", f"/v1/resources/{resource_id}", self.operator, {**facts, "owner": owner})
        assert response.status_code == 200, response.text

    def close(self) -> None:
        for console in self.consoles:
            console.close()


def issue_token_with(secret: str, sub: str, role: str) -> str:
    now = int(time.time())
    return jwt.encode({"sub": sub, "role": role, "iat": now, "exp": now + 3600}, secret, algorithm="HS256")


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Server]:
    """One server for a module's tests (each test uses its own accounts)."""
    server = Server(tmp_path_factory.mktemp("console"))
    yield server
    server.stop()


@pytest.fixture
def backend(served, browser) -> Iterator[Backend]:
    opened = Backend(served, browser)
    yield opened
    opened.close()


@pytest.fixture
def fresh_backend(tmp_path, browser) -> Iterator[Backend]:
    """A server of its own: for pages that show every account's data (the screenshots)."""
    server = Server(tmp_path)
    opened = Backend(server, browser)
    yield opened
    opened.close()
    server.stop()
