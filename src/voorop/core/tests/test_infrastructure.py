"""The test infrastructure itself: database backend, shared fixtures, browser."""

from __future__ import annotations

import os

import pytest
from django.db import connection

from voorop.core.testing.pgcluster import requested_backend


@pytest.mark.django_db
def test_database_backend_is_the_one_requested(request):
    backend = requested_backend(request.config)
    if backend == "env":
        url = os.environ.get("DATABASE_URL", "sqlite:")
        backend = "postgres" if url.startswith(("postgres:", "postgresql:", "pgsql:")) else "sqlite"
    expected = {"postgres": "postgresql", "sqlite": "sqlite"}[backend]
    assert connection.vendor == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    if expected == "postgresql":
        assert connection.pg_version >= 150000
        assert connection.settings_dict["HOST"] == "127.0.0.1"


def test_organisations_fixture(organisations):
    assert sorted(organisations) == ["OM", "POLITIE", "RECLASSERING", "RVDK", "VT"]
    assert organisations["VT"].code == "vt-test"
    assert organisations["POLITIE"].code == "politie-test"
    assert all(org.kind == kind and org.is_partner for kind, org in organisations.items())


def test_user_for_fixture(user_for, organisations):
    from django.contrib.auth import authenticate

    from voorop.accounts.models import RoleCode
    from voorop.core.testing.factories import TEST_PASSWORD

    agent = user_for("POLITIE")
    arts = user_for("VT", roles=[RoleCode.VERTROUWENSARTS, RoleCode.PRIVACY_OFFICER])
    assert agent.organisation == organisations["POLITIE"]
    assert agent.role_codes == {RoleCode.AGENT}
    assert arts.role_codes == {RoleCode.VERTROUWENSARTS, RoleCode.PRIVACY_OFFICER}
    assert authenticate(username=arts.username, password=TEST_PASSWORD) == arts


def test_family_scenario_fixture(family_scenario):
    from voorop.meldingen.models import Melding, MeldingPerson
    from voorop.persons.models import OrganisationInvolvement

    s = family_scenario

    def involved(family):
        return set(
            OrganisationInvolvement.objects.filter(family_system=family).values_list(
                "organisation__kind", flat=True
            )
        )

    assert involved(s.family) == {"VT", "POLITIE"}
    assert involved(s.politie_only_family) == {"POLITIE"}
    assert involved(s.vt_only_family) == {"VT"}
    for kind in ("VT", "POLITIE"):
        meldingen = Melding.objects.filter(family_system=s.family, source_organisation__kind=kind)
        assert meldingen.count() == 2
        assert (
            MeldingPerson.objects.filter(melding__in=meldingen, person__isnull=False).count() == 6
        )
    assert set(s.family.persons.all()) == set(s.persons.values())


@pytest.mark.browser
def test_browser_shows_the_login_page(page, live_server):
    response = page.goto("/inloggen/")
    assert response is not None
    assert response.status == 200, page.content()[:2000]
    assert "voorop" in page.title()
    assert page.get_by_label("Gebruikersnaam").is_visible()
    assert page.get_by_role("button", name="Inloggen").is_visible()


@pytest.mark.browser
def test_browser_login_helper(page, live_server, user_for):
    from voorop.core.testing.browser import login

    user = user_for("VT")
    login(page, live_server, user)
    assert "/inloggen/" not in page.url
