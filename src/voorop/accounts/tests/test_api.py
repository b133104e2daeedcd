"""REST API: /api/v1/ik/."""

from __future__ import annotations

import pytest

from voorop.accounts.models import RoleCode
from voorop.audit.tests.api_support import KINDS, api_log, client_for
from voorop.core.testing import factories as f

pytestmark = pytest.mark.django_db

URL = "/api/v1/ik/"


@pytest.mark.parametrize("kind", KINDS)
def test_ik_describes_the_current_user(organisations, user_for, kind):
    user = user_for(
        kind, username=f"medewerker-{kind.lower()}", first_name="Sanne", last_name="Bos"
    )
    response = client_for(user, token=True).get(URL)
    assert response.status_code == 200
    org = organisations[kind]
    assert response.json() == {
        "gebruikersnaam": f"medewerker-{kind.lower()}",
        "naam": "Sanne Bos",
        "organisatie": {
            "id": org.pk,
            "code": org.code,
            "naam": org.name,
            "soort_organisatie": kind,
        },
        "rollen": sorted(user.role_codes),
    }


def test_ik_lists_every_role_sorted(user_for):
    user = user_for("VT", roles=[RoleCode.VOORZITTER_ACTIEOVERLEG, RoleCode.PRIVACY_OFFICER])
    assert client_for(user).get(URL).json()["rollen"] == [
        "PRIVACY_OFFICER",
        "VOORZITTER_ACTIEOVERLEG",
    ]


def test_ik_is_not_case_data_and_not_logged(user_for):
    client_for(user_for("OM")).get(URL)
    assert api_log() == []


def test_anonymous_gets_401(api_client):
    response = api_client.get(URL)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["code"] == "not_authenticated"


def test_invalid_token_gets_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token deadbeef")
    response = api_client.get(URL)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_user_without_organisation_gets_403(db):
    response = client_for(f.UserFactory(organisation=None)).get(URL)
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Alleen medewerkers van een aangesloten organisatie hebben toegang.",
        "code": "permission_denied",
    }


def test_session_authentication(user_for, client):
    user = user_for("RVDK")
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json()["gebruikersnaam"] == user.username
