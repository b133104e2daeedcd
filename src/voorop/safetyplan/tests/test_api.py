"""GET /api/v1/gezinssystemen/{id}/veiligheidsplan/: the plan for involved partners, 404 (logged
as DENIED) for every other partner organisation, notes only for owner and recorder."""

from __future__ import annotations

import pytest

from voorop.audit.models import AccessAction, AccessLogEntry, AccessOutcome
from voorop.core.testing import factories as f

pytestmark = pytest.mark.django_db

KINDS = ["VT", "POLITIE", "OM", "RECLASSERING", "RVDK"]
NOTE = "Moeder durft niet naar huis."


def url(family) -> str:
    return f"/api/v1/gezinssystemen/{family.pk}/veiligheidsplan/"


@pytest.fixture
def plan(world, add):
    return {
        "huisverbod": add("tijdelijk-huisverbod", owner="GEMEENTE", note=NOTE),
        "wijkagent": add("contact-wijkagent", owner="POLITIE", phase="RISICOGESTUURD"),
    }


@pytest.mark.parametrize("kind", KINDS)
def test_only_involved_partners_get_the_plan(api_client, world, plan, kind):
    user = world.users[kind]
    api_client.force_authenticate(user)
    response = api_client.get(url(world.family))
    entry = AccessLogEntry.objects.filter(username=user.username).latest("seq")
    if kind in ("VT", "POLITIE"):
        assert response.status_code == 200
        assert (entry.action, entry.object_type, entry.outcome) == (
            AccessAction.VIEW,
            "veiligheidsplan",
            AccessOutcome.OK,
        )
        assert entry.channel == "API"
    else:
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
        assert entry.outcome == AccessOutcome.DENIED


def test_the_plan_as_json(api_client, world, plan):
    api_client.force_authenticate(world.users["VT"])
    data = api_client.get(url(world.family)).json()
    assert data["gezinssysteem"] == world.family.pk
    assert data["eerste_aanspreekpunt"]["code"] == "vt-test"
    huisverbod = next(i for i in data["onderdelen"] if i["id"] == plan["huisverbod"].pk)
    assert huisverbod["interventie"]["code"] == "tijdelijk-huisverbod"
    assert (huisverbod["start"], huisverbod["einde"], huisverbod["herbeoordeling"]) == (
        "2026-03-10",
        "2026-03-20",
        "2026-03-18",
    )
    assert huisverbod["eigenaar"]["code"] == "gemeente-test"
    assert (huisverbod["onderdeelstatus"], huisverbod["verlopen"]) == ("ACTIVE", False)
    assert huisverbod["soort_onderdeel"] == "INTERVENTION"
    assert huisverbod["notitie"] == NOTE  # VT recorded it


def test_notes_of_other_organisations_are_null(api_client, world, plan):
    api_client.force_authenticate(world.users["POLITIE"])
    data = api_client.get(url(world.family)).json()
    by_id = {i["id"]: i for i in data["onderdelen"]}
    assert by_id[plan["huisverbod"].pk]["notitie"] is None
    assert by_id[plan["wijkagent"].pk]["notitie"] == ""  # own item, no note written


@pytest.mark.parametrize("pk", ["999999", "abc", "1" * 30])
def test_unknown_or_malformed_ids_are_404(api_client, world, pk):
    api_client.force_authenticate(world.users["VT"])
    assert api_client.get(f"/api/v1/gezinssystemen/{pk}/veiligheidsplan/").status_code == 404


def test_non_partners_are_refused(api_client, world):
    assert api_client.get(url(world.family)).status_code == 401
    hospital = f.OrganisationFactory(code="zkh-api", kind="ZIEKENHUIS")
    f.InvolvementFactory(family_system=world.family, organisation=hospital)
    api_client.force_authenticate(f.UserFactory(organisation=hospital))
    assert api_client.get(url(world.family)).status_code == 403
