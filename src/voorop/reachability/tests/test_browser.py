"""In a real browser: a police officer opens "Wie bel ik nu?", sees the answer for the own
basisteam's region, then asks about a postcode in the other VT region at a given moment (the
answer is swapped in by htmx)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from voorop.core.testing import factories as f
from voorop.core.testing.browser import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_officer_asks_who_to_call(page, live_server, region):
    officer = f.UserFactory(
        username="agent.bellen", organisation=region["politie-rijnveen-centrum"], roles=["AGENT"]
    )
    login(page, live_server, officer)
    page.goto(f"{live_server.url}/wie-bel-ik-nu/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wie bel ik nu?")
    expect(page.get_by_test_id("antwoord")).to_contain_text("Bel Veilig Thuis Rijnveen")

    page.get_by_label("Moment", exact=True).fill("2026-03-10T19:30")
    with page.expect_response(lambda r: "postcode=2467" in r.url):
        page.get_by_label("of postcode").fill("2467")
        page.get_by_label("of postcode").press("Enter")
    answer = page.get_by_test_id("antwoord")
    expect(answer).to_contain_text("Bel Veilig Thuis Dommelvliet (dienst): 088-5551102.")
    expect(answer).to_contain_text("Veilig Thuis kan ter plaatse komen tot 22:00 (dienst).")
    expect(answer).to_contain_text("niemand komt ter plaatse")
    expect(page.get_by_test_id("kartrekkers")).to_contain_text("Samira El Idrissi")
    assert "postcode=2467" in page.url  # the question is in the address (hx-push-url)

    # On a phone the lines are cards: nothing scrolls sideways.
    page.set_viewport_size({"width": 375, "height": 740})
    page.reload()
    expect(page.get_by_test_id("lijnen")).to_contain_text("088-5551102")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
