"""pytest fixtures for browser tests: Playwright (sync API) driving Debian's chromium.

Registered by the root ``conftest.py`` (``pytest_plugins``). A test that uses ``page`` is marked
``browser`` automatically, gets pytest-django's ``live_server`` (and with it a transactional
database) and a fresh browser context; ``page.goto("/inloggen/")`` resolves against the live
server. On failure a screenshot lands in ``test-artifacts/``.

Playwright's sync API runs an asyncio event loop in the test thread, so Django's
async-safety check would refuse ORM calls made in tests: ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set
while the browser runs. The browser is started once per session, on first use.

``VOOROP_CHROMIUM`` overrides the browser binary (default ``/usr/bin/chromium``);
``VOOROP_HEADED=1`` shows the window (on a machine with a display).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
ARTIFACTS_DIR = Path(os.environ.get("VOOROP_TEST_ARTIFACTS", "test-artifacts"))
DEFAULT_TIMEOUT_MS = 10_000

PHONE = {"width": 375, "height": 740}


def fits_the_phone(page) -> None:
    """At the page's current (phone) width nothing scrolls sideways; the assertion names the
    elements that stick out."""
    too_wide = page.evaluate(
        """() => [...document.querySelectorAll("body *")]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .filter(e => ![...e.children].some(
                c => c.getBoundingClientRect().right > window.innerWidth + 1))
            .map(e => e.tagName + "." + e.className + " " + Math.round(
                e.getBoundingClientRect().right))"""
    )
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, f"{page.url} scrolls sideways: " + ", ".join(too_wide)


_report_key = pytest.StashKey[dict[str, pytest.TestReport]]()


def chromium_executable() -> str:
    path = os.environ.get("VOOROP_CHROMIUM", CHROMIUM)
    if not Path(path).is_file():
        pytest.fail(
            f"Browser tests need Debian's chromium at {path}; install it with "
            "`apt-get install chromium` (`make setup` does) or set VOOROP_CHROMIUM.",
            pytrace=False,
        )
    return path


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "page" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]):
    report = yield
    item.stash.setdefault(_report_key, {})[report.when] = report
    return report


@pytest.fixture(scope="session")
def playwright_browser() -> Iterator[Browser]:
    """One headless chromium for the whole session."""
    from playwright.sync_api import sync_playwright

    executable = chromium_executable()
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    profile_dir = tempfile.mkdtemp(prefix="voorop-chromium-")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=executable,
            headless=os.environ.get("VOOROP_HEADED", "") not in {"1", "true", "yes"},
            args=CHROMIUM_ARGS,
            env={**os.environ, "HOME": profile_dir},
        )
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()
        shutil.rmtree(profile_dir, ignore_errors=True)
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def browser_context(playwright_browser: Browser, live_server) -> Iterator[BrowserContext]:
    """A fresh context (cookies, storage) per test, with the live server as base URL."""
    context = playwright_browser.new_context(
        base_url=live_server.url,
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(request: pytest.FixtureRequest, browser_context: BrowserContext) -> Iterator[Page]:
    """A Playwright page on the live server; screenshot in test-artifacts/ if the test fails."""
    page = browser_context.new_page()
    yield page
    reports = request.node.stash.get(_report_key, {})
    if any(r.failed for r in reports.values()):
        ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
        try:
            page.screenshot(path=str(ARTIFACTS_DIR / f"{name}.png"), full_page=True)
            (ARTIFACTS_DIR / f"{name}.html").write_text(page.content())
        except Exception as exc:  # the browser may be the thing that broke
            print(f"voorop: no screenshot for {request.node.nodeid}: {exc}")
    page.close()


def login(page: Page, live_server, user, password: str | None = None) -> None:
    """Log ``user`` in through the login form and wait for the page that follows."""
    from voorop.core.testing.factories import TEST_PASSWORD

    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(password or TEST_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    if "/inloggen/" in page.url:
        raise AssertionError(
            f"login as {user.username!r} failed; still on {page.url}: "
            f"{page.locator('[role=alert]').all_inner_texts()}"
        )
